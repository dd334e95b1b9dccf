// Bundles the glue-kernel CLI with esbuild into dist/bundle/, which the bin entry and the installed
// kernelspecs run. Node resolves, reads and links every ES module separately, which was most of a
// kernel's start time beyond Node's own, so the start path is one file:
//
// - dist/bundle/glue-kernel.js: the CLI entry, the `kernel` command and the composition root with
//   the wire protocol and the kernel (everything before kernel_info_reply);
// - the code behind a dynamic import() (the interpreter with the magics and the session layer,
//   the local endpoint, the other subcommands) is a second build of chunks loaded on first use.
//   Where that code uses a module of the start file (errors, the logger, the protocol types...)
//   it imports it from glue-kernel.js, which re-exports those modules: one instance of each, so
//   module state and `instanceof` hold across the two.
//
// npm packages stay external and load from node_modules: zeromq (a native addon) at start, the
// AWS SDK only on the first call that needs AWS.
//
//   node scripts/bundle.mjs            (run by `npm run build`, after tsc)
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const outdir = join(root, 'dist', 'bundle');
const entry = join(src, 'cli', 'glue-kernel.ts');
const START_FILE = 'glue-kernel.js';
/** Modules loaded by dynamic import() that stay out of the start file (each an entry of its own). */
const LAZY = [
  'cli/install.ts',
  'cli/run-notebook.ts',
  'cli/local-command.ts',
  'app/compose-interpreter.ts',
].map((file) => join(src, file));

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

/** Our relative import of a .ts source (written with a .js suffix, as tsc wants). */
function sourceOf(args) {
  if (!args.path.startsWith('.') || !args.importer.startsWith(src)) return undefined;
  return resolve(dirname(args.importer), args.path.replace(/\.js$/, '.ts'));
}

/** In the start file, the lazy modules are imported from the second build's output. */
const lazyStays = {
  name: 'lazy-modules-stay-out',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      const file = sourceOf(args);
      if (file && LAZY.includes(file)) {
        return { path: `./${basename(file, '.ts')}.js`, external: true };
      }
      return undefined;
    });
  },
};

// 1. Which modules the start file holds.
const probe = await build({
  ...common,
  entryPoints: [entry],
  write: false,
  metafile: true,
  outdir,
  plugins: [lazyStays],
});
const startModules = new Set(Object.keys(probe.metafile.inputs).map((file) => join(root, file)));

// 2. The lazy code, importing the start file's modules from the start file.
const shared = new Set();
await rm(outdir, { recursive: true, force: true });
const lazy = await build({
  ...common,
  entryPoints: LAZY,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  splitting: true,
  outdir,
  metafile: true,
  plugins: [
    {
      name: 'start-file-modules',
      setup(b) {
        b.onResolve({ filter: /^\./ }, (args) => {
          const file = sourceOf(args);
          if (!file || !startModules.has(file)) return undefined;
          shared.add(file);
          return { path: `./${START_FILE}`, external: true };
        });
      },
    },
  ],
});

// 3. The start file: the CLI entry, re-exporting what the lazy code imports from it. Two shared
//    modules exporting the same name would make that name ambiguous, so that fails the build.
const owner = new Map();
for (const file of shared) {
  const { metafile } = await build({
    entryPoints: [file],
    bundle: false,
    format: 'esm',
    write: false,
    metafile: true,
    outdir,
    logLevel: 'silent',
  });
  for (const name of Object.values(metafile.outputs)[0].exports) {
    if (owner.has(name) && owner.get(name) !== file) {
      throw new Error(
        `bundle: ${name} is exported by both ${relative(root, owner.get(name))} and ${relative(root, file)}; rename one`,
      );
    }
    owner.set(name, file);
  }
}
const contents = [
  ...[...shared].map((file) => `export * from ${JSON.stringify(file)};`),
  `import ${JSON.stringify(entry)};`,
].join('\n');
const start = await build({
  ...common,
  stdin: { contents, resolveDir: dirname(entry), sourcefile: 'glue-kernel-start.js' },
  outfile: join(outdir, START_FILE),
  banner: { js: '#!/usr/bin/env node' },
  metafile: true,
  plugins: [lazyStays],
});

const kB = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;
const startOut = Object.values(start.metafile.outputs).find((o) => o.entryPoint !== undefined);
const staticImports = startOut.imports.filter((i) => i.kind === 'import-statement' && !i.external);
if (staticImports.length > 0) throw new Error(`bundle: ${START_FILE} is not self-contained`);
const lazyFiles = Object.keys(lazy.metafile.outputs).filter((file) => file.endsWith('.js'));
console.log(
  `bundle: a kernel starts from ${relative(root, join(outdir, START_FILE))} (${kB(startOut.bytes)}); ` +
    `${lazyFiles.length} more files load when first needed.`,
);
// npm links the bin only if the entry keeps its shebang (esbuild carries it over).
const text = await readFile(join(outdir, START_FILE), 'utf8');
if (!text.startsWith('#!')) throw new Error(`${START_FILE} lost its #! line`);
