import { KernelError } from '../errors.js';
import type {
  ResolvedSetting,
  SessionSettings,
  SettingKey,
  SettingSource,
} from './session-service.js';
import type { Environment } from './environment.js';
import type { SharedConfigSnapshot } from './shared-config-loader.js';
import { quoteInput } from '../util/quote-input.js';

interface SettingSpec {
  env: string[];
  file: string[];
  parse: (raw: string, where: string) => unknown;
  fallback?: unknown;
}

const text = (raw: string): string => raw.trim();
const positiveInt = (raw: string, where: string): number => {
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 1) {
    throw new KernelError(
      'config',
      `${where} is '${quoteInput(raw)}', which is not a whole number of at least 1.`,
      {
        hint: `Fix or unset ${where}, or set the value with its magic.`,
      },
    );
  }
  return n;
};
const positiveNumber = (raw: string, where: string): number => {
  const n = Number(raw.trim());
  if (!Number.isFinite(n) || n <= 0) {
    throw new KernelError(
      'config',
      `${where} is '${quoteInput(raw)}', which is not a positive number.`,
      {
        hint: `Fix or unset ${where}.`,
      },
    );
  }
  return n;
};
const list = (raw: string, where: string): string[] => {
  const items = raw
    .trim()
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim());
  if (items.some((s) => s === '')) {
    throw new KernelError('config', `${where} has an empty item: '${quoteInput(raw)}'.`, {
      hint: `Use a comma list such as a,b in ${where}.`,
    });
  }
  return items;
};
const sessionType = (raw: string, where: string): 'etl' | 'streaming' => {
  const v = raw.trim().toLowerCase();
  if (v === 'etl' || v === 'glueetl') return 'etl';
  if (v === 'streaming' || v === 'gluestreaming') return 'streaming';
  throw new KernelError(
    'config',
    `${where} is '${quoteInput(raw)}', which is not a session type.`,
    {
      hint: 'Use etl or streaming (or the %etl / %streaming magics).',
    },
  );
};
const tags = (raw: string, where: string): Record<string, string> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KernelError('config', `${where} is not a JSON object of tags.`, {
      hint: `Write it as JSON, e.g. {"team": "analytics"}, or unset ${where}.`,
    });
  }
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
};

/** `glue_x` names also count in upper case (GLUE_X), which the official kernel ignored. */
const glue = (...names: string[]): string[] =>
  names.flatMap((n) => (n.startsWith('glue_') ? [n, n.toUpperCase()] : [n]));

const SPECS: Partial<Record<SettingKey, SettingSpec>> = {
  profile: { env: [...glue('glue_profile'), 'AWS_PROFILE'], file: [], parse: text },
  region: {
    env: ['region', 'AWS_REGION', ...glue('glue_region'), 'AWS_DEFAULT_REGION'],
    file: ['region', 'glue_region'],
    parse: (raw) => raw.trim().toLowerCase(),
  },
  endpoint: {
    env: [
      ...glue('glue_endpoint_url', 'glue_endpoint'),
      'AWS_ENDPOINT_URL_GLUE',
      'AWS_ENDPOINT_URL',
    ],
    file: ['glue_endpoint_url', 'glue_endpoint'],
    parse: text,
  },
  stsEndpoint: {
    env: ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL'],
    file: ['glue_sts_endpoint_url'],
    parse: text,
  },
  localAccounts: { env: ['GLUE_KERNEL_LOCAL_ACCOUNTS'], file: [], parse: text },
  iamRole: {
    env: glue('glue_role_arn', 'glue_iam_role'),
    file: ['glue_role_arn', 'glue_iam_role'],
    parse: text,
  },
  idleTimeout: { env: glue('glue_idle_timeout'), file: ['glue_idle_timeout'], parse: positiveInt },
  timeout: { env: glue('glue_timeout'), file: ['glue_timeout'], parse: positiveInt },
  glueVersion: {
    env: glue('glue_version', 'glue_glue_version'),
    file: ['glue_version'],
    parse: text,
    fallback: '4.0',
  },
  workerType: { env: glue('glue_worker_type'), file: ['glue_worker_type'], parse: text },
  numberOfWorkers: {
    env: glue('glue_number_of_workers'),
    file: ['glue_number_of_workers'],
    parse: positiveInt,
  },
  maxCapacity: {
    env: glue('glue_max_capacity'),
    file: ['glue_max_capacity'],
    parse: positiveNumber,
  },
  securityConfig: {
    env: glue('glue_security_config'),
    file: ['glue_security_config'],
    parse: text,
  },
  connections: { env: glue('glue_connections'), file: ['glue_connections'], parse: list },
  additionalPythonModules: {
    env: glue('glue_additional_python_modules'),
    file: ['glue_additional_python_modules'],
    parse: list,
  },
  extraPyFiles: { env: glue('glue_extra_py_files'), file: ['glue_extra_py_files'], parse: list },
  extraJars: { env: glue('glue_extra_jars'), file: ['glue_extra_jars'], parse: list },
  sparkConf: {
    env: ['spark_conf', ...glue('glue_spark_conf')],
    file: ['spark_conf', 'glue_spark_conf'],
    parse: (r) => r,
  },
  sessionType: {
    env: glue('glue_job_type', 'glue_session_type'),
    file: ['glue_job_type', 'glue_session_type'],
    parse: sessionType,
    fallback: 'etl',
  },
  sessionIdPrefix: {
    env: ['session_id_prefix', ...glue('glue_session_id_prefix')],
    file: ['session_id_prefix', 'glue_session_id_prefix'],
    parse: text,
  },
  sessionId: { env: ['session_id', 'GLUE_SESSION_ID'], file: [], parse: text },
};

/**
 * Where each setting may come from, first found wins: magics / %%configure → environment →
 * the profile's section of ~/.aws/config → defaults. Tags merge across all of them instead,
 * lowest priority first. Environment names are the official kernel's lowercase ones, their
 * upper-case forms, and the standard AWS variables.
 */
export class SettingResolver {
  constructor(
    private readonly env: Environment,
    private readonly snapshot: () => SharedConfigSnapshot | undefined,
  ) {}

  /** The profile whose config-file section is read (`default` when none is set). */
  profileSection(overrides: SessionSettings): string {
    return (this.resolve(overrides, 'profile')?.value as string | undefined) ?? 'default';
  }

  resolve<K extends SettingKey>(
    overrides: SessionSettings,
    key: K,
  ): ResolvedSetting<SessionSettings[K]> | undefined {
    if (key === 'tags')
      return this.resolveTags(overrides) as ResolvedSetting<SessionSettings[K]> | undefined;
    const own = overrides[key];
    if (own !== undefined) return { value: own, source: 'magic' };
    const spec = SPECS[key];
    if (!spec) return undefined;
    const fromEnv = this.fromEnv(spec);
    if (fromEnv) return fromEnv as ResolvedSetting<SessionSettings[K]>;
    if (key !== 'profile') {
      const fromFile = this.fromFile(spec, this.profileSection(overrides));
      if (fromFile) return fromFile as ResolvedSetting<SessionSettings[K]>;
    }
    if (key === 'stsEndpoint') {
      const glueEndpoint = this.resolve(overrides, 'endpoint')?.value;
      if (glueEndpoint && isLocalEndpoint(glueEndpoint)) {
        return { value: glueEndpoint, source: 'derived' } as ResolvedSetting<SessionSettings[K]>;
      }
    }
    if (spec.fallback !== undefined)
      return { value: spec.fallback, source: 'default' } as ResolvedSetting<SessionSettings[K]>;
    return undefined;
  }

  /** The RequestOrigin to send: the env `request_origin`, else the kernel's own. */
  requestOrigin(fallback: string): string {
    return this.env['request_origin']?.trim() || this.env['REQUEST_ORIGIN']?.trim() || fallback;
  }

  private fromEnv(spec: SettingSpec): ResolvedSetting<unknown> | undefined {
    for (const name of spec.env) {
      const raw = this.env[name];
      if (raw !== undefined && raw.trim() !== '') {
        return { value: spec.parse(raw, `environment variable ${name}`), source: 'environment' };
      }
    }
    return undefined;
  }

  private fromFile(spec: SettingSpec, profile: string): ResolvedSetting<unknown> | undefined {
    const section = this.snapshot()?.configFile[profile];
    if (!section) return undefined;
    for (const name of spec.file) {
      const raw = section[name];
      if (raw !== undefined && raw.trim() !== '') {
        return {
          value: spec.parse(raw, `${name} in profile ${profile} of the AWS config file`),
          source: 'config-file',
        };
      }
    }
    return undefined;
  }

  private resolveTags(
    overrides: SessionSettings,
  ): ResolvedSetting<Record<string, string>> | undefined {
    const profile = this.profileSection(overrides);
    const layers: [SettingSource, Record<string, string> | undefined][] = [];
    const fileRaw = this.snapshot()?.configFile[profile]?.['glue_tags'];
    if (fileRaw)
      layers.push([
        'config-file',
        tags(fileRaw, `glue_tags in profile ${profile} of the AWS config file`),
      ]);
    const envName = ['glue_tags', 'GLUE_TAGS'].find((n) => this.env[n]?.trim());
    if (envName)
      layers.push(['environment', tags(this.env[envName]!, `environment variable ${envName}`)]);
    if (overrides.tags && Object.keys(overrides.tags).length > 0)
      layers.push(['magic', overrides.tags]);
    if (layers.length === 0) return undefined;
    const merged = Object.assign({}, ...layers.map(([, t]) => t)) as Record<string, string>;
    return { value: merged, source: layers[layers.length - 1]![0] };
  }
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
