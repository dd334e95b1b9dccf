import { KernelError } from '../../errors.js';
import { quoteInput } from '../../util/quote-input.js';
import { maskSecretsInText } from '../../util/secrets.js';
import type { Environment } from './environment.js';
import {
  settingRow,
  type SessionSettings,
  type SettingKey,
  type SettingRow,
  type SettingValue,
} from './setting-registry.js';
import type { ResolvedSetting, SettingSource } from './setting-types.js';
import type { SharedConfigSnapshot } from './shared-config-loader.js';

/**
 * Where each setting may come from, first found wins: magics / %%configure → environment →
 * the profile's section of ~/.aws/config → derived → the default. A `merge-keys` setting (tags)
 * merges across all of them instead, lowest priority first. The names and the reader of each
 * setting are its row in the settings registry, so a value reads the same from every source.
 */
export class SettingResolver {
  constructor(
    private readonly env: Environment,
    private readonly snapshot: () => SharedConfigSnapshot | undefined,
  ) {}

  /** The profile whose config-file section is read (`default` when none is set). */
  profileSection(overrides: SessionSettings): string {
    return this.resolve(overrides, 'profile')?.value ?? 'default';
  }

  resolve<K extends SettingKey>(
    overrides: SessionSettings,
    key: K,
  ): ResolvedSetting<SessionSettings[K]> | undefined {
    return this.resolveRow(overrides, key) as ResolvedSetting<SessionSettings[K]> | undefined;
  }

  private resolveRow<K extends SettingKey>(
    overrides: SessionSettings,
    key: K,
  ): ResolvedSetting<SettingValue<K>> | undefined {
    const row = settingRow(key);
    const layers = this.layers(overrides, key, row);
    if (row.merge === 'merge-keys') {
      const found = layers.filter((layer) => Object.keys(layer.value as object).length > 0);
      if (found.length === 0) return undefined;
      const merged = Object.assign({}, ...found.map((layer) => layer.value).reverse()) as object;
      return { value: merged as SettingValue<K>, source: found[0]!.source };
    }
    if (layers[0] !== undefined) return layers[0];
    const derived = row.derive?.((k) => this.resolve(overrides, k)?.value);
    if (derived !== undefined) return { value: derived, source: 'derived' };
    if (row.fallback !== undefined) return { value: row.fallback, source: 'default' };
    return undefined;
  }

  /** The values the sources give, highest priority first; only the first is read unless merging. */
  private layers<K extends SettingKey>(
    overrides: SessionSettings,
    key: K,
    row: SettingRow<SettingValue<K>>,
  ): ResolvedSetting<SettingValue<K>>[] {
    const all = row.merge === 'merge-keys';
    const layers: ResolvedSetting<SettingValue<K>>[] = [];
    const own = overrides[key] as SettingValue<K> | undefined;
    if (own !== undefined) layers.push({ value: own, source: 'magic' });
    if (layers.length > 0 && !all) return layers;
    const fromEnv = this.firstFound(row, 'environment', row.env, this.env, (name) => {
      return `environment variable ${name}`;
    });
    if (fromEnv) layers.push(fromEnv);
    if (layers.length > 0 && !all) return layers;
    if (row.file.length > 0) {
      const profile = this.profileSection(overrides);
      const section = this.snapshot()?.configFile[profile] ?? {};
      const fromFile = this.firstFound(
        row,
        'config-file',
        row.file,
        section,
        (name) => `${name} in profile ${profile} of the AWS config file`,
      );
      if (fromFile) layers.push(fromFile);
    }
    return layers;
  }

  private firstFound<T>(
    row: SettingRow<T>,
    source: SettingSource,
    names: readonly string[],
    values: Readonly<Record<string, string | undefined>>,
    where: (name: string) => string,
  ): ResolvedSetting<T> | undefined {
    for (const name of names) {
      const raw = values[name];
      if (raw !== undefined && raw.trim() !== '')
        return { value: readFrom(row, raw, where(name)), source };
    }
    return undefined;
  }

  /** The RequestOrigin to send: the env `request_origin`, else the kernel's own. */
  requestOrigin(fallback: string): string {
    return this.env['request_origin']?.trim() || this.env['REQUEST_ORIGIN']?.trim() || fallback;
  }
}

/** The row's reader on a value from outside the notebook; a bad value names where it came from. */
function readFrom<T>(row: SettingRow<T>, raw: string, where: string): T {
  try {
    return row.read(raw).value;
  } catch (err) {
    if (!(err instanceof KernelError) || err.kind !== 'usage') throw err;
    const shown = quoteInput(row.mayHoldSecret ? maskSecretsInText(raw) : raw);
    throw new KernelError('config', `${where} is '${shown}': ${err.message}`, {
      hint:
        err.hint ??
        `Fix or unset ${where}${row.magic ? `, or set the value with %${row.magic}` : ''}.`,
      cause: err,
    });
  }
}
