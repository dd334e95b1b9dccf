/**
 * Part 1 — protocol abuse over raw ZeroMQ against the built local kernel: badly signed, replayed,
 * malformed and huge messages, unknown types, foreign session ids, interleaved requests and
 * interrupt/shutdown storms. Asserts: the kernel never dies, nothing badly signed or replayed
 * runs (each such execute would create a marker file), every valid request gets its reply.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as zmq from 'zeromq';
import { endpoint, type ConnectionInfo } from '../../src/protocol/connection-file.js';
import { MessageFactory, type JupyterMessage } from '../../src/protocol/messages.js';
import { Signer } from '../../src/protocol/signer.js';
import { DELIMITER, encodeMessage } from '../../src/protocol/wire-codec.js';
import {
  Findings,
  Tally,
  baseEnvironment,
  killAll,
  leftovers,
  removeDir,
  scratchDir,
  startBuiltKernel,
  waitFor,
  type PartResult,
} from './adversarial-support.js';

interface Raw {
  shell: zmq.Dealer;
  control: zmq.Dealer;
  replies: Map<string, JupyterMessage | true>;
  close(): void;
}

/** Raw DEALER sockets; replies are recorded by their parent msg_id (signature not checked). */
function rawSockets(connection: ConnectionInfo): Raw {
  const replies = new Map<string, JupyterMessage | true>();
  const options = { linger: 0 };
  const shell = new zmq.Dealer({ ...options, routingId: randomUUID() });
  const control = new zmq.Dealer(options);
  shell.connect(endpoint(connection, connection.shell_port));
  control.connect(endpoint(connection, connection.control_port));
  const pump = async (socket: zmq.Dealer): Promise<void> => {
    try {
      for await (const frames of socket) {
        const at = frames.findIndex((f) => Buffer.from(f).equals(DELIMITER));
        if (at < 0) continue;
        try {
          const parent = JSON.parse(Buffer.from(frames[at + 3]!).toString()) as { msg_id?: string };
          if (parent.msg_id) replies.set(parent.msg_id, true);
        } catch {
          // a reply the kernel sent is always JSON; ignore anything else
        }
      }
    } catch {
      // socket closed
    }
  };
  void pump(shell);
  void pump(control);
  return {
    shell,
    control,
    replies,
    close() {
      shell.close();
      control.close();
    },
  };
}

export async function protocolAbuse(seed: number, scale: number): Promise<PartResult> {
  const started = Date.now();
  const counts = new Tally();
  const findings = new Findings();
  const dir = scratchDir('protocol');
  const markers = join(dir, 'markers');
  mkdirSync(markers);
  const state = join(dir, 'state');
  const env = { ...baseEnvironment('protocol', state), GLUE_KERNEL_LOCAL_PYTHON: 'python3' };
  const { client } = await startBuiltKernel('local', env, join(dir, 'kernel.log'));
  const connection = client.connection;
  const signer = new Signer(connection.signature_scheme, connection.key);
  const factory = new MessageFactory({ session: randomUUID(), username: 'adversary' });
  const raw = rawSockets(connection);
  const rng = fc.sample(fc.integer(), { seed, numRuns: 1 })[0]!;
  let serial = rng & 0xffff;
  const marker = (kind: string): { path: string; code: string } => {
    const path = join(markers, `${kind}-${serial++}`);
    return { path, code: `open(${JSON.stringify(path)}, 'w').close()` };
  };
  const execute = (code: string): JupyterMessage =>
    factory.message('execute_request', {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: false,
    });
  const sendRaw = async (socket: zmq.Dealer, frames: Buffer[]): Promise<void> => {
    await socket.send(frames);
    counts.add('frames messages sent');
  };
  /** A valid request on shell; resolves true when its reply arrives (bounded). */
  const valid = async (message: JupyterMessage, timeoutMs = 60_000): Promise<boolean> => {
    const onControl = ['interrupt_request', 'shutdown_request'].includes(message.header.msg_type);
    await sendRaw(onControl ? raw.control : raw.shell, encodeMessage(message, signer));
    counts.add('valid requests sent');
    try {
      await waitFor('reply', () => raw.replies.has(message.header.msg_id), Boolean, timeoutMs);
      counts.add('valid requests answered');
      return true;
    } catch {
      findings.add(`no reply to valid ${message.header.msg_type} within ${timeoutMs} ms`);
      return false;
    }
  };
  const alive = async (): Promise<void> => {
    counts.add('liveness checks');
    if (client.process.hasExited) {
      findings.add('the kernel died');
      throw new Error('kernel died');
    }
    await valid(factory.message('kernel_info_request', {}), 30_000);
  };

  try {
    // A session first, so executes that slip through would create their marker.
    const first = marker('valid');
    await valid(execute(first.code), 120_000);
    if (!existsSync(first.path)) findings.add('a valid execute did not run');

    const badlySigned: string[] = [];
    const replayed: string[] = [];
    const rounds = Math.max(1, Math.round(40 * scale));
    const arbitraryJson = fc.jsonValue({ maxDepth: 3 });
    for (let round = 0; round < rounds; round++) {
      const samples = fc.sample(fc.tuple(fc.string(), arbitraryJson, fc.uint8Array()), {
        seed: seed + round,
        numRuns: 5,
      });
      // Bad signatures: wrong key, truncated, empty, uppercase, over a changed content.
      for (const [text] of samples) {
        const m = marker('badsig');
        badlySigned.push(m.path);
        const frames = encodeMessage(execute(m.code), signer);
        const at = frames.indexOf(DELIMITER);
        const variants = [
          new Signer('hmac-sha256', 'wrong-key').sign(frames.slice(at + 2, at + 6)),
          frames[at + 1]!.toString().slice(0, 20),
          '',
          frames[at + 1]!.toString().toUpperCase(),
          text,
        ];
        for (const signature of variants) {
          const copy = [...frames];
          copy[at + 1] = Buffer.from(signature);
          await sendRaw(raw.shell, copy);
          counts.add('badly signed sent');
        }
        // Signed, then content changed after signing.
        const tampered = [...frames];
        tampered[at + 5] = Buffer.from(
          JSON.stringify({ ...(JSON.parse(frames[at + 5]!.toString()) as object), code: m.code }),
        );
        const changed = encodeMessage(execute('pass'), signer);
        changed[changed.indexOf(DELIMITER) + 5] = tampered[at + 5]!;
        await sendRaw(raw.shell, changed);
        counts.add('badly signed sent');
        // The same on control.
        const onControl = [...frames];
        onControl[at + 1] = Buffer.from('0'.repeat(64));
        await sendRaw(raw.control, onControl);
        counts.add('badly signed sent');
      }
      // Malformed frames and JSON (validly signed garbage too).
      for (const [text, json, bytes] of samples) {
        const garbage = [Buffer.from(text), Buffer.from(bytes)];
        const signedGarbage = [
          Buffer.from(text),
          Buffer.from('{'),
          Buffer.from(JSON.stringify(json)),
          Buffer.from('[]'),
        ];
        const jsonFrames = [
          Buffer.from(JSON.stringify(json)),
          Buffer.from('{}'),
          Buffer.from('{}'),
          Buffer.from('{}'),
        ];
        for (const parts of [signedGarbage, jsonFrames]) {
          await sendRaw(raw.shell, [DELIMITER, Buffer.from(signer.sign(parts)), ...parts]);
          counts.add('malformed sent');
        }
        await sendRaw(raw.shell, garbage);
        await sendRaw(raw.shell, [DELIMITER]);
        await sendRaw(raw.control, [DELIMITER, Buffer.from('x'), ...garbage]);
        await sendRaw(raw.shell, [Buffer.alloc(0)]);
        counts.add('malformed sent', 4);
      }
      // Unknown msg_types, foreign session ids, signed content of the wrong shape.
      for (const [text, json] of samples) {
        const unknown = factory.message('kernel_info_request', {});
        unknown.header.msg_type = `${text}_request` as never;
        await sendRaw(raw.shell, encodeMessage(unknown, signer));
        counts.add('unknown msg_type sent');
        const foreign = new MessageFactory({ session: text, username: text });
        await valid(foreign.message('kernel_info_request', {}));
        counts.add('foreign session sent');
        const wrongShape = factory.message('execute_request', {} as never);
        (wrongShape as { content: unknown }).content = json;
        if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
          await valid(wrongShape);
          counts.add('wrong-shape execute sent');
        }
        for (const type of ['complete_request', 'inspect_request', 'is_complete_request']) {
          const m = factory.message('kernel_info_request', {});
          m.header.msg_type = type as never;
          (m as { content: unknown }).content = {
            code: text,
            cursor_pos: text.length * 3,
            detail_level: 7,
          };
          await valid(m);
          counts.add('editor request with odd content sent');
        }
      }
      // Replays: a signed execute that ran, sent again, must not run again.
      const once = marker('replay');
      const request = execute(once.code);
      const frames = encodeMessage(request, signer);
      await valid(request);
      await waitFor('the replayed cell to run once', () => existsSync(once.path), Boolean, 30_000);
      removeDir(once.path);
      replayed.push(once.path);
      for (let i = 0; i < 3; i++) await sendRaw(raw.shell, frames);
      counts.add('replays sent', 3);
      // Interleaved requests on shell and control.
      const burst = Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0 ? execute(`x_${round} = ${i}`) : factory.message('kernel_info_request', {}),
      );
      await Promise.all(burst.map((m) => valid(m)));
      counts.add('interleaved requests sent', burst.length);
      if (round % 4 === 0) {
        // Interrupt storm (control) while a statement sleeps, then the kernel must still answer.
        const sleeping = execute('import time\ntime.sleep(30)');
        await sendRaw(raw.shell, encodeMessage(sleeping, signer));
        counts.add('valid requests sent');
        const storm = Array.from({ length: 20 }, () => factory.message('interrupt_request', {}));
        await Promise.all(storm.map((m) => valid(m, 30_000)));
        counts.add('interrupts sent', storm.length);
        try {
          await waitFor(
            'the interrupted statement',
            () => raw.replies.has(sleeping.header.msg_id),
            Boolean,
            60_000,
          );
          counts.add('valid requests answered');
        } catch {
          findings.add('an interrupted statement was never answered');
        }
        // Huge messages: 8 MB of code (signed), 8 MB unsigned junk.
        const huge = execute(`s = ${JSON.stringify('x'.repeat(8 << 20))}\nlen(s)`);
        await valid(huge, 120_000);
        counts.add('huge messages sent');
        await sendRaw(raw.shell, [DELIMITER, Buffer.alloc(64), Buffer.alloc(8 << 20, 0x7b)]);
        counts.add('huge messages sent');
      }
      await alive();
    }
    // Replays again after 65,000 other (cheap, signed) messages, inside the documented window of
    // 65,535 (README, jupyter_client's history size): still refused.
    const target = marker('replay-late');
    const late = execute(target.code);
    const lateFrames = encodeMessage(late, signer);
    await valid(late);
    await waitFor('the late replay cell to run', () => existsSync(target.path), Boolean, 30_000);
    removeDir(target.path);
    replayed.push(target.path);
    const fillers = Math.round(65_000 * Math.min(1, scale));
    for (let i = 0; i < fillers; i++) {
      const filler = factory.message('kernel_info_request', {});
      filler.header.msg_type = 'adversarial_filler_request' as never;
      await raw.shell.send(encodeMessage(filler, signer));
    }
    counts.add('filler messages sent', fillers);
    await sendRaw(raw.shell, lateFrames);
    counts.add('replays sent');
    // Shutdown storm on a foreign session id with a bad signature: ignored.
    for (let i = 0; i < 50; i++) {
      const frames = encodeMessage(factory.message('shutdown_request', { restart: false }), signer);
      frames[frames.indexOf(DELIMITER) + 1] = Buffer.from('f'.repeat(64));
      await sendRaw(raw.control, frames);
    }
    counts.add('badly signed shutdown sent', 50);
    // An execute after all of it orders the check: anything queued before has run by its reply.
    const sentinel = marker('valid');
    // The kernel may still be working through the fillers: a generous bound.
    await valid(execute(sentinel.code), 600_000);
    if (!existsSync(sentinel.path)) findings.add('the final valid execute did not run');
    await alive();
    const ran = [...badlySigned, ...replayed].filter((path) => existsSync(path));
    counts.add('badly signed or replayed that ran', ran.length);
    if (ran.length > 0) findings.add(`badly signed or replayed messages ran: ${ran.join(', ')}`);
    counts.add(
      'markers of valid executes',
      readdirSync(markers).filter((f) => f.startsWith('valid')).length,
    );
  } finally {
    raw.close();
    const exit = client.process.hasExited;
    if (exit) findings.add(`the kernel exited during the part (${JSON.stringify(exit)})`);
    await client.shutdown(20_000);
    const left = await leftovers(state);
    counts.add('processes left', left.length);
    if (left.length > 0) findings.add(`processes left: ${JSON.stringify(left)}`);
    killAll(left);
    removeDir(dir);
  }
  return {
    part: 'protocol abuse',
    seconds: Math.round((Date.now() - started) / 1000),
    counts: counts.toJSON(),
    findings: findings.items,
  };
}
