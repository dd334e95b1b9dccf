/**
 * §9 start time: spawn → kernel_info_reply for each kernel, interleaved in one run (the order
 * rotates every round) so all see the same machine state: ours as installed (the bundle), ours
 * as tsc emits it (the start time before bundling), ipykernel and the official Glue kernel.
 */
import { timeBareStart, timeStartToKernelInfo, type StartSample } from './kernel-launch.js';
import { median } from './stats.js';

export type StartKernelId = 'ours' | 'oursUnbundled' | 'ipykernel' | 'official';

export interface StartCandidate {
  id: StartKernelId;
  argv: string[];
  env: NodeJS.ProcessEnv;
}

export interface StartKernelResult {
  ms: number[];
  rssBytes: number[];
  medianMs: number;
  rssMedianBytes: number;
}

export interface StartResult {
  rounds: number;
  kernels: Partial<Record<StartKernelId, StartKernelResult>>;
  /** Spawn → exit of `node -e ""`: what any Node program pays before its first line runs. */
  nodeBareStartMedianMs: number;
  /** ours ÷ ipykernel, medians. */
  ratio: number;
}

const START_TIMEOUT_MS = 30_000;

export async function benchStart(
  candidates: StartCandidate[],
  rounds: number,
  log: (line: string) => void,
): Promise<StartResult> {
  const samples = new Map<StartKernelId, StartSample[]>(candidates.map((c) => [c.id, []]));
  // One unmeasured start each warms the file cache, as a user's second kernel would be.
  for (const c of candidates) await timeStartToKernelInfo(c.argv, c.env, START_TIMEOUT_MS);
  for (let round = 0; round < rounds; round++) {
    const shift = round % candidates.length;
    const order = [...candidates.slice(shift), ...candidates.slice(0, shift)];
    for (const c of order)
      samples.get(c.id)!.push(await timeStartToKernelInfo(c.argv, c.env, START_TIMEOUT_MS));
    log(
      `  start round ${round + 1}/${rounds}: ` +
        candidates.map((c) => `${c.id} ${samples.get(c.id)!.at(-1)!.ms.toFixed(0)} ms`).join(', '),
    );
  }
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) bare.push(await timeBareStart([process.execPath, '-e', ''], 10_000));
  const kernels: StartResult['kernels'] = {};
  for (const [id, list] of samples) {
    const rss = list.flatMap((s) => (s.rssBytes === undefined ? [] : [s.rssBytes]));
    kernels[id] = {
      ms: list.map((s) => s.ms),
      rssBytes: rss,
      medianMs: median(list.map((s) => s.ms)),
      rssMedianBytes: median(rss),
    };
  }
  const ours = kernels.ours?.medianMs ?? Number.NaN;
  const ipykernel = kernels.ipykernel?.medianMs ?? Number.NaN;
  return { rounds, kernels, nodeBareStartMedianMs: median(bare), ratio: ours / ipykernel };
}
