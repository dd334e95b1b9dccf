import { expect } from 'chai';
import type { Logger } from '../../../src/util/logger.js';
import { QUOTED_INPUT_LIMIT, quoteInput } from '../../../src/util/quote-input.js';
import { interpreterHarness } from '../../support/interpreter-harness.js';

/** Error replies and log lines quote a bounded piece of what was typed, however long it is. */
describe('long input in errors and logs', () => {
  const huge = 'x'.repeat(1_000_000);
  const cells = [
    `%region ${huge}`,
    `%idle_timeout ${huge}`,
    `%iam_role arn:${huge}`,
    `%session_id_prefix !${huge}`,
    `%${huge}`,
    `%%configure\n{'max_capacity': '${huge}'}`,
    `%%configure\n{'idle_timeout': '${huge}'}`,
    `%%tags\n{'${huge}': 'v'}`,
    `%%assume_role\n{'${huge}': 'v'}`,
    `%stop_session ${huge}`,
  ];

  for (const cell of cells) {
    it(`quotes at most ${QUOTED_INPUT_LIMIT} characters of ${cell.slice(0, 20)}…`, async () => {
      const logged: string[] = [];
      const log = (line: string): number => logged.push(line);
      const logger: Logger = { debug: log, info: log, warn: log, error: log };
      const h = interpreterHarness({ logger });
      const run = await h.run(cell);
      expect(run.outcome.status).to.equal('error');
      if (run.outcome.status !== 'error') return;
      expect(run.outcome.evalue).to.include('(1,000,00');
      expect(run.outcome.evalue.length, run.outcome.evalue.slice(0, 300)).to.be.below(800);
      expect(run.seen.length).to.be.below(2_000);
      for (const line of logged) expect(line.length).to.be.below(1_000);
      expect(h.glue.calls).to.deep.equal([]);
    });
  }

  it('keeps short input whole and never cuts a character in two', () => {
    expect(quoteInput('us-east-1')).to.equal('us-east-1');
    const emoji = `${'a'.repeat(QUOTED_INPUT_LIMIT - 1)}😀${'b'.repeat(10)}`;
    expect(quoteInput(emoji)).to.equal(`${'a'.repeat(QUOTED_INPUT_LIMIT - 1)}… (211 characters)`);
  });
});
