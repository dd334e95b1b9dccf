import { usageError } from '../errors.js';
import type {
  AssumeRoleSpec,
  CallerIdentity,
  StaticCredentialsSpec,
} from '../session/session-service.js';
import { readFlags, readRoleArn, type ReadFlags } from './arg-readers.js';
import { defineMagic, type MagicEnv, type MagicSpec } from './magic-spec.js';
import { LiteralSyntaxError, parsePythonLiteral, type LiteralValue } from './python-literal.js';
import { quoteInput } from '../util/quote-input.js';

/**
 * %assume_role (line, new) and %%assume_role (cell, official): the credentials used to create and
 * drive sessions. Secret values are never echoed, not even in error messages.
 */

type CredentialsArgs =
  | { action: 'assume'; spec: AssumeRoleSpec }
  | { action: 'static'; keys: StaticCredentialsSpec }
  | { action: 'clear' };

const FLAGS = { withValue: ['duration', 'external-id', 'session-name'], switches: ['--clear'] };
const MIN_DURATION = 900;
const MAX_DURATION = 43200;

function readDuration(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < MIN_DURATION || n > MAX_DURATION) {
    throw usageError(
      `The duration '${quoteInput(String(value))}' must be whole seconds between ${MIN_DURATION} and ${MAX_DURATION}.`,
    );
  }
  return n;
}

function readSessionName(value: string): string {
  if (!/^[\w+=,.@-]{2,64}$/.test(value)) {
    throw usageError(
      `'${quoteInput(value)}' is not a role session name (2-64 of letters, digits and +=,.@_-).`,
    );
  }
  return value;
}

function readExternalId(value: string): string {
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(value))
    throw usageError('The external id has invalid characters.');
  return value;
}

function optionsFromFlags(flags: ReadFlags): Omit<AssumeRoleSpec, 'roleArn'> {
  const options: Omit<AssumeRoleSpec, 'roleArn'> = {};
  if (flags.values.duration !== undefined)
    options.durationSeconds = readDuration(flags.values.duration);
  if (flags.values['external-id'] !== undefined)
    options.externalId = readExternalId(flags.values['external-id']);
  if (flags.values['session-name'] !== undefined) {
    options.sessionName = readSessionName(flags.values['session-name']);
  }
  return options;
}

const KEY_FIELDS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];
/**
 * `role_session_name` is the name AWS's own APIs and config files use for `session_name`: a
 * policy written for the official kernel's fixed name can be met by giving that name here.
 */
const ROLE_FIELDS = ['role_arn', 'duration', 'external_id', 'session_name', 'role_session_name'];

/** Reads the body without ever quoting it: it may hold secret keys. */
function readBodyLiteral(body: string): LiteralValue {
  const trimmed = body.trim();
  // A bare ARN, which the official kernel refused with a SyntaxError.
  if (/^arn:\S+$/.test(trimmed)) return trimmed;
  try {
    return parsePythonLiteral(body);
  } catch (err) {
    if (err instanceof LiteralSyntaxError) {
      throw usageError(
        `The %%assume_role body could not be read at line ${err.line}, column ${err.column}; expected a role ARN or a dict of keys.`,
      );
    }
    throw err;
  }
}

function stringField(dict: Record<string, LiteralValue>, key: string): string | undefined {
  const value = dict[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw usageError(`'${key}' must be a non-empty string.`);
  }
  return value.trim();
}

function readDictBody(
  dict: Record<string, LiteralValue>,
  lineOptions: Omit<AssumeRoleSpec, 'roleArn'>,
): CredentialsArgs {
  const unknown = Object.keys(dict).filter(
    (k) => !KEY_FIELDS.includes(k) && !ROLE_FIELDS.includes(k),
  );
  if (unknown.length > 0) {
    throw usageError(
      `Unknown key(s) ${unknown.map((k) => `'${quoteInput(k)}'`).join(', ')}; allowed: ${[...KEY_FIELDS, ...ROLE_FIELDS].join(', ')}.`,
    );
  }
  const roleArn = stringField(dict, 'role_arn');
  if (roleArn !== undefined) {
    const spec: AssumeRoleSpec = { roleArn: readRoleArn(roleArn), ...lineOptions };
    const duration = dict.duration;
    if (duration !== undefined && duration !== null) {
      if (typeof duration !== 'number' && typeof duration !== 'string')
        throw usageError("'duration' must be a number of seconds.");
      spec.durationSeconds = readDuration(duration);
    }
    const externalId = stringField(dict, 'external_id');
    if (externalId !== undefined) spec.externalId = readExternalId(externalId);
    const sessionName = stringField(dict, 'session_name');
    const roleSessionName = stringField(dict, 'role_session_name');
    if (sessionName !== undefined && roleSessionName !== undefined)
      throw usageError(
        'Give session_name or role_session_name, not both: they are the same setting.',
      );
    const name = sessionName ?? roleSessionName;
    if (name !== undefined) spec.sessionName = readSessionName(name);
    return { action: 'assume', spec };
  }
  const accessKeyId = stringField(dict, 'aws_access_key_id');
  const secretAccessKey = stringField(dict, 'aws_secret_access_key');
  const sessionToken = stringField(dict, 'aws_session_token');
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw usageError(
      'The dict needs role_arn, or aws_access_key_id and aws_secret_access_key (and aws_session_token).',
    );
  }
  const keys: StaticCredentialsSpec = { accessKeyId, secretAccessKey };
  if (sessionToken !== undefined) keys.sessionToken = sessionToken;
  return { action: 'static', keys };
}

async function runCredentials(args: CredentialsArgs, env: MagicEnv): Promise<void> {
  if (args.action === 'clear') {
    env.session.clearAssumedRole();
    env.out.stdout(
      'Assumed role cleared; the base credentials (profile or default chain) are used again.\n',
    );
    return;
  }
  const identity: CallerIdentity =
    args.action === 'assume'
      ? await env.session.assumeRole(args.spec, env.signal)
      : await env.session.useStaticCredentials(args.keys, env.signal);
  // The official line, only where a role was assumed; given keys are used as they are.
  env.out.stdout(
    args.action === 'assume'
      ? 'Role assumed successfully\n'
      : 'Using the given keys for all AWS calls.\n',
  );
  env.out.stdout(`Acting as: ${identity.arn} (account ${identity.account})\n`);
  if (identity.expiration !== undefined) {
    env.out.stdout(
      `Credentials valid until ${identity.expiration.toISOString()}${args.action === 'assume' ? ', refreshed automatically' : ''}.\n`,
    );
  }
}

const HELP =
  'The role is assumed with the current %profile/%region credentials as the caller and is ' +
  'refreshed automatically before it expires. Options: --duration SECONDS (900-43200), ' +
  '--external-id ID, --session-name NAME; --clear goes back to the base credentials. ' +
  'The role session name defaults to glue-kernel-<your user name>, so CloudTrail names the user ' +
  '(the official kernel always used AssumeRoleSession); give --session-name AssumeRoleSession ' +
  'for policies written for that name.';

export const assumeRoleLineMagic: MagicSpec = defineMagic<CredentialsArgs>({
  name: 'assume_role',
  kind: 'line',
  section: 'Sessions Magic',
  summary: 'Assumes an IAM role (e.g. in another account) for creating and using sessions.',
  usage: '%assume_role ROLE_ARN [--duration S] [--external-id ID] [--session-name N] | --clear',
  example: '%assume_role arn:aws:iam::222222222222:role/GlueSessionCreationRole',
  help: HELP,
  livePolicy: 'apply',
  flags: ['--duration', '--external-id', '--session-name', '--clear'],
  parse(arg) {
    const flags = readFlags(arg, FLAGS);
    if (flags.switches.has('clear')) {
      if (flags.positionals.length > 0 || Object.keys(flags.values).length > 0) {
        throw usageError('--clear takes no role ARN or options.');
      }
      return { action: 'clear' };
    }
    if (flags.positionals.length !== 1) {
      throw usageError(
        flags.positionals.length === 0 ? 'A role ARN is required.' : 'Give exactly one role ARN.',
      );
    }
    return {
      action: 'assume',
      spec: { roleArn: readRoleArn(flags.positionals[0]!), ...optionsFromFlags(flags) },
    };
  },
  run: runCredentials,
});

export const assumeRoleCellMagic: MagicSpec = defineMagic<CredentialsArgs>({
  name: 'assume_role',
  kind: 'cell',
  section: 'Glue Config Magic',
  summary: 'Assumes a role (quoted or bare ARN) or uses the given keys (a dict) for all AWS calls.',
  usage:
    '%%assume_role [--duration S] [--external-id ID] [--session-name N]\nROLE_ARN | {"aws_access_key_id": ..., ...}\n%%assume_role --clear',
  example: '%%assume_role\n"arn:aws:iam::222222222222:role/GlueSessionCreationRole"',
  help: `${HELP} The body may also be a dict with aws_access_key_id, aws_secret_access_key and aws_session_token, or with role_arn plus duration, external_id and session_name (or role_session_name).`,
  livePolicy: 'apply',
  flags: ['--duration', '--external-id', '--session-name', '--clear'],
  parse(arg, body) {
    const flags = readFlags(arg, FLAGS);
    if (flags.switches.has('clear')) {
      if ((body ?? '').trim() !== '' || Object.keys(flags.values).length > 0) {
        throw usageError('--clear takes no role ARN, keys or options.');
      }
      return { action: 'clear' };
    }
    if (flags.positionals.length > 0) {
      throw usageError(
        `Unexpected '${quoteInput(flags.positionals.join(' '))}' on the %%assume_role line; the role ARN or dict goes below it.`,
      );
    }
    const lineOptions = optionsFromFlags(flags);
    if ((body ?? '').trim() === '')
      throw usageError('%%assume_role needs a role ARN or a dict of keys below it.');
    const value = readBodyLiteral(body ?? '');
    if (typeof value === 'string')
      return { action: 'assume', spec: { roleArn: readRoleArn(value), ...lineOptions } };
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return readDictBody(value, lineOptions);
    throw usageError('The %%assume_role body must be a role ARN string or a dict of keys.');
  },
  run: runCredentials,
});
