import { KernelError, usageError } from '../errors.js';
import { renderSessionList } from '../render/session-list.js';
import { renderStatusReport } from '../render/status-report.js';
import { readFlags, readKeyValuePairs, readPositiveInteger, readSessionId } from './arg-readers.js';
import type { SessionStatusReport, StopResult } from '../session/session-service.js';
import { maskSecretValues } from '../util/secrets.js';
import { defineMagic, type MagicEnv, type MagicSpec } from './magic-spec.js';
import { quoteInput } from '../util/quote-input.js';

/** %status, %list_sessions, %stop_session, %delete_session, %reconnect. */

function noArgument(name: string) {
  return (arg: string): Record<string, never> => {
    if (arg.trim() !== '')
      throw usageError(`%${name} takes no argument (got '${quoteInput(arg.trim())}').`);
    return {};
  };
}

/**
 * A session id the user typed that Glue does not know is most likely mistyped or in another
 * region or account; the session layer's generic "no longer exists" hint would mislead.
 */
async function withNamedSession<T>(id: string, env: MagicEnv, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof KernelError) || err.ename !== 'EntityNotFoundException') throw err;
    const region = env.session.resolve('region')?.value;
    throw new KernelError(err.kind, err.message, {
      ename: err.ename,
      cause: err,
      hint: `No session '${quoteInput(id)}' was found in ${region === undefined ? 'this region' : `region ${region}`} for this account; check the id (%list_sessions shows the sessions).`,
    });
  }
}

export const statusMagic = defineMagic<Record<string, never>>({
  name: 'status',
  kind: 'line',
  section: 'Sessions Magic',
  summary: 'Shows the current session: status, role, versions, workers, tags, arguments, identity.',
  usage: '%status',
  example: '%status',
  help: 'One GetSession and one GetTags call; fields the session does not report are skipped.',
  livePolicy: 'apply',
  parse: noArgument('status'),
  async run(_args, env) {
    const report = await env.session.status(env.signal);
    if (report === undefined) {
      env.out.stdout('There is no current session.\n');
      return;
    }
    env.out.display(renderStatusReport(withMaskedArguments(report)));
  },
});

/** The session's default arguments as %status may show them: masked by the one masking rule. */
function withMaskedArguments(report: SessionStatusReport): SessionStatusReport {
  const args = report.session.defaultArguments;
  if (args === undefined) return report;
  return { ...report, session: { ...report.session, defaultArguments: maskSecretValues(args) } };
}

interface ListArgs {
  tags?: Record<string, string>;
  max?: number;
}

export const listSessionsMagic = defineMagic<ListArgs>({
  name: 'list_sessions',
  kind: 'line',
  section: 'Sessions Magic',
  summary: 'Lists the sessions of the account and region, optionally only those with given tags.',
  usage: '%list_sessions [--tags KEY=VALUE,...] [--max N]',
  example: "%list_sessions --tags 'team=analytics,billing=Data Platform'",
  help:
    'Reads every page of ListSessions (up to --max sessions). Works before any session exists. ' +
    '--tags may be repeated; quote a value that has blanks.',
  livePolicy: 'apply',
  flags: ['--tags', '--max'],
  parse(arg) {
    const flags = readFlags(arg, { withValue: ['tags', 'max'] });
    if (flags.positionals.length > 0)
      throw usageError(`Unexpected '${quoteInput(flags.positionals.join(' '))}'.`);
    const args: ListArgs = {};
    const tagFilters = flags.repeated.tags ?? [];
    if (tagFilters.length > 0) {
      args.tags = Object.assign(
        {},
        ...tagFilters.map((filter) => readKeyValuePairs(filter, 'tag filter')),
      ) as Record<string, string>;
    }
    if (flags.values.max !== undefined)
      args.max = readPositiveInteger(flags.values.max, '--max value');
    return args;
  },
  async run(args, env) {
    const sessions = await env.session.listSessions(args, env.signal);
    env.out.display(
      renderSessionList(sessions, { tags: args.tags, currentId: env.session.currentSessionId() }),
    );
  },
});

export const stopSessionMagic = defineMagic<Record<string, never>>({
  name: 'stop_session',
  kind: 'line',
  section: 'Sessions Magic',
  summary: 'Stops the current session; the next code cell creates a new one.',
  usage: '%stop_session',
  example: '%stop_session',
  help: 'Calls StopSession and waits (bounded) until the session has left READY.',
  livePolicy: 'apply',
  parse: noArgument('stop_session'),
  endsSession: () => true,
  async run(_args, env) {
    const id = env.session.currentSessionId();
    if (id === undefined) {
      env.out.stdout('There is no current session.\n');
      return;
    }
    env.out.stdout(`Stopping session: ${id}\n`);
    const result = await env.session.stopSession(env.signal);
    if (result?.status === 'NOT_FOUND') {
      env.out.stdout(
        `Session ${result.id} no longer exists (it was deleted outside this kernel); there is nothing to stop.\n`,
      );
      return;
    }
    env.out.stdout(`${stopOutcome(result)}\n`);
  },
});

/** One line saying how the stop ended (the kernel has let go of the session in every case). */
function stopOutcome(result: StopResult | undefined): string {
  const status = result?.status ?? 'STOPPED';
  if (status === 'STOPPED') return 'Stopped session.';
  if (status === 'STOPPING')
    return 'Stopped session (Glue reports it STOPPING and finishes the stop on its own).';
  if (status === 'READY' || status === 'PROVISIONING')
    return `Stop requested, but session ${result!.id} was still ${status} when the wait ended; %list_sessions shows whether Glue stopped it.`;
  return `Stopped session (it had already ended: ${status}).`;
}

export const deleteSessionMagic = defineMagic<{ id?: string }>({
  name: 'delete_session',
  kind: 'line',
  section: 'Sessions Magic',
  summary: 'Deletes the current session, or the session with the given id.',
  usage: '%delete_session [SESSION_ID]',
  example: '%delete_session',
  help: 'Calls DeleteSession. Deleting the current session clears it; the next code cell creates a new one.',
  livePolicy: 'apply',
  parse: (arg) => (arg.trim() === '' ? {} : { id: readSessionId(arg) }),
  endsSession: (args) => args.id === undefined,
  async run(args, env) {
    const target = args.id ?? env.session.currentSessionId();
    if (target === undefined) {
      env.out.stdout('There is no current session.\n');
      return;
    }
    env.out.stdout(`Deleting session: ${target}\n`);
    const deleted =
      args.id === undefined
        ? await env.session.deleteSession(undefined, env.signal)
        : await withNamedSession(args.id, env, () =>
            env.session.deleteSession(args.id, env.signal),
          );
    env.out.stdout(`Deleted session: ${deleted}\n`);
  },
});

export const reconnectMagic = defineMagic<{ id: string }>({
  name: 'reconnect',
  kind: 'line',
  section: 'Sessions Magic',
  summary: 'Attaches the kernel to another READY session; the current one keeps running.',
  usage: '%reconnect SESSION_ID',
  example: '%reconnect team-analytics-5f1c2d1e-0000-4000-8000-000000000000',
  help: 'Variables live in the session, so those of the session you attach to are available.',
  livePolicy: 'apply',
  parse: (arg) => ({ id: readSessionId(arg) }),
  attachesSession: () => true,
  async run(args, env) {
    env.out.stdout(`Trying to switch to Session: ${args.id}\n`);
    if (env.session.currentSessionId() === args.id) {
      env.out.stdout(`Session: ${args.id} is already active.\n`);
      return;
    }
    env.out.stdout('NOTE: Switching to a live session will not terminate the current session.\n');
    await withNamedSession(args.id, env, () => env.session.reconnect(args.id, env.signal));
    env.out.stdout(`Switched to Session: ${args.id}.\n`);
  },
});

export const lifecycleMagics: MagicSpec[] = [
  statusMagic,
  listSessionsMagic,
  stopSessionMagic,
  deleteSessionMagic,
  reconnectMagic,
];
