/**
 * `npm run bench`: measures the SPEC §9 targets side by side, prints a table and writes the
 * results as JSON (bench/results/latest.json unless --out says otherwise).
 *
 *   tsx bench/run.ts [--quick] [--out FILE]
 *
 * Every section is bounded by a deadline; a section that fails or times out is reported as not
 * measured and the others still run. Every process started here is stopped before exit.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { BUILT_CLI, REPO_ROOT } from './kernel-launch.js';
import { machineInfo, runningTestSuites } from './machine-info.js';
import { benchMagicCell } from './magic-cell-bench.js';
import { benchMemory } from './memory-bench.js';
import { benchFirstStatementAfterReady } from './ready-bench.js';
import { buildRows, markdownTable, textTable, type Outcome, type Sections } from './report.js';
import { SessionKernel } from './session-kernel.js';
import { benchStart } from './start-bench.js';
import { benchStatementClass, type StatementClassResult } from './statement-bench.js';
import { benchThroughput } from './throughput-bench.js';

// The pinned AWS SDK works on Node 20; its notice about future releases is noise in the table.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const quick = flags.quick ?? false;
const plan = {
  startRounds: quick ? 3 : 7,
  magicRuns: quick ? 50 : 200,
  readyTrials: quick ? 2 : 5,
  statementClasses: quick
    ? [
        { durationMs: 100, runs: 5 },
        { durationMs: 1000, runs: 2 },
      ]
    : [
        { durationMs: 100, runs: 20 },
        { durationMs: 1000, runs: 5 },
        { durationMs: 3000, runs: 3 },
      ],
  memoryStatements: quick ? 200 : 2000,
  memoryJudgedAt: quick ? 100 : 1000,
  throughputSessions: quick ? 10 : 50,
  throughputStatements: quick ? 5 : 20,
};
// A quick run is a smoke test of the benchmark itself: its numbers are not kept in the repository.
const outFile =
  flags.out ??
  (quick
    ? join(tmpdir(), 'glue-kernel-bench-quick.json')
    : join(REPO_ROOT, 'bench', 'results', 'latest.json'));
const log = (line: string): void => console.error(line);

/** Set by SIGINT/SIGTERM: no further section starts. */
let stopping: string | undefined;
/** Things to stop however the run ends (deadline, error, Ctrl-C). */
const cleanups = new Set<() => Promise<void>>();
async function cleanUp(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => {});
  cleanups.clear();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = signal;
    log(`\n${signal}: stopping the benchmark's kernels and endpoints.`);
    void cleanUp().finally(() => process.exit(130));
  });
}
// The whole run is bounded too, in case a deadline cannot interrupt a stuck section.
const watchdog = setTimeout(() => {
  log('The benchmark exceeded 12 minutes; stopping.');
  void cleanUp().finally(() => process.exit(1));
}, 12 * 60_000);
watchdog.unref();

async function section<T>(
  name: string,
  deadlineMs: number,
  run: () => Promise<T>,
): Promise<Outcome<T>> {
  if (stopping) return { ok: false, reason: `not run (${stopping})` };
  log(`• ${name}`);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`did not finish within ${deadlineMs / 1000} s`)),
      deadlineMs,
    );
  });
  try {
    const value = await Promise.race([run(), deadline]);
    log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { ok: true, value };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    log(`  FAILED: ${reason}`);
    return { ok: false, reason };
  } finally {
    clearTimeout(timer);
  }
}

const notRun = <T>(reason: string): Outcome<T> => ({ ok: false, reason });

async function main(): Promise<number> {
  if (!existsSync(BUILT_CLI)) {
    log(
      `${relative(REPO_ROOT, BUILT_CLI)} is missing: run \`npm run build\` (npm run bench does).`,
    );
    return 1;
  }
  const busy = runningTestSuites();
  if (busy.length > 0)
    log(`Warning: a test suite is running (pids ${busy.join(', ')}); numbers will be pessimistic.`);
  const machine = machineInfo();

  const start = await section(
    'start → kernel_info_reply (ours vs ipykernel, interleaved)',
    180_000,
    () => benchStart(plan.startRounds, log),
  );

  const kernel = await section(
    'kernel on the local endpoint (through the counting proxy)',
    60_000,
    async () => {
      const started = await SessionKernel.start();
      // Registered as soon as it exists, so it is stopped even if this section timed out.
      cleanups.add(() => started.close());
      return started;
    },
  );

  let magicCell: Sections['magicCell'] = notRun('the kernel did not start');
  let ready: Sections['ready'] = notRun('the kernel did not start');
  let statements: Sections['statements'] = notRun('the kernel did not start');
  let memory: Sections['memory'] = notRun('the kernel did not start');
  if (kernel.ok) {
    const k = kernel.value;
    magicCell = await section(`magic-only cell × ${plan.magicRuns}`, 60_000, () =>
      benchMagicCell(k, plan.magicRuns),
    );
    ready = await section(`first statement after READY × ${plan.readyTrials}`, 120_000, () =>
      benchFirstStatementAfterReady(k, plan.readyTrials),
    );
    statements = ready.ok
      ? await section('statement latency (time.sleep)', 180_000, async () => {
          const results: StatementClassResult[] = [];
          for (let i = 0; i < 3; i++) await k.timeReply('x = 1', 30_000); // warm the session
          for (const { durationMs, runs } of plan.statementClasses)
            results.push(await benchStatementClass(k, durationMs, runs));
          return results;
        })
      : notRun('no session could be created');
    memory = ready.ok
      ? await section(`kernel memory over ${plan.memoryStatements} statements`, 240_000, () =>
          benchMemory(k, plan.memoryStatements, 100, plan.memoryJudgedAt),
        )
      : notRun('no session could be created');
  }
  await cleanUp();

  const throughput = await section(
    `local endpoint: ${plan.throughputSessions} sessions × ${plan.throughputStatements} statements`,
    180_000,
    () =>
      benchThroughput(plan.throughputSessions, plan.throughputStatements, 150_000, (stop) =>
        cleanups.add(stop),
      ),
  );

  const sections: Sections = { start, magicCell, ready, statements, memory, throughput };
  const rows = buildRows(sections);
  const busyAtEnd = runningTestSuites();
  const results = {
    machine: {
      ...machine,
      loadAverage1mAtEnd: loadavg()[0]!,
      testSuiteRunning: busy.length > 0 || busyAtEnd.length > 0,
    },
    plan,
    rows,
    sections,
  };
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(results, null, 2)}\n`);

  console.log(
    `\nglue-kernel benchmarks — ${machine.date}, Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}` +
      `, load ${machine.loadAverage1m.toFixed(2)} → ${results.machine.loadAverage1mAtEnd.toFixed(2)}` +
      (results.machine.testSuiteRunning ? ' (a test suite was running)' : ''),
  );
  console.log(
    'Reference columns marked "model" are computed from the official kernel\'s fixed 1 s polling, not measured.\n',
  );
  console.log(textTable(rows));
  console.log(`\nMarkdown:\n\n${markdownTable(rows)}\n`);
  console.log(`Results written to ${relative(process.cwd(), outFile)}`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  log(`The benchmark failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  clearTimeout(watchdog);
  // Output is flushed by now; a handle left open by a failed section must not keep us running.
  setTimeout(() => process.exit(), 3000).unref();
}
