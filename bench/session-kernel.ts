/**
 * The set-up for the kernel benchmarks that need Glue: a local endpoint started in this process
 * (optionally with added latency per Glue call), the counting proxy in front of it, and kernels
 * (ours and the official one, see peers.ts) pointed at the proxy through the standard AWS
 * settings with the endpoint's built-in account. Closing stops whatever was started.
 */
import { performance } from 'node:perf_hooks';
import { KernelClient } from '../src/client/kernel-client.js';
import { startLocalEndpoint, type LocalEndpoint } from '../src/local/local-endpoint.js';
import type { ContentByType } from '../src/protocol/messages.js';
import { CountingProxy } from './counting-proxy.js';
import { residentBytes } from './kernel-launch.js';
import type { SessionPeer } from './peers.js';

export interface TimedReply {
  /** execute_request sent → execute_reply received, ms. */
  ms: number;
  reply: ContentByType['execute_reply'];
}

/** One local endpoint with the counting proxy in front; every kernel of a run shares it. */
export class BenchEndpoint {
  private constructor(
    readonly endpoint: LocalEndpoint,
    readonly proxy: CountingProxy,
    readonly latencyMs: number,
  ) {}

  /** `latencyMs` is the endpoint's `--latency`: added to every Glue call. */
  static async start(latencyMs = 0): Promise<BenchEndpoint> {
    const endpoint = await startLocalEndpoint({
      port: 0,
      faults: latencyMs > 0 ? { addedLatencyMs: latencyMs } : {},
    });
    try {
      return new BenchEndpoint(endpoint, await CountingProxy.start(endpoint.url), latencyMs);
    } catch (err) {
      await endpoint.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.proxy.close();
    await this.endpoint.close();
  }
}

export class SessionKernel {
  private constructor(
    readonly peer: SessionPeer,
    readonly bench: BenchEndpoint,
    readonly client: KernelClient,
  ) {}

  /** Starts the peer's kernel against `bench` and runs its set-up cells (e.g. %%assume_role). */
  static async start(peer: SessionPeer, bench: BenchEndpoint): Promise<SessionKernel> {
    const client = await KernelClient.start({ argv: peer.argv, env: peer.env(bench) });
    const kernel = new SessionKernel(peer, bench, client);
    try {
      for (const cell of peer.setupCells) await kernel.run(cell, 60_000);
      return kernel;
    } catch (err) {
      await kernel.close();
      throw err;
    }
  }

  get proxy(): CountingProxy {
    return this.bench.proxy;
  }

  get endpoint(): LocalEndpoint {
    return this.bench.endpoint;
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
      throw new Error(
        `${this.peer.label}: cell ${JSON.stringify(code)} ${reply.status === 'aborted' ? 'was aborted' : `failed: ${reply.evalue}`}`,
      );
    return { ms, reply };
  }

  /** Runs a cell to the end (reply and idle) and returns its text output; errors if it failed. */
  async run(code: string, timeoutMs: number): Promise<string> {
    const { reply, outputs } = await this.client.execute(code, { timeoutMs });
    const text = outputs
      .map((m) => (m.content as { text?: string }).text ?? JSON.stringify(m.content))
      .join('');
    if (reply.status !== 'ok')
      throw new Error(`${this.peer.label}: cell ${JSON.stringify(code)} failed: ${text}`);
    return text;
  }

  async close(): Promise<void> {
    await this.client.shutdown(5000).catch(() => this.client.close());
  }
}
