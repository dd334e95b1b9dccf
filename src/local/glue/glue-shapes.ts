import type { LocalSession, LocalStatement } from './local-session.js';

/** DPU per worker, to report MaxCapacity for worker-based sessions. */
const DPU_PER_WORKER: Record<string, number> = {
  'G.025X': 0.25,
  'G.1X': 1,
  'G.2X': 2,
  'G.4X': 4,
  'G.8X': 8,
  'G.12X': 12,
  'G.16X': 16,
  'R.1X': 1,
  'R.2X': 2,
  'R.4X': 4,
  'R.8X': 8,
  'Z.2X': 2,
  Standard: 1,
};

/** Drops undefined members, so absent fields are absent on the wire (as AWS sends them). */
function compact<T extends Record<string, unknown>>(shape: T): Partial<T> {
  return Object.fromEntries(Object.entries(shape).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The Session shape of the Glue API; timestamps are epoch seconds. */
export function sessionShape(session: LocalSession): Record<string, unknown> {
  const { spec } = session;
  const end = session.completedOn;
  const maxCapacity =
    spec.maxCapacity ??
    (spec.workerType && spec.numberOfWorkers
      ? (DPU_PER_WORKER[spec.workerType] ?? 1) * spec.numberOfWorkers
      : undefined);
  return compact({
    Id: spec.id,
    CreatedOn: session.createdOn / 1000,
    Status: session.status,
    ErrorMessage: session.errorMessage,
    Description: spec.description,
    Role: spec.role,
    Command: compact({ Name: spec.command.name, PythonVersion: spec.command.pythonVersion }),
    DefaultArguments: spec.defaultArguments,
    Connections: spec.connections ? { Connections: spec.connections } : undefined,
    Progress: session.status === 'PROVISIONING' ? 0 : 1,
    MaxCapacity: maxCapacity,
    SecurityConfiguration: spec.securityConfiguration,
    GlueVersion: spec.glueVersion,
    NumberOfWorkers: spec.numberOfWorkers,
    WorkerType: spec.workerType,
    CompletedOn: end !== undefined ? end / 1000 : undefined,
    ExecutionTime: end !== undefined ? Math.round((end - session.createdOn) / 1000) : undefined,
    IdleTimeout: spec.idleTimeoutMinutes,
  });
}

/** The Statement shape; StartedOn/CompletedOn are epoch milliseconds (as Livy reports them). */
export function statementShape(statement: LocalStatement): Record<string, unknown> {
  const result = statement.result;
  const output = result
    ? compact({
        // MimeType/Result are the extended shape Glue's REPL uses for %matplot; not in the SDK model.
        Data: compact({
          TextPlain: result.output,
          MimeType: result.mimeType,
          Result: result.mimeResult,
        }),
        ExecutionCount: statement.id,
        Status: result.status,
        ErrorName: result.errorName,
        ErrorValue: result.errorValue,
        Traceback: result.status === 'error' ? (result.traceback ?? []) : undefined,
      })
    : undefined;
  return compact({
    Id: statement.id,
    Code: statement.code,
    State: statement.state,
    Output: output,
    Progress: statement.progress,
    StartedOn: statement.startedOn,
    CompletedOn: statement.completedOn,
  });
}
