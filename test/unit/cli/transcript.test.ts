import { expect } from 'chai';
import { cellHeader, outputText } from '../../../src/cli/transcript.js';

describe('transcript', () => {
  it('prefixes each source line under a numbered cell header', () => {
    expect(cellHeader(3, '%region us-east-1\nprint(1)\n')).to.equal(
      '── cell 3 ──\n  > %region us-east-1\n  > print(1)',
    );
  });

  it('shows outputs as text/plain, results with Out[n], stderr marked', () => {
    expect(outputText({ output_type: 'stream', name: 'stdout', text: 'hi\n' })).to.equal('hi\n');
    expect(outputText({ output_type: 'stream', name: 'stderr', text: 'a\nb\n' })).to.equal(
      '[stderr] a\n[stderr] b\n',
    );
    expect(
      outputText({ output_type: 'display_data', data: { 'text/plain': ['x', 'y'] }, metadata: {} }),
    ).to.equal('xy');
    expect(
      outputText({ output_type: 'display_data', data: { 'image/png': 'AAAA' }, metadata: {} }),
    ).to.equal('[rich output]');
    expect(
      outputText({
        output_type: 'execute_result',
        execution_count: 2,
        data: { 'text/plain': '42' },
        metadata: {},
      }),
    ).to.equal('Out[2]: 42');
  });

  it('shows errors as the traceback without ANSI colours, then ename: evalue', () => {
    const text = outputText({
      output_type: 'error',
      ename: 'ValueError',
      evalue: 'bad',
      traceback: ['\u001b[0;31mTraceback\u001b[0m', '  line 1'],
    });
    expect(text).to.equal('Traceback\n  line 1\nValueError: bad');
    expect(
      outputText({ output_type: 'error', ename: 'E', evalue: 'v', traceback: ['E: v'] }),
    ).to.equal('E: v');
  });

  it('names a kernel error whose message already opens with its name once', () => {
    const message = 'Interrupted: statement 3 was cancelled.';
    expect(
      outputText({
        output_type: 'error',
        ename: 'Interrupted',
        evalue: message,
        traceback: [message, 'Hint: the next cell runs as usual.'],
      }),
    ).to.equal(`${message}\nHint: the next cell runs as usual.`);
  });
});
