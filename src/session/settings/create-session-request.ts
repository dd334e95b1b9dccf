import { KernelError } from '../../errors.js';
import { isRoleArn } from '../aws/aws-arns.js';
import type { SessionRequest } from '../glue-types.js';
import type { SessionConfig } from './frozen-session-config.js';
import { SETTING_KEYS, settingRow } from './setting-registry.js';
import { quoteInput } from '../../util/quote-input.js';
import { maskSecretValues } from '../../util/secrets.js';

/**
 * SessionConfig → the CreateSession request, each setting placed where its registry row says,
 * validated against the service's limits before any call is made, so a bad value is a clear
 * local error rather than a remote one. The gateway only sends it.
 */
export interface RequestIdentity {
  /** The session id for this attempt (fresh per attempt). */
  id: string;
  /** The caller's STS UserId for the `owner` tag; omitted when unknown. */
  ownerUserId?: string;
}

const LIMITS = {
  tags: 50,
  tagKey: 128,
  tagValue: 256,
  defaultArguments: 75,
  argumentKey: 128,
  argumentValue: 4096,
  sessionId: 255,
  requestOrigin: 128,
  connections: 1000,
} as const;

const ID_PREFIX = /^[-/._#A-Za-z0-9]+$/;

/**
 * Why Glue would refuse this DefaultArguments entry (name `--key`), or undefined. %%configure
 * asks at once, so a bad key is refused when typed instead of failing every later session.
 */
export function defaultArgumentProblem(name: string, value: string): string | undefined {
  if (name.length > LIMITS.argumentKey || !/^[.\-_A-Za-z0-9]+$/.test(name))
    return `The argument name '${quoteInput(name, 60)}' is not accepted by Glue (letters, digits, . - _; at most ${LIMITS.argumentKey}).`;
  if (value.length > LIMITS.argumentValue)
    return `The value of argument '${quoteInput(name)}' is longer than ${LIMITS.argumentValue} characters.`;
  return undefined;
}

/** The id for one attempt: `prefix-uuid`, `prefix-custom`, the custom id, or a uuid. */
export function sessionIdFor(config: SessionConfig, fresh: string): string {
  const { sessionId, sessionIdPrefix } = config.settings;
  const base = sessionId ?? fresh;
  if (sessionIdPrefix && !ID_PREFIX.test(sessionIdPrefix)) {
    throw new KernelError(
      'config',
      `The session id prefix '${quoteInput(sessionIdPrefix)}' has characters Glue does not accept.`,
      {
        hint: 'Use only letters, digits and - / . _ # in %session_id_prefix.',
      },
    );
  }
  return sessionIdPrefix ? `${sessionIdPrefix}-${base}` : base;
}

/**
 * The `--glue_kernel_version` every session gets. It is the only CreateSession value that tells
 * Glue which kernel protocol level it talks to, and a service that gates behaviour on it must see
 * the official aws-glue-sessions kernel whose behaviour this kernel implements, not our own
 * package version (0.x would read as a kernel older than 1.0). This kernel names itself in the
 * SDK User-Agent instead (sdk-user-agent.ts).
 */
export const OFFICIAL_KERNEL_VERSION = '1.0.9';

function defaultArgumentsFor(config: SessionConfig): Record<string, string> {
  const args: Record<string, string> = {
    '--glue_kernel_version': OFFICIAL_KERNEL_VERSION,
    '--enable-glue-datacatalog': 'true',
  };
  if (config.kind === 'scala') args['--session-language'] = 'scala';
  for (const key of SETTING_KEYS) {
    const target = settingRow(key).createSession;
    const value = config.settings[key];
    if (target === undefined || !('argument' in target) || value === undefined) continue;
    args[target.argument] = Array.isArray(value) ? value.join(',') : String(value);
  }
  for (const [key, value] of Object.entries(config.settings.extraArguments ?? {})) {
    args[key.startsWith('--') ? key : `--${key}`] = value;
  }
  return args;
}

export function buildSessionRequest(config: SessionConfig, who: RequestIdentity): SessionRequest {
  const { settings } = config;
  if (
    settings.maxCapacity !== undefined &&
    (settings.workerType !== undefined || settings.numberOfWorkers !== undefined)
  ) {
    throw new KernelError(
      'config',
      'Both max capacity and a worker type/number of workers are set; Glue takes one or the other.',
      {
        hint: 'Keep %worker_type and %number_of_workers, or set only max_capacity with %%configure.',
      },
    );
  }
  requireWorkerPair(config);
  const tags: Record<string, string> = { ...settings.tags };
  if (tags['owner'] === undefined && who.ownerUserId)
    tags['owner'] = who.ownerUserId.replace(/,/g, '');
  const request: SessionRequest = {
    id: who.id,
    role: config.role.value,
    command: {
      name: config.sessionType === 'streaming' ? 'gluestreaming' : 'glueetl',
      pythonVersion: '3',
    },
    defaultArguments: defaultArgumentsFor(config),
    requestOrigin: config.requestOrigin,
  };
  const fields = request as unknown as Record<string, unknown>;
  for (const key of SETTING_KEYS) {
    const target = settingRow(key).createSession;
    const value = settings[key];
    if (target === undefined || !('field' in target) || value === undefined) continue;
    fields[target.field] = Array.isArray(value) ? [...value] : value;
  }
  if (Object.keys(tags).length > 0) request.tags = tags;
  validateSessionRequest(request);
  return request;
}

/** Glue refuses WorkerType without NumberOfWorkers and the reverse ("set both, or neither"). */
function requireWorkerPair({ settings }: SessionConfig): void {
  if (settings.workerType !== undefined && settings.numberOfWorkers === undefined) {
    invalid(
      `The worker type ${settings.workerType} is set but the number of workers is not; Glue needs both, or neither.`,
      'Set the number of workers with %number_of_workers, e.g. %number_of_workers 5.',
    );
  }
  if (settings.numberOfWorkers !== undefined && settings.workerType === undefined) {
    invalid(
      `The number of workers (${settings.numberOfWorkers}) is set but the worker type is not; Glue needs both, or neither.`,
      'Set the worker type with %worker_type, e.g. %worker_type G.1X.',
    );
  }
}

function invalid(message: string, hint: string): never {
  throw new KernelError('config', message, { hint });
}

function validateSessionRequest(r: SessionRequest): void {
  if (r.id.length < 1 || r.id.length > LIMITS.sessionId || /[\r\n]/.test(r.id)) {
    invalid(
      `The session id '${quoteInput(r.id, 40)}' is not 1-${LIMITS.sessionId} characters on one line.`,
      'Use a shorter %session_id_prefix or custom session_id.',
    );
  }
  if (!isRoleArn(r.role)) {
    invalid(
      `The session role '${quoteInput(r.role)}' is not an IAM role ARN.`,
      'Give a full ARN with %iam_role arn:aws:iam::ACCOUNT:role/NAME.',
    );
  }
  for (const [name, v] of [
    ['idle timeout', r.idleTimeout],
    ['timeout', r.timeout],
    ['number of workers', r.numberOfWorkers],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      invalid(
        `The ${name} ${v} is not a whole number of at least 1.`,
        `Set the ${name} with its magic, e.g. %idle_timeout 60.`,
      );
  }
  if (r.maxCapacity !== undefined && !(r.maxCapacity > 0))
    invalid(
      `Max capacity ${r.maxCapacity} is not positive.`,
      'Set max_capacity to a positive number of DPUs with %%configure.',
    );
  const tags = Object.entries(r.tags ?? {});
  if (tags.length > LIMITS.tags)
    invalid(
      `${tags.length} tags are set; Glue accepts at most ${LIMITS.tags}.`,
      'Remove some tags from %%tags or glue_tags.',
    );
  for (const [k, v] of tags) {
    if (k.length < 1 || k.length > LIMITS.tagKey)
      invalid(
        `The tag key '${quoteInput(k, 40)}' is not 1-${LIMITS.tagKey} characters.`,
        'Shorten it in %%tags.',
      );
    if (v.length > LIMITS.tagValue)
      invalid(
        `The value of tag '${quoteInput(k)}' is longer than ${LIMITS.tagValue} characters.`,
        'Shorten it in %%tags.',
      );
  }
  const args = Object.entries(r.defaultArguments);
  if (args.length > LIMITS.defaultArguments)
    invalid(
      `${args.length} default arguments are set; Glue accepts at most ${LIMITS.defaultArguments}.`,
      'Remove some keys from %%configure.',
    );
  for (const [k, v] of args) {
    const problem = defaultArgumentProblem(k, v);
    if (problem) invalid(problem, 'Fix the key or shorten the value in %%configure.');
  }
  if (
    r.requestOrigin !== undefined &&
    (r.requestOrigin.length > LIMITS.requestOrigin || !/^[.\-_A-Za-z0-9]+$/.test(r.requestOrigin))
  ) {
    invalid(
      `The request origin '${quoteInput(r.requestOrigin)}' is not accepted by Glue.`,
      'Fix the request_origin environment variable (letters, digits, . - _).',
    );
  }
  if ((r.connections?.length ?? 0) > LIMITS.connections)
    invalid('Too many connections are set.', 'Keep the ones the session needs in %connections.');
}

/** What the creation summary prints before CreateSession, secrets masked (util/secrets.ts). */
export function creationSummary(config: SessionConfig, r: SessionRequest): string[] {
  const lines = ['Trying to create a Glue session for the kernel.'];
  const src = (s: string): string =>
    s === 'default' ? ' (default)' : s === 'derived' ? " (the caller's role)" : '';
  lines.push(`Session Type: ${config.sessionType}${src(config.sources.sessionType ?? 'default')}`);
  if (r.maxCapacity !== undefined) lines.push(`Max Capacity: ${r.maxCapacity}`);
  if (r.workerType !== undefined) lines.push(`Worker Type: ${r.workerType}`);
  if (r.numberOfWorkers !== undefined) lines.push(`Number of Workers: ${r.numberOfWorkers}`);
  if (r.idleTimeout !== undefined) lines.push(`Idle Timeout: ${r.idleTimeout}`);
  if (r.timeout !== undefined) lines.push(`Timeout: ${r.timeout}`);
  lines.push(`Glue Version: ${r.glueVersion}${src(config.sources.glueVersion ?? 'default')}`);
  if (r.connections) lines.push(`Connections: ${r.connections.join(', ')}`);
  if (r.securityConfiguration) lines.push(`Security Configuration: ${r.securityConfiguration}`);
  lines.push(`Role: ${r.role}${src(config.role.source)}`);
  lines.push(`Region: ${config.region}`);
  if (r.tags)
    lines.push(
      `Tags: ${Object.entries(maskSecretValues(r.tags))
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  lines.push(`Session ID: ${r.id}`);
  lines.push('Applying the following default arguments:');
  for (const [k, v] of Object.entries(maskSecretValues(r.defaultArguments)))
    lines.push(`${k} ${v}`);
  return lines;
}
