import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  execFileAsync,
  jupyterSandbox,
  skipUnlessE2eTools,
  type JupyterSandbox,
} from '../support/e2e-jupyter.js';
import { venvBin } from '../support/venv.js';

interface Output {
  output_type: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
interface Cell {
  source: string | string[];
  outputs: Output[];
  execution_count: number | null;
}

describe('e2e: papermill runs a notebook on the local kernel and stops at a remote error', function () {
  this.timeout(180_000);
  let sandbox: JupyterSandbox;

  before(async function () {
    skipUnlessE2eTools(this, ['jupyter', 'papermill']);
    sandbox = await jupyterSandbox();
  });
  after(() => sandbox?.cleanup());

  it('executes remote code, then fails on the remote ZeroDivisionError with its traceback', async () => {
    const sources = [
      '%idle_timeout 10',
      'answer = 21 * 2\nprint("answer is", answer)',
      'def divide(a, b):\n    return a / b\n\ndivide(answer, 0)',
      'print("never reached")',
    ];
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: {
          name: 'glue_kernel_pyspark_local',
          display_name: 'Glue PySpark (local)',
          language: 'python',
        },
      },
      cells: sources.map((source, i) => ({
        cell_type: 'code',
        id: `c${i}`,
        source,
        metadata: {},
        outputs: [],
        execution_count: null,
      })),
    };
    const input = join(sandbox.dir, 'pm.ipynb');
    const output = join(sandbox.dir, 'pm.out.ipynb');
    writeFileSync(input, JSON.stringify(nb));

    let failed = false;
    let stderr = '';
    try {
      await execFileAsync(
        venvBin('papermill'),
        [input, output, '--kernel', 'glue_kernel_pyspark_local'],
        {
          env: sandbox.env,
        },
      );
    } catch (err) {
      failed = true;
      stderr = String((err as { stderr?: string }).stderr ?? '');
    }
    expect(failed, 'papermill exits non-zero on the remote error').to.equal(true);
    expect(stderr).to.include('ZeroDivisionError');

    const done = JSON.parse(readFileSync(output, 'utf8')) as { cells: Cell[] };
    // nbformat allows a source as one string or as a list of lines.
    const sourceOf = (c: Cell): string => (Array.isArray(c.source) ? c.source.join('') : c.source);
    const byStart = (s: string): Cell => {
      const found = done.cells.find((c) => sourceOf(c).startsWith(s));
      if (!found) throw new Error(`cell ${s} missing`);
      return found;
    };
    const printed = byStart('answer = ').outputs.map((o) =>
      Array.isArray(o.text) ? o.text.join('') : (o.text ?? ''),
    );
    expect(printed.join('')).to.include('answer is 42');
    const error = byStart('def divide').outputs.find((o) => o.output_type === 'error');
    expect(error?.ename).to.equal('ZeroDivisionError');
    expect((error?.traceback ?? []).join('\n')).to.include('divide');
    expect(byStart('print("never').outputs).to.deep.equal([]);
  });
});
