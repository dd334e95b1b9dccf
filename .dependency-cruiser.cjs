/**
 * The layers of docs/architecture.md ("Layers and the data path"), checked in `npm run lint`.
 * Each rule names whole layers (folders; errors.ts is a layer of one file), never single files.
 *
 *   util/                       generic helpers, below everything
 *   core: protocol/ ← kernel-api/ ← kernel/, client/    a Jupyter kernel that knows nothing of Glue
 *   Glue: errors.ts ← session/ ← render/ ← magics/ ← interpreter/ (the hub; implements kernel-api)
 *   local/                      the local Glue endpoint, a separate server (uses util/ only)
 *   app/ (the kernel process's composition root) ← cli/ (the command line): may import anything
 */
const CORE = '^src/(protocol|kernel-api|kernel|client)/';

module.exports = {
  forbidden: [
    { name: 'util-is-a-leaf', severity: 'error',
      comment: 'util/ holds generic helpers (clock, ids, logger, masking, edit distance) and imports nothing of ours.',
      from: { path: '^src/util/' }, to: { path: '^src/', pathNot: '^src/util/' } },

    { name: 'core-knows-no-glue', severity: 'error',
      comment: 'The kernel core (protocol, kernel-api, kernel, client) is fit to be a package of its own.',
      from: { path: CORE }, to: { path: '^src/', pathNot: `${CORE}|^src/util/` } },
    { name: 'protocol-is-the-bottom-of-the-core', severity: 'error',
      from: { path: '^src/protocol/' }, to: { path: '^src/(kernel-api|kernel|client)/' } },
    { name: 'kernel-api-is-the-contract-only', severity: 'error',
      comment: 'The interpreter contract is types over the message shapes: it uses no engine or client code.',
      from: { path: '^src/kernel-api/' }, to: { path: '^src/(kernel|client)/' } },
    { name: 'kernel-and-client-are-apart', severity: 'error',
      comment: 'The kernel serves, the client drives a kernel: they share only the protocol.',
      from: { path: '^src/(kernel|client)/' }, to: { path: '^src/(kernel|client)/', pathNot: '^src/$1/' } },

    { name: 'glue-reaches-the-core-through-its-contract', severity: 'error',
      comment: 'Above the core, only the interpreter contract (kernel-api) is visible: no sockets, no engine.',
      from: { path: '^src/(errors\\.ts|session|render|magics|interpreter)' },
      to: { path: '^src/(protocol|kernel|client)/' } },
    { name: 'errors-is-below-the-glue-side', severity: 'error',
      from: { path: '^src/errors\\.ts' }, to: { path: '^src/', pathNot: '^src/util/' } },
    { name: 'session-knows-no-jupyter', severity: 'error',
      comment: 'The session layer: settings, credentials, the Glue gateway and the session lifecycle.',
      from: { path: '^src/session/' }, to: { path: '^src/', pathNot: '^src/(session/|errors\\.ts|util/)' } },
    { name: 'render-is-pure', severity: 'error',
      comment: 'Domain values in, MIME bundles out: render uses the contract and the session layer types only.',
      from: { path: '^src/render/' }, to: { path: '^src/', pathNot: '^src/(render|kernel-api|session|util)/' } },
    { name: 'render-sees-session-types-only', severity: 'error',
      from: { path: '^src/render/' }, to: { path: '^src/session/', dependencyTypesNot: ['type-only'] } },
    { name: 'magics-are-data', severity: 'error',
      comment: 'Magics parse, validate and call the session layer they are given; the interpreter runs them.',
      from: { path: '^src/magics/' },
      to: { path: '^src/', pathNot: '^src/(magics/|render/|session/|kernel-api/|errors\\.ts|util/)' } },
    { name: 'interpreter-is-the-hub', severity: 'error',
      comment: 'The interpreter implements the contract over magics, session and render; it picks no concrete classes.',
      from: { path: '^src/interpreter/' },
      to: { path: '^src/', pathNot: '^src/(interpreter/|magics/|render/|session/|kernel-api/|errors\\.ts|util/)' } },

    { name: 'local-is-separate', severity: 'error',
      comment: 'The local endpoint speaks AWS wire protocols and shares only util/ (the bottom layer) with the kernel.',
      from: { path: '^src/local/' }, to: { path: '^src/', pathNot: '^src/(local|util)/' } },
    { name: 'only-entry-points-import-local', severity: 'error',
      from: { path: '^src/', pathNot: '^src/(local|app|cli)/' }, to: { path: '^src/local/' } },
    { name: 'only-the-cli-imports-app', severity: 'error',
      comment: 'app/ is the composition root of a kernel process; the CLI starts it.',
      from: { path: '^src/', pathNot: '^src/(app|cli)/' }, to: { path: '^src/app/' } },
    { name: 'nothing-imports-the-cli', severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' }, to: { path: '^src/cli/' } },

    { name: 'glue-sdk-only-in-the-session-layer', severity: 'error',
      comment: 'AWS SDK errors are translated into KernelErrors where the SDK is called.',
      from: { path: '^src/', pathNot: '^src/(session/aws|local)/' }, to: { path: '@aws-sdk/client-glue' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
