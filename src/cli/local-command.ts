/**
 * `glue-kernel local`: starts the local Glue endpoint, prints how to point AWS clients at it, and
 * runs until SIGINT/SIGTERM, then stops every session's Python worker.
 */
import { isLoopbackHost, startLocalEndpoint, type LocalEndpoint } from '../local/local-endpoint.js';
import type { FaultSettings } from '../local/local-types.js';
import { defaultStateDir } from '../local/state/state-dir.js';
import { writeQuietly } from '../util/logger.js';
import { parseCommandArgs, UsageError } from './cli-usage.js';

/** A fixed default port keeps the printed environment valid across restarts. */
export const DEFAULT_LOCAL_PORT = 8765;

export const LOCAL_USAGE = `Usage: glue-kernel local [options]
       glue-kernel local setup [--glue-version 4.0|5.0]   (prepare a local Spark runtime)

Starts an offline AWS Glue endpoint (interactive sessions, statements run in local Python) with
STS, an S3 API over plain files in the state directory, SigV4 verification and IAM policy
evaluation, so the AWS SDKs, the AWS CLI and the kernel work against it unchanged.

Options:
  --port N                  TCP port (default ${DEFAULT_LOCAL_PORT}; 0 picks a free one)
  --host ADDR               interface to bind (default 127.0.0.1); any other than loopback
                            needs --accounts (the built-in keys are public) and warns
  --accounts FILE           accounts file (users, keys, roles, policies, connections, faults);
                            default: one permissive built-in account
  --state-dir DIR           where sessions, objects and the catalog are kept (default
                            $GLUE_KERNEL_STATE_DIR, else $XDG_STATE_HOME/glue-kernel, else
                            ~/.local/state/glue-kernel); one endpoint per directory
  --python PATH             Python interpreter for sessions (default $GLUE_KERNEL_LOCAL_PYTHON or python3)
  --provisioning-delay MS   time a new session stays PROVISIONING (default 300)
  --throttle-rate R         fraction of Glue requests answered with ThrottlingException (0..1)
  --error-rate R            fraction of Glue requests answered with InternalServiceException (0..1)
  --latency MS              delay added to every Glue request
  --credential-lifetime S   cap on the lifetime of credentials issued by AssumeRole, in seconds
  --session-failure MSG     make every new session FAILED with this ErrorMessage
  --time-scale X            multiplies IdleTimeout/Timeout minutes (e.g. 0.01: a minute lasts 0.6 s)
  --no-standby              keep no warm worker (with Spark started) ahead of the next session
  -h, --help                show this help

Example:
  glue-kernel local --accounts notebooks/scenario-accounts.json --port 8765`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  accounts: { type: 'string' },
  'state-dir': { type: 'string' },
  python: { type: 'string' },
  'provisioning-delay': { type: 'string' },
  'throttle-rate': { type: 'string' },
  'error-rate': { type: 'string' },
  latency: { type: 'string' },
  'credential-lifetime': { type: 'string' },
  'session-failure': { type: 'string' },
  'time-scale': { type: 'string' },
  'no-standby': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface LocalCommandIo {
  out(text: string): void;
  /** Resolves when the endpoint should stop (SIGINT/SIGTERM by default). */
  stopped(): Promise<string>;
}

const processIo: LocalCommandIo = {
  // Never throws: an operator's closed terminal or pipe (EPIPE) must not stop the endpoint.
  out: (text) => writeQuietly(process.stdout, text),
  stopped: () =>
    new Promise((resolve) => {
      const stop = (signal: NodeJS.Signals): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(signal);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
};

function number(
  value: string | undefined,
  flag: string,
  check: (n: number) => boolean,
  range: string,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || !check(parsed)) {
    throw new UsageError(`--${flag} must be ${range} (got '${value}').`, LOCAL_USAGE);
  }
  return parsed;
}

const rate = (n: number): boolean => n >= 0 && n <= 1;
const nonNegative = (n: number): boolean => n >= 0;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

function readFaults(values: Values): FaultSettings {
  const faults: FaultSettings = {
    provisioningDelayMs: number(
      values['provisioning-delay'],
      'provisioning-delay',
      nonNegative,
      'a number of milliseconds ≥ 0',
    ),
    throttleRate: number(
      values['throttle-rate'],
      'throttle-rate',
      rate,
      'a rate between 0 and 1, e.g. 0.1',
    ),
    serverErrorRate: number(
      values['error-rate'],
      'error-rate',
      rate,
      'a rate between 0 and 1, e.g. 0.05',
    ),
    addedLatencyMs: number(values.latency, 'latency', nonNegative, 'a number of milliseconds ≥ 0'),
    credentialLifetimeSeconds: number(
      values['credential-lifetime'],
      'credential-lifetime',
      (n) => n > 0,
      'a number of seconds > 0',
    ),
    timeScale: number(values['time-scale'], 'time-scale', (n) => n > 0, 'a number > 0, e.g. 0.01'),
    sessionFailure: values['session-failure'],
  };
  return Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined));
}

/** What a user needs to point clients at the endpoint (shell syntax). */
export function describeEndpoint(endpoint: LocalEndpoint): string {
  const { accessKeyId, secretAccessKey } = endpoint.defaultCredentials;
  return [
    `Local Glue endpoint listening on ${endpoint.url}`,
    `Accounts: ${endpoint.accountsSource}; default user ${endpoint.defaultUserArn}`,
    `State: ${endpoint.stateDir}`,
    '',
    'Point AWS clients at it with (these keys are valid only for this local endpoint):',
    `  export AWS_ENDPOINT_URL_GLUE=${endpoint.url}`,
    `  export AWS_ENDPOINT_URL_STS=${endpoint.url}`,
    `  export AWS_ENDPOINT_URL_S3=${endpoint.url}`,
    `  export AWS_ACCESS_KEY_ID=${accessKeyId}`,
    `  export AWS_SECRET_ACCESS_KEY=${secretAccessKey}`,
    `  export AWS_REGION=${endpoint.region}`,
    `  export AWS_DEFAULT_REGION=${endpoint.region}`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

/** Runs the endpoint until stopped; resolves with the exit code. */
export async function runLocalCommand(
  argv: string[],
  io: LocalCommandIo = processIo,
): Promise<number> {
  if (argv[0] === 'setup') return (await import('./local-setup.js')).runLocalSetup(argv.slice(1));
  const { values } = parseCommandArgs(argv, OPTIONS, LOCAL_USAGE);
  if (values.help) {
    io.out(`${LOCAL_USAGE}\n`);
    return 0;
  }
  const port =
    number(
      values.port,
      'port',
      (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
      'an integer port 0..65535',
    ) ?? DEFAULT_LOCAL_PORT;
  const faults = readFaults(values);
  if (values.host !== undefined && !isLoopbackHost(values.host)) {
    if (!values.accounts) {
      throw new UsageError(
        `--host ${values.host} needs --accounts FILE: the built-in account's keys are public, and ` +
          'anyone who reaches the port could run Python on this machine through RunStatement.',
        LOCAL_USAGE,
      );
    }
    io.out(
      `Warning: listening on ${values.host}, beyond this machine: whoever holds keys of ` +
        `${values.accounts} can run Python here through RunStatement.\n`,
    );
  }
  const stopped = io.stopped();
  let endpoint: LocalEndpoint;
  try {
    endpoint = await startLocalEndpoint({
      port,
      host: values.host,
      accountsFile: values.accounts,
      stateDir: values['state-dir'] ?? defaultStateDir(),
      python: values.python,
      standby: !values['no-standby'],
      faults,
      log: (line) => writeQuietly(process.stderr, `[glue-kernel local] ${line}\n`),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${port} is in use; choose another with --port N (0 picks a free one).`,
        {
          cause: err,
        },
      );
    }
    throw err;
  }
  io.out(describeEndpoint(endpoint));
  const signal = await stopped;
  io.out(`\n${signal}: stopping the local endpoint and its sessions.\n`);
  await endpoint.close();
  return 0;
}

/** The `glue-kernel local` entry of the command router. */
export const localCommand = (args: string[]): Promise<number> => runLocalCommand(args);
