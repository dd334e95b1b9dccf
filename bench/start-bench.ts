/**
 * §9 start time: spawn → kernel_info_reply for the built kernel and for Python's ipykernel,
 * interleaved in one run (alternating which goes first) so both see the same machine state.
 */
import {
  ipykernelArgv,
  isolatedEnv,
  ourKernelArgv,
  timeBareStart,
  timeStartToKernelInfo,
  type StartSample,
} from './kernel-launch.js';
import { median } from './stats.js';

export interface StartResult {
  rounds: number;
  oursMs: number[];
  oursRssBytes: number[];
  /** Undefined when the venv (and so ipykernel) is missing. */
  ipykernelMs?: number[];
  ipykernelRssBytes?: number[];
  oursMedianMs: number;
  ipykernelMedianMs?: number;
  ratio?: number;
  oursRssMedianBytes: number;
  /** Spawn → exit of `node -e ""`: what any Node program pays before its first line runs. */
  nodeBareStartMedianMs: number;
  ipykernelRssMedianBytes?: number;
  skipped?: string;
}

const START_TIMEOUT_MS = 30_000;

export async function benchStart(
  rounds: number,
  log: (line: string) => void,
): Promise<StartResult> {
  const ours = ourKernelArgv();
  let python = ipykernelArgv();
  let skipped = python
    ? undefined
    : 'ipykernel skipped: its Python is missing (.venv: run scripts/ensure-test-env.sh)';
  const env = isolatedEnv();
  const oursSamples: StartSample[] = [];
  const pythonSamples: StartSample[] = [];
  // One unmeasured start each warms the file cache, as a user's second kernel would be.
  await timeStartToKernelInfo(ours, env, START_TIMEOUT_MS);
  if (python) {
    try {
      await timeStartToKernelInfo(python, env, START_TIMEOUT_MS);
    } catch (err) {
      // A venv without a working ipykernel: our kernel is still measured.
      skipped = `ipykernel skipped: ${(err as Error).message.split('\n')[0]}`;
      log(`  ${skipped}`);
      python = undefined;
    }
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['ours', 'python'] : ['python', 'ours'];
    for (const which of order) {
      if (which === 'ours')
        oursSamples.push(await timeStartToKernelInfo(ours, env, START_TIMEOUT_MS));
      else if (python)
        pythonSamples.push(await timeStartToKernelInfo(python, env, START_TIMEOUT_MS));
    }
    log(
      `  start round ${round + 1}/${rounds}: ours ${oursSamples.at(-1)!.ms.toFixed(0)} ms` +
        (python ? `, ipykernel ${pythonSamples.at(-1)!.ms.toFixed(0)} ms` : ''),
    );
  }
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) bare.push(await timeBareStart([process.execPath, '-e', ''], 10_000));
  const rss = (samples: StartSample[]): number[] =>
    samples.flatMap((s) => (s.rssBytes === undefined ? [] : [s.rssBytes]));
  const oursMedianMs = median(oursSamples.map((s) => s.ms));
  const result: StartResult = {
    rounds,
    oursMs: oursSamples.map((s) => s.ms),
    oursRssBytes: rss(oursSamples),
    oursMedianMs,
    oursRssMedianBytes: median(rss(oursSamples)),
    nodeBareStartMedianMs: median(bare),
  };
  if (!python) {
    result.skipped = skipped;
    return result;
  }
  result.ipykernelMs = pythonSamples.map((s) => s.ms);
  result.ipykernelRssBytes = rss(pythonSamples);
  result.ipykernelMedianMs = median(result.ipykernelMs);
  result.ipykernelRssMedianBytes = median(result.ipykernelRssBytes);
  result.ratio = oursMedianMs / result.ipykernelMedianMs;
  return result;
}
