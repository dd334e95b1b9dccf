import type { SessionSettings, SettingKey } from '../session/session-service.js';
import { maskSecretsInText } from '../util/secrets.js';
import type { Warned } from './arg-readers.js';
import {
  defineMagic,
  type HelpSection,
  type LivePolicy,
  type MagicEnv,
  type MagicSpec,
} from './magic-spec.js';

/**
 * The common shape of a magic that sets one session setting: read and validate the value, print
 * the official "previous / new" lines, and hand the change back as a settings patch.
 */

export interface SettingMagicOptions<K extends SettingKey> {
  name: string;
  section: HelpSection;
  summary: string;
  usage: string;
  example: string;
  help: string;
  livePolicy: LivePolicy;
  key: K;
  read(arg: string): Warned<NonNullable<SessionSettings[K]>>;
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
  return defineMagic<Warned<Value>>({
    name: options.name,
    kind: 'line',
    section: options.section,
    summary: options.summary,
    usage: options.usage,
    example: options.example,
    help: options.help,
    livePolicy: options.livePolicy,
    parse: (arg) => options.read(arg),
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
