import { usageError } from '../errors.js';
import type { SessionSettings } from '../session/session-service.js';
import {
  readDict,
  readEndpoint,
  readFlags,
  readGlueVersion,
  readList,
  readMinutes,
  readPositiveInteger,
  readRegion,
  readRoleArn,
  readSessionId,
  readSessionIdPrefix,
  readWorkerType,
  requireValue,
} from './arg-readers.js';
import { defineMagic } from './magic-spec.js';
import { pythonRepr, type LiteralValue } from './python-literal.js';
import { CREDENTIAL_HINT, refuseSecretSparkConf } from './secret-settings.js';
import { looksLikeSecretName, maskSecretValues } from '../util/secrets.js';
import { readSessionType } from './session-type.js';
import { quoteInput } from '../util/quote-input.js';

/**
 * %%configure: a dict (Python literal or JSON) of settings. Known keys are validated by the same
 * readers as the line magics; any other key becomes a `--key` DefaultArgument, as officially.
 */

interface ConfigureArgs {
  force: boolean;
  given: Record<string, LiteralValue>;
  patch: SessionSettings;
  warnings: string[];
}

/** Known keys → how to read them into settings; values arrive as literal values. */
const KNOWN_KEYS: Record<string, (value: LiteralValue, warnings: string[]) => SessionSettings> = {
  profile: (v) => ({ profile: requireValue(text(v), 'profile name').trim() }),
  region: (v) => ({ region: readRegion(text(v)) }),
  endpoint: (v) => ({ endpoint: readEndpoint(text(v)) }),
  iam_role: (v) => ({ iamRole: readRoleArn(text(v)) }),
  session_id: (v) => ({ sessionId: readSessionId(text(v)) }),
  session_id_prefix: (v) => ({ sessionIdPrefix: readSessionIdPrefix(text(v)) }),
  session_type: (v) => ({ sessionType: readSessionType(text(v)) }),
  idle_timeout: (v) => ({ idleTimeout: readMinutes(text(v), 'idle_timeout in minutes') }),
  timeout: (v) => ({ timeout: readMinutes(text(v), 'timeout in minutes') }),
  number_of_workers: (v) => ({
    numberOfWorkers: readPositiveInteger(text(v), 'number_of_workers'),
  }),
  max_capacity: (v) => ({ maxCapacity: readMaxCapacity(v) }),
  worker_type: (v, warnings) => {
    const read = readWorkerType(text(v));
    if (read.warning) warnings.push(read.warning);
    return { workerType: read.value };
  },
  glue_version: (v, warnings) => {
    const read = readGlueVersion(text(v));
    if (read.warning) warnings.push(read.warning);
    return { glueVersion: read.value };
  },
  security_config: (v) => ({ securityConfig: requireValue(text(v), 'security_config').trim() }),
  connections: (v) => ({ connections: readList(listText(v), 'connection name') }),
  additional_python_modules: (v) => ({
    additionalPythonModules: readList(listText(v), 'module'),
  }),
  extra_py_files: (v) => ({ extraPyFiles: readList(listText(v), 'S3 path') }),
  extra_jars: (v) => ({ extraJars: readList(listText(v), 'S3 path') }),
  spark_conf: (v) => ({ sparkConf: readSparkConf(text(v)) }),
  tags: (v) => ({ tags: readTags(v) }),
};

function text(value: LiteralValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw usageError(`Expected a string or a number but got ${quoteInput(pythonRepr(value))}.`);
}

/** Official notebooks pass lists as "a,b"; a real list is accepted too. */
function listText(value: LiteralValue): string {
  return Array.isArray(value) ? value.map(text).join(',') : text(value);
}

function readMaxCapacity(value: LiteralValue): number {
  const n = typeof value === 'number' ? value : Number(text(value));
  if (!Number.isFinite(n) || n <= 0)
    throw usageError(`'${quoteInput(String(value))}' is not a positive max_capacity.`);
  return n;
}

function readTags(value: LiteralValue): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageError('tags must be a dictionary of strings, e.g. {"team": "analytics"}.');
  }
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw usageError(`The tag '${quoteInput(k)}' must have a string value.`);
    tags[k.trim()] = v.trim();
  }
  return tags;
}

function readSparkConf(value: string): string {
  const conf = requireValue(value, 'spark_conf').trim();
  refuseSecretSparkConf(conf);
  return conf;
}

/** Python's str() of a value, as the official kernel stores unknown keys. */
function argumentValue(value: LiteralValue): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

export const configureMagic = defineMagic<ConfigureArgs>({
  name: 'configure',
  kind: 'cell',
  section: 'Glue Config Magic',
  summary: 'Sets several session settings at once from a dict (Python literal or JSON).',
  usage: '%%configure [-f]\n{"key": value, ...}',
  example:
    '%%configure\n{"worker_type": "G.1X", "number_of_workers": 5, "--enable-auto-scaling": "true"}',
  help:
    'Known keys: ' +
    Object.keys(KNOWN_KEYS).join(', ') +
    '. Any other key becomes a --key default argument of the session. With a live session the ' +
    'settings apply to the next session, except profile, region and endpoint, which are refused ' +
    '(they would point the kernel away from it); -f (--force) stops the live session so all of ' +
    'them apply now.',
  livePolicy: 'next-session',
  flags: ['-f', '--force'],
  parse(arg, body) {
    const flags = readFlags(arg, { switches: ['-f', '--force'] });
    if (flags.positionals.length > 0) {
      throw usageError(
        `Unexpected '${quoteInput(flags.positionals.join(' '))}' after %%configure.`,
      );
    }
    const force = flags.switches.has('f') || flags.switches.has('force');
    if ((body ?? '').trim() === '') return { force, given: {}, patch: {}, warnings: [] };
    const given = readDict(body ?? '', '%%configure body');
    const patch: SessionSettings = {};
    const extra: Record<string, string> = {};
    const warnings: string[] = [];
    for (const [key, value] of Object.entries(given)) {
      if (looksLikeSecretName(key)) {
        // Such a value would be echoed and sent to Glue as a plain default argument.
        throw usageError(
          `'${quoteInput(key)}' looks like a credential; credentials do not belong in %%configure.`,
          CREDENTIAL_HINT,
        );
      }
      try {
        // Own keys only: 'constructor' or 'toString' are default arguments, not settings.
        const reader = Object.hasOwn(KNOWN_KEYS, key) ? KNOWN_KEYS[key] : undefined;
        if (reader !== undefined) {
          Object.assign(patch, reader(value, warnings));
          continue;
        }
        const argument = key.startsWith('--') ? key : `--${key}`;
        if (argument === '--conf') refuseSecretSparkConf(argumentValue(value));
        extra[argument] = argumentValue(value);
      } catch (err) {
        if (err instanceof Error) err.message = `${quoteInput(key)}: ${err.message}`;
        throw err;
      }
    }
    if (
      patch.maxCapacity !== undefined &&
      (patch.numberOfWorkers !== undefined || patch.workerType !== undefined)
    ) {
      throw usageError('Set either max_capacity or worker_type and number_of_workers, not both.');
    }
    if (Object.keys(extra).length > 0) patch.extraArguments = extra;
    return { force, given, patch, warnings };
  },
  patch: (args) => args.patch,
  endsSession: (args) => args.force,
  async run(args, env) {
    for (const warning of args.warnings) env.out.stderr(`Warning: ${warning}\n`);
    if (Object.keys(args.given).length === 0) {
      env.out.stdout('No configuration values were provided.\n');
      return;
    }
    if (args.force && env.session.currentSessionId() !== undefined) {
      const id = env.session.currentSessionId();
      env.out.stdout(`Stopping session ${id} so that the new configuration applies now.\n`);
      await env.session.stopSession(env.signal);
      env.out.stdout('The next code cell creates a new session with this configuration.\n');
    }
    env.out.stdout(
      `The following configurations have been updated: ${pythonRepr(maskSecretValues(args.given))}\n`,
    );
  },
});
