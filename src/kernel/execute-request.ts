/**
 * One execute_request, start to reply: count, execute_input, the interpreter, execute_result or
 * error. The interpreter reports errors as data; anything it throws is turned into an error
 * outcome here, so every request still gets exactly one reply.
 */
import { errorMessage } from '../util/error-message.js';
import type { ContentByType, TypedMessage } from '../protocol/messages.js';
import type { ErrorContent, ExecuteOutcome, Interpreter } from '../kernel-api/interpreter.js';
import { RequestContext, type IopubPublisher } from './request-context.js';
import { optionalBoolean, requireString } from './request-content.js';

export interface ExecuteSettings {
  code: string;
  silent: boolean;
  /** Counted requests increment execution_count (neither silent nor store_history: false). */
  counted: boolean;
  stopOnError: boolean;
}

export function readExecuteRequest(request: TypedMessage<'execute_request'>): ExecuteSettings {
  const code = requireString(request.content, 'code');
  const silent = optionalBoolean(request.content, 'silent', false);
  const storeHistory = optionalBoolean(request.content, 'store_history', !silent);
  return {
    code,
    silent,
    counted: !silent && storeHistory,
    stopOnError: optionalBoolean(request.content, 'stop_on_error', true),
  };
}

export type ExecuteReplyContent = ContentByType['execute_reply'];

export async function runExecuteRequest(
  request: TypedMessage<'execute_request'>,
  settings: ExecuteSettings,
  executionCount: number,
  interpreter: Interpreter,
  publish: IopubPublisher,
  signal: AbortSignal,
): Promise<ExecuteReplyContent> {
  if (!settings.silent)
    publish(request, 'execute_input', { code: settings.code, execution_count: executionCount });
  // For the interpreter a probe is any request kept out of history (silent or store_history:
  // false): editors send those in the background, and they must never create a Glue session.
  const probe = !settings.counted;
  const ctx = new RequestContext(request, publish, executionCount, probe, signal);
  const outcome = await interpreterOutcome(interpreter, settings.code, ctx);
  if (outcome.status === 'error') {
    const error = { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
    publish(request, 'error', error);
    return { status: 'error', ...error, execution_count: executionCount };
  }
  if (outcome.result !== undefined && !settings.silent) {
    publish(request, 'execute_result', {
      execution_count: executionCount,
      data: outcome.result,
      metadata: {},
    });
  }
  return { status: 'ok', execution_count: executionCount, payload: [], user_expressions: {} };
}

async function interpreterOutcome(
  interpreter: Interpreter,
  code: string,
  ctx: RequestContext,
): Promise<ExecuteOutcome> {
  try {
    return await interpreter.execute(code, ctx);
  } catch (err) {
    return { status: 'error', ...thrownErrorContent(err) };
  }
}

/**
 * An interpreter reports its errors as data, so a throw is a bug of the interpreter: shown as an
 * InternalError with its stack. An abort (the interrupt reached code that threw it) is the user's
 * interrupt, not a bug.
 */
function thrownErrorContent(err: unknown): ErrorContent {
  if (err instanceof Error && err.name === 'AbortError') {
    const evalue = 'Interrupted by the user.';
    return { ename: 'Interrupted', evalue, traceback: [`Interrupted: ${evalue}`] };
  }
  const evalue = errorMessage(err);
  const traceback = (err instanceof Error ? (err.stack ?? '') : String(err)).split('\n');
  return { ename: 'InternalError', evalue, traceback };
}

/**
 * The reply of an execute request not run because an earlier one failed (stop_on_error): exactly
 * ipykernel's, without an execution_count, so the notebook shows the cell as never run.
 */
export const ABORTED_REPLY: ExecuteReplyContent = Object.freeze({ status: 'aborted' });
