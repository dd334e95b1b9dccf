/**
 * Ends a worker together with every process it started, including those that left its process
 * group (`subprocess.Popen(..., start_new_session=True)`): on Linux the worker is a child subreaper,
 * so even orphaned grandchildren stay its descendants until it dies. session_worker.py does the
 * same from the inside when its owner dies.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** [pid, parent pid] of every process: /proc on Linux, else `ps`. */
function processTable(): [number, number][] {
  if (existsSync('/proc/self/stat')) {
    const table: [number, number][] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        // The command name may contain spaces and parentheses: the fields after the last ')' count.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        table.push([Number(name), parent]);
      } catch {
        // the process ended while we looked
      }
    }
    return table;
  }
  try {
    return execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter((pair): pair is [number, number] => pair.length === 2 && pair.every(Number.isFinite));
  } catch {
    return [];
  }
}

/** Every process below `root` (children, their children, ...). */
export function descendantPids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of processTable()) {
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    for (const child of children.get(todo.pop()!) ?? []) {
      found.push(child);
      todo.push(child);
    }
  }
  return found;
}

function sigkill(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * SIGKILLs `root`'s descendants, then its process group (root leads one: spawned detached).
 * The descendants go first: once the root dies, its orphans would be re-parented out of reach.
 */
export function killProcessTree(root: number): void {
  for (const pid of descendantPids(root)) sigkill(pid);
  sigkill(-root);
  sigkill(root);
}
