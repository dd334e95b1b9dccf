import { expect } from 'chai';
import {
  allowedGetStatementCalls,
  buildRows,
  markdownTable,
  textTable,
  type Sections,
} from '../../../bench/report.js';
import type { StatementClassResult } from '../../../bench/statement-bench.js';
import { summarize } from '../../../bench/stats.js';

const MB = 2 ** 20;

function statementClass(
  durationMs: number,
  replies: number[],
  calls: number[],
): StatementClassResult {
  return {
    durationMs,
    runs: replies.length,
    replyMs: summarize(replies),
    overheadMedianMs: summarize(replies).median - durationMs,
    allowedOverheadMs: durationMs <= 100 ? 50 : durationMs * 0.1 + 50,
    getStatementCallsMedian: summarize(calls).median,
    getStatementCallsMax: Math.max(...calls),
    backendMedianMs: durationMs + 3,
    officialModelReplyMs: 1000 * Math.max(1, Math.ceil((durationMs + 3) / 1000)),
    officialModelGetStatementCalls: Math.max(1, Math.ceil((durationMs + 3) / 1000)) + 1,
    samples: [],
  };
}

const measured: Sections = {
  start: {
    ok: true,
    value: {
      rounds: 3,
      oursMs: [100, 110, 120],
      oursRssBytes: [60 * MB],
      oursMedianMs: 110,
      oursRssMedianBytes: 60 * MB,
      nodeBareStartMedianMs: 40,
      ipykernelMs: [400, 420, 440],
      ipykernelRssBytes: [50 * MB],
      ipykernelMedianMs: 420,
      ipykernelRssMedianBytes: 50 * MB,
      ratio: 110 / 420,
    },
  },
  magicCell: {
    ok: true,
    value: { cell: '%region us-east-1', runs: 3, roundTripMs: summarize([1, 2, 9]) },
  },
  ready: {
    ok: true,
    value: {
      provisioningDelayMs: 300,
      trials: [],
      readyObservedToRunMedianMs: 4,
      readyEstimatedToRunMedianMs: 420,
      firstCellMedianMs: 700,
    },
  },
  statements: {
    ok: true,
    value: [statementClass(100, [120, 125, 130], [3, 4, 3]), statementClass(1000, [1400], [40])],
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

  it('judges each §9 target from the measurements', () => {
    const rows = buildRows(measured);
    const byMetric = (prefix: string) => rows.find((r) => r.metric.startsWith(prefix))!;
    expect(byMetric('Start')).to.include({ ratio: '0.26×', met: 'yes' });
    expect(byMetric('Start').ours).to.equal('110 ms (bare `node -e ""`: 40 ms)');
    expect(byMetric('Start').reference).to.equal('ipykernel 420 ms');
    expect(byMetric('Kernel RSS right after start')).to.include({ ours: '60.0 MB', met: 'n/a' });
    expect(byMetric('Magic-only')).to.include({ met: 'yes' });
    expect(byMetric('0.1 s statement')).to.include({ met: 'yes', reference: 'model: 1000 ms' });
    expect(byMetric('1 s statement')).to.include({ met: 'no' });
    expect(byMetric('1 s statement').ours).to.equal('400 ms (reply 1400 ms)');
    expect(byMetric('GetStatement calls')).to.include({ met: 'no' });
    expect(byMetric('First statement after READY')).to.include({ met: 'no' });
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

  it('says when ipykernel was skipped instead of inventing a ratio', () => {
    const skipped: Sections = {
      ...measured,
      start: {
        ok: true,
        value: {
          rounds: 3,
          oursMs: [100],
          oursRssBytes: [60 * MB],
          oursMedianMs: 100,
          oursRssMedianBytes: 60 * MB,
          nodeBareStartMedianMs: 40,
          skipped: 'ipykernel skipped: .venv/bin/python is missing',
        },
      },
    };
    const row = buildRows(skipped)[0]!;
    expect(row).to.include({ ratio: '', met: 'n/a' });
    expect(row.reference).to.contain('ipykernel skipped');
  });

  it('renders aligned text and Markdown with escaped pipes', () => {
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
      '| Metric | glue-kernel (measured) | Reference | Ratio | Target (SPEC §9) | Met |',
    );
    expect(markdown[2]).to.equal('| a\\|b | 1 ms |  |  | < 5 ms | yes |');
    const text = textTable(rows).split('\n');
    expect(text).to.have.length(3);
    expect(text[2]!.indexOf('1 ms')).to.equal(text[0]!.indexOf('glue-kernel (measured)'));
  });
});
