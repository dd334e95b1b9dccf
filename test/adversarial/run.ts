/**
 * The adversarial pass (docs/adversarial-pass.md): `npm run adversarial -- [--seed N]
 * [--parts 1,2,3,4,5] [--cells N] [--smoke]`. Runs each part in turn against the built
 * glue-kernel, prints the seed first and a JSON summary last; exits 1 when anything was found.
 */
import { parseArgs } from 'node:util';
import type { PartResult } from './adversarial-support.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    parts: { type: 'string', default: '1,2,3,4,5' },
    cells: { type: 'string' },
    smoke: { type: 'boolean', default: false },
  },
});
const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed);
const scale = values.smoke ? 0.05 : 1;
const cells = Number(values.cells ?? (values.smoke ? 100 : 10_000));
const parts = values.parts.split(',').map((p) => p.trim());
process.stdout.write(`adversarial pass: seed ${seed}, parts ${parts.join(',')}, cells ${cells}\n`);

const PARTS: Record<string, () => Promise<PartResult>> = {
  '1': async () => (await import('./protocol-abuse.js')).protocolAbuse(seed, scale),
  '2': async () => (await import('./random-cells.js')).randomCells(seed, cells),
  '3': async () => (await import('./endpoint-abuse.js')).endpointAbuse(seed, scale),
  '4': async () => (await import('./worker-abuse.js')).workerAbuse(seed, scale),
  '5': async () => (await import('./sigkill-matrix.js')).sigkillMatrix(seed, scale),
};

const results: PartResult[] = [];
for (const part of parts) {
  const run = Object.hasOwn(PARTS, part) ? PARTS[part] : undefined;
  if (!run) throw new Error(`unknown part ${part} (1-5)`);
  process.stdout.write(`part ${part}: started ${new Date().toISOString()}\n`);
  try {
    results.push(await run());
  } catch (err) {
    results.push({
      part,
      seconds: 0,
      counts: {},
      findings: [`the part failed: ${(err as Error).stack ?? String(err)}`],
    });
  }
  process.stdout.write(`${JSON.stringify(results.at(-1), null, 2)}\n`);
}
const found = results.flatMap((r) => r.findings);
process.stdout.write(
  `\nseed ${seed}: ${found.length === 0 ? 'nothing found' : `${found.length} findings`}\n`,
);
process.exit(found.length === 0 ? 0 : 1);
