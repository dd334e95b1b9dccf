import { KernelError } from '../../errors.js';
import type { SessionKind } from '../session-service.js';
import {
  SETTING_KEYS,
  settingRow,
  type SessionSettings,
  type SettingKey,
} from './setting-registry.js';
import type { ResolvedSetting, SessionType, SettingSource } from './setting-types.js';

/**
 * A frozen snapshot of everything a CreateSession needs, taken when a session is about to be
 * created: every setting with a CreateSession target in the registry, as resolved then, and where
 * it came from. Later magics change the pending settings, never a config already used.
 */
export interface SessionConfig {
  readonly kind: SessionKind;
  readonly requestOrigin: string;
  readonly region: string;
  readonly role: ResolvedSetting<string>;
  readonly sessionType: SessionType;
  /** The settings that shape the request, deeply frozen. */
  readonly settings: Readonly<SessionSettings>;
  readonly sources: Readonly<Partial<Record<SettingKey, SettingSource>>>;
}

export type Resolve = <K extends SettingKey>(
  key: K,
) => ResolvedSetting<SessionSettings[K]> | undefined;

export interface FreezeInput {
  kind: SessionKind;
  requestOrigin: string;
  resolve: Resolve;
  /** The role to use when no source sets one (the caller's own role), if any. */
  derivedRole?: string;
}

/** The region every AWS call and the session need; the one "no region" error. */
export function requireRegion(region: string | undefined): string {
  if (!region) {
    throw new KernelError('config', 'No AWS region is set.', {
      hint: 'Set one with %region us-east-1 (or AWS_REGION, or region in the profile of ~/.aws/config).',
    });
  }
  return region;
}

export function freezeSessionConfig(input: FreezeInput): SessionConfig {
  const { resolve } = input;
  const region = requireRegion(resolve('region')?.value);
  const configured = resolve('iamRole');
  const role: ResolvedSetting<string> | undefined =
    configured?.value !== undefined
      ? { value: configured.value, source: configured.source }
      : input.derivedRole
        ? { value: input.derivedRole, source: 'derived' }
        : undefined;
  if (!role) {
    throw new KernelError(
      'config',
      'No IAM role is set for the session (Glue needs one to run it).',
      {
        hint: 'Set it with %iam_role arn:aws:iam::ACCOUNT:role/NAME, or glue_role_arn in the environment or the profile of ~/.aws/config.',
      },
    );
  }
  const settings: Record<string, unknown> = {};
  const sources: Partial<Record<SettingKey, SettingSource>> = { iamRole: role.source };
  for (const key of SETTING_KEYS) {
    if (settingRow(key).createSession === undefined || key === 'iamRole') continue;
    const resolved = resolve(key);
    if (resolved === undefined || isEmpty(resolved.value)) continue;
    settings[key] = deepFreeze(structuredClone(resolved.value));
    sources[key] = resolved.source;
  }
  settings['iamRole'] = role.value;
  return Object.freeze({
    kind: input.kind,
    requestOrigin: input.requestOrigin,
    region,
    role: Object.freeze({ ...role }),
    // The registry's default ('etl') always resolves; the fallback keeps the type total.
    sessionType: (settings['sessionType'] as SessionType | undefined) ?? 'etl',
    settings: Object.freeze(settings) as Readonly<SessionSettings>,
    sources: Object.freeze(sources),
  });
}

/** An empty list or dictionary counts as not set (nothing to send). */
function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
