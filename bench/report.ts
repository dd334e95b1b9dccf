/**
 * The benchmark table: one row per §9 target, built from the section results, printed as
 * aligned text and as Markdown (for the README). A section that failed or was skipped still
 * gets its row, saying why.
 */
import type { MagicCellResult } from './magic-cell-bench.js';
import type { MemoryResult } from './memory-bench.js';
import { OFFICIAL_READY_DETECTION_WORST_MS } from './polling-model.js';
import type { ReadyResult } from './ready-bench.js';
import type { StartResult } from './start-bench.js';
import type { StatementClassResult } from './statement-bench.js';
import type { ThroughputResult } from './throughput-bench.js';

export interface Row {
  metric: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  met: 'yes' | 'no' | 'n/a';
}

/** A section's result, or why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface Sections {
  start: Outcome<StartResult>;
  magicCell: Outcome<MagicCellResult>;
  ready: Outcome<ReadyResult>;
  statements: Outcome<StatementClassResult[]>;
  memory: Outcome<MemoryResult>;
  throughput: Outcome<ThroughputResult>;
}

/** Allowed growth of the kernel's RSS over the second half of the run ("no growth trend"). */
export const MEMORY_TREND_LIMIT_MB_PER_1000 = 5;

const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const ratio = (value: number): string => `${value.toFixed(2)}×`;
const met = (ok: boolean): 'yes' | 'no' => (ok ? 'yes' : 'no');

function missing(metric: string, target: string, reason: string): Row {
  return { metric, ours: `not measured: ${reason}`, reference: '', ratio: '', target, met: 'n/a' };
}

export function buildRows(s: Sections): Row[] {
  const rows: Row[] = [];
  const startTarget = '≤ 0.3 × ipykernel';
  if (!s.start.ok) {
    rows.push(missing('Start → kernel_info_reply', startTarget, s.start.reason));
  } else {
    const r = s.start.value;
    rows.push({
      metric: `Start → kernel_info_reply (median of ${r.rounds})`,
      ours: `${ms(r.oursMedianMs)} (bare \`node -e ""\`: ${ms(r.nodeBareStartMedianMs)})`,
      reference:
        r.ipykernelMedianMs === undefined
          ? (r.skipped ?? '')
          : `ipykernel ${ms(r.ipykernelMedianMs)}`,
      ratio: r.ratio === undefined ? '' : ratio(r.ratio),
      target: startTarget,
      met: r.ratio === undefined ? 'n/a' : met(r.ratio <= 0.3),
    });
    rows.push({
      metric: 'Kernel RSS right after start',
      ours: mb(r.oursRssMedianBytes),
      reference:
        r.ipykernelRssMedianBytes === undefined ? '' : `ipykernel ${mb(r.ipykernelRssMedianBytes)}`,
      ratio:
        r.ipykernelRssMedianBytes === undefined
          ? ''
          : ratio(r.oursRssMedianBytes / r.ipykernelRssMedianBytes),
      target: 'reported (no target)',
      met: 'n/a',
    });
  }

  const magicTarget = 'median < 5 ms';
  if (!s.magicCell.ok)
    rows.push(missing('Magic-only cell round trip', magicTarget, s.magicCell.reason));
  else {
    const r = s.magicCell.value;
    rows.push({
      metric: `Magic-only cell \`${r.cell}\` round trip (${r.runs} runs)`,
      ours: `median ${ms(r.roundTripMs.median)}, p95 ${ms(r.roundTripMs.p95)}`,
      reference: '',
      ratio: '',
      target: magicTarget,
      met: met(r.roundTripMs.median < 5),
    });
  }

  if (!s.statements.ok) {
    rows.push(missing('Statement latency', 'reply ≤ 150 ms for 100 ms', s.statements.reason));
  } else {
    for (const c of s.statements.value) rows.push(statementRow(c));
    rows.push(pollingRow(s.statements.value));
  }

  const readyTarget = '< 300 ms';
  if (!s.ready.ok) rows.push(missing('First statement after READY', readyTarget, s.ready.reason));
  else {
    const r = s.ready.value;
    rows.push({
      metric: `First statement after READY (median of ${r.trials.length} sessions)`,
      ours: `${ms(r.readyObservedToRunMedianMs)} after READY seen; ${ms(r.readyEstimatedToRunMedianMs)} after READY (est.)`,
      reference: `model: up to ${ms(OFFICIAL_READY_DETECTION_WORST_MS)} (1 s GetSession poll)`,
      ratio: '',
      target: readyTarget,
      met: met(r.readyObservedToRunMedianMs < 300 && r.readyEstimatedToRunMedianMs < 300),
    });
  }

  const memoryTarget = `< 100 MB, no growth (slope ≤ ${MEMORY_TREND_LIMIT_MB_PER_1000} MB/1,000)`;
  if (!s.memory.ok)
    rows.push(missing('Kernel RSS after 1,000 statements', memoryTarget, s.memory.reason));
  else {
    const r = s.memory.value;
    const slopeMb = r.slopeBytesPer1000 / 2 ** 20;
    const count = (n: number): string => n.toLocaleString('en-US');
    rows.push({
      metric: `Kernel RSS after ${count(r.judgedAt)} statements`,
      ours:
        `${mb(r.judgedRssBytes)} (${mb(r.startRssBytes)} at 0, ${mb(r.endRssBytes)} at ${count(r.statements)}); ` +
        `slope ${slopeMb >= 0 ? '+' : ''}${slopeMb.toFixed(1)} MB/1,000 from ${count(r.slopeFromStatement)} on`,
      reference: '',
      ratio: '',
      target: memoryTarget,
      met: met(r.judgedRssBytes < 100 * 2 ** 20 && slopeMb <= MEMORY_TREND_LIMIT_MB_PER_1000),
    });
  }

  const throughputTarget = '0 errors; report throughput, p99';
  if (!s.throughput.ok)
    rows.push(missing('Local endpoint throughput', throughputTarget, s.throughput.reason));
  else {
    const r = s.throughput.value;
    rows.push({
      metric: `Local endpoint: ${r.sessions} sessions × ${r.statementsPerSession} statements`,
      ours:
        `${r.errors} errors, ${(r.totalMs / 1000).toFixed(1)} s, ${r.statementsPerSecond.toFixed(0)} statements/s, ` +
        `p50 ${ms(r.statementLatencyMs.median)}, p99 ${ms(r.statementLatencyMs.p99)}`,
      reference: '',
      ratio: '',
      target: throughputTarget,
      met: met(r.errors === 0 && r.statementsCompleted === r.sessions * r.statementsPerSession),
    });
  }
  return rows;
}

function statementRow(c: StatementClassResult): Row {
  const seconds = c.durationMs / 1000;
  if (c.durationMs <= 100) {
    return {
      metric: `${seconds} s statement: reply (median of ${c.runs})`,
      ours: `${ms(c.replyMs.median)} (p95 ${ms(c.replyMs.p95)})`,
      reference: `model: ${ms(c.officialModelReplyMs)}`,
      ratio: ratio(c.replyMs.median / c.officialModelReplyMs),
      target: `≤ ${ms(c.durationMs + c.allowedOverheadMs)}`,
      met: met(c.replyMs.median <= c.durationMs + c.allowedOverheadMs),
    };
  }
  return {
    metric: `${seconds} s statement: overhead (median of ${c.runs})`,
    ours: `${ms(c.overheadMedianMs)} (reply ${ms(c.replyMs.median)})`,
    reference: `model: reply ${ms(c.officialModelReplyMs)}`,
    ratio: ratio(c.replyMs.median / c.officialModelReplyMs),
    target: `< ${ms(c.allowedOverheadMs)} (10% + 50 ms)`,
    met: met(c.overheadMedianMs < c.allowedOverheadMs),
  };
}

/**
 * The most GetStatement calls §9 allows a statement of `durationMs`. The sparsest polling that
 * still meets the overhead target waits 10 % of the time already waited + 50 ms between polls
 * (at most 1 s): its poll count grows logarithmically with the duration, then by one a second.
 * A kernel may poll up to 25 % more than that, plus 2 for jitter and the final poll.
 */
export function allowedGetStatementCalls(durationMs: number): number {
  let polls = 0;
  for (let waited = 0; waited < durationMs; polls++) waited += Math.min(1000, waited * 0.1 + 50);
  return Math.ceil(polls * 1.25) + 2;
}

function pollingRow(classes: StatementClassResult[]): Row {
  const sorted = [...classes].sort((a, b) => a.durationMs - b.durationMs);
  const list = (value: (c: StatementClassResult) => number): string =>
    sorted.map((c) => String(value(c))).join(' / ');
  return {
    metric: `GetStatement calls per statement (${sorted.map((c) => `${c.durationMs / 1000} s`).join(' / ')})`,
    ours: `median ${list((c) => c.getStatementCallsMedian)}, max ${list((c) => c.getStatementCallsMax)}`,
    reference: `model: ${list((c) => c.officialModelGetStatementCalls)}`,
    ratio: '',
    target: `logarithmic, ≤ 1 per second (≤ ${list((c) => allowedGetStatementCalls(c.durationMs))})`,
    met: met(sorted.every((c) => c.getStatementCallsMax <= allowedGetStatementCalls(c.durationMs))),
  };
}

const HEADERS: Record<keyof Row, string> = {
  metric: 'Metric',
  ours: 'glue-kernel (measured)',
  reference: 'Reference',
  ratio: 'Ratio',
  target: 'Target (SPEC §9)',
  met: 'Met',
};
const COLUMNS = Object.keys(HEADERS) as (keyof Row)[];

export function textTable(rows: Row[]): string {
  const widths = COLUMNS.map((c) => Math.max(HEADERS[c].length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(COLUMNS.map((c) => HEADERS[c])),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(COLUMNS.map((c) => r[c]))),
  ].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  return [
    `| ${COLUMNS.map((c) => HEADERS[c]).join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${COLUMNS.map((c) => escape(r[c])).join(' | ')} |`),
  ].join('\n');
}
