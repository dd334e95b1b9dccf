import { expect } from 'chai';
import {
  allowedGetStatementCalls,
  buildRows,
  curveTable,
  markdownTable,
  textTable,
  type Sections,
} from '../../../bench/report.js';
import { summarizeClass, type StatementSample } from '../../../bench/statement-bench.js';
import { summarize } from '../../../bench/stats.js';

const MB = 2 ** 20;

function samples(replies: number[], calls: number[], getSession = 0): StatementSample[] {
  return replies.map((replyMs, i) => ({
    replyMs,
    backendMs: undefined,
    getStatementCalls: calls[i] ?? calls[0]!,
    getSessionCalls: getSession,
  }));
}

const startKernel = (ms: number[], rss: number) => ({
  ms,
  rssBytes: [rss],
  medianMs: summarize(ms).median,
  rssMedianBytes: rss,
});

const ready = (firstCellMedianMs: number, observed: number) => ({
  provisioningDelayMs: 300,
  trials: [],
  readyObservedToRunMedianMs: observed,
  readyEstimatedToRunMedianMs: observed + 100,
  firstCellMedianMs,
});

const measured: Sections = {
  start: {
    ok: true,
    value: {
      rounds: 3,
      kernels: {
        ours: startKernel([100, 110, 120], 60 * MB),
        oursUnbundled: startKernel([150, 160, 170], 61 * MB),
        ipykernel: startKernel([400, 420, 440], 50 * MB),
        official: startKernel([900, 950, 1000], 70 * MB),
      },
      nodeBareStartMedianMs: 40,
      ratio: 110 / 420,
    },
  },
  magicCell: {
    ok: true,
    value: {
      ours: { cell: '%region us-east-1', runs: 3, roundTripMs: summarize([1, 2, 9]) },
      official: { cell: '%region us-east-1', runs: 3, roundTripMs: summarize([20, 20, 20]) },
    },
  },
  firstCell: { ok: true, value: { ours: ready(700, 4), official: ready(2000, 5) } },
  statements: [
    {
      ok: true,
      value: {
        latencyMs: 0,
        results: {
          ours: [
            summarizeClass(100, 0, samples([120, 125, 130], [3, 4, 3])),
            summarizeClass(1000, 0, samples([1400], [40])),
            summarizeClass(100, 5000, samples([140], [3])),
          ],
          official: [
            summarizeClass(100, 0, samples([1010, 1010, 1010], [2], 1)),
            summarizeClass(1000, 0, samples([2010], [3], 1)),
            summarizeClass(100, 5000, samples([1020], [2], 1)),
          ],
        },
      },
    },
    {
      ok: true,
      value: {
        latencyMs: 30,
        results: { ours: [summarizeClass(100, 5000, samples([220], [3]))] },
      },
    },
  ],
  interrupt: {
    ok: true,
    value: {
      ours: { boundMs: 15_000, samples: [{ replyMs: 60 }], replyMedianMs: 60, noReply: 0 },
      official: { boundMs: 15_000, samples: [{}], noReply: 1 },
    },
  },
  memory: {
    ok: true,
    value: {
      statements: 2000,
      samples: [],
      startRssBytes: 80 * MB,
      judgedAt: 1000,
      judgedRssBytes: 90 * MB,
      endRssBytes: 91 * MB,
      slopeBytesPer1000: 1 * MB,
      slopeFromStatement: 1000,
    },
  },
  throughput: { ok: false, reason: 'glue-kernel local did not start within 20000 ms' },
};

describe('benchmark report', () => {
  it('allows GetStatement calls logarithmic in the duration, then one more per second', () => {
    expect(allowedGetStatementCalls(100)).to.equal(5); // polls at 50, 105 ms
    expect(allowedGetStatementCalls(1000)).to.equal(17); // 12 polls
    expect(allowedGetStatementCalls(3000)).to.equal(29); // 21 polls
    // Past ~9.5 s the sparsest schedule polls once a second: 10 s more, 10 polls (+25 %).
    expect(allowedGetStatementCalls(30_000) - allowedGetStatementCalls(20_000)).to.equal(12);
  });

  it('judges each target from the measurements, with the peers measured beside ours', () => {
    const rows = buildRows(measured);
    const byMetric = (prefix: string) => rows.find((r) => r.metric.startsWith(prefix))!;
    expect(byMetric('Start')).to.include({ ratio: '0.26×', met: 'yes' });
    expect(byMetric('Start').ours).to.equal('110 ms (unbundled 160 ms; bare `node -e ""`: 40 ms)');
    expect(byMetric('Start').reference).to.equal('ipykernel 420 ms; aws-glue-sessions 950 ms');
    expect(byMetric('Kernel RSS right after start')).to.include({ ours: '60.0 MB', met: 'n/a' });
    expect(byMetric('Magic-only')).to.include({ met: 'yes' });
    expect(byMetric('First code cell')).to.include({ ours: '700 ms', ratio: '0.35×' });
    expect(byMetric('First statement after READY')).to.include({ met: 'yes' });
    expect(byMetric('0.1 s statement: reply')).to.include({
      met: 'yes',
      reference: 'aws-glue-sessions 1010 ms',
    });
    expect(byMetric('1 s statement')).to.include({ met: 'no' });
    expect(byMetric('1 s statement').ours).to.equal('400 ms (reply 1400 ms)');
    expect(byMetric('0.1 s statement after 5 s idle: reply (median of 1)')).to.include({
      met: 'yes',
    });
    const withLatency = rows.find((r) => r.metric.includes('+30 ms/call'))!;
    expect(withLatency).to.include({ target: '≤ 210 ms (150 ms + 2 × 30 ms)', met: 'no' });
    const calls = byMetric('GetStatement (GetSession) calls');
    expect(calls).to.include({ ours: '3 / 40 (0)', met: 'no' });
    expect(calls.reference).to.equal('aws-glue-sessions 2 / 3 (1)');
    expect(byMetric('Interrupt')).to.include({
      ours: 'median 60 ms',
      reference: 'aws-glue-sessions no reply within 15 s in 1 of 1',
    });
    expect(byMetric('Kernel RSS after 1,000')).to.include({
      ours: '90.0 MB (80.0 MB at 0, 91.0 MB at 2,000); slope +1.0 MB/1,000 from 1,000 on',
      met: 'yes',
    });
  });

  it('keeps a row for a section that was not measured, saying why', () => {
    const row = buildRows(measured).find((r) => r.metric.startsWith('Local endpoint'))!;
    expect(row.met).to.equal('n/a');
    expect(row.ours).to.equal('not measured: glue-kernel local did not start within 20000 ms');
  });

  it('says when a peer was not measured instead of inventing a ratio', () => {
    const withoutPeers: Sections = {
      ...measured,
      start: {
        ok: true,
        value: {
          rounds: 3,
          kernels: { ours: startKernel([100], 60 * MB) },
          nodeBareStartMedianMs: 40,
          ratio: Number.NaN,
        },
      },
    };
    const row = buildRows(withoutPeers)[0]!;
    expect(row).to.include({ ratio: '', met: 'n/a' });
    expect(row.reference).to.contain('ipykernel not measured');
  });

  it('renders aligned text and Markdown with escaped pipes, and the calls curve', () => {
    const rows = [
      {
        metric: 'a|b',
        ours: '1 ms',
        reference: '',
        ratio: '',
        target: '< 5 ms',
        met: 'yes' as const,
      },
    ];
    const markdown = markdownTable(rows).split('\n');
    expect(markdown[0]).to.equal(
      '| Metric | glue-kernel | Peers (measured in the same run) | Ratio | Target | Met |',
    );
    expect(markdown[2]).to.equal('| a\\|b | 1 ms |  |  | < 5 ms | yes |');
    const text = textTable(rows).split('\n');
    expect(text).to.have.length(3);
    expect(text[2]!.indexOf('1 ms')).to.equal(text[0]!.indexOf('glue-kernel'));
    const curve = curveTable([
      { durationMs: 1000, oursScheduled: 15, officialScheduled: 2, oursMeasured: 14 },
    ]).split('\n');
    expect(curve[2]).to.equal('| 1 s | 14 | 15 |  | 2 |');
  });
});
