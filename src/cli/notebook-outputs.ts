/**
 * iopub messages → nbformat 4 outputs, the way nbclient records them: consecutive stream texts
 * of the same name are merged, update_display_data rewrites every earlier output (in any cell)
 * with that display_id, and clear_output (wait=true: at the next output) empties the cell.
 */
import type { JupyterMessage } from '../protocol/messages.js';

export type NotebookOutput =
  | { output_type: 'stream'; name: string; text: string }
  | {
      output_type: 'display_data';
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    }
  | {
      output_type: 'execute_result';
      execution_count: number | null;
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

type Rich = Extract<NotebookOutput, { data: Record<string, unknown> }>;
type Fields = Record<string, unknown>;

const asRecord = (value: unknown): Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Notebook-wide state: display ids are shared across cells. */
export class NotebookOutputs {
  private readonly displays = new Map<string, Rich[]>();

  cell(): CellOutputs {
    return new CellOutputs(this.displays);
  }
}

export class CellOutputs {
  readonly outputs: NotebookOutput[] = [];
  private clearPending = false;

  constructor(private readonly displays: Map<string, Rich[]>) {}

  /** Applies one iopub message; returns the output it added or changed, if any. */
  apply(message: JupyterMessage): NotebookOutput | undefined {
    const content = asRecord(message.content);
    switch (message.header.msg_type) {
      case 'stream':
        return this.stream(asString(content.name) || 'stdout', asString(content.text));
      case 'display_data':
        return this.rich(
          {
            output_type: 'display_data',
            data: asRecord(content.data),
            metadata: asRecord(content.metadata),
          },
          content,
        );
      case 'execute_result': {
        const count = typeof content.execution_count === 'number' ? content.execution_count : null;
        const output: Rich = {
          output_type: 'execute_result',
          execution_count: count,
          data: asRecord(content.data),
          metadata: asRecord(content.metadata),
        };
        return this.rich(output, content);
      }
      case 'error': {
        const traceback = Array.isArray(content.traceback) ? content.traceback.map(String) : [];
        return this.add({
          output_type: 'error',
          ename: asString(content.ename),
          evalue: asString(content.evalue),
          traceback,
        });
      }
      case 'update_display_data':
        return this.update(content);
      case 'clear_output':
        if (content.wait === true) this.clearPending = true;
        else this.outputs.length = 0;
        return undefined;
      default:
        return undefined;
    }
  }

  private stream(name: string, text: string): NotebookOutput {
    this.flushClear();
    const last = this.outputs.at(-1);
    if (last?.output_type === 'stream' && last.name === name) {
      last.text += text;
      return last;
    }
    return this.add({ output_type: 'stream', name, text });
  }

  private rich(output: Rich, content: Fields): NotebookOutput {
    const displayId = asString(asRecord(content.transient).display_id);
    if (displayId) this.displays.set(displayId, [...(this.displays.get(displayId) ?? []), output]);
    return this.add(output);
  }

  private update(content: Fields): NotebookOutput | undefined {
    const targets = this.displays.get(asString(asRecord(content.transient).display_id)) ?? [];
    for (const target of targets) {
      target.data = asRecord(content.data);
      target.metadata = asRecord(content.metadata);
    }
    return targets.at(-1);
  }

  private add(output: NotebookOutput): NotebookOutput {
    this.flushClear();
    this.outputs.push(output);
    return output;
  }

  private flushClear(): void {
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
  }
}
