// Copies session_worker.py beside the compiled modules that start local session workers: tsc's
// output (dist/local/python) and the esbuild bundle (dist/bundle). tsc copies no .py files, and
// the worker is found beside the module that starts it (src/local/python/worker-script.ts).
//
//   node scripts/copy-python-worker.mjs   (run by `npm run build`, after tsc and the bundle)
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const worker = join(root, 'src', 'local', 'python', 'session_worker.py');
for (const dir of [join(root, 'dist', 'local', 'python'), join(root, 'dist', 'bundle')]) {
  await mkdir(dir, { recursive: true });
  await copyFile(worker, join(dir, 'session_worker.py'));
}
