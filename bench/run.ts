/**
 * `npm run bench`: measures the performance targets (README, Benchmarks) side by side, prints a table and writes the
 * results as JSON (bench/results/latest.json unless --out says otherwise).
 *
 *   tsx bench/run.ts [--quick] [--out FILE]
 *
 * It first installs the peers it compares with (bench/peer-venv.ts), then measures them and
 * ours in the same run, interleaved, against the same local endpoint (without and with added
 * latency per call).
 *
 * Every section is bounded by a deadline; a section that fails or times out is reported as not
 * measured and the others still run. Every process started here is stopped before exit.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { benchInterrupt } from './interrupt-bench.js';
import {
  BUILT_CLI,
  isolatedEnv,
  ourKernelArgv,
  REPO_ROOT,
  UNBUNDLED_CLI,
} from './kernel-launch.js';
import { machineInfo, runningTestSuites } from './machine-info.js';
import { benchMagicCell, type MagicCellResult } from './magic-cell-bench.js';
import { benchMemory } from './memory-bench.js';
import { ensurePeerVenv, type PeerPython } from './peer-venv.js';
import {
  ipykernelArgv,
  officialKernelArgv,
  officialPeer,
  OURS,
  type SessionPeer,
} from './peers.js';
import { pollingCurve } from './polling-curve.js';
import { benchFirstCell } from './ready-bench.js';
import {
  buildRows,
  curveTable,
  markdownTable,
  textTable,
  type ByPeer,
  type Outcome,
  type Sections,
  type StatementRun,
} from './report.js';
import { BenchEndpoint, SessionKernel } from './session-kernel.js';
import { benchStart, type StartCandidate } from './start-bench.js';
import {
  benchLongStatements,
  benchStatements,
  type StatementClass,
  type StatementResults,
} from './statement-bench.js';
import { benchThroughput } from './throughput-bench.js';

// The pinned AWS SDK works on Node 20; its notice about future releases is noise in the table.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const quick = flags.quick ?? false;
const statementClasses = (short: boolean): StatementClass[] =>
  short
    ? [
        { durationMs: 100, runs: 3 },
        { durationMs: 1000, runs: 1 },
        { durationMs: 100, runs: 2, pauseMs: 5000 },
      ]
    : [
        { durationMs: 100, runs: 10 },
        { durationMs: 1000, runs: 3 },
        { durationMs: 1500, runs: 3 },
        { durationMs: 3000, runs: 3 },
        { durationMs: 10_000, runs: 2 },
        { durationMs: 100, runs: 4, pauseMs: 5000 },
      ];
const plan = {
  startRounds: quick ? 3 : 7,
  magicRuns: quick ? 30 : 100,
  firstCellTrials: quick ? 1 : 4,
  latenciesMs: [0, 30],
  statementClasses: statementClasses(quick),
  longStatementsMs: quick ? [] : [20_000, 60_000],
  interruptTrials: quick ? 1 : 3,
  interruptBoundMs: 15_000,
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
  log('The benchmark exceeded 20 minutes; stopping.');
  void cleanUp().finally(() => process.exit(1));
}, 20 * 60_000);
watchdog.unref();

async function section<T>(
  name: string,
  deadlineMs: number,
  run: () => Promise<T>,
): Promise<Outcome<T>> {
  if (stopping) return { ok: false, reason: `not run (${stopping})` };
  log(`• ${name}`);
  loadSeen.push({ section: name, at: new Date().toISOString(), loadAverage: loadavg() });
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

/** The machine is shared: the load average as each section started, for the results. */
const loadSeen: { section: string; at: string; loadAverage: number[] }[] = [];

const notRun = <T>(reason: string): Outcome<T> => ({ ok: false, reason });

async function main(): Promise<number> {
  for (const cli of [BUILT_CLI, UNBUNDLED_CLI]) {
    if (!existsSync(cli)) {
      log(`${relative(REPO_ROOT, cli)} is missing: run \`npm run build\` (npm run bench does).`);
      return 1;
    }
  }
  const busy = runningTestSuites();
  if (busy.length > 0)
    log(`Warning: a test suite is running (pids ${busy.join(', ')}); numbers will be pessimistic.`);
  const machine = machineInfo();

  const peers: Outcome<PeerPython> = await section(
    'peers: ipykernel and aws-glue-sessions in bench/.venv (bench/requirements.txt)',
    600_000,
    () => ensurePeerVenv(log),
  );
  const python = peers.ok ? peers.value.python : undefined;
  const official = python ? officialPeer(python) : undefined;
  const peerReason = peers.ok ? 'no result' : `the peers could not be installed: ${peers.reason}`;

  const env = isolatedEnv();
  const candidates: StartCandidate[] = [
    { id: 'ours', argv: ourKernelArgv(), env },
    { id: 'oursUnbundled', argv: ourKernelArgv(UNBUNDLED_CLI), env },
  ];
  if (python) {
    candidates.push({ id: 'ipykernel', argv: ipykernelArgv(python), env });
    candidates.push({ id: 'official', argv: officialKernelArgv(python), env });
  }
  const start = await section('start → kernel_info_reply (interleaved)', 240_000, () =>
    benchStart(candidates, plan.startRounds, log),
  );

  let magicCell: Sections['magicCell'] = notRun('the kernels did not start');
  let firstCell: Sections['firstCell'] = notRun('the kernels did not start');
  let interrupt: Sections['interrupt'] = notRun('the kernels did not start');
  let memory: Sections['memory'] = notRun('the kernels did not start');
  let longStatements: Outcome<StatementResults> = notRun('the kernels did not start');
  const statements: Outcome<StatementRun>[] = [];
  for (const latencyMs of plan.latenciesMs) {
    const at = latencyMs ? ` (endpoint +${latencyMs} ms per Glue call)` : '';
    const kernels = await section(`kernels on the local endpoint${at}`, 120_000, async () => {
      const bench = await BenchEndpoint.start(latencyMs);
      cleanups.add(() => bench.close());
      const started: SessionKernel[] = [];
      const sessionPeers: SessionPeer[] = official ? [OURS, official] : [OURS];
      for (const peer of sessionPeers) {
        const kernel = await SessionKernel.start(peer, bench);
        // Registered as soon as it exists, so it is stopped even if this section timed out.
        cleanups.add(() => kernel.close());
        started.push(kernel);
      }
      return started;
    });
    if (!kernels.ok) {
      statements.push(notRun(kernels.reason));
      continue;
    }
    const ks = kernels.value;
    if (latencyMs === 0) {
      magicCell = await section(`magic-only cell × ${plan.magicRuns}`, 60_000, async () => {
        const results: ByPeer<MagicCellResult> = {};
        for (const k of ks) results[k.peer.id] = await benchMagicCell(k, plan.magicRuns);
        return results;
      });
      firstCell = await section(`first code cell × ${plan.firstCellTrials}`, 240_000, () =>
        benchFirstCell(ks, plan.firstCellTrials, log),
      );
    }
    statements.push(
      await section(`statements${at}, interleaved`, 420_000, async () => ({
        latencyMs,
        results: await benchStatements(ks, plan.statementClasses, log),
      })),
    );
    if (latencyMs === 0) {
      if (plan.longStatementsMs.length > 0) {
        longStatements = await section('long statements (calls per statement)', 180_000, () =>
          benchLongStatements(ks, plan.longStatementsMs, log),
        );
      }
      interrupt = await section(`interrupt × ${plan.interruptTrials}`, 240_000, () =>
        benchInterrupt(ks, plan.interruptTrials, plan.interruptBoundMs, log),
      );
      const ours = ks.find((k) => k.peer.id === 'ours')!;
      for (const k of ks) if (k !== ours) await k.close();
      memory = await section(
        `kernel memory over ${plan.memoryStatements} statements`,
        300_000,
        () => benchMemory(ours, plan.memoryStatements, 100, plan.memoryJudgedAt),
      );
    }
    await cleanUp();
  }
  if (!python) {
    magicCell = magicCell.ok ? magicCell : notRun(peerReason);
  }

  const throughput = await section(
    `local endpoint: ${plan.throughputSessions} sessions × ${plan.throughputStatements} statements`,
    180_000,
    () =>
      benchThroughput(plan.throughputSessions, plan.throughputStatements, 150_000, (stop) =>
        cleanups.add(stop),
      ),
  );

  const sections: Sections = {
    start,
    magicCell,
    firstCell,
    statements,
    interrupt,
    memory,
    throughput,
  };
  const rows = buildRows(sections);
  const curve = pollingCurve(measuredCalls(statements[0], longStatements));
  const busyAtEnd = runningTestSuites();
  const results = {
    machine: {
      ...machine,
      loadAverage1mAtEnd: loadavg()[0]!,
      loadAverageAtEnd: loadavg(),
      loadAverageBySection: loadSeen,
      testSuiteRunning: busy.length > 0 || busyAtEnd.length > 0,
    },
    peers: peers.ok ? peers.value.versions : { error: peers.reason },
    plan,
    rows,
    curve,
    sections: { ...sections, longStatements },
  };
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(results, null, 2)}\n`);

  const versions = peers.ok
    ? Object.entries(peers.value.versions)
        .map(([name, version]) => `${name} ${version}`)
        .join(', ')
    : 'peers not installed';
  console.log(
    `\nglue-kernel benchmarks — ${machine.date}, Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}` +
      `, 1-minute load ${machine.loadAverage1m.toFixed(2)} at the start, ` +
      `${Math.max(...loadSeen.map((l) => l.loadAverage[0]!)).toFixed(2)} at most as a section started, ` +
      `${results.machine.loadAverage1mAtEnd.toFixed(2)} at the end` +
      (results.machine.testSuiteRunning ? ' (a test suite was running)' : '') +
      `\nPeers measured in the same run: ${versions}.\n`,
  );
  console.log(textTable(rows));
  console.log(
    `\nGetStatement calls per statement (schedules computed from each kernel's polling):\n`,
  );
  console.log(curveTable(curve));
  console.log(`\nMarkdown:\n\n${markdownTable(rows)}\n`);
  console.log(`Results written to ${relative(process.cwd(), outFile)}`);
  return 0;
}

/** Median GetStatement calls measured per duration (back to back, no added latency). */
function measuredCalls(
  run: Outcome<StatementRun> | undefined,
  long: Outcome<StatementResults>,
): { ours: Map<number, number>; official: Map<number, number> } {
  const found = { ours: new Map<number, number>(), official: new Map<number, number>() };
  const add = (results: StatementResults): void => {
    for (const id of ['ours', 'official'] as const) {
      for (const c of results[id] ?? []) {
        if (c.pauseMs === 0) found[id].set(c.durationMs, c.getStatementCallsMedian);
      }
    }
  };
  if (run?.ok) add(run.value.results);
  if (long.ok) add(long.value);
  return found;
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
