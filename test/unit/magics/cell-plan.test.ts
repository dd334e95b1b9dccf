import { expect } from 'chai';
import fc from 'fast-check';
import { KernelError } from '../../../src/errors.js';
import { checkProfiles, planCell, type LiveView } from '../../../src/magics/cell-plan.js';
import { createMagicRegistry } from '../../../src/magics/registry.js';
import type { SessionSettings, SettingKey } from '../../../src/session/session-service.js';
import { thrownKernelError } from '../../support/interpreter-expect.js';
import { kernelErrorOf } from '../../support/kernel-error-of.js';

const registry = createMagicRegistry();

function view(live: boolean, current: SessionSettings = {}): LiveView {
  return { live, current: <K extends SettingKey>(key: K) => current[key] };
}

describe('planCell (validate, then apply)', () => {
  it('plans the scenario cell with every setting it changes', () => {
    const plan = planCell(
      '%idle_timeout 2880\n%glue_version 4.0\n%worker_type G.1X\n%number_of_workers 5\n%iam_role arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog\n%connections session_vpc',
      registry,
      view(false),
    );
    const patches = plan.steps.map((s) => (s.kind === 'magic' ? s.patch : {}));
    expect(Object.assign({}, ...patches)).to.deep.equal({
      idleTimeout: 2880,
      glueVersion: '4.0',
      workerType: 'G.1X',
      numberOfWorkers: 5,
      iamRole: 'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
      connections: ['session_vpc'],
    });
    expect(plan.code).to.equal(undefined);
  });

  it('keeps ! lines in order with the magics and the remote code after them', () => {
    const plan = planCell(
      '!echo one\n%region us-east-1\n!echo two\nspark.range(3).show()',
      registry,
      view(false),
    );
    expect(
      plan.steps.map((s) => (s.kind === 'shell' ? `!${s.command}` : s.spec.name)),
    ).to.deep.equal(['!echo one', 'region', '!echo two']);
    expect(plan.code).to.deep.equal({ text: 'spark.range(3).show()', line: 4 });
  });

  it('an unknown magic on line 3 rejects the whole cell and suggests the nearest name', () => {
    const err = thrownKernelError(() =>
      planCell(
        '%region eu-west-1\n%glue_version 4.0\n%idle_timout 60\nprint(1)',
        registry,
        view(false),
      ),
    );
    expect(err.message).to.equal(
      'Unknown magic %idle_timout (line 3); nothing in this cell was applied.',
    );
    expect(err.hint).to.equal('Did you mean %idle_timeout? %help lists every magic.');
  });

  it('a bad value names the magic, the line and shows an example', () => {
    const err = thrownKernelError(() =>
      planCell('%region eu-west-1\n%idle_timeout soon', registry, view(false)),
    );
    expect(err.message).to.equal(
      "%idle_timeout (line 2): 'soon' is not a whole number (idle timeout in minutes).",
    );
    expect(err.hint).to.include('Usage: %idle_timeout MINUTES');
    expect(err.hint).to.include('%idle_timeout 60');
  });

  it('says when a line magic is written as a cell magic and the other way round', () => {
    expect(
      thrownKernelError(() => planCell('%%region us-east-1', registry, view(false))).message,
    ).to.include('%region is a line magic, not a cell magic');
    expect(
      thrownKernelError(() => planCell("%tags {'a': 'b'}", registry, view(false))).message,
    ).to.include('%%tags is a cell magic, not a line magic');
  });

  it('points local IPython habits to the right place', () => {
    expect(
      thrownKernelError(() => planCell('%pip install pandas', registry, view(false))).hint,
    ).to.include('!pip');
  });

  describe('live-session policy', () => {
    it('refuses a change of region with a live session, with a hint', () => {
      const err = thrownKernelError(
        () =>
          planCell(
            '%idle_timeout 30\n%region eu-west-1',
            registry,
            view(true, { region: 'us-east-1' }),
          ),
        'state',
      );
      expect(err.message).to.equal(
        '%region (line 2) cannot change the region of a live session; nothing in this cell was applied.',
      );
      expect(err.hint).to.include('%stop_session');
      expect(err.hint).to.include('%%configure -f');
    });
    it('refuses connection keys in %%configure with a live session, like %region', () => {
      for (const body of [
        '{"region": "eu-west-1"}',
        '{"endpoint": "https://glue.eu-west-1.amazonaws.com"}',
        '{"profile": "other", "idle_timeout": 30}',
      ]) {
        const err = thrownKernelError(
          () => planCell(`%%configure\n${body}`, registry, view(true, { region: 'us-east-1' })),
          'state',
        );
        expect(err.message).to.match(
          /^%%configure \(line 1\) cannot change the \w+ of a live session/,
        );
        expect(err.hint).to.equal(
          'Run %stop_session first, or use %%configure -f to stop the session and apply new settings.',
        );
      }
    });
    it('keeps other %%configure keys for the next session, and -f may change connection keys', () => {
      expect(() =>
        planCell(
          '%%configure\n{"idle_timeout": 30, "region": "us-east-1"}',
          registry,
          view(true, { region: 'us-east-1' }),
        ),
      ).not.to.throw();
      expect(() =>
        planCell(
          '%%configure -f\n{"region": "eu-west-1"}',
          registry,
          view(true, { region: 'us-east-1' }),
        ),
      ).not.to.throw();
    });
    it('accepts re-running the same region (a config cell run again)', () => {
      expect(() =>
        planCell('%region us-east-1', registry, view(true, { region: 'us-east-1' })),
      ).not.to.throw();
    });
    it('accepts a region change after %stop_session in the same cell', () => {
      const plan = planCell(
        '%stop_session\n%region eu-west-1\n%idle_timeout 30',
        registry,
        view(true, { region: 'us-east-1' }),
      );
      expect(plan.steps.map((s) => s.kind === 'magic' && s.appliesToNextSession)).to.deep.equal([
        false,
        false,
        false,
      ]);
    });
    it('marks the changes a live session does not get, and only those', () => {
      const notices = (text: string, live: boolean, current: SessionSettings = {}) =>
        planCell(text, registry, view(live, current)).steps.map(
          (s) => s.kind === 'magic' && s.appliesToNextSession,
        );
      expect(notices('%idle_timeout 60\n%idle_timeout 60\n%status', true)).to.deep.equal([
        true,
        false,
        false,
      ]);
      expect(notices('%idle_timeout 60', true, { idleTimeout: 60 })).to.deep.equal([false]);
      expect(notices('%idle_timeout 60', false)).to.deep.equal([false]);
      expect(
        notices('%%configure\n{"tags": {"a": "1"}}', true, { tags: { a: '1', b: '2' } }),
      ).to.deep.equal([false]);
      expect(notices('%%configure -f\n{"idle_timeout": 5}', true)).to.deep.equal([false]);
    });
    it('knows a session is live after %reconnect in the same cell', () => {
      expect(
        planCell('%reconnect other-session\n%idle_timeout 60', registry, view(false)).steps.map(
          (s) => s.kind === 'magic' && s.appliesToNextSession,
        ),
      ).to.deep.equal([false, true]);
      const err = thrownKernelError(
        () =>
          planCell(
            '%reconnect other-session\n%region eu-west-1',
            registry,
            view(false, { region: 'us-east-1' }),
          ),
        'state',
      );
      expect(err.message).to.include('%region (line 2) cannot change the region');
    });
  });

  describe('profiles the session layer knows', () => {
    const known = async () => ['analytics-dev', 'default'];

    it('refuses an unknown %profile with the known profiles as the hint', async () => {
      const plan = planCell('%idle_timeout 60\n%profile analytcs-dev', registry, view(false));
      const err = await kernelErrorOf(checkProfiles(plan, known));
      expect(err.kind).to.equal('usage');
      expect(err.message).to.equal(
        "%profile (line 2): the AWS profile 'analytcs-dev' is not defined in the AWS config or credentials file; nothing in this cell was applied.",
      );
      expect(err.hint).to.equal('Known profiles: analytics-dev, default.');
    });
    it('checks a profile given to %%configure too, and says when no profile exists', async () => {
      const plan = planCell('%%configure\n{"profile": "prod"}', registry, view(false));
      const err = await kernelErrorOf(checkProfiles(plan, async () => []));
      expect(err.message).to.include("%%configure (line 1): the AWS profile 'prod' is not defined");
      expect(err.hint).to.include('aws configure --profile NAME');
    });
    it('accepts a known profile, and any profile when the session layer cannot list them', async () => {
      const plan = planCell('%profile analytics-dev', registry, view(false));
      await checkProfiles(plan, known);
      await checkProfiles(planCell('%profile anything', registry, view(false)), undefined);
    });
  });

  describe('property: random cells', () => {
    const names = registry.all().map((s) => s.name);
    const word = fc.oneof(
      fc.constantFrom(...names),
      fc.constantFrom('idle_timout', 'Region', 'pip', 'x', ''),
      fc.string({ maxLength: 8 }),
    );
    const arg = fc.oneof(
      fc.constantFrom(
        '',
        '0',
        '60',
        '4.0',
        'G.1X',
        'us-east-1',
        'a,b',
        'a,,b',
        '"x"',
        '--tags a=b',
        '-f',
        '-n 5',
      ),
      fc.string({ maxLength: 12 }),
    );
    const body = fc.oneof(
      fc.constantFrom(
        "{'team': 'analytics'}",
        '{"a": 1',
        '"arn:aws:iam::222222222222:role/R"',
        'SELECT 1',
        '',
      ),
      fc.string({ maxLength: 30 }),
    );
    const line = fc.oneof(
      fc.tuple(word, arg).map(([n, a]) => `%${n} ${a}`),
      fc.tuple(word, arg, body).map(([n, a, b]) => `%%${n} ${a}\n${b}`),
      fc.constantFrom('', '# comment', '!echo hi', 'print(1)', '  %region x'),
      fc.string({ maxLength: 20 }),
    );
    const cell = fc.array(line, { maxLength: 6 }).map((lines) => lines.join('\n'));

    it('never throws anything but a usage or state KernelError', () => {
      fc.assert(
        fc.property(cell, fc.boolean(), (text, live) => {
          try {
            planCell(text, registry, view(live, { region: 'us-east-1' }));
          } catch (err) {
            expect(err).to.be.instanceOf(KernelError);
            expect(['usage', 'state']).to.include((err as KernelError).kind);
            expect((err as KernelError).hint, (err as KernelError).message).to.be.a('string');
          }
        }),
        { numRuns: 3000 },
      );
    });

    it('a cell with an invalid magic anywhere yields no plan at all', () => {
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom('%region us-east-1', '%idle_timeout 60', '%etl', '# c', ''), {
            maxLength: 4,
          }),
          fc.constantFrom(
            '%idle_timout 60',
            '%idle_timeout soon',
            '%connections a,,b',
            '%worker_type',
          ),
          fc.array(fc.constantFrom('%glue_version 4.0', '%timeout 5', ''), { maxLength: 4 }),
          (before, bad, after) => {
            const text = [...before, bad, ...after].join('\n');
            let plan: unknown;
            try {
              plan = planCell(text, registry, view(false));
            } catch (err) {
              expect((err as KernelError).kind).to.equal('usage');
            }
            expect(plan).to.equal(undefined);
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});
