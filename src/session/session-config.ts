import { KernelError } from '../errors.js';
import type {
  ResolvedSetting,
  SessionKind,
  SessionSettings,
  SessionType,
  SettingKey,
} from './session-service.js';

/**
 * A frozen snapshot of everything a CreateSession needs, taken when a session is about to be
 * created. Later magics change the pending settings, never a config already used.
 */
export interface SessionConfig {
  readonly kind: SessionKind;
  readonly requestOrigin: string;
  readonly region: string;
  readonly role: ResolvedSetting<string>;
  readonly sessionType: ResolvedSetting<SessionType>;
  readonly glueVersion: ResolvedSetting<string>;
  readonly workerType?: string;
  readonly numberOfWorkers?: number;
  readonly maxCapacity?: number;
  readonly idleTimeout?: number;
  readonly timeout?: number;
  readonly securityConfig?: string;
  readonly connections?: readonly string[];
  readonly additionalPythonModules?: readonly string[];
  readonly extraPyFiles?: readonly string[];
  readonly extraJars?: readonly string[];
  readonly sparkConf?: string;
  readonly sessionIdPrefix?: string;
  readonly sessionId?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly extraArguments: Readonly<Record<string, string>>;
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

export function freezeSessionConfig(input: FreezeInput): SessionConfig {
  const { resolve } = input;
  const value = <K extends SettingKey>(key: K): SessionSettings[K] | undefined =>
    resolve(key)?.value;
  const region = value('region');
  if (!region) {
    throw new KernelError('config', 'No AWS region is set.', {
      hint: 'Set one with %region us-east-1 (or AWS_REGION, or region in the profile of ~/.aws/config).',
    });
  }
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
  const sessionType = resolve('sessionType') ?? {
    value: 'etl' as const,
    source: 'default' as const,
  };
  const glueVersion = resolve('glueVersion') ?? { value: '4.0', source: 'default' as const };
  const config: SessionConfig = {
    kind: input.kind,
    requestOrigin: input.requestOrigin,
    region,
    role,
    sessionType: { value: sessionType.value as SessionType, source: sessionType.source },
    glueVersion: { value: glueVersion.value as string, source: glueVersion.source },
    workerType: value('workerType'),
    numberOfWorkers: value('numberOfWorkers'),
    maxCapacity: value('maxCapacity'),
    idleTimeout: value('idleTimeout'),
    timeout: value('timeout'),
    securityConfig: value('securityConfig'),
    connections: freezeList(value('connections')),
    additionalPythonModules: freezeList(value('additionalPythonModules')),
    extraPyFiles: freezeList(value('extraPyFiles')),
    extraJars: freezeList(value('extraJars')),
    sparkConf: value('sparkConf'),
    sessionIdPrefix: value('sessionIdPrefix'),
    sessionId: value('sessionId'),
    tags: Object.freeze({ ...(value('tags') ?? {}) }),
    extraArguments: Object.freeze({ ...(value('extraArguments') ?? {}) }),
  };
  return Object.freeze(config);
}

function freezeList(items: string[] | undefined): readonly string[] | undefined {
  return items && items.length > 0 ? Object.freeze([...items]) : undefined;
}
