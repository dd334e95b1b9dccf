import { usageError } from '../../errors.js';
import { quoteInput } from '../../util/quote-input.js';
import {
  readBoolean,
  readEndpoint,
  readFilePath,
  readGlueVersion,
  readList,
  readMinutes,
  readPositiveInteger,
  readPositiveNumber,
  readRegion,
  readRoleArn,
  readSessionId,
  readSessionIdPrefix,
  readSessionType,
  readTagObject,
  readTagsJson,
  readText,
  readUrl,
  readWorkerType,
  type Warned,
} from './setting-readers.js';
import { refuseSecretSparkConf } from './secret-settings.js';
import type { SessionType } from './setting-types.js';

/**
 * Every session setting, one row each: where it can be set (line magic, `%%configure` key,
 * environment variables, keys of the profile's section of ~/.aws/config), the one reader every
 * source goes through, how a new value merges, its default, the CreateSession field it fills,
 * what a live session does with a change, and whether its value may hold a credential.
 * The resolver, the pending settings, %%configure, the setting magics and the request builder
 * all read this table; adding a setting is adding a row (docs/architecture.md, "Where to add …").
 */

/** Where a setting's value goes in CreateSession. */
export type CreateSessionTarget =
  /** A top-level field of the request (glue-types.ts SessionRequest), copied as is. */
  | { field: 'workerType' | 'numberOfWorkers' | 'maxCapacity' | 'idleTimeout' | 'timeout' }
  | { field: 'glueVersion' | 'securityConfiguration' | 'connections' }
  /** A DefaultArguments entry (a Glue job parameter); lists are joined with commas. */
  | { argument: `--${string}` }
  /** Built by the request builder itself (create-session-request.ts): Role, Id, Command, Tags. */
  | { built: 'Role' | 'Id' | 'Command.Name' | 'Tags' | 'DefaultArguments' };

/** How a %%configure value (a Python literal) is turned into the text the reader takes. */
export type ConfigureShape = 'text' | 'list' | 'boolean' | 'dict';

export interface SettingRow<T> {
  /** The line magic that sets it (the magic itself is in src/magics), if any. */
  magic?: string;
  /** The %%configure key(s) that set it; a `--key` also matches the key without `--`. */
  configure?: readonly string[];
  configureShape?: ConfigureShape;
  /** Environment variables, first found wins. */
  env: readonly string[];
  /** Keys in the chosen profile's section of the AWS config file, first found wins. */
  file: readonly string[];
  /** The one reader of a textual value, whatever its source; throws a usage error. */
  read(raw: string): Warned<T>;
  /**
   * A check of text typed into a cell (the magic, %%configure), run before the reader: a
   * credential typed there is refused, while one from the environment is only masked when shown.
   */
  refuseTyped?(raw: string): void;
  /** For a `dict` %%configure value: the reader of the parsed dictionary. */
  readDict?(value: unknown): T;
  /** `replace` (the last value wins) or `merge-keys` (a dictionary; later keys win, across sources too). */
  merge: 'replace' | 'merge-keys';
  fallback?: T;
  /** A value derived from other settings when no source sets it. */
  derive?(value: (key: 'endpoint') => string | undefined): T | undefined;
  /** Says where AWS calls go: a change rebuilds the clients and is refused under a live session. */
  connection?: true;
  /** What a change does while a session is live: refused, or applies to the next session. */
  livePolicy: 'refuse' | 'next-session';
  createSession?: CreateSessionTarget;
  /** The value may carry a credential: it is masked wherever it is shown or quoted. */
  mayHoldSecret?: true;
  /** How messages name it when its key is not plain enough. */
  label?: string;
  /**
   * A setting without a hand-written magic gets a generated one (magics/registry-setting-magics.ts)
   * from its `magic` name and this: one sentence for %help and an example value.
   */
  describe?: { summary: string; example: string };
}

const plain =
  <T>(read: (raw: string) => T) =>
  (raw: string): Warned<T> => ({ value: read(raw) });

/** `glue_x` names also count in upper case (GLUE_X), which the official kernel ignored. */
const glue = (...names: string[]): string[] =>
  names.flatMap((n) => (n.startsWith('glue_') ? [n, n.toUpperCase()] : [n]));

function row<T>(spec: SettingRow<T>): SettingRow<T> {
  return spec;
}

/** A raw `--conf` value, e.g. `spark.a=b --conf spark.c=d`. */
function readSparkConf(raw: string): string {
  const conf = readText(raw, 'Spark configuration');
  const bad = conf
    .split(/\s+/)
    .filter((w) => w !== '--conf')
    .find((p) => !/^[^=\s]+=\S*$/.test(p));
  if (bad !== undefined) throw usageError(`'${quoteInput(bad)}' is not a KEY=VALUE Spark setting.`);
  return conf;
}

export const SETTINGS = {
  profile: row<string>({
    magic: 'profile',
    configure: ['profile'],
    env: [...glue('glue_profile'), 'AWS_PROFILE'],
    file: [],
    read: plain((raw) => readText(raw, 'profile name')),
    merge: 'replace',
    connection: true,
    livePolicy: 'refuse',
  }),
  region: row<string>({
    magic: 'region',
    configure: ['region'],
    env: ['region', 'AWS_REGION', ...glue('glue_region'), 'AWS_DEFAULT_REGION'],
    file: ['region', 'glue_region'],
    read: plain(readRegion),
    merge: 'replace',
    connection: true,
    livePolicy: 'refuse',
  }),
  /** Glue endpoint URL override; 'local' is the embedded local endpoint (aws/endpoint-resolver.ts). */
  endpoint: row<string>({
    magic: 'endpoint',
    configure: ['endpoint'],
    env: [
      ...glue('glue_endpoint_url', 'glue_endpoint'),
      'AWS_ENDPOINT_URL_GLUE',
      'AWS_ENDPOINT_URL',
    ],
    file: ['glue_endpoint_url', 'glue_endpoint'],
    read: plain(readEndpoint),
    merge: 'replace',
    connection: true,
    livePolicy: 'refuse',
    mayHoldSecret: true,
  }),
  /** STS endpoint URL; derived from a Glue endpoint on this machine, which serves STS too. */
  stsEndpoint: row<string>({
    env: ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL'],
    file: ['glue_sts_endpoint_url'],
    read: plain((raw) => readUrl(raw, 'STS endpoint URL')),
    merge: 'replace',
    derive: (value) => {
      const glueEndpoint = value('endpoint');
      return glueEndpoint !== undefined && isLocalEndpoint(glueEndpoint) ? glueEndpoint : undefined;
    },
    connection: true,
    livePolicy: 'refuse',
    mayHoldSecret: true,
    label: 'STS endpoint',
  }),
  /**
   * The embedded local endpoint's accounts file, an absolute path (`%endpoint local --accounts
   * FILE`, or GLUE_KERNEL_LOCAL_ACCOUNTS); unset: its built-in account.
   */
  localAccounts: row<string>({
    env: ['GLUE_KERNEL_LOCAL_ACCOUNTS'],
    file: [],
    read: plain((raw) => readFilePath(raw, 'accounts file')),
    merge: 'replace',
    livePolicy: 'refuse',
    label: 'local accounts file',
  }),
  iamRole: row<string>({
    magic: 'iam_role',
    configure: ['iam_role'],
    env: glue('glue_role_arn', 'glue_iam_role'),
    file: ['glue_role_arn', 'glue_iam_role'],
    read: plain(readRoleArn),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { built: 'Role' },
  }),
  sessionType: row<SessionType>({
    magic: 'session_type',
    configure: ['session_type'],
    env: glue('glue_job_type', 'glue_session_type'),
    file: ['glue_job_type', 'glue_session_type'],
    read: plain(readSessionType),
    merge: 'replace',
    fallback: 'etl',
    livePolicy: 'next-session',
    createSession: { built: 'Command.Name' },
  }),
  glueVersion: row<string>({
    magic: 'glue_version',
    configure: ['glue_version'],
    env: glue('glue_version', 'glue_glue_version'),
    file: ['glue_version'],
    read: readGlueVersion,
    merge: 'replace',
    fallback: '4.0',
    livePolicy: 'next-session',
    createSession: { field: 'glueVersion' },
  }),
  workerType: row<string>({
    magic: 'worker_type',
    configure: ['worker_type'],
    env: glue('glue_worker_type'),
    file: ['glue_worker_type'],
    read: readWorkerType,
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { field: 'workerType' },
  }),
  numberOfWorkers: row<number>({
    magic: 'number_of_workers',
    configure: ['number_of_workers'],
    env: glue('glue_number_of_workers'),
    file: ['glue_number_of_workers'],
    read: plain((raw) => readPositiveInteger(raw, 'number of workers')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { field: 'numberOfWorkers' },
  }),
  maxCapacity: row<number>({
    configure: ['max_capacity'],
    env: glue('glue_max_capacity'),
    file: ['glue_max_capacity'],
    read: plain((raw) => readPositiveNumber(raw, 'max_capacity')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { field: 'maxCapacity' },
  }),
  idleTimeout: row<number>({
    magic: 'idle_timeout',
    configure: ['idle_timeout'],
    env: glue('glue_idle_timeout'),
    file: ['glue_idle_timeout'],
    read: plain((raw) => readMinutes(raw, 'idle timeout in minutes')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { field: 'idleTimeout' },
  }),
  timeout: row<number>({
    magic: 'timeout',
    configure: ['timeout'],
    env: glue('glue_timeout'),
    file: ['glue_timeout'],
    read: plain((raw) => readMinutes(raw, 'session timeout in minutes')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { field: 'timeout' },
  }),
  securityConfig: row<string>({
    magic: 'security_config',
    configure: ['security_config'],
    env: glue('glue_security_config'),
    file: ['glue_security_config'],
    read: plain((raw) => readText(raw, 'security configuration name')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { field: 'securityConfiguration' },
  }),
  connections: row<string[]>({
    magic: 'connections',
    configure: ['connections'],
    configureShape: 'list',
    env: glue('glue_connections'),
    file: ['glue_connections'],
    read: plain((raw) => readList(raw, 'connection name')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { field: 'connections' },
  }),
  additionalPythonModules: row<string[]>({
    magic: 'additional_python_modules',
    configure: ['additional_python_modules'],
    configureShape: 'list',
    env: glue('glue_additional_python_modules'),
    file: ['glue_additional_python_modules'],
    read: plain((raw) => readList(raw, 'module')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { argument: '--additional-python-modules' },
    // A package index URL may carry a password in its user info.
    mayHoldSecret: true,
  }),
  extraPyFiles: row<string[]>({
    magic: 'extra_py_files',
    configure: ['extra_py_files'],
    configureShape: 'list',
    env: glue('glue_extra_py_files'),
    file: ['glue_extra_py_files'],
    read: plain((raw) => readList(raw, 'S3 path')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { argument: '--extra-py-files' },
  }),
  extraJars: row<string[]>({
    magic: 'extra_jars',
    configure: ['extra_jars'],
    configureShape: 'list',
    env: glue('glue_extra_jars'),
    file: ['glue_extra_jars'],
    read: plain((raw) => readList(raw, 'S3 path')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { argument: '--extra-jars' },
  }),
  /** Raw `--conf` value, e.g. `spark.a=b --conf spark.c=d`. */
  sparkConf: row<string>({
    magic: 'spark_conf',
    configure: ['spark_conf'],
    env: ['spark_conf', ...glue('glue_spark_conf')],
    file: ['spark_conf', 'glue_spark_conf'],
    read: plain(readSparkConf),
    refuseTyped: refuseSecretSparkConf,
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { argument: '--conf' },
    mayHoldSecret: true,
  }),
  /** Glue's auto scaling of the number of workers (the documented job parameter). */
  enableAutoScaling: row<'true' | 'false'>({
    magic: 'enable_auto_scaling',
    configure: ['--enable-auto-scaling'],
    configureShape: 'boolean',
    env: glue('glue_enable_auto_scaling'),
    file: ['glue_enable_auto_scaling'],
    read: plain((raw) => readBoolean(raw, 'enable auto scaling')),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { argument: '--enable-auto-scaling' },
    label: 'auto scaling',
    describe: {
      summary:
        'Whether Glue scales the number of workers up to the number set, with the work (Glue 3.0 and later).',
      example: 'true',
    },
  }),
  sessionIdPrefix: row<string>({
    magic: 'session_id_prefix',
    configure: ['session_id_prefix'],
    env: ['session_id_prefix', ...glue('glue_session_id_prefix')],
    file: ['session_id_prefix', 'glue_session_id_prefix'],
    read: plain(readSessionIdPrefix),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { built: 'Id' },
  }),
  /** A custom session id for the next session (used once). */
  sessionId: row<string>({
    configure: ['session_id'],
    env: ['session_id', 'GLUE_SESSION_ID'],
    file: [],
    read: plain(readSessionId),
    merge: 'replace',
    livePolicy: 'next-session',
    createSession: { built: 'Id' },
  }),
  /** Merged into the tags sent with CreateSession (keys given later win), across sources too. */
  tags: row<Record<string, string>>({
    configure: ['tags'],
    configureShape: 'dict',
    env: ['glue_tags', 'GLUE_TAGS'],
    file: ['glue_tags'],
    read: plain(readTagsJson),
    readDict: readTagObject,
    merge: 'merge-keys',
    livePolicy: 'next-session',
    createSession: { built: 'Tags' },
    mayHoldSecret: true,
  }),
  /** Extra DefaultArguments from %%configure's other keys, already `--`-prefixed. */
  extraArguments: row<Record<string, string>>({
    env: [],
    file: [],
    read: () => {
      throw new Error('extra arguments are only set by %%configure');
    },
    merge: 'merge-keys',
    livePolicy: 'next-session',
    createSession: { built: 'DefaultArguments' },
    mayHoldSecret: true,
    label: 'default arguments',
  }),
};

type Rows = typeof SETTINGS;
export type SettingKey = keyof Rows;
export type SettingValue<K extends SettingKey> = Rows[K] extends SettingRow<infer T> ? T : never;

/** Settings a user can set with magics / %%configure (the overrides layer of the pending settings). */
export type SessionSettings = { [K in SettingKey]?: SettingValue<K> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function settingRow<K extends SettingKey>(key: K): SettingRow<SettingValue<K>> {
  return SETTINGS[key] as SettingRow<SettingValue<K>>;
}

/** Settings that say where AWS calls go (profile, region, endpoints). */
export const CONNECTION_SETTINGS: readonly SettingKey[] = SETTING_KEYS.filter(
  (key) => SETTINGS[key].connection === true,
);

/** How messages name a setting. */
export function settingLabel(key: SettingKey): string {
  return settingRow(key).label ?? key;
}

/** The value after applying `next` over `current` by the setting's merge rule. */
export function mergedValue<K extends SettingKey>(
  key: K,
  current: SessionSettings[K] | undefined,
  next: SessionSettings[K],
): SessionSettings[K] {
  if (settingRow(key).merge === 'merge-keys')
    return { ...(current as object | undefined), ...(next as object) } as SessionSettings[K];
  return (Array.isArray(next) ? [...next] : next) as SessionSettings[K];
}

/** The row set by a %%configure key (`key` or `--key`), if the key names a setting. */
export function settingForConfigureKey(key: string): SettingKey | undefined {
  const candidates = key.startsWith('--') ? [key] : [key, `--${key}`];
  return SETTING_KEYS.find((k) =>
    candidates.some((c) => SETTINGS[k].configure?.includes(c) === true),
  );
}

/** A Glue endpoint on this machine: the embedded local endpoint also serves STS there. */
function isLocalEndpoint(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}
