import { expect } from 'chai';
import { join } from 'node:path';
import { kernelSpecFor } from '../../../src/cli/install.js';
import { KERNEL_FLAVOURS, kindOfKernelName } from '../../../src/app/kernel-kinds.js';
import { kernelsDir, TargetError, type Environment } from '../../../src/cli/kernelspec-dirs.js';
import { kernelArgvForKind, portableNodeFlags } from '../../../src/cli/run-notebook.js';

const base: Environment = {
  env: {},
  platform: 'linux',
  home: '/home/ana',
  pythonPrefix: () => '/usr',
};

describe('kernelspec directories (Jupyter rules)', () => {
  const cases: [string, Parameters<typeof kernelsDir>[0], Partial<Environment>, string][] = [
    ['--user on Linux', { scope: 'user' }, {}, '/home/ana/.local/share/jupyter/kernels'],
    [
      '--user with XDG_DATA_HOME',
      { scope: 'user' },
      { env: { XDG_DATA_HOME: '/xdg' } },
      '/xdg/jupyter/kernels',
    ],
    [
      '--user on macOS',
      { scope: 'user' },
      { platform: 'darwin' },
      '/home/ana/Library/Jupyter/kernels',
    ],
    [
      '--user with JUPYTER_DATA_DIR',
      { scope: 'user' },
      { env: { JUPYTER_DATA_DIR: '/jd' }, platform: 'darwin' },
      '/jd/kernels',
    ],
    [
      '--sys-prefix in a venv',
      { scope: 'sys-prefix' },
      { env: { VIRTUAL_ENV: '/venv' } },
      '/venv/share/jupyter/kernels',
    ],
    ['--sys-prefix from python3', { scope: 'sys-prefix' }, {}, '/usr/share/jupyter/kernels'],
    ['--prefix DIR', { scope: 'prefix', dir: '/opt/x' }, {}, '/opt/x/share/jupyter/kernels'],
  ];
  for (const [name, target, env, expected] of cases) {
    it(name, () => expect(kernelsDir(target, { ...base, ...env })).to.equal(expected));
  }

  it('explains what to do when --sys-prefix finds no Python', () => {
    expect(() =>
      kernelsDir({ scope: 'sys-prefix' }, { ...base, pythonPrefix: () => undefined }),
    ).to.throw(TargetError, /--user or --prefix/);
  });
});

describe('kernelspec content', () => {
  it('names absolute node and script paths, the kernel node flags and the kind', () => {
    const spec = kernelSpecFor(
      KERNEL_FLAVOURS[0]!,
      '/opt/node/bin/node',
      '/pkg/dist/cli/glue-kernel.js',
    );
    expect(spec).to.deep.equal({
      argv: [
        '/opt/node/bin/node',
        '--optimize-for-size',
        '/pkg/dist/cli/glue-kernel.js',
        'kernel',
        '--kind',
        'pyspark',
        '-f',
        '{connection_file}',
      ],
      display_name: 'Glue PySpark',
      language: 'python',
      interrupt_mode: 'message',
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      metadata: { debugger: false },
    });
  });

  it('maps our names and the official ones back to kinds', () => {
    expect(
      [
        'glue_kernel_pyspark',
        'glue_pyspark',
        'glue_spark',
        'glue_kernel_pyspark_local',
        'python3',
      ].map(kindOfKernelName),
    ).to.deep.equal(['pyspark', 'pyspark', 'scala', 'local', undefined]);
  });
});

describe('portableNodeFlags', () => {
  it('resolves a bare --import loader to a URL and drops debugger flags', () => {
    const flags = portableNodeFlags([
      '--import',
      'tsx',
      '--inspect=9229',
      '--enable-source-maps',
      '--import=./x.mjs',
    ]);
    expect(flags[0]).to.match(/^--import=file:\/\/.*tsx/);
    expect(flags.slice(1)).to.deep.equal(['--enable-source-maps', '--import=./x.mjs']);
    expect(join('a', 'b')).to.equal('a/b');
  });
});

describe('the kernel argv of glue-kernel run', () => {
  it('starts node with the kernel flags, then this process’s portable flags, then the CLI', () => {
    const argv = kernelArgvForKind('local', ['--enable-source-maps', '--inspect']);
    expect(argv[0]).to.equal(process.execPath);
    expect(argv.slice(1, 3)).to.deep.equal(['--optimize-for-size', '--enable-source-maps']);
    expect(argv[3]).to.match(/glue-kernel\.(ts|js)$/);
    expect(argv.slice(4)).to.deep.equal(['kernel', '--kind', 'local', '-f', '{connection_file}']);
  });
});
