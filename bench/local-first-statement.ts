/**
 * A new local Spark session's first statement, cold (Spark starts in the statement) and warm
 * (the endpoint keeps a standby worker whose Spark started ahead): time from RunStatement to the
 * statement's result, with the session already READY. Not a timed test: prints and returns.
 *
 * Then the same through the local kernel (the embedded endpoint): time from the execute_request
 * of the first cell, `spark.range(1).count()`, to its execute_reply (session creation included),
 * with GLUE_KERNEL_LOCAL_STANDBY=0 (cold) and by default (standby started with the kernel).
 *
 *   tsx bench/local-first-statement.ts [python-with-pyspark] [warm-up seconds]
 */
import {
  CreateSessionCommand,
  GetSessionCommand,
  GetStatementCommand,
  GlueClient,
  RunStatementCommand,
} from '@aws-sdk/client-glue';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KernelClient } from '../src/client/kernel-client.js';
import { DEFAULT_ROLE_ARN } from '../src/local/identity/accounts.js';
import { startLocalEndpoint } from '../src/local/local-endpoint.js';

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function firstStatementMs(python: string, standby: boolean, warmUpS: number) {
  const endpoint = await startLocalEndpoint({
    port: 0,
    python,
    standby,
    faults: { provisioningDelayMs: 0 },
  });
  const glue = new GlueClient({
    endpoint: endpoint.url,
    region: endpoint.region,
    credentials: endpoint.defaultCredentials,
  });
  try {
    // "Once the endpoint is up": give the standby time to start Spark, as a running endpoint has.
    if (standby) await new Promise((resolve) => setTimeout(resolve, warmUpS * 1000));
    await glue.send(
      new CreateSessionCommand({
        Id: 'bench',
        Role: DEFAULT_ROLE_ARN,
        Command: { Name: 'glueetl' },
      }),
    );
    await until(
      () => glue.send(new GetSessionCommand({ Id: 'bench' })),
      (r) => r.Session?.Status === 'READY',
    );
    const started = performance.now();
    const { Id } = await glue.send(
      new RunStatementCommand({ SessionId: 'bench', Code: 'spark.range(10).count()' }),
    );
    const done = await until(
      () => glue.send(new GetStatementCommand({ SessionId: 'bench', Id })),
      (r) => ['AVAILABLE', 'ERROR', 'CANCELLED'].includes(r.Statement?.State ?? ''),
    );
    const ms = performance.now() - started;
    if (done.Statement?.Output?.Data?.TextPlain?.trim() !== '10') {
      throw new Error(`unexpected output: ${JSON.stringify(done.Statement?.Output)}`);
    }
    return ms;
  } finally {
    glue.destroy();
    await endpoint.close();
  }
}

/** The local kernel's first cell on a new session, cold (standby off) or with its default standby. */
export async function kernelFirstCellMs(python: string, standby: boolean, warmUpS: number) {
  const stateDir = mkdtempSync(join(tmpdir(), 'glue-kernel-bench-'));
  const kernel = await KernelClient.start({
    argv: [
      process.execPath,
      '--import=tsx',
      fileURLToPath(new URL('../src/cli/glue-kernel.ts', import.meta.url)),
      'kernel',
      '--kind',
      'local',
      '-f',
      '{connection_file}',
    ],
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      GLUE_KERNEL_STATE_DIR: stateDir,
      GLUE_KERNEL_LOCAL_PYTHON: python,
      ...(standby ? {} : { GLUE_KERNEL_LOCAL_STANDBY: '0' }),
    },
  });
  try {
    // "Once the endpoint is up": the kernel has been open a while before the first cell.
    await new Promise((resolve) => setTimeout(resolve, warmUpS * 1000));
    const started = performance.now();
    const { reply, outputs } = await kernel.execute('spark.range(1).count()', {
      timeoutMs: 300_000,
    });
    const ms = performance.now() - started;
    if (reply.status !== 'ok') throw new Error(`the cell failed: ${JSON.stringify(outputs)}`);
    return ms;
  } finally {
    await kernel.shutdown(10_000).catch(() => kernel.close());
    rmSync(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const python = process.argv[2] ?? '.venv/bin/python';
  const warmUpS = Number(process.argv[3] ?? 30);
  const cold = await firstStatementMs(python, false, warmUpS);
  const warm = await firstStatementMs(python, true, warmUpS);
  console.log(
    `first Spark statement of a new local session: cold ${(cold / 1000).toFixed(2)} s, warm ${(warm / 1000).toFixed(2)} s`,
  );
  const kernelCold = await kernelFirstCellMs(python, false, warmUpS);
  const kernelWarm = await kernelFirstCellMs(python, true, warmUpS);
  console.log(
    `local kernel, first cell spark.range(1).count() (new session): cold ${(kernelCold / 1000).toFixed(2)} s, with the default standby ${(kernelWarm / 1000).toFixed(2)} s`,
  );
}
