/**
 * The readable stdout transcript of `glue-kernel run`: each cell's source (secrets masked) with a
 * prefix, then its outputs as plain text (errors as `ename: evalue` plus the traceback).
 */
import type { NotebookOutput } from './notebook-outputs.js';
import { redactSource } from './redact-source.js';
import { errorHeadline } from '../util/error-headline.js';

// Remote tracebacks carry ANSI colours; a transcript file or CI log reads better without them.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function cellHeader(index: number, source: string): string {
  const lines = redactSource(source.replace(/\n$/, '')).split('\n');
  return [`── cell ${index} ──`, ...lines.map((line) => `  > ${line}`)].join('\n');
}

export function outputText(output: NotebookOutput): string {
  switch (output.output_type) {
    case 'stream':
      return output.name === 'stderr' ? prefixLines(output.text, '[stderr] ') : output.text;
    case 'display_data':
    case 'execute_result': {
      const plain = output.data['text/plain'];
      const text = Array.isArray(plain)
        ? plain.join('')
        : typeof plain === 'string'
          ? plain
          : '[rich output]';
      return output.output_type === 'execute_result'
        ? `Out[${output.execution_count ?? ' '}]: ${text}`
        : text;
    }
    case 'error': {
      const lines = output.traceback.map((line) => line.replace(ANSI, ''));
      const headline = errorHeadline(output.ename, output.evalue);
      // Python tracebacks (and ours) already name the error; add the headline only when missing.
      const named = lines.some((line) => line.trim() === headline.trim());
      return [...lines, ...(named ? [] : [headline])].join('\n');
    }
  }
}

function prefixLines(text: string, prefix: string): string {
  return text.replace(/^(?=.)/gm, prefix);
}
