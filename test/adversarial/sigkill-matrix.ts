/**
 * Part 5 — SIGKILL mid-cell at every kernel log level (src/util/logger.ts: error, warn, info,
 * debug, silent) of: the local kernel; the `glue-kernel run` runner (its kernel then talks to a
 * standalone `glue-kernel local`); and that standalone endpoint. The cell starts Spark (a JVM)
 * and then sleeps. Asserts: no session left READY (checked from outside, after a restart of the
 * endpoint on the same state when the endpoint was the one killed), the orphaned kernel exits,
 * and no worker or JVM is left (process table).
 */
import { GetSessionCommand, GlueClient, ListSessionsCommand } from '@aws-sdk/client-glue';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { REPO_ROOT } from '../support/kernel-argv.js';
import {
  Findings,
  Tally,
  baseEnvironment,
  builtCommand,
  killAll,
  leftovers,
  processesMentioning,
  removeDir,
  scratchDir,
  startBuiltEndpoint,
  startBuiltKernel,
  waitFor,
  type EndpointProcess,
  type PartResult,
} from './adversarial-support.js';

const LEVELS = ['error', 'warn', 'info', 'debug', 'silent'] as const;
const PYTHON = join(REPO_ROOT, '.venv', 'bin', 'python');

function cellCode(marker: string): string {
  return [
    'spark.range(3).count()',
    `open(${JSON.stringify(marker)}, 'w').close()`,
    'import time',
    'time.sleep(600)',
  ].join('\n');
}

function glueOf(endpoint: EndpointProcess): GlueClient {
  return new GlueClient({
    endpoint: endpoint.url,
    region: endpoint.exports['AWS_REGION'],
    credentials: {
      accessKeyId: endpoint.exports['AWS_ACCESS_KEY_ID']!,
      secretAccessKey: endpoint.exports['AWS_SECRET_ACCESS_KEY']!,
    },
  });
}

export async function sigkillMatrix(seed: number, scale: number): Promise<PartResult> {
  const started = Date.now();
  const counts = new Tally();
  const findings = new Findings();
  // ADVERSARIAL_LEVELS=warn,info runs only those levels (e.g. to finish a run that was cut short).
  const chosen = process.env['ADVERSARIAL_LEVELS']?.split(',');
  const levels = chosen ?? (scale < 1 ? LEVELS.slice(0, 1) : LEVELS);
  void seed;

  const noneLeft = async (what: string, state: string): Promise<void> => {
    const left = await leftovers(state, 30_000);
    counts.add('processes left', left.length);
    counts.add('JVMs left', left.filter((p) => p.cmd.includes('java')).length);
    if (left.length > 0)
      findings.add(`${what}: processes left: ${JSON.stringify(left.slice(0, 5))}`);
    killAll(left);
  };
  const endpointFor = (state: string): Promise<EndpointProcess> =>
    startBuiltEndpoint(
      ['--state-dir', state, '--no-standby', '--provisioning-delay', '0', '--python', PYTHON],
      baseEnvironment('sigkill', state),
    );
  const sessionStatus = async (glue: GlueClient, id: string): Promise<string> =>
    (await glue.send(new GetSessionCommand({ Id: id }))).Session?.Status ?? 'none';

  for (const level of levels) {
    // 1. The local kernel (embedded endpoint) killed mid-cell.
    {
      const dir = scratchDir(`kill-kernel-${level}`);
      const state = join(dir, 'state');
      const marker = join(dir, 'running');
      const env = {
        ...baseEnvironment('sigkill', state),
        GLUE_KERNEL_LOCAL_PYTHON: PYTHON,
        GLUE_KERNEL_LOG_LEVEL: level,
      };
      const { client } = await startBuiltKernel('local', env, join(dir, 'kernel.log'));
      try {
        void client.execute(cellCode(marker)).catch(() => undefined);
        await waitFor('the cell to run', () => existsSync(marker), Boolean, 180_000);
        counts.add(
          'JVMs running at the kill',
          processesMentioning(state).filter((p) => p.cmd.includes('java')).length,
        );
        process.kill(client.process.pid!, 'SIGKILL');
        counts.add(`kernel SIGKILLs`);
        await client.close();
        await noneLeft(`kernel SIGKILL at ${level}`, state);
      } catch (err) {
        findings.add(`kernel SIGKILL at ${level}: ${(err as Error).message}`);
        await client.close();
        killAll(await leftovers(state, 1000));
      }
      removeDir(dir);
    }
    // 2. `glue-kernel run` killed mid-cell; its kernel uses a standalone endpoint.
    {
      const dir = scratchDir(`kill-runner-${level}`);
      const state = join(dir, 'state');
      const marker = join(dir, 'running');
      const endpoint = await endpointFor(state);
      const glue = glueOf(endpoint);
      const notebook = join(dir, 'long.ipynb');
      writeFileSync(
        notebook,
        JSON.stringify({
          nbformat: 4,
          nbformat_minor: 5,
          metadata: { kernelspec: { name: 'glue_pyspark', display_name: 'Glue PySpark' } },
          cells: [{ cell_type: 'code', metadata: {}, source: cellCode(marker), outputs: [] }],
        }),
      );
      const [node, ...args] = builtCommand('run', notebook, '--kind', 'pyspark');
      const runner = spawn(node!, args, {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...baseEnvironment('sigkill', state),
          ...endpoint.exports,
          GLUE_KERNEL_LOG_LEVEL: level,
          glue_role_arn: DEFAULT_ROLE_ARN,
        },
      });
      runner.stdout!.resume();
      runner.stderr!.resume();
      try {
        await waitFor('the cell to run', () => existsSync(marker), Boolean, 180_000);
        const [id] = (await glue.send(new ListSessionsCommand({}))).Ids ?? [];
        runner.kill('SIGKILL');
        counts.add('runner SIGKILLs');
        const status = await waitFor(
          'the session to leave READY',
          () => sessionStatus(glue, id!),
          (s) => s !== 'READY',
          60_000,
        ).catch(() => 'READY');
        counts.add(`session after runner SIGKILL: ${status}`);
        if (status === 'READY')
          findings.add(`runner SIGKILL at ${level}: the session stayed READY`);
        // Only the endpoint itself may remain.
        const left = (await leftovers(state, 30_000).then(() => processesMentioning(state))).filter(
          (p) => p.pid !== endpoint.child.pid,
        );
        const stillThere =
          left.length === 0
            ? []
            : await waitFor(
                'the kernel and worker to end',
                () => processesMentioning(state).filter((p) => p.pid !== endpoint.child.pid),
                (l) => l.length === 0,
                30_000,
              ).catch(() => processesMentioning(state).filter((p) => p.pid !== endpoint.child.pid));
        counts.add('processes left', stillThere.length);
        counts.add('JVMs left', stillThere.filter((p) => p.cmd.includes('java')).length);
        if (stillThere.length > 0)
          findings.add(
            `runner SIGKILL at ${level}: processes left: ${JSON.stringify(stillThere.slice(0, 5))}`,
          );
        killAll(stillThere);
      } catch (err) {
        findings.add(`runner SIGKILL at ${level}: ${(err as Error).message}`);
      } finally {
        runner.kill('SIGKILL');
        glue.destroy();
        endpoint.child.kill('SIGTERM');
        await new Promise((resolve) => endpoint.child.once('exit', resolve));
        await noneLeft(`after the runner test at ${level}`, state);
        removeDir(dir);
      }
    }
    // 3. The standalone endpoint killed mid-cell under a pyspark kernel.
    {
      const dir = scratchDir(`kill-endpoint-${level}`);
      const state = join(dir, 'state');
      const marker = join(dir, 'running');
      const endpoint = await endpointFor(state);
      const env = {
        ...baseEnvironment('sigkill-kernel', join(dir, 'kernel-state')),
        ...endpoint.exports,
        GLUE_KERNEL_LOG_LEVEL: level,
        glue_role_arn: DEFAULT_ROLE_ARN,
      };
      const { client } = await startBuiltKernel('pyspark', env, join(dir, 'kernel.log'));
      let id: string | undefined;
      try {
        const executing = client.execute(cellCode(marker), { timeoutMs: 300_000 });
        await waitFor('the cell to run', () => existsSync(marker), Boolean, 180_000);
        const glue = glueOf(endpoint);
        [id] = (await glue.send(new ListSessionsCommand({}))).Ids ?? [];
        glue.destroy();
        endpoint.child.kill('SIGKILL');
        counts.add('endpoint SIGKILLs');
        await noneLeft(`endpoint SIGKILL at ${level}`, state);
        const result = await executing.catch((err: Error) => err);
        if (result instanceof Error)
          findings.add(
            `endpoint SIGKILL at ${level}: the cell was not answered (${result.message})`,
          );
        else counts.add(`cell answer after endpoint SIGKILL: ${result.reply.status}`);
        if (client.process.hasExited) findings.add(`endpoint SIGKILL at ${level}: the kernel died`);
        // The endpoint back on the same state: the killed session is not READY.
        const again = await endpointFor(state);
        const glue2 = glueOf(again);
        const status = id
          ? await sessionStatus(glue2, id).catch((e: Error) => `error ${e.name}`)
          : 'no id';
        counts.add(`session after endpoint restart: ${status}`);
        if (status === 'READY' || status === 'PROVISIONING')
          findings.add(`endpoint SIGKILL at ${level}: session ${status} after restart`);
        glue2.destroy();
        again.child.kill('SIGTERM');
        await new Promise((resolve) => again.child.once('exit', resolve));
      } catch (err) {
        findings.add(`endpoint SIGKILL at ${level}: ${(err as Error).message}`);
      } finally {
        await client.shutdown(20_000);
        endpoint.child.kill('SIGKILL');
        await noneLeft(`after the endpoint test at ${level}`, state);
        removeDir(dir);
      }
    }
    process.stdout.write(`  level ${level} done, ${Math.round((Date.now() - started) / 1000)} s\n`);
  }
  return {
    part: 'SIGKILL matrix',
    seconds: Math.round((Date.now() - started) / 1000),
    counts: counts.toJSON(),
    findings: findings.items,
  };
}
