/**
 * Domain types of Glue interactive sessions, camelCase. The AWS PascalCase shapes live only in
 * the SDK gateway, which converts in both directions.
 */
export type SessionStatus =
  'PROVISIONING' | 'READY' | 'FAILED' | 'TIMEOUT' | 'STOPPING' | 'STOPPED';
export type StatementState =
  'WAITING' | 'RUNNING' | 'AVAILABLE' | 'CANCELLING' | 'CANCELLED' | 'ERROR';

export type CommandName = 'glueetl' | 'gluestreaming';

/** What CreateSession is asked for (built from a frozen SessionConfig). */
export interface SessionRequest {
  id: string;
  role: string;
  command: { name: CommandName; pythonVersion: '3' };
  defaultArguments: Record<string, string>;
  glueVersion?: string;
  workerType?: string;
  numberOfWorkers?: number;
  maxCapacity?: number;
  idleTimeout?: number;
  timeout?: number;
  securityConfiguration?: string;
  connections?: string[];
  tags?: Record<string, string>;
  requestOrigin?: string;
  description?: string;
}

/** A session as GetSession/ListSessions describe it; every field but id/status may be missing. */
export interface SessionInfo {
  id: string;
  status: SessionStatus;
  role?: string;
  createdOn?: Date;
  completedOn?: Date;
  glueVersion?: string;
  command?: { name?: string; pythonVersion?: string };
  idleTimeout?: number;
  workerType?: string;
  numberOfWorkers?: number;
  maxCapacity?: number;
  connections?: string[];
  defaultArguments?: Record<string, string>;
  securityConfiguration?: string;
  errorMessage?: string;
  progress?: number;
  description?: string;
}

export interface StatementOutput {
  status?: 'ok' | 'error' | string;
  executionCount?: number;
  /** TextPlain, plus the extended MIME shape some session types return (MimeType + Result...). */
  data?: {
    textPlain?: string;
    mimeType?: string;
    result?: string;
    stdOut?: string;
    stdErr?: string;
  };
  errorName?: string;
  errorValue?: string;
  traceback?: string[];
}

export interface StatementInfo {
  id: number;
  state: StatementState;
  code?: string;
  output?: StatementOutput;
  progress?: number;
  startedOn?: number;
  completedOn?: number;
}

export interface ConnectionInfo {
  name: string;
  connectionType?: string;
  subnetId?: string;
  securityGroupIds?: string[];
  availabilityZone?: string;
}

export interface ListSessionsQuery {
  tags?: Record<string, string>;
  maxResults?: number;
  nextToken?: string;
  requestOrigin?: string;
}

export interface SessionPage {
  sessions: SessionInfo[];
  nextToken?: string;
}
