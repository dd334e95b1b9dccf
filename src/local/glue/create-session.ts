import type { ConditionContext, ConnectionDef } from '../local-types.js';
import {
  GlueCall,
  ID_RULE,
  refuseReservedTagKeys,
  requestTags,
  type GlueOperation,
} from './glue-call.js';
import { glueErrors } from './glue-errors.js';
import { LocalSession, type SessionSpec } from './local-session.js';
import { sessionShape } from './glue-shapes.js';
import type { RequestReader } from './request-reader.js';

/** Glue's default session Timeout (and IdleTimeout) for Spark ETL: 48 hours. */
export const DEFAULT_TIMEOUT_MINUTES = 2880;

const ROLE_ACCOUNT = /^arn:aws[^:]*:iam::([0-9]+):role\//;

interface CreateInput {
  spec: Omit<SessionSpec, 'accountId' | 'region' | 'arn'>;
  tags: Record<string, string>;
}

/** Lengths, patterns and enums were checked against the Glue model before (validate-request). */
function readInput(input: RequestReader): CreateInput {
  const id = input.string('Id', ID_RULE);
  const role = input.string('Role', { required: true });
  const command = input.object('Command', true);
  const commandName = command?.string('Name');
  const pythonVersion = command?.string('PythonVersion');
  const description = input.string('Description');
  const timeout = input.number('Timeout', { integer: true });
  const idleTimeout = input.number('IdleTimeout', { integer: true });
  const defaultArguments = input.stringMap('DefaultArguments');
  const connections = input.object('Connections')?.stringList('Connections');
  const maxCapacity = input.number('MaxCapacity');
  const numberOfWorkers = input.number('NumberOfWorkers', { integer: true });
  const workerType = input.string('WorkerType');
  const securityConfiguration = input.string('SecurityConfiguration');
  const glueVersion = input.string('GlueVersion');
  const tags = input.stringMap('Tags') ?? {};
  refuseReservedTagKeys(Object.keys(tags));
  input.finish();

  if (commandName !== 'glueetl' && commandName !== 'gluestreaming') {
    throw glueErrors.invalidInput(
      `Command.Name '${commandName}' is not supported; use glueetl or gluestreaming.`,
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
  const { store, launcher, clock, lifecycle } = call.deps;
  if (store.get(call.accountId, call.region, spec.id)) {
    throw glueErrors.alreadyExists(`Session ${spec.id} already exists.`);
  }
  const session = new LocalSession(
    { ...spec, accountId: call.accountId, region: call.region, arn },
    launcher,
    clock,
    lifecycle,
  );
  for (const [key, value] of Object.entries(tags)) session.tags.set(key, value);
  store.add(session);
  session.start();
  return { Session: sessionShape(session) };
};
