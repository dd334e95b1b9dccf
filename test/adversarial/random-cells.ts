/**
 * Part 2 — random cells (cell-generators.ts) against the built local kernel with a local session,
 * its log at debug level. Asserts per cell: a reply within a bounded wait (else interrupt, and a
 * hang is counted), a well-formed reply (error replies with ename, evalue and a traceback; usage
 * errors with a hint), no internal error. At the end: no secret (the accounts' secret keys, the
 * STS credentials every session received, secrets typed into cells) in any reply, output or
 * log line, and no process left. The kernel is replaced every KERNEL_CELLS cells, so settings a
 * cell broke (a random %region) do not decide the rest of the run.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { KernelClient } from '../../src/client/kernel-client.js';
import { REPO_ROOT } from '../support/kernel-argv.js';
import { cellArbitrary } from './cell-generators.js';
import {
  Findings,
  Tally,
  baseEnvironment,
  killAll,
  leftovers,
  removeDir,
  scratchDir,
  secretKeysIn,
  secretsIn,
  startBuiltKernel,
  type PartResult,
} from './adversarial-support.js';

const KERNEL_CELLS = 250;
/** Each kernel's settings, re-applied every 50 cells (a no-op while unchanged). */
const SETUP = [
  ['%iam_role arn:aws:iam::111111111111:role/AWSGlueServiceRole-notebooks'],
  [
    '%%assume_role\n"arn:aws:iam::222222222222:role/GlueSessionCreationRole"',
    '%iam_role arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog\n%connections session_vpc',
  ],
];
const CELL_TIMEOUT_MS = 60_000;
const RESET = '%%configure -f\n{"worker_type": "G.1X", "number_of_workers": 2}';
const ACCOUNTS = join(REPO_ROOT, 'notebooks', 'scenario-accounts.json');

export async function randomCells(
  seed: number,
  cellCount: number,
  budgetMs = 40 * 60_000,
): Promise<PartResult> {
  const started = Date.now();
  const counts = new Tally();
  const findings = new Findings();
  const dir = scratchDir('cells');
  const state = join(dir, 'state');
  const transcript = join(dir, 'transcript.txt');
  const stolen = join(dir, 'session-credentials.jsonl');
  const secrets = new Set<string>(secretKeysIn(JSON.parse(readFileSync(ACCOUNTS, 'utf8'))));
  let typed = 0;
  const typedSecret = (): string => {
    const value = `typedSecret${seed.toString(36)}x${(typed++).toString(36)}Q`;
    secrets.add(value);
    return value;
  };
  const cells = fc.sample(cellArbitrary(typedSecret, 400), { seed, numRuns: cellCount });
  const env = {
    ...baseEnvironment('cells', state),
    GLUE_KERNEL_LOCAL_PYTHON: 'python3',
    GLUE_KERNEL_LOCAL_ACCOUNTS: ACCOUNTS,
    GLUE_KERNEL_LOG_LEVEL: 'debug',
  };
  const logFiles: string[] = [];
  let kernel: KernelClient | undefined;
  let setup = SETUP[0]!;
  const startKernel = async (): Promise<KernelClient> => {
    const logFile = join(dir, `kernel-${logFiles.length}.log`);
    logFiles.push(logFile);
    counts.add('kernels started');
    return (await startBuiltKernel('local', env, logFile)).client;
  };
  // Keeps the credentials the session's worker received (the cell shows nothing).
  const collectCredentials = async (k: KernelClient): Promise<void> => {
    const code = [
      'import json as _j, os as _o',
      `with open(${JSON.stringify(stolen)}, 'a') as _f:`,
      "    _f.write(_j.dumps([_o.environ.get(k) for k in ('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN')]) + '\\n')",
    ].join('\n');
    await k.execute(code, { timeoutMs: CELL_TIMEOUT_MS }).catch(() => undefined);
  };

  let broken = false;
  const runSetup = async (k: KernelClient): Promise<void> => {
    // A random cell may have left a setting Glue refuses (a worker type 'NaN', an unknown
    // %%configure key): start over from clean settings, so later cells reach a session again.
    const reset = broken ? [RESET] : [];
    broken = false;
    for (const cell of [...reset, ...setup])
      await k.execute(cell, { timeoutMs: CELL_TIMEOUT_MS }).catch(() => undefined);
  };

  try {
    for (let i = 0; i < cells.length; i++) {
      if (Date.now() - started > budgetMs) {
        findings.add(`time budget spent after ${i} cells`);
        break;
      }
      if (!kernel || i % KERNEL_CELLS === 0) {
        if (kernel) {
          await collectCredentials(kernel);
          await kernel.shutdown(20_000);
        }
        kernel = await startKernel();
        setup = SETUP[Math.floor(i / KERNEL_CELLS) % SETUP.length]!;
        await runSetup(kernel);
      }
      const code = cells[i]!;
      counts.add('cells sent');
      if (code.length > 900_000) counts.add('cells over 900 KB');
      let result;
      try {
        result = await kernel.execute(code, { timeoutMs: CELL_TIMEOUT_MS });
      } catch (err) {
        if (kernel.process.hasExited) {
          counts.add('kernel crashes');
          findings.add(`the kernel died on cell ${i}: ${JSON.stringify(code.slice(0, 200))}`);
          kernel = undefined;
          continue;
        }
        counts.add('hangs');
        findings.add(
          `no reply within ${CELL_TIMEOUT_MS} ms to cell ${i}: ${JSON.stringify(code.slice(0, 200))} (${(err as Error).message})`,
        );
        await kernel.interrupt(10_000).catch(() => undefined);
        await kernel.shutdown(20_000);
        kernel = undefined;
        continue;
      }
      const reply = result.reply as unknown as Record<string, unknown>;
      counts.add(`replies ${String(reply['status'])}`);
      const text = JSON.stringify({
        cell: i,
        reply,
        outputs: result.outputs.map((o) => o.content),
      });
      appendFileSync(transcript, `${text.slice(0, 2_000_000)}\n`);
      if (reply['status'] === 'ok') {
        if (typeof reply['execution_count'] !== 'number')
          findings.add(`ok reply without execution_count (cell ${i})`);
      } else if (reply['status'] === 'error') {
        const { ename, evalue, traceback } = reply as {
          ename?: unknown;
          evalue?: unknown;
          traceback?: unknown;
        };
        if (
          typeof ename !== 'string' ||
          ename === '' ||
          typeof evalue !== 'string' ||
          !Array.isArray(traceback)
        ) {
          findings.add(`malformed error reply to cell ${i}: ${text.slice(0, 300)}`);
          counts.add('malformed replies');
        } else {
          counts.add(`errors ${ename.slice(0, 40)}`);
          if (ename === 'ConfigurationError') broken = true;
          if (
            ename === 'ConfigurationError' ||
            ename === 'SessionStateError' ||
            ename === 'AwsError'
          )
            counts.add(
              `  ${ename}: ${evalue
                .replace(/[^A-Za-z ]/g, '')
                .split(' ')
                .slice(0, 6)
                .join(' ')}`,
            );
          const shown = traceback.join('\n');
          if (ename === 'InternalError' || shown.includes('This is a bug in glue-kernel')) {
            counts.add('internal errors');
            findings.add(
              `internal error on cell ${i}: ${JSON.stringify(code.slice(0, 200))} -> ${shown.slice(0, 300)}`,
            );
          }
          if (ename === 'UsageError') {
            if (shown.includes('Hint:')) counts.add('usage errors with a hint');
            else {
              counts.add('usage errors without a hint');
              if (counts.get('usage errors without a hint') <= 5)
                process.stderr.write(
                  `  (usage error without hint) ${JSON.stringify(code.slice(0, 120))} -> ${evalue.slice(0, 200)}\n`,
                );
            }
          }
        }
      } else {
        counts.add('replies with another status');
        if (reply['status'] !== 'aborted')
          findings.add(`reply status ${String(reply['status'])} on cell ${i}`);
      }
      if (i % 50 === 49 || broken) {
        await runSetup(kernel);
        await collectCredentials(kernel);
      }
      if (i % 1000 === 999)
        process.stdout.write(`  ${i + 1} cells, ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
    if (kernel) await collectCredentials(kernel);
  } finally {
    if (kernel) {
      if (kernel.process.hasExited) findings.add('the kernel had exited at the end');
      await kernel.shutdown(20_000);
    }
  }
  // Every secret known now, against everything shown and logged.
  let issued = 0;
  if (existsSync(stolen)) {
    for (const line of readFileSync(stolen, 'utf8').split('\n').filter(Boolean)) {
      const [keyId, secret, token] = JSON.parse(line) as (string | null)[];
      if (keyId?.startsWith('ASIA')) issued++;
      for (const value of [secret, token]) if (value) secrets.add(value);
    }
  }
  counts.add('STS credential sets collected', issued);
  counts.add('distinct secrets checked', secrets.size);
  const places = [transcript, ...logFiles].filter(existsSync);
  for (const place of places) {
    const hits = secretsIn(readFileSync(place, 'utf8'), secrets);
    counts.add('secrets found', hits.length);
    if (hits.length > 0) findings.add(`secrets (${hits.join(', ')}...) in ${place}`);
  }
  counts.add(
    'log bytes checked',
    logFiles.filter(existsSync).reduce((n, f) => n + readFileSync(f).length, 0),
  );
  const left = await leftovers(state);
  counts.add('processes left', left.length);
  if (left.length > 0) findings.add(`processes left: ${JSON.stringify(left)}`);
  killAll(left);
  if (findings.items.length === 0) removeDir(dir);
  else process.stderr.write(`  transcript and logs kept in ${dir}\n`);
  return {
    part: 'random cells',
    seconds: Math.round((Date.now() - started) / 1000),
    counts: counts.toJSON(),
    findings: findings.items,
  };
}
