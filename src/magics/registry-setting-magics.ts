import { SETTING_KEYS, settingRow, type SettingKey } from '../session/settings/setting-registry.js';
import type { MagicSpec } from './magic-spec.js';
import { settingMagic } from './setting-magic.js';

/**
 * The line magics generated from the settings registry: one for each setting whose row has a
 * magic name and a description but no hand-written magic, e.g. `%enable_auto_scaling true`. It
 * reads the value with the row's reader and prints the official "previous / new" lines.
 */
export function registryMagics(): MagicSpec[] {
  return SETTING_KEYS.filter((key) => settingRow(key).describe !== undefined).map(magicFor);
}

function magicFor(key: SettingKey): MagicSpec {
  const row = settingRow(key);
  const name = row.magic ?? key;
  const describe = row.describe!;
  const elsewhere = [
    row.configure?.[0] === undefined
      ? undefined
      : `%%configure {"${row.configure[0]}": "${describe.example}"}`,
    row.env[0] === undefined ? undefined : `the environment variable ${row.env[0]}`,
    row.file[0] === undefined ? undefined : `${row.file[0]} in the profile of ~/.aws/config`,
  ].filter((text) => text !== undefined);
  return settingMagic({
    name,
    section: 'Glue Config Magic',
    summary: describe.summary,
    usage: `%${name} ${row.configureShape === 'boolean' ? 'true|false' : 'VALUE'}`,
    example: `%${name} ${describe.example}`,
    help: `It applies to the next session.${elsewhere.length > 0 ? ` Also set by ${elsewhere.join(', or ')}.` : ''}`,
    key,
    report: (previous, value) => [
      `Previous ${name}: ${previous}`,
      `Setting new ${name} to: ${value}`,
    ],
    completeValues: row.configureShape === 'boolean' ? () => ['true', 'false'] : undefined,
  });
}
