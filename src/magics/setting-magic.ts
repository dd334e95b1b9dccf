import type { SessionSettings, SettingKey } from '../session/session-service.js';
import { settingRow } from '../session/settings/setting-registry.js';
import type { Warned } from '../session/settings/setting-readers.js';
import { maskSecretsInText } from '../util/secrets.js';
import {
  defineMagic,
  type HelpSection,
  type LivePolicy,
  type MagicEnv,
  type MagicSpec,
} from './magic-spec.js';

/**
 * The common shape of a magic that sets one session setting: read and validate the value with the
 * setting's reader (its row in the settings registry, the same reader %%configure, the environment
 * and the config file use), print the official "previous / new" lines, and hand the change back
 * as a settings patch.
 */

export interface SettingMagicOptions<K extends SettingKey> {
  name: string;
  section: HelpSection;
  summary: string;
  usage: string;
  example: string;
  help: string;
  /** Default: the registry row's. */
  livePolicy?: LivePolicy;
  key: K;
  /** Default: the registry row's reader; a magic may add a warning of its own. */
  read?(arg: string): Warned<NonNullable<SessionSettings[K]>>;
  /** The lines printed after a change, given the previous effective value and the new one. */
  report(previous: string, value: NonNullable<SessionSettings[K]>): string[];
  /** How the value in effect before the change is shown (default: the value, or None). */
  describePrevious?(env: MagicEnv): string;
  completeValues?: MagicSpec['completeValues'];
}

/** How the official kernel prints a value (None when missing), with any secret in it masked. */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return 'None';
  return maskSecretsInText(Array.isArray(value) ? value.join(',') : String(value));
}

export function effective<K extends SettingKey>(env: MagicEnv, key: K): SessionSettings[K] {
  return env.session.resolve(key)?.value;
}

export function settingMagic<K extends SettingKey>(options: SettingMagicOptions<K>): MagicSpec {
  type Value = NonNullable<SessionSettings[K]>;
  const row = settingRow(options.key);
  const read = (arg: string): Warned<Value> => {
    row.refuseTyped?.(arg);
    return options.read?.(arg) ?? (row.read(arg) as Warned<Value>);
  };
  return defineMagic<Warned<Value>>({
    name: options.name,
    kind: 'line',
    section: options.section,
    summary: options.summary,
    usage: options.usage,
    example: options.example,
    help: options.help,
    livePolicy: options.livePolicy ?? row.livePolicy,
    parse: (arg) => read(arg),
    patch: (args) => ({ [options.key]: args.value }) as SessionSettings,
    async run(args, env) {
      if (args.warning !== undefined) env.out.stderr(`Warning: ${args.warning}\n`);
      const previous = options.describePrevious?.(env) ?? shown(effective(env, options.key));
      for (const line of options.report(previous, args.value))
        env.out.stdout(`${maskSecretsInText(line)}
`);
    },
    completeValues: options.completeValues,
  });
}
