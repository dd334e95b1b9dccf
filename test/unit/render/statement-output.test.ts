import { expect } from 'chai';
import { renderStatementOutput } from '../../../src/render/statement-output.js';

describe('statement output rendering with a figure', () => {
  it('shows text printed as TextPlain beside a %matplot image before the image', () => {
    expect(
      renderStatementOutput({
        status: 'ok',
        data: { textPlain: 'drawn', mimeType: 'image/png', result: 'iVBORw0KGgo=' },
      }),
    ).to.deep.equal([
      { kind: 'stream', name: 'stdout', text: 'drawn\n' },
      {
        kind: 'display',
        data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': '<image/png image>' },
        metadata: { 'image/png': { width: 640, height: 480 } },
      },
    ]);
  });

  it('prefers StdOut over TextPlain when both come with a figure', () => {
    const rendered = renderStatementOutput({
      data: { textPlain: 'repr', stdOut: 'printed', mimeType: 'text/html', result: '<i>x</i>' },
    });
    expect(rendered[0]).to.deep.equal({ kind: 'stream', name: 'stdout', text: 'printed\n' });
    expect(rendered).to.have.length(2);
  });

  it('shows StdOut and TextPlain when a MIME type comes without a result', () => {
    expect(
      renderStatementOutput({
        data: { textPlain: 'value', stdOut: 'printed', mimeType: 'image/png' },
      }),
    ).to.deep.equal([
      { kind: 'stream', name: 'stdout', text: 'printed\n' },
      { kind: 'stream', name: 'stdout', text: 'value\n' },
    ]);
  });
});
