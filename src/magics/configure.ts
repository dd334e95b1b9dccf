import { usageError } from '../errors.js';
import { defaultArgumentProblem } from '../session/settings/create-session-request.js';
import type { SessionSettings } from '../session/session-service.js';
import { CREDENTIAL_HINT, refuseSecretSparkConf } from '../session/settings/secret-settings.js';
import {
  SETTING_KEYS,
  settingForConfigureKey,
  settingRow,
  type SettingKey,
} from '../session/settings/setting-registry.js';
import { readDict, readFlags } from './arg-readers.js';
import { defineMagic } from './magic-spec.js';
import { pythonRepr, type LiteralValue } from './python-literal.js';
import { dictEntries, mapDictValues } from './python-value.js';
import { looksLikeSecretName, maskSecretValues } from '../util/secrets.js';
import { quoteInput } from '../util/quote-input.js';

/**
 * %%configure: a dict (Python literal or JSON) of settings. A key that names a setting in the
 * settings registry is read by that setting's reader, the one its magic, the environment and the
 * config file use; any other key becomes a `--key` DefaultArgument, as officially.
 */

interface ConfigureArgs {
  force: boolean;
  given: Record<string, LiteralValue>;
  patch: SessionSettings;
  warnings: string[];
}

/** The %%configure keys of the registry, in its order (for the help text). */
const KNOWN_KEYS = SETTING_KEYS.flatMap((key) => settingRow(key).configure ?? []);

/** One %%configure value, read by its setting's reader. */
function readSetting(key: SettingKey, value: LiteralValue, warnings: string[]): SessionSettings {
  const row = settingRow(key);
  if (row.configureShape === 'dict') {
    if (row.readDict === undefined) throw new Error(`${key} has no dictionary reader`);
    return { [key]: row.readDict(value) };
  }
  const raw =
    row.configureShape === 'list' ? listText(value) : text(value, row.configureShape === 'boolean');
  row.refuseTyped?.(raw);
  const read = row.read(raw);
  if (read.warning !== undefined) warnings.push(read.warning);
  return { [key]: read.value };
}

/** A string or number as text; Python booleans too where the setting is a boolean. */
function text(value: LiteralValue, booleans = false): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (booleans && typeof value === 'boolean') return String(value);
  throw usageError(`Expected a string or a number but got ${quoteInput(pythonRepr(value))}.`);
}

/** Official notebooks pass lists as "a,b"; a real list is accepted too. */
function listText(value: LiteralValue): string {
  return Array.isArray(value) ? value.map((item) => text(item)).join(',') : text(value);
}

/** Python's str() of a value, as the official kernel stores unknown keys. */
/** The value with secrets masked (util/secrets.ts), its dicts' keys still in the order written. */
function masked(value: LiteralValue, key?: string): LiteralValue {
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return mapDictValues(value, masked);
  return maskSecretValues(value, key);
}

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
    KNOWN_KEYS.join(', ') +
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
    for (const [key, value] of dictEntries(given)) {
      if (looksLikeSecretName(key)) {
        // Such a value would be echoed and sent to Glue as a plain default argument.
        throw usageError(
          `'${quoteInput(key)}' looks like a credential; credentials do not belong in %%configure.`,
          CREDENTIAL_HINT,
        );
      }
      try {
        // Own keys only: 'constructor' or 'toString' are default arguments, not settings.
        const setting = settingForConfigureKey(key);
        if (setting !== undefined) {
          Object.assign(patch, readSetting(setting, value, warnings));
          continue;
        }
        const argument = key.startsWith('--') ? key : `--${key}`;
        if (argument === '--conf') refuseSecretSparkConf(argumentValue(value));
        const problem = defaultArgumentProblem(argument, argumentValue(value));
        if (problem) throw usageError(problem);
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
      `The following configurations have been updated: ${pythonRepr(masked(args.given))}\n`,
    );
  },
});
