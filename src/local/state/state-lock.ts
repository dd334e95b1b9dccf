/**
 * One endpoint per state directory: `<state>/endpoint.lock` holds the owner's pid, created with
 * O_EXCL so two starters cannot both win. A lock whose process is gone (a crashed or killed
 * endpoint) is taken over; a live owner's lock refuses the newcomer with a StateError naming it.
 * Written by hand: the well-kept lock libraries (proper-lockfile) rely on mtime refreshes with
 * timers, while a pid check answers "is the owner alive" directly on one machine.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from './state-error.js';

export const LOCK_FILE = 'endpoint.lock';

interface LockOwner {
  pid: number;
  startedAt: string;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return Number.isInteger(owner.pid) && (owner.pid ?? 0) > 0 ? (owner as LockOwner) : undefined;
  } catch {
    return undefined; // unreadable or half-written: its writer died before finishing
  }
}

export class StateLock {
  private constructor(readonly file: string) {}

  /** Takes the lock of `dir` for this process, or throws StateError when a live endpoint holds it. */
  static acquire(dir: string, pid = process.pid): StateLock {
    const file = join(dir, LOCK_FILE);
    const mine: LockOwner = { pid, startedAt: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        writeFileSync(file, `${JSON.stringify(mine)}\n`, { flag: 'wx', mode: 0o600 });
        return new StateLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new StateError(file, `cannot create the lock: ${(err as Error).message}`);
        }
      }
      const owner = readOwner(file);
      if (owner && processAlive(owner.pid)) {
        throw new StateError(
          dir,
          `is in use by another glue-kernel local endpoint (pid ${owner.pid}, since ${owner.startedAt}). ` +
            'Stop that one first, or give this one its own state directory (--state-dir DIR, or GLUE_KERNEL_STATE_DIR for the local kernel).',
        );
      }
      rmSync(file, { force: true }); // its owner is gone: take it over
    }
    throw new StateError(file, 'another endpoint keeps taking this lock; try again.');
  }

  /** Gives the lock up (only if it is still ours). */
  release(pid = process.pid): void {
    if (readOwner(this.file)?.pid === pid) rmSync(this.file, { force: true });
  }
}
