// Bundles the glue-kernel CLI with esbuild into dist/bundle/, which the bin entry and the installed
// kernelspecs run. Starting a kernel then reads one file of our code (plus zeromq's native addon)
// instead of ~40 modules: Node resolves and links each ES module separately, which was most of
// the start time beyond Node's own. Everything behind a dynamic import() (the interpreter, the
// magics and the session layer, the local endpoint, the other subcommands) becomes a chunk
// loaded only when first needed. npm packages stay external and load from node_modules as before
// (the AWS SDK only on the first call that needs AWS; zeromq is a native addon).
//
//   node scripts/bundle.mjs            (run by `npm run build`, after tsc)
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
const entry = join(root, 'src', 'cli', 'glue-kernel.ts');

await rm(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { 'glue-kernel': entry },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  metafile: true,
  sourcemap: 'linked',
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});

// What `glue-kernel kernel` loads before it answers kernel_info: the entry, the kernel command and
// the composition root, with the chunks they import statically.
const outputs = result.metafile.outputs;
const outputOf = (source) =>
  Object.keys(outputs).find((file) => outputs[file].entryPoint === source);
const entryOut = outputOf('src/cli/glue-kernel.ts');
const startPath = new Set();
const visit = (file) => {
  if (startPath.has(file)) return;
  startPath.add(file);
  for (const { path, kind, external } of outputs[file].imports) {
    if (kind === 'import-statement' && !external) visit(path);
  }
};
for (const source of ['src/cli/glue-kernel.ts', 'src/cli/kernel-command.ts', 'src/main.ts'])
  visit(outputOf(source));
const kB = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;
const startBytes = [...startPath].reduce((sum, file) => sum + outputs[file].bytes, 0);
const files = Object.keys(outputs).filter((file) => file.endsWith('.js'));
console.log(
  `bundle: ${files.length} files in ${relative(root, outdir)}; a kernel starts from ` +
    `${startPath.size} of them (${kB(startBytes)}), the rest load when first needed.`,
);
// npm links the bin only if the entry keeps its shebang (esbuild carries it over).
const text = await readFile(join(root, entryOut), 'utf8');
if (!text.startsWith('#!')) throw new Error(`${entryOut} lost its #! line`);
