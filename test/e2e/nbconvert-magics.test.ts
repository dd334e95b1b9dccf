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
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
interface Cell {
  cell_type: string;
  source: string;
  outputs?: Output[];
  execution_count?: number | null;
  metadata?: { tags?: string[] };
}

const join2 = (v: string | string[] | undefined): string =>
  Array.isArray(v) ? v.join('') : (v ?? '');
const textOf = (cell: Cell): string =>
  (cell.outputs ?? [])
    .map(
      (o) =>
        join2(o.text) + join2(o.data?.['text/plain']) + (o.ename ? `${o.ename}: ${o.evalue}` : ''),
    )
    .join('\n');

describe('e2e: jupyter nbconvert --execute through the installed kernelspec', function () {
  this.timeout(180_000);
  let sandbox: JupyterSandbox;

  before(async function () {
    skipUnlessE2eTools(this, ['jupyter']);
    sandbox = await jupyterSandbox();
  });
  after(() => sandbox?.cleanup());

  it('runs a magics-only notebook with nbclient and records outputs, errors and counts', async () => {
    const cells: Cell[] = [
      { cell_type: 'code', source: '%help', metadata: {} },
      { cell_type: 'code', source: '%idle_timout 60', metadata: { tags: ['raises-exception'] } },
      {
        cell_type: 'code',
        source: '%idle_timeout 60\n%glue_version 5.0\n%worker_type G.2X',
        metadata: {},
      },
      { cell_type: 'code', source: '%session_id', metadata: {} },
    ];
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: {
          name: 'glue_kernel_pyspark',
          display_name: 'Glue PySpark',
          language: 'python',
        },
      },
      cells: cells.map((c, i) => ({ ...c, id: `c${i}`, outputs: [], execution_count: null })),
    };
    const input = join(sandbox.dir, 'magics.ipynb');
    const output = join(sandbox.dir, 'magics.out.ipynb');
    writeFileSync(input, JSON.stringify(nb));

    await execFileAsync(
      venvBin('jupyter'),
      [
        'nbconvert',
        '--to',
        'notebook',
        '--execute',
        '--ExecutePreprocessor.timeout=60',
        '--output',
        output,
        input,
      ],
      { env: sandbox.env },
    );

    const done = JSON.parse(readFileSync(output, 'utf8')) as { cells: Cell[] };
    const [help, typo, config, sessionId] = done.cells as [Cell, Cell, Cell, Cell];
    expect(textOf(help))
      .to.include('%idle_timeout')
      .and.include('%%assume_role')
      .and.include('%list_sessions');
    const typoError = (typo.outputs ?? []).find((o) => o.output_type === 'error');
    expect(typoError, 'the misspelt magic is an error output').to.not.equal(undefined);
    expect(typoError?.ename).to.equal('UsageError');
    expect(typoError?.evalue).to.include('%idle_timout');
    expect((typoError?.traceback ?? []).join('\n')).to.include('Did you mean %idle_timeout?');
    expect(textOf(config)).to.include('idle_timeout has been set to 60 minutes.');
    expect(textOf(config)).to.include('Setting Glue version to: 5.0');
    expect(textOf(sessionId)).to.include('There is no current session.');
    const counts = done.cells.map((c) => c.execution_count);
    expect(counts).to.deep.equal([1, 2, 3, 4]);
  });
});
