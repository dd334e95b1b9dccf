/**
 * The ExecutionContext of one execute request: every output it publishes carries that request
 * as its parent, so frontends route it to the right cell even when requests overlap.
 */
import type { ContentByType, JupyterMessage, MsgType } from '../protocol/messages.js';
import type { ExecutionContext, MimeBundle } from '../kernel-api/interpreter.js';

export type IopubPublisher = <T extends MsgType>(
  parent: JupyterMessage,
  msgType: T,
  content: ContentByType[T],
) => void;

export class RequestContext implements ExecutionContext {
  constructor(
    private readonly parent: JupyterMessage,
    private readonly publish: IopubPublisher,
    readonly executionCount: number,
    readonly silent: boolean,
    readonly signal: AbortSignal,
  ) {}

  stream(name: 'stdout' | 'stderr', text: string): void {
    if (text !== '') this.publish(this.parent, 'stream', { name, text });
  }

  display(
    data: MimeBundle,
    options: { displayId?: string; metadata?: Record<string, unknown> } = {},
  ): void {
    this.publish(this.parent, 'display_data', {
      data,
      metadata: options.metadata ?? {},
      transient: options.displayId === undefined ? {} : { display_id: options.displayId },
    });
  }

  updateDisplay(displayId: string, data: MimeBundle, metadata: Record<string, unknown> = {}): void {
    this.publish(this.parent, 'update_display_data', {
      data,
      metadata,
      transient: { display_id: displayId },
    });
  }

  clearOutput(wait = false): void {
    this.publish(this.parent, 'clear_output', { wait });
  }
}
