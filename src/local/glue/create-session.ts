import type { ConditionContext, ConnectionDef } from '../local-types.js';
import { GlueCall, ID_RULE, requestTags, type GlueOperation } from './glue-call.js';
import { glueErrors } from './glue-errors.js';
import { LocalSession, type SessionSpec } from './local-session.js';
import { sessionShape } from './glue-shapes.js';
import type { RequestReader } from './request-reader.js';

/** The docs' worker types (the SDK model lags behind them). */
export const WORKER_TYPES = [
  'Standard',
  'G.025X',
  'G.1X',
  'G.2X',
  'G.4X',
  'G.8X',
  'G.12X',
  'G.16X',
  'R.1X',
  'R.2X',
  'R.4X',
  'R.8X',
  'Z.2X',
];

/** Glue's default session Timeout (and IdleTimeout) for Spark ETL: 48 hours. */
export const DEFAULT_TIMEOUT_MINUTES = 2880;

const ROLE_PATTERN = /^arn:aws[^:]*:iam::[0-9]*:role\/.+$/;
const ROLE_ACCOUNT = /^arn:aws[^:]*:iam::([0-9]+):role\//;
const ARGUMENT_KEY = /^[.\-_A-Za-z0-9]+$/;
const SINGLE_LINE = /^[^\r\n]*$/;
const TAG_RULE = { maxEntries: 50, keyMin: 1, keyMax: 128, valueMax: 256 };

interface CreateInput {
  spec: Omit<SessionSpec, 'accountId' | 'region' | 'arn'>;
  tags: Record<string, string>;
}

function readInput(input: RequestReader): CreateInput {
  const id = input.string('Id', ID_RULE);
  const role = input.string('Role', {
    required: true,
    min: 20,
    max: 2048,
    pattern: ROLE_PATTERN,
    patternText: 'arn:aws[^:]*:iam::[0-9]*:role/.+',
  });
  const command = input.object('Command', true);
  const commandName = command?.string('Name', { required: true });
  const pythonVersion = command?.string('PythonVersion', { pattern: /^([2-3]|3[.]9)$/ });
  const description = input.string('Description', { max: 2048 });
  const timeout = input.number('Timeout', { integer: true, min: 1 });
  const idleTimeout = input.number('IdleTimeout', { integer: true, min: 1 });
  const defaultArguments = input.stringMap('DefaultArguments', {
    maxEntries: 75,
    keyMin: 1,
    keyMax: 128,
    keyPattern: ARGUMENT_KEY,
    valueMax: 4096,
  });
  const connections = input.object('Connections')?.stringList('Connections', 1000, 255);
  const maxCapacity = input.number('MaxCapacity');
  const numberOfWorkers = input.number('NumberOfWorkers', { integer: true, min: 1 });
  const workerType = input.string('WorkerType');
  const securityConfiguration = input.string('SecurityConfiguration', {
    min: 1,
    max: 255,
    pattern: SINGLE_LINE,
  });
  const glueVersion = input.string('GlueVersion', { min: 1, max: 255, pattern: /^(\w+\.)+\w+$/ });
  const tags = input.stringMap('Tags', TAG_RULE) ?? {};
  input.string('RequestOrigin', { min: 1, max: 128, pattern: /^[.\-_A-Za-z0-9]+$/ });
  input.finish();

  if (commandName !== 'glueetl' && commandName !== 'gluestreaming') {
    throw glueErrors.invalidInput(
      `Command.Name '${commandName}' is not supported; use glueetl or gluestreaming.`,
    );
  }
  if (workerType !== undefined && !WORKER_TYPES.includes(workerType)) {
    throw glueErrors.invalidInput(
      `WorkerType '${workerType}' is not valid; valid types are ${WORKER_TYPES.join(', ')}.`,
    );
  }
  if ((workerType === undefined) !== (numberOfWorkers === undefined)) {
    throw glueErrors.invalidInput('Please set both WorkerType and NumberOfWorkers, or neither.');
  }
  if (maxCapacity !== undefined && workerType !== undefined) {
    throw glueErrors.invalidInput(
      'Please set either MaxCapacity or WorkerType and NumberOfWorkers, but not both.',
    );
  }
  if (glueVersion !== undefined && Number.parseFloat(glueVersion) < 2) {
    throw glueErrors.invalidInput(
      `GlueVersion ${glueVersion} is not supported for sessions; use 2.0 or later.`,
    );
  }
  const timeoutMinutes = timeout ?? DEFAULT_TIMEOUT_MINUTES;
  return {
    spec: {
      id: id!,
      role: role!,
      command: { name: commandName, pythonVersion },
      description,
      defaultArguments: defaultArguments ?? {},
      connections,
      maxCapacity,
      numberOfWorkers,
      workerType,
      securityConfiguration,
      glueVersion,
      timeoutMinutes,
      idleTimeoutMinutes: idleTimeout ?? timeoutMinutes,
    },
    tags,
  };
}

/** glue:VpcIds / SubnetIds / SecurityGroupIds come from the named connections (absent if none). */
function networkContext(connections: ConnectionDef[]): ConditionContext {
  const unique = (values: (string | undefined)[]): string[] | undefined => {
    const set = [...new Set(values.filter((v): v is string => !!v))];
    return set.length > 0 ? set : undefined;
  };
  return {
    'glue:VpcIds': unique(connections.map((c) => c.vpcId)),
    'glue:SubnetIds': unique(connections.map((c) => c.subnetId)),
    'glue:SecurityGroupIds': unique(connections.flatMap((c) => c.securityGroupIds ?? [])),
  };
}

function lookUpConnections(call: GlueCall, names: string[]): ConnectionDef[] {
  return names.map((name) => {
    const found = call.deps.plane.findConnection(call.accountId, call.region, name);
    if (!found) {
      throw glueErrors.entityNotFound(
        `Connection ${name} not found. (Looked in account ${call.accountId}, region ${call.region}; ` +
          'connections belong to one region.)',
      );
    }
    return found;
  });
}

/**
 * IAM lets a principal pass only a role of its own account to a service, whatever its policies
 * allow; AWS services answer "Cross-account pass role is not allowed." (AccessDeniedException).
 */
function refuseCrossAccountRole(call: GlueCall, role: string): void {
  const roleAccount = ROLE_ACCOUNT.exec(role)?.[1];
  if (roleAccount === undefined || roleAccount === call.accountId) return;
  throw glueErrors.accessDenied(
    `Cross-account pass role is not allowed. (The session role ${role} belongs to account ` +
      `${roleAccount}; the caller ${call.caller.principal.arn} is in account ${call.accountId}. ` +
      "Use a role of the caller's account, or assume a role in the role's account first.)",
  );
}

export const createSession: GlueOperation = (input, call) => {
  const { spec, tags } = readInput(input);
  const arn = call.sessionArn(spec.id);
  const connections = lookUpConnections(call, spec.connections ?? []);
  call.authorize('glue:CreateSession', arn, {
    ...networkContext(connections),
    ...requestTags(tags),
  });
  call.authorize('iam:PassRole', spec.role, { 'iam:PassedToService': 'glue.amazonaws.com' });
  refuseCrossAccountRole(call, spec.role);
  if (!call.deps.plane.findRole(spec.role)) {
    throw glueErrors.invalidInput(
      `Role ${spec.role} does not exist; the session's runtime role must be defined in the accounts file.`,
    );
  }
  const { store, launcher, timers, lifecycle } = call.deps;
  if (store.get(call.accountId, call.region, spec.id)) {
    throw glueErrors.alreadyExists(`Session ${spec.id} already exists.`);
  }
  const session = new LocalSession(
    { ...spec, accountId: call.accountId, region: call.region, arn },
    launcher,
    timers,
    lifecycle,
  );
  for (const [key, value] of Object.entries(tags)) session.tags.set(key, value);
  store.add(session);
  session.start();
  return { Session: sessionShape(session) };
};
