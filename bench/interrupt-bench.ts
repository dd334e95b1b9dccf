/**
 * Interrupt → reply: a long statement runs remotely (the proxy has seen it RUNNING), then the
 * client sends interrupt_request (ipykernel-based kernels turn it into SIGINT themselves) and
 * waits for the cell's execute_reply. A kernel that never replies is recorded as such (bounded)
 * and not tried again.
 */
import { performance } from 'node:perf_hooks';
import type { PeerId } from './peers.js';
import type { SessionKernel } from './session-kernel.js';
import { delay } from './kernel-launch.js';
import { median } from './stats.js';

export interface InterruptSample {
  /** interrupt_request sent → execute_reply received; undefined if none came within the bound. */
  replyMs?: number;
  /** The reply's status (error for a cancelled cell). */
  status?: string;
  /** The endpoint's last state of the statement, as the kernel's polls saw it. */
  lastState?: string;
}

export interface InterruptResult {
  boundMs: number;
  samples: InterruptSample[];
  /** Median over the trials that got a reply. */
  replyMedianMs?: number;
  noReply: number;
}

const LONG_STATEMENT = 'import time; time.sleep(20)';

export async function benchInterrupt(
  kernels: SessionKernel[],
  trials: number,
  boundMs: number,
  log: (line: string) => void,
): Promise<Partial<Record<PeerId, InterruptResult>>> {
  const results: Partial<Record<PeerId, InterruptResult>> = {};
  for (const kernel of kernels) {
    const samples: InterruptSample[] = [];
    for (let i = 0; i < trials; i++) {
      const sample = await interruptOnce(kernel, boundMs);
      samples.push(sample);
      // A kernel that did not reply will not reply next time either; its shell may be stuck.
      if (sample.replyMs === undefined) break;
    }
    const replies = samples.flatMap((s) => (s.replyMs === undefined ? [] : [s.replyMs]));
    results[kernel.peer.id] = {
      boundMs,
      samples,
      replyMedianMs: replies.length ? median(replies) : undefined,
      noReply: samples.length - replies.length,
    };
    log(
      `  interrupt, ${kernel.peer.label}: ` +
        samples
          .map((s) => (s.replyMs === undefined ? 'no reply' : `${s.replyMs.toFixed(0)} ms`))
          .join(', '),
    );
  }
  return results;
}

async function interruptOnce(kernel: SessionKernel, boundMs: number): Promise<InterruptSample> {
  const started = performance.now();
  const reply = kernel.client
    .request(
      'shell',
      'execute_request',
      {
        code: LONG_STATEMENT,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      },
      30_000 + boundMs,
    )
    .then((message) => ({ at: performance.now(), status: message.content.status }))
    .catch(() => undefined);
  // Interrupt only once the statement really runs remotely.
  for (;;) {
    const trace = kernel.proxy.latestStatement();
    if (trace && trace.runRequestAt >= started && trace.state === 'RUNNING') break;
    if (performance.now() - started > 15_000)
      throw new Error(`${kernel.peer.label}: the statement was never seen RUNNING`);
    await delay(20);
  }
  const interruptedAt = performance.now();
  await kernel.client.interrupt(5000).catch(() => undefined);
  const answered = await Promise.race([reply, delay(boundMs).then(() => undefined)]);
  const lastState = kernel.proxy.latestStatement()?.state;
  if (!answered) return { lastState };
  return { replyMs: answered.at - interruptedAt, status: answered.status, lastState };
}
