/**
 * Part 4 — worker abuse through the built local kernel: a bounded fork fan-out, os._exit,
 * signals to itself, huge outputs, an infinite loop interrupted, children detached with
 * start_new_session=True, then %stop_session — and last the kernel SIGKILLed with detached
 * children and a busy statement. Asserts: every cell is answered within a bounded wait, the
 * kernel survives (until it is killed), and no process of the session survives (process table).
 */
import { join } from 'node:path';
import type { KernelClient } from '../../src/client/kernel-client.js';
import {
  Findings,
  Tally,
  baseEnvironment,
  killAll,
  leftovers,
  processesMentioning,
  removeDir,
  scratchDir,
  startBuiltKernel,
  waitFor,
  type PartResult,
} from './adversarial-support.js';

const CELL_TIMEOUT_MS = 120_000;

/** Each abuse: its cell, and whether it is interrupted once running. */
const ABUSES: { name: string; code: string; interrupt?: boolean; stuck?: boolean }[] = [
  {
    name: 'fork fan-out (60 sleeping children and grandchildren)',
    code: [
      'import os, time',
      'for i in range(30):',
      '    if os.fork() == 0:',
      '        if os.fork() == 0:',
      '            time.sleep(600)',
      '            os._exit(0)',
      '        time.sleep(600)',
      '        os._exit(0)',
      'print("forked")',
    ].join('\n'),
  },
  {
    name: 'detached children (start_new_session, setsid, nohup)',
    code: [
      'import subprocess',
      "a = subprocess.Popen(['sleep', '600'], start_new_session=True)",
      "b = subprocess.Popen(['setsid', 'sleep', '600'])",
      "c = subprocess.Popen(['sh', '-c', 'nohup sleep 600 >/dev/null 2>&1 &'])",
      'print("detached", a.pid)',
    ].join('\n'),
  },
  { name: 'huge output (20 MB)', code: 'print("x" * 20_000_000)' },
  { name: 'many output lines', code: 'for i in range(200000):\n    print(i)' },
  { name: 'huge stderr', code: 'import sys\nsys.stderr.write("e" * 5_000_000)' },
  { name: 'infinite loop, interrupted', code: 'while True:\n    pass', interrupt: true },
  { name: 'sleep, interrupted', code: 'import time\ntime.sleep(600)', interrupt: true },
  { name: 'os._exit', code: 'import os\nos._exit(3)' },
  { name: 'SIGTERM to self', code: 'import os, signal\nos.kill(os.getpid(), signal.SIGTERM)' },
  { name: 'SIGKILL to self', code: 'import os, signal\nos.kill(os.getpid(), signal.SIGKILL)' },
  { name: 'SIGSEGV to self', code: 'import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)' },
  {
    name: 'kill the process group',
    code: 'import os, signal\nos.killpg(os.getpgid(0), signal.SIGTERM)',
  },
  { name: 'close stdout', code: 'import os\nos.close(1)\nprint("gone")' },
  { name: 'recursion', code: 'def f(n):\n    return f(n + 1)\nf(0)' },
  { name: 'memory (bounded, 300 MB)', code: 'x = bytearray(300 * 1024 * 1024)\nlen(x)' },
  { name: 'sys.exit', code: 'import sys\nsys.exit(0)' },
  {
    name: 'threads left running',
    code: 'import threading, time\nfor i in range(20):\n    threading.Thread(target=time.sleep, args=(600,), daemon=False).start()\nprint("threads")',
  },
  {
    name: 'SIGINT ignored, interrupted',
    code: 'import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(600)',
    interrupt: true,
    stuck: true,
  },
  {
    name: 'SIGSTOP to self, interrupted',
    code: 'import os, signal\nos.kill(os.getpid(), signal.SIGSTOP)',
    interrupt: true,
    stuck: true,
  },
];

export async function workerAbuse(seed: number, scale: number): Promise<PartResult> {
  const started = Date.now();
  const counts = new Tally();
  const findings = new Findings();
  const dir = scratchDir('worker');
  const state = join(dir, 'state');
  const env = { ...baseEnvironment('worker', state), GLUE_KERNEL_LOCAL_PYTHON: 'python3' };
  let kernel: KernelClient = (await startBuiltKernel('local', env, join(dir, 'kernel.log'))).client;
  const stopAndCount = async (what: string): Promise<void> => {
    await kernel.execute('%stop_session', { timeoutMs: CELL_TIMEOUT_MS }).catch(() => undefined);
    const left = await leftovers(state, 20_000).then((all) =>
      all.filter((p) => !p.cmd.includes('glue-kernel.js')),
    );
    counts.add('processes left after %stop_session', left.length);
    if (left.length > 0)
      findings.add(
        `after ${what} and %stop_session, processes left: ${JSON.stringify(left.slice(0, 5))}`,
      );
    killAll(left);
  };

  const run = async (
    name: string,
    code: string,
    interrupt = false,
    stuck = false,
  ): Promise<void> => {
    counts.add('cells sent');
    const executing = kernel.execute(code, { timeoutMs: CELL_TIMEOUT_MS });
    if (interrupt) {
      // Interrupt once the statement runs (the worker is busy); bounded.
      await waitFor(
        'the statement to start',
        () => processesMentioning(state).length > 1,
        Boolean,
        30_000,
      ).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      counts.add('interrupts sent');
      await kernel
        .interrupt(30_000)
        .catch((err: Error) => findings.add(`${name}: interrupt not answered (${err.message})`));
    }
    try {
      const result = await executing;
      counts.add(`replies ${result.reply.status}`);
      if (result.reply.status === 'error') {
        const reply = result.reply as { ename?: string; traceback?: string[] };
        counts.add(`errors ${reply.ename ?? '?'}`);
        if ((reply.traceback ?? []).join('\n').includes('This is a bug in glue-kernel'))
          findings.add(`${name}: internal error ${JSON.stringify(reply).slice(0, 300)}`);
      }
    } catch (err) {
      if (kernel.process.hasExited) {
        counts.add('kernel crashes');
        findings.add(`${name}: the kernel died`);
        kernel = (await startBuiltKernel('local', env, join(dir, 'kernel.log'))).client;
        return;
      }
      counts.add('hangs');
      findings.add(`${name}: no reply within ${CELL_TIMEOUT_MS} ms (${(err as Error).message})`);
      await kernel.interrupt(10_000).catch(() => undefined);
    }
    // A statement that ignores the interrupt keeps its session busy: only %stop_session ends it.
    if (stuck) await stopAndCount(name);
    // The kernel still answers, and a plain statement still runs (in this or a new session).
    const after = await kernel
      .execute('1 + 1', { timeoutMs: CELL_TIMEOUT_MS })
      .catch((e: Error) => e);
    if (after instanceof Error || after.reply.status !== 'ok') {
      counts.add('no recovery');
      findings.add(
        `${name}: the next cell did not run: ${after instanceof Error ? after.message : JSON.stringify(after.reply).slice(0, 300)}`,
      );
    } else counts.add('recovered');
  };
  try {
    const rounds = Math.max(1, Math.round(3 * scale));
    for (let round = 0; round < rounds; round++) {
      for (const abuse of ABUSES) {
        await run(abuse.name, abuse.code, abuse.interrupt, abuse.stuck);
        if (/fork|detached|threads/.test(abuse.name)) await stopAndCount(abuse.name);
      }
    }
    // The kernel SIGKILLed while its session has detached children and a statement spins.
    await run('detached before kill', ABUSES[1]!.code);
    counts.add('cells sent');
    void kernel.execute('while True:\n    pass').catch(() => undefined);
    await waitFor(
      'the spinning statement',
      () => processesMentioning(state).length > 3,
      Boolean,
      30_000,
    ).catch(() => undefined);
    process.kill(kernel.process.pid!, 'SIGKILL');
    counts.add('kernel SIGKILLs');
    await kernel.close();
    const left = await leftovers(state, 30_000);
    counts.add('processes left after the kernel SIGKILL', left.length);
    if (left.length > 0)
      findings.add(`after the kernel SIGKILL, processes left: ${JSON.stringify(left.slice(0, 5))}`);
    killAll(left);
  } finally {
    await kernel.shutdown(20_000).catch(() => undefined);
    killAll(await leftovers(state, 5000));
    removeDir(dir);
  }
  void seed;
  return {
    part: 'worker abuse',
    seconds: Math.round((Date.now() - started) / 1000),
    counts: counts.toJSON(),
    findings: findings.items,
  };
}
