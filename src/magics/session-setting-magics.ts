import { resolve as resolvePath } from 'node:path';
import { usageError } from '../errors.js';
import type { SettingSource } from '../session/session-service.js';
import { KNOWN_GLUE_VERSIONS, KNOWN_WORKER_TYPES } from '../session/settings/setting-readers.js';
import { settingRow } from '../session/settings/setting-registry.js';
import { readFlags } from './arg-readers.js';
import { defineMagic, type MagicEnv, type MagicSpec } from './magic-spec.js';
import { effective, settingMagic, shown } from './setting-magic.js';
import { registryMagics } from './registry-setting-magics.js';

/**
 * Magics that set one value of the next session's configuration (the magics table in the README
 * and `%help`). The key, reader and live-session policy of each are its row in the settings
 * registry (src/session/settings/setting-registry.ts); what is here is how the magic talks.
 */

export const COMMON_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];

const CHANGE_AFFECTS_CALLS =
  'Changing it would point the kernel away from the live session; run %stop_session first.';

export const profileMagic = settingMagic({
  name: 'profile',
  section: 'Sessions Magic',
  summary: 'AWS profile (from ~/.aws/config or ~/.aws/credentials) used to make the calls.',
  usage: '%profile NAME',
  example: '%profile analytics-dev',
  help: `SSO, credential_process and role_arn profiles all work. ${CHANGE_AFFECTS_CALLS}`,
  key: 'profile',
  report: (previous, value) => [
    `Previous profile: ${previous}`,
    `Setting new profile to: ${value}`,
  ],
  completeValues: async (session) => (await session?.knownProfiles?.()) ?? [],
});

export const regionMagic = settingMagic({
  name: 'region',
  section: 'Sessions Magic',
  summary: 'AWS region for the session and every AWS call.',
  usage: '%region REGION',
  example: '%region us-east-1',
  help: `The region is lowercased. A Glue connection must live in this region. ${CHANGE_AFFECTS_CALLS}`,
  key: 'region',
  report: (previous, value) => [
    `Previous region: ${previous}`,
    `Setting new region to: ${value}`,
    `Region is set to: ${value}`,
  ],
  completeValues: () => COMMON_REGIONS,
});

interface EndpointArgs {
  endpoint: string;
  /** Absolute path of the local endpoint's accounts file. */
  accounts?: string;
}

export const endpointMagic: MagicSpec = defineMagic<EndpointArgs>({
  name: 'endpoint',
  kind: 'line',
  section: 'Sessions Magic',
  summary:
    "Glue endpoint URL; 'local' uses the embedded local endpoint, optionally with an accounts file.",
  usage: '%endpoint URL | local [--accounts FILE]',
  example: '%endpoint local --accounts scenario-accounts.json',
  help:
    `Works with or without %profile. With local, --accounts FILE chooses the local endpoint's ` +
    'accounts (users, roles, policies; see docs/local-accounts.md), a path relative to the ' +
    "notebook's folder (where Jupyter starts the kernel); without it, GLUE_KERNEL_LOCAL_ACCOUNTS " +
    `or the built-in account. ${CHANGE_AFFECTS_CALLS}`,
  livePolicy: 'refuse',
  flags: ['--accounts'],
  parse(arg) {
    const flags = readFlags(arg, { withValue: ['accounts'] });
    if (flags.positionals.length > 1)
      throw usageError(`Give one endpoint (got '${flags.positionals.join(' ')}').`);
    const endpoint = settingRow('endpoint').read(flags.positionals[0] ?? '').value;
    const accounts = flags.values.accounts;
    if (accounts === undefined) return { endpoint };
    if (endpoint !== 'local')
      throw usageError(
        '--accounts chooses the accounts of the local endpoint: use %endpoint local --accounts FILE.',
      );
    return { endpoint, accounts: resolvePath(accounts) };
  },
  patch: (args) =>
    args.accounts === undefined
      ? { endpoint: args.endpoint }
      : { endpoint: args.endpoint, localAccounts: args.accounts },
  async run(args, env) {
    const previous = shown(effective(env, 'endpoint'));
    env.out.stdout(
      `Previous endpoint: ${previous}\nSetting new endpoint to: ${shown(args.endpoint)}\nEndpoint is set to: ${shown(args.endpoint)}\n`,
    );
    if (args.accounts !== undefined) env.out.stdout(`Local accounts file: ${args.accounts}\n`);
  },
  completeValues: () => ['local'],
});

export const iamRoleMagic = settingMagic({
  name: 'iam_role',
  section: 'Glue Config Magic',
  summary: 'IAM role the session runs as (CreateSession Role).',
  usage: '%iam_role ROLE_ARN',
  example: '%iam_role arn:aws:iam::123456789012:role/AWSGlueServiceRole-notebooks',
  help: 'This is the runtime role of the session, not the role used to create it (see %%assume_role).',
  key: 'iamRole',
  report: (previous, value) => [
    `Current iam_role is ${previous}`,
    `iam_role has been set to ${value}.`,
  ],
});

const SOURCE_TEXT: Record<SettingSource, string> = {
  magic: 'set in this notebook',
  environment: 'from the environment',
  'config-file': 'from the AWS config file',
  default: 'the default',
  derived: 'derived',
};

/** Glue's default session Timeout for Spark ETL sessions (CreateSession documentation). */
const GLUE_DEFAULT_TIMEOUT_MINUTES = 2880;

/**
 * The timeout in effect and where it comes from, e.g. `60 minutes (from the environment)` or, when
 * nothing sets it, Glue's default: the official kernel printed `None`, while %status showed 2880.
 */
function minutesInEffect(env: MagicEnv, key: 'idleTimeout' | 'timeout'): string {
  const resolved = env.session.resolve(key);
  if (resolved?.value !== undefined)
    return `${resolved.value} minutes (${SOURCE_TEXT[resolved.source]})`;
  if (env.session.resolve('sessionType')?.value === 'streaming')
    return "not set (Glue's default for streaming sessions applies)";
  if (key === 'timeout')
    return `${GLUE_DEFAULT_TIMEOUT_MINUTES} minutes (not set: Glue's default for Spark ETL sessions)`;
  const timeout = env.session.resolve('timeout')?.value;
  return timeout === undefined
    ? `${GLUE_DEFAULT_TIMEOUT_MINUTES} minutes (not set: Glue's default, the session timeout)`
    : `${timeout} minutes (not set: Glue's default, the session timeout)`;
}

/** %idle_timeout and %timeout: whole minutes, reported with the value in effect before. */
function minutesMagic(options: {
  name: string;
  key: 'idleTimeout' | 'timeout';
  summary: string;
  example: string;
  help: string;
  completeValues?: () => string[];
}): MagicSpec {
  return settingMagic({
    ...options,
    section: 'Sessions Magic',
    usage: `%${options.name} MINUTES`,
    describePrevious: (env) => minutesInEffect(env, options.key),
    report: (previous, value) => [
      `Current ${options.name} is ${previous}.`,
      `${options.name} has been set to ${value} minutes.`,
    ],
  });
}

export const idleTimeoutMagic = minutesMagic({
  name: 'idle_timeout',
  summary: 'Minutes of inactivity after which Glue stops the session.',
  example: '%idle_timeout 60',
  help: 'Whole minutes, at least 1. Glue defaults to 2880 minutes (48 hours) for Spark sessions.',
  key: 'idleTimeout',
  completeValues: () => ['30', '60', '120', '2880'],
});

export const timeoutMagic = minutesMagic({
  name: 'timeout',
  summary: 'Maximum lifetime of the session in minutes.',
  example: '%timeout 480',
  help: 'Whole minutes, at least 1. This bounds the whole session, not one statement.',
  key: 'timeout',
});

export const glueVersionMagic = settingMagic({
  name: 'glue_version',
  section: 'Sessions Magic',
  summary: 'Glue version of the session (default 4.0).',
  usage: '%glue_version VERSION',
  example: '%glue_version 4.0',
  help: 'Any N.N version is accepted; an unusual one is warned about and left to Glue to judge.',
  key: 'glueVersion',
  report: (_previous, value) => [`Setting Glue version to: ${value}`],
  completeValues: () => KNOWN_GLUE_VERSIONS,
});

export const workerTypeMagic = settingMagic({
  name: 'worker_type',
  section: 'Magic for Spark Sessions (ETL & Streaming)',
  summary: `Worker type: ${KNOWN_WORKER_TYPES.join(', ')}.`,
  usage: '%worker_type TYPE',
  example: '%worker_type G.1X',
  help: 'A type this kernel does not know is passed on with a warning, for Glue to judge.',
  key: 'workerType',
  report: (previous, value) => [
    `Previous worker type: ${previous}`,
    `Setting new worker type to: ${value}`,
  ],
  completeValues: () => KNOWN_WORKER_TYPES,
});

export const numberOfWorkersMagic = settingMagic({
  name: 'number_of_workers',
  section: 'Glue Config Magic',
  summary: 'Number of workers of the worker type.',
  usage: '%number_of_workers COUNT',
  example: '%number_of_workers 5',
  help: 'A whole number, at least 1; Glue Spark sessions usually need at least 2.',
  key: 'numberOfWorkers',
  read: (arg) => {
    const { value } = settingRow('numberOfWorkers').read(arg);
    return value < 2
      ? { value, warning: 'Glue Spark sessions usually need at least 2 workers.' }
      : { value };
  },
  report: (previous, value) => [
    `Previous number of workers: ${previous}`,
    `Setting new number of workers to: ${value}`,
  ],
  completeValues: () => ['2', '5', '10'],
});

export const securityConfigMagic = settingMagic({
  name: 'security_config',
  section: 'Glue Config Magic',
  summary: 'Glue security configuration (encryption) for the session.',
  usage: '%security_config NAME',
  example: '%security_config my-encryption-config',
  help: 'The name of an existing Glue security configuration.',
  key: 'securityConfig',
  report: (previous, value) => [
    `Previous security_config: ${previous}`,
    `Setting new security_config to: ${value}`,
  ],
});

export const sessionIdPrefixMagic = settingMagic({
  name: 'session_id_prefix',
  section: 'Sessions Magic',
  summary: 'Prefix of the next session id (prefix-uuid).',
  usage: '%session_id_prefix PREFIX',
  example: '%session_id_prefix team-analytics',
  help: 'Letters, digits and -._#/ only. It applies to the next session created.',
  key: 'sessionIdPrefix',
  report: (_previous, value) => [`Setting session ID prefix to ${value}`],
});

export const sessionIdMagic: MagicSpec = defineMagic<{ ignored: boolean }>({
  name: 'session_id',
  kind: 'line',
  section: 'Sessions Magic',
  summary: 'Shows the id of the current session.',
  usage: '%session_id',
  example: '%session_id',
  help: 'To choose the id of the next session use %%configure {"session_id": "my-id"}.',
  livePolicy: 'apply',
  parse: (arg) => ({ ignored: arg.trim() !== '' }),
  async run(args, env) {
    if (args.ignored) {
      env.out.stderr(
        '%session_id only shows the current id; to choose the next one use %%configure {"session_id": "my-id"}.\n',
      );
    }
    const id = env.session.currentSessionId();
    env.out.stdout(
      id === undefined ? 'There is no current session.\n' : `Current active Session ID: ${id}\n`,
    );
  },
});

export const sessionSettingMagics: MagicSpec[] = [
  profileMagic,
  regionMagic,
  endpointMagic,
  iamRoleMagic,
  idleTimeoutMagic,
  timeoutMagic,
  glueVersionMagic,
  workerTypeMagic,
  numberOfWorkersMagic,
  securityConfigMagic,
  sessionIdPrefixMagic,
  sessionIdMagic,
  ...registryMagics(),
];
