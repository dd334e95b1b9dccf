import { expect } from 'chai';
import { NotebookOutputs } from '../../../src/cli/notebook-outputs.js';
import {
  MessageFactory,
  type ContentByType,
  type MsgType,
} from '../../../src/protocol/messages.js';

const factory = new MessageFactory({ session: 's', username: 'u' });
const msg = <T extends MsgType>(type: T, content: ContentByType[T]) =>
  factory.message(type, content);

describe('NotebookOutputs (iopub → nbformat, like nbclient)', () => {
  it('merges consecutive streams of the same name only', () => {
    const cell = new NotebookOutputs().cell();
    cell.apply(msg('stream', { name: 'stdout', text: 'a' }));
    cell.apply(msg('stream', { name: 'stdout', text: 'b\n' }));
    cell.apply(msg('stream', { name: 'stderr', text: 'e' }));
    cell.apply(msg('stream', { name: 'stdout', text: 'c' }));
    expect(cell.outputs).to.deep.equal([
      { output_type: 'stream', name: 'stdout', text: 'ab\n' },
      { output_type: 'stream', name: 'stderr', text: 'e' },
      { output_type: 'stream', name: 'stdout', text: 'c' },
    ]);
  });

  it('records display_data, execute_result with its count, and errors', () => {
    const cell = new NotebookOutputs().cell();
    cell.apply(
      msg('display_data', { data: { 'text/html': '<b>x</b>', 'text/plain': 'x' }, metadata: {} }),
    );
    cell.apply(
      msg('execute_result', { execution_count: 7, data: { 'text/plain': '42' }, metadata: {} }),
    );
    cell.apply(msg('error', { ename: 'E', evalue: 'v', traceback: ['t1', 't2'] }));
    expect(cell.outputs).to.deep.equal([
      {
        output_type: 'display_data',
        data: { 'text/html': '<b>x</b>', 'text/plain': 'x' },
        metadata: {},
      },
      {
        output_type: 'execute_result',
        execution_count: 7,
        data: { 'text/plain': '42' },
        metadata: {},
      },
      { output_type: 'error', ename: 'E', evalue: 'v', traceback: ['t1', 't2'] },
    ]);
  });

  it('applies update_display_data to earlier outputs with that id, across cells', () => {
    const notebook = new NotebookOutputs();
    const first = notebook.cell();
    first.apply(
      msg('display_data', {
        data: { 'text/plain': '0%' },
        metadata: {},
        transient: { display_id: 'p' },
      }),
    );
    first.apply(
      msg('display_data', {
        data: { 'text/plain': 'other' },
        metadata: {},
        transient: { display_id: 'q' },
      }),
    );
    const second = notebook.cell();
    second.apply(
      msg('update_display_data', {
        data: { 'text/plain': '100%' },
        metadata: { k: 1 },
        transient: { display_id: 'p' },
      }),
    );
    second.apply(
      msg('update_display_data', {
        data: { 'text/plain': 'x' },
        metadata: {},
        transient: { display_id: 'unknown' },
      }),
    );
    expect(first.outputs).to.deep.equal([
      { output_type: 'display_data', data: { 'text/plain': '100%' }, metadata: { k: 1 } },
      { output_type: 'display_data', data: { 'text/plain': 'other' }, metadata: {} },
    ]);
    expect(second.outputs).to.deep.equal([]);
  });

  it('clears at once, or at the next output with wait=true', () => {
    const cell = new NotebookOutputs().cell();
    cell.apply(msg('stream', { name: 'stdout', text: 'old' }));
    cell.apply(msg('clear_output', { wait: false }));
    expect(cell.outputs).to.deep.equal([]);
    cell.apply(msg('stream', { name: 'stdout', text: 'frame 1' }));
    cell.apply(msg('clear_output', { wait: true }));
    expect(cell.outputs).to.have.length(1);
    cell.apply(msg('stream', { name: 'stdout', text: 'frame 2' }));
    expect(cell.outputs).to.deep.equal([
      { output_type: 'stream', name: 'stdout', text: 'frame 2' },
    ]);
  });

  it('ignores status and unknown messages, and tolerates malformed content', () => {
    const cell = new NotebookOutputs().cell();
    cell.apply(msg('status', { execution_state: 'busy' }));
    cell.apply({
      ...msg('error', { ename: 'E', evalue: 'v', traceback: [] }),
      content: { traceback: 'not a list' },
    });
    expect(cell.outputs).to.deep.equal([
      { output_type: 'error', ename: '', evalue: '', traceback: [] },
    ]);
  });
});
