/**
 * The real Glue kernel (from the TypeScript sources) spawned as Jupyter would, talking to a local
 * endpoint started in the test process — so a test can drive the kernel and also look at the
 * sessions from the outside, as an administrator would, with the AWS SDK.
 */
import { GlueClient } from '@aws-sdk/client-glue';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient, type ExecuteResult } from '../../src/client/kernel-client.js';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import {
  startLocalEndpoint,
  type LocalEndpoint,
  type LocalEndpointOptions,
} from '../../src/local/local-endpoint.js';
import { glueKernelCommand } from './kernel-argv.js';

/**
 * A kernel's environment that reaches only `endpoint` (at `url`, e.g. a proxy in front of it) as
 * its default user, with no AWS files or settings of the machine's user.
 */
export function kernelEnvironmentFor(
  endpoint: LocalEndpoint,
  url = endpoint.url,
): Record<string, string | undefined> {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    AWS_ENDPOINT_URL_GLUE: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_ACCESS_KEY_ID: endpoint.defaultCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: endpoint.defaultCredentials.secretAccessKey,
    AWS_REGION: endpoint.region,
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    glue_role_arn: DEFAULT_ROLE_ARN,
    // A local kernel would start Spark ahead of its first session; tests that want it say so.
    GLUE_KERNEL_LOCAL_STANDBY: '0',
  };
}

export interface GlueKernelRig {
  endpoint: LocalEndpoint;
  kernel: KernelClient;
  /** A Glue client of the endpoint's default user, for checks from outside the kernel. */
  glue: GlueClient;
  /** Starts another kernel process against the same endpoint (e.g. after a crash). */
  startKernel(): Promise<KernelClient>;
  close(): Promise<void>;
}

export async function startGlueKernelRig(
  endpointOptions: LocalEndpointOptions = {},
  kind: 'pyspark' | 'local' = 'pyspark',
  /** Start the kernel under a shell, so a test can kill the kernel's parent. */
  underShell = false,
): Promise<GlueKernelRig> {
  const endpoint = await startLocalEndpoint({ port: 0, ...endpointOptions });
  const kernels: KernelClient[] = [];
  // A local kernel's embedded endpoint never uses the user's state directory.
  const kernelState = mkdtempSync(join(tmpdir(), 'glue-kernel-rig-state-'));
  const startKernel = async (): Promise<KernelClient> => {
    const argv = glueKernelCommand('kernel', '--kind', kind, '-f', '{connection_file}');
    const kernel = await KernelClient.start({
      argv: underShell ? ['bash', '-c', '"$@" & wait', 'bash', ...argv] : argv,
      env: {
        ...kernelEnvironmentFor(endpoint),
        GLUE_KERNEL_STATE_DIR: mkdtempSync(join(kernelState, 'kernel-')),
        ...(endpointOptions.python ? { GLUE_KERNEL_LOCAL_PYTHON: endpointOptions.python } : {}),
      },
      startTimeoutMs: 30_000,
    });
    kernels.push(kernel);
    return kernel;
  };
  const kernel = await startKernel();
  const glue = new GlueClient({
    endpoint: endpoint.url,
    region: endpoint.region,
    credentials: endpoint.defaultCredentials,
  });
  return {
    endpoint,
    kernel,
    glue,
    startKernel,
    async close() {
      for (const k of kernels) await k.shutdown(5000).catch(() => undefined);
      glue.destroy();
      await endpoint.close();
      rmSync(kernelState, { recursive: true, force: true });
    },
  };
}

/** Everything a notebook would show for one execute, as plain text. */
export function shownText(result: ExecuteResult): string {
  return result.outputs
    .map((message) => {
      const c = message.content as {
        text?: string;
        data?: Record<string, unknown>;
        ename?: string;
        evalue?: string;
        traceback?: string[];
      };
      if (typeof c.text === 'string') return c.text;
      if (c.data && typeof c.data['text/plain'] === 'string') return `${c.data['text/plain']}\n`;
      if (c.ename) return `${(c.traceback ?? []).join('\n')}\n${c.ename}: ${c.evalue}\n`;
      return '';
    })
    .join('');
}
