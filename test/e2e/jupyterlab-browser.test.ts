import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  jupyterSandbox,
  startJupyter,
  type JupyterSandbox,
  type RunningServer,
  skipUnlessE2eTools,
} from '../support/e2e-jupyter.js';
import { repoRoot } from '../support/venv.js';

const CHROMIUM = '/usr/bin/chromium';

describe('e2e: JupyterLab 4 in headless Chromium runs a cell on our local kernel', function () {
  this.timeout(240_000);
  let sandbox: JupyterSandbox;
  let server: RunningServer;
  let browser: Browser;

  before(async function () {
    skipUnlessE2eTools(this, ['jupyter'], { Chromium: CHROMIUM });
    sandbox = await jupyterSandbox();
    server = await startJupyter(sandbox, 'lab');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    sandbox?.cleanup();
  });

  it('shows the kernel name, runs magics and remote code, and renders the outputs', async () => {
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: {
          name: 'glue_kernel_pyspark_local',
          display_name: 'Glue PySpark (local)',
          language: 'python',
        },
      },
      cells: [
        {
          cell_type: 'code',
          id: 'c0',
          metadata: {},
          outputs: [],
          execution_count: null,
          source: '%worker_type G.1X\n%number_of_workers 3\nprint("sum is", sum(range(10)))',
        },
      ],
    };
    writeFileSync(join(sandbox.dir, 'browser.ipynb'), JSON.stringify(notebook));

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/lab/tree/browser.ipynb?token=${server.token}`);
    // The toolbar shows the kernel's display name once JupyterLab has started it.
    const kernelName = page.locator('.jp-NotebookPanel .jp-Toolbar-kernelName', {
      hasText: 'Glue PySpark (local)',
    });
    await kernelName.first().waitFor({ timeout: 120_000 });
    await page.waitForSelector('.jp-Notebook-ExecutionIndicator[data-status=idle]', {
      timeout: 120_000,
    });
    expect(await kernelName.first().innerText()).to.include('Glue PySpark (local)');

    await page.locator('.jp-NotebookPanel .jp-Cell .cm-content').first().click();
    await page.keyboard.press('Shift+Enter');
    const shots = join(repoRoot, '.test-tmp');
    mkdirSync(shots, { recursive: true });
    const output = page.locator('.jp-OutputArea-output', { hasText: 'sum is 45' });
    try {
      await output.first().waitFor({ timeout: 120_000 });
    } catch (err) {
      await page.screenshot({ path: join(shots, 'jupyterlab-failure.png') });
      throw err;
    }
    const all = await page.locator('.jp-OutputArea-output').allInnerTexts();
    expect(all.join('\n')).to.include('Setting new number of workers to: 3');
    expect(all.join('\n')).to.include('sum is 45');

    await page.screenshot({ path: join(shots, 'jupyterlab-local-kernel.png') });
    await page.close();
  });
});
