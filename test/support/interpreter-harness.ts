import type { ExecuteOutcome } from '../../src/kernel-api/interpreter.js';
import { GlueInterpreter } from '../../src/interpreter/glue-interpreter.js';
import { silentLogger, type Logger } from '../../src/util/logger.js';
import { FakeExecutionContext } from './fake-execution-context.js';
import { sessionHarness, type Harness } from './session-harness.js';

/**
 * The interpreter wired to the real SessionController, the in-memory Glue gateway, a fake STS and
 * a fake clock: cells run end to end in zero wall time, and tests look at what the user sees.
 */
export interface InterpreterHarness extends Harness {
  interpreter: GlueInterpreter;
  run(code: string, options?: { silent?: boolean; ctx?: FakeExecutionContext }): Promise<CellRun>;
}

export interface CellRun {
  outcome: ExecuteOutcome;
  ctx: FakeExecutionContext;
  /** Every text the cell showed: streams, displays (text/plain) and the error traceback. */
  seen: string;
}

export function interpreterHarness(
  options: Parameters<typeof sessionHarness>[0] & { logger?: Logger } = {},
): InterpreterHarness {
  const harness = sessionHarness(options);
  let displayIds = 0;
  const interpreter = new GlueInterpreter({
    session: harness.controller,
    kind: 'pyspark',
    clock: harness.clock,
    logger: options.logger ?? silentLogger,
    version: '0.1.0-test',
    newId: () => `d${++displayIds}`,
  });
  let count = 0;
  return {
    ...harness,
    interpreter,
    async run(code, runOptions = {}) {
      const ctx = runOptions.ctx ?? new FakeExecutionContext(++count, runOptions.silent ?? false);
      const outcome = await interpreter.execute(code, ctx);
      const errorText = outcome.status === 'error' ? outcome.traceback.join('\n') : '';
      const seen = [ctx.text('stdout'), ctx.text('stderr'), ...ctx.displayedText(), errorText].join(
        '\n',
      );
      return { outcome, ctx, seen };
    },
  };
}
