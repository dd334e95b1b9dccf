/**
 * The set-up for the kernel benchmarks that need Glue: the local endpoint started in this
 * process, the counting proxy in front of it, and the built kernel (pyspark kind, as a user
 * runs it) pointed at the proxy through the standard AWS settings with the endpoint's default
 * keys and session role. `close()` stops all three, whatever state they are in.
 */
import { performance } from 'node:perf_hooks';
import { KernelClient } from '../src/client/kernel-client.js';
import { DEFAULT_ROLE_ARN } from '../src/local/identity/accounts.js';
import { startLocalEndpoint, type LocalEndpoint } from '../src/local/local-endpoint.js';
import type { ContentByType } from '../src/protocol/messages.js';
import { CountingProxy } from './counting-proxy.js';
import { isolatedEnv, ourKernelArgv, residentBytes } from './kernel-launch.js';

export interface TimedReply {
  /** execute_request sent → execute_reply received, ms. */
  ms: number;
  reply: ContentByType['execute_reply'];
}

export class SessionKernel {
  private constructor(
    readonly endpoint: LocalEndpoint,
    readonly proxy: CountingProxy,
    readonly client: KernelClient,
  ) {}

  static async start(): Promise<SessionKernel> {
    const endpoint = await startLocalEndpoint({ port: 0 });
    let proxy: CountingProxy | undefined;
    try {
      proxy = await CountingProxy.start(endpoint.url);
      const env = isolatedEnv({
        AWS_ENDPOINT_URL_GLUE: proxy.url,
        AWS_ENDPOINT_URL_STS: proxy.url,
        AWS_ACCESS_KEY_ID: endpoint.defaultCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: endpoint.defaultCredentials.secretAccessKey,
        AWS_REGION: endpoint.region,
        glue_role_arn: DEFAULT_ROLE_ARN,
      });
      const client = await KernelClient.start({ argv: ourKernelArgv(), env });
      return new SessionKernel(endpoint, proxy, client);
    } catch (err) {
      await proxy?.close();
      await endpoint.close();
      throw err;
    }
  }

  get pid(): number | undefined {
    return this.client.process.pid;
  }

  rss(): Promise<number | undefined> {
    return residentBytes(this.pid);
  }

  /** Runs a cell and times its execute_reply (not waiting for idle); errors if it failed. */
  async timeReply(code: string, timeoutMs: number): Promise<TimedReply> {
    const started = performance.now();
    const message = await this.client.request(
      'shell',
      'execute_request',
      {
        code,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
      timeoutMs,
    );
    const ms = performance.now() - started;
    const reply = message.content;
    if (reply.status !== 'ok')
      throw new Error(`cell ${JSON.stringify(code)} failed: ${reply.evalue}`);
    return { ms, reply };
  }

  /** Runs a cell to the end (reply and idle) and returns its text output; errors if it failed. */
  async run(code: string, timeoutMs: number): Promise<string> {
    const { reply, outputs } = await this.client.execute(code, { timeoutMs });
    const text = outputs
      .map((m) => (m.content as { text?: string }).text ?? JSON.stringify(m.content))
      .join('');
    if (reply.status !== 'ok') throw new Error(`cell ${JSON.stringify(code)} failed: ${text}`);
    return text;
  }

  async close(): Promise<void> {
    await this.client.shutdown(5000).catch(() => this.client.close());
    await this.proxy.close();
    await this.endpoint.close();
  }
}
