/**
 * The local Glue endpoint as one call, for `glue-kernel local` and for embedding in the kernel:
 *
 *   const endpoint = await startLocalEndpoint({ port: 0 });
 *   new GlueClient({ endpoint: endpoint.url, region: endpoint.region,
 *                    credentials: endpoint.defaultCredentials });
 *   ...
 *   await endpoint.close(); // stops the server and every session's Python worker
 *
 * Without `accountsFile` the built-in permissive account is used (documented fake keys).
 */
import type { AddressInfo } from 'node:net';
import type { Accounts } from './identity/account-model.js';
import { defaultAccounts, loadAccounts } from './identity/accounts.js';
import { createIdentityPlane } from './identity/identity-plane.js';
import { FaultInjector, mergeFaults, validateFaults } from './faults.js';
import { GlueApi } from './glue/glue-api.js';
import { seedCatalog } from './glue/catalog/catalog-seed.js';
import { CatalogFiles } from './glue/catalog/catalog-files.js';
import { CatalogStore } from './glue/catalog/catalog-store.js';
import { SessionStore } from './glue/session-store.js';
import { SessionRecordsFile } from './glue/session-records.js';
import { LocalSession, type WorkerLauncher } from './glue/local-session.js';
import { StateStore } from './state/state-store.js';
import { MultipartUploads } from './s3/multipart-uploads.js';
import { ObjectStore } from './s3/object-store.js';
import { S3Api } from './s3/s3-api.js';
import type { FaultSettings } from './local-types.js';
import { WorkerPool } from './python/worker-pool.js';
import { sessionEndpointUrl, sessionEnvironment } from './python/session-environment.js';
import { sessionRuntimeEnvironment, sessionStartupTimeoutMs } from './python/session-runtime.js';
import { installedRuntime } from './runtime/glue-runtimes.js';
import { LocalServer } from './server.js';
import { systemClock, type Clock } from '../util/clock.js';
import { maskSecretsInText } from '../util/secrets.js';

/** The role session name of a session's credentials, as Glue names the role sessions it runs code in. */
export const SESSION_ROLE_SESSION_NAME = 'GlueJobRunnerSession';

/** The region clients should use unless they need another; sessions are scoped per region. */
export const DEFAULT_LOCAL_REGION = 'us-east-1';

export interface LocalEndpointOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; 127.0.0.1 unless set. */
  host?: string;
  /** JSON accounts file (users, keys, roles, policies, connections, faults). */
  accountsFile?: string;
  /**
   * State directory (docs/local-state.md): session records, objects, catalog. Without it, a
   * private temporary one that is deleted on close (nothing survives the endpoint).
   */
  stateDir?: string;
  /** Python interpreter for session workers; else GLUE_KERNEL_LOCAL_PYTHON, else python3. */
  python?: string;
  /**
   * Keep a warm standby worker (with Spark started when the interpreter has pyspark), so a new
   * session's first Spark statement does not wait for Spark to start. Off unless set. It runs
   * the runtime of `glueVersion` (default: a session naming none), then that of the last session.
   */
  standby?: boolean | { glueVersion?: string };
  /** Fault injection; these win over the accounts file's `faults` section. */
  faults?: FaultSettings;
  /**
   * Diagnostics (worker stderr, internal errors). Lines pass the one secret-masking rule
   * (util/secrets.ts) first: a worker's stderr may quote a setting such as a module URL.
   */
  log?: (line: string) => void;
  clock?: Clock;
}

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface LocalEndpoint {
  /** e.g. http://127.0.0.1:49152 — for AWS_ENDPOINT_URL_GLUE and AWS_ENDPOINT_URL_STS. */
  url: string;
  port: number;
  host: string;
  region: string;
  /** Keys of the first user of the first account (the built-in `local-user` by default). */
  defaultCredentials: LocalCredentials;
  /** ARN of that user. */
  defaultUserArn: string;
  /** Where the accounts came from ("built-in default accounts" or the file path). */
  accountsSource: string;
  /** The fault settings in effect. */
  faults: FaultSettings;
  /** Absolute path of the state directory (a temporary one when none was given). */
  stateDir: string;
  close(): Promise<void>;
}

function firstUserWithKeys(accounts: Accounts): { arn: string; keys: LocalCredentials } {
  for (const account of accounts.accounts) {
    for (const user of account.users) {
      const keys = user.accessKeys[0];
      if (keys) return { arn: user.arn, keys: { ...keys } };
    }
  }
  throw new Error(
    `${accounts.source}: no user has an access key; add accessKeys to a user so clients can sign requests.`,
  );
}

/** True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

export async function startLocalEndpoint(
  options: LocalEndpointOptions = {},
): Promise<LocalEndpoint> {
  const clock = options.clock ?? systemClock;
  const givenLog = options.log;
  const log = givenLog && ((line: string) => givenLog(maskSecretsInText(line)));
  if (options.host !== undefined && !isLoopbackHost(options.host) && !options.accountsFile) {
    // Anyone who can reach the port could sign with the documented keys and run Python here.
    throw new Error(
      `refusing to listen on ${options.host} with the built-in account, whose keys are public and ` +
        'whose sessions run any Python; give an accounts file with keys of your own ' +
        '(--accounts FILE, see docs/local-accounts.md), or bind 127.0.0.1.',
    );
  }
  const accounts = options.accountsFile
    ? await loadAccounts(options.accountsFile)
    : defaultAccounts();
  const faults = validateFaults(mergeFaults(accounts.faults, options.faults));
  const defaultUser = firstUserWithKeys(accounts);
  const plane = createIdentityPlane(accounts, {
    clock,
    credentialLifetimeSeconds: faults.credentialLifetimeSeconds,
    log,
  });
  const injector = new FaultInjector(faults, clock);
  const lifecycle = injector.lifecycle();
  const state = options.stateDir ? StateStore.open(options.stateDir) : StateStore.temporary();
  let sessionUrl = ''; // known once the server listens, before any session starts
  const pool = new WorkerPool({
    python: options.python,
    timers: clock,
    log,
    // A runtime prepared by `glue-kernel local setup` for the session's GlueVersion, unless an
    // interpreter was named for this endpoint (docs/local-runtimes.md).
    runtimeFor: (glueVersion) => {
      if (options.python) return undefined;
      const runtime = installedRuntime(glueVersion);
      if (!runtime) return undefined;
      const env: Record<string, string> = {};
      if (runtime.record.javaHome) env['JAVA_HOME'] = runtime.record.javaHome;
      return { python: runtime.python, env };
    },
    sessionSetup: (session) => {
      // Valid for the session's whole Timeout; revoked when its worker ends (docs/local-sessions.md).
      const lifetimeSeconds = Math.ceil(session.timeoutMinutes * 60 * lifecycle.timeScale) + 60;
      const credentials = plane.issueRoleCredentials(
        session.role,
        SESSION_ROLE_SESSION_NAME,
        lifetimeSeconds,
      );
      return {
        env: {
          ...sessionEnvironment({ endpointUrl: sessionUrl, region: session.region, credentials }),
          ...sessionRuntimeEnvironment({
            defaultArguments: session.defaultArguments,
            stateDir: state.dir,
            ...(accounts.buckets ? { buckets: accounts.buckets } : {}),
          }),
        },
        startupTimeoutMs: sessionStartupTimeoutMs(session.defaultArguments),
        release: () => plane.revokeCredentials(credentials.accessKeyId),
      };
    },
  });
  const records = new SessionRecordsFile(state, () => clock.now(), log);
  const store = new SessionStore(records);
  const catalogFiles = new CatalogFiles(state, clock, log);
  const catalog = new CatalogStore(catalogFiles);
  const launcher: WorkerLauncher = pool;
  const glue = new GlueApi({ store, plane, launcher, clock, lifecycle, catalog });
  const s3 = new S3Api(
    {
      plane,
      store: new ObjectStore(state.folder('s3'), state.folder('s3-meta'), accounts.buckets),
      uploads: new MultipartUploads(state.folder('s3-uploads')),
    },
    log,
  );
  const server = new LocalServer({ plane, glue, s3, faults: injector, log });
  const host = options.host ?? '127.0.0.1';
  let address: AddressInfo;
  try {
    for (const earlier of records.load(
      (spec) => new LocalSession(spec, launcher, clock, lifecycle),
    )) {
      store.add(earlier);
    }
    catalogFiles.load(catalog);
    seedCatalog(catalog, accounts, clock.now() / 1000);
    address = await server.listen(options.port ?? 0, host);
  } catch (err) {
    await state.close(); // a refused start leaves the state directory unlocked
    throw err;
  }
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  sessionUrl = sessionEndpointUrl(`http://${urlHost}:${address.port}`);
  if (options.standby)
    pool.keepStandby(typeof options.standby === 'object' ? options.standby.glueVersion : undefined);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    host,
    region: DEFAULT_LOCAL_REGION,
    defaultCredentials: defaultUser.keys,
    defaultUserArn: defaultUser.arn,
    accountsSource: accounts.source,
    faults,
    stateDir: state.dir,
    close() {
      closing ??= (async () => {
        await server.close();
        await glue.close();
        await pool.closeAll();
        store.persist();
        await records.flushed();
        await catalogFiles.flush();
        await state.close();
      })();
      return closing;
    },
  };
}
