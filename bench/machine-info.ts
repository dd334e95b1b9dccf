/**
 * What the results were measured on, and how busy the machine was: numbers from a loaded
 * machine are not comparable, so the load and any concurrently running test suite are recorded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
  date: string;
  node: string;
  platform: string;
  release: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  loadAverage1m: number;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: process.platform,
    release: release(),
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: totalmem(),
    loadAverage1m: loadavg()[0]!,
  };
}

/** Process ids whose command line mentions mocha (a test run competing for the CPUs). */
export function runningTestSuites(): number[] {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('mocha')) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
