import { skipUnlessAvailable } from '../support/venv.js';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { REPO_ROOT, glueKernelCommand, kernelVenvBin } from '../support/kernel-argv.js';

function run(
  command: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, ...args] = command;
  return new Promise((resolve) => {
    execFile(file!, args, { cwd: REPO_ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('glue-kernel install', function () {
  this.timeout(60_000);
  let prefix: string;

  beforeEach(async () => {
    prefix = await mkdtemp(join(tmpdir(), 'glue-install-'));
  });
  afterEach(async () => {
    await rm(prefix, { recursive: true, force: true });
  });

  it('writes three kernelspecs with absolute argv, logos and message interrupts', async () => {
    const result = await run(glueKernelCommand('install', '--prefix', prefix));
    expect(result.code, result.stderr).to.equal(0);
    const kernels = join(prefix, 'share', 'jupyter', 'kernels');
    expect((await readdir(kernels)).sort()).to.deep.equal([
      'glue_kernel_pyspark',
      'glue_kernel_pyspark_local',
      'glue_kernel_spark',
    ]);
    expect(result.stdout).to.include(
      `Installed kernelspec glue_kernel_spark in ${join(kernels, 'glue_kernel_spark')}`,
    );
    const spec = JSON.parse(
      await readFile(join(kernels, 'glue_kernel_spark', 'kernel.json'), 'utf8'),
    );
    expect(spec).to.deep.include({
      display_name: 'Glue Spark',
      language: 'scala',
      interrupt_mode: 'message',
    });
    expect(spec.metadata).to.deep.equal({ debugger: false });
    expect(isAbsolute(spec.argv[0]) && isAbsolute(spec.argv[2])).to.equal(true);
    expect(spec.argv.slice(1)).to.deep.equal([
      '--optimize-for-size',
      join(REPO_ROOT, 'dist', 'bundle', 'glue-kernel.js'),
      'kernel',
      '--kind',
      'scala',
      '-f',
      '{connection_file}',
    ]);
    const local = JSON.parse(
      await readFile(join(kernels, 'glue_kernel_pyspark_local', 'kernel.json'), 'utf8'),
    );
    expect(local).to.deep.include({ display_name: 'Glue PySpark (local)', language: 'python' });
    expect(local.argv).to.include('local');
    expect((await readdir(join(kernels, 'glue_kernel_pyspark'))).sort()).to.deep.equal([
      'kernel.json',
      'logo-32x32.png',
      'logo-64x64.png',
    ]);
  });

  it('installing again replaces the kernelspecs (as ipykernel install does), installs official names, uninstalls', async () => {
    expect((await run(glueKernelCommand('install', '--prefix', prefix))).code).to.equal(0);
    const kernels = join(prefix, 'share', 'jupyter', 'kernels');
    const stale = join(kernels, 'glue_kernel_pyspark', 'stale.txt');
    await writeFile(stale, 'left by an older install');
    const again = await run(glueKernelCommand('install', '--prefix', prefix));
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.include(
      `Installed kernelspec glue_kernel_pyspark in ${join(kernels, 'glue_kernel_pyspark')} (replaced the one there)`,
    );
    expect(await readdir(join(kernels, 'glue_kernel_pyspark'))).not.to.include('stale.txt');
    expect(
      (await run(glueKernelCommand('install', '--prefix', prefix, '--replace'))).code,
    ).to.equal(0);
    expect(
      (await run(glueKernelCommand('install', '--prefix', prefix, '--official-names'))).code,
    ).to.equal(0);
    expect(await readdir(kernels)).to.include.members([
      'glue_pyspark',
      'glue_spark',
      'glue_pyspark_local',
    ]);
    const removed = await run(
      glueKernelCommand('uninstall', '--prefix', prefix, '--official-names'),
    );
    expect(removed.code).to.equal(0);
    expect((await readdir(kernels)).sort()).to.deep.equal([
      'glue_kernel_pyspark',
      'glue_kernel_pyspark_local',
      'glue_kernel_spark',
    ]);
  });

  it('rejects two targets at once with the usage text', async () => {
    const result = await run(glueKernelCommand('install', '--user', '--prefix', prefix));
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('Choose one of --user, --sys-prefix and --prefix DIR');
    expect(await readdir(prefix)).to.deep.equal([]);
  });

  it('is listed by `jupyter kernelspec list`', async function () {
    const jupyter = kernelVenvBin('jupyter');
    skipUnlessAvailable(this, jupyter !== undefined, 'the venv jupyter');
    expect((await run(glueKernelCommand('install', '--prefix', prefix))).code).to.equal(0);
    const env = {
      ...process.env,
      JUPYTER_PATH: join(prefix, 'share', 'jupyter'),
      JUPYTER_DATA_DIR: join(prefix, 'data'),
      JUPYTER_CONFIG_DIR: join(prefix, 'config'),
    };
    const listed = await run([jupyter!, 'kernelspec', 'list', '--json'], env);
    expect(listed.code, listed.stderr).to.equal(0);
    const specs = (
      JSON.parse(listed.stdout) as {
        kernelspecs: Record<string, { resource_dir: string; spec: { display_name: string } }>;
      }
    ).kernelspecs;
    expect(specs.glue_kernel_pyspark?.spec.display_name).to.equal('Glue PySpark');
    expect(specs.glue_kernel_spark?.spec.display_name).to.equal('Glue Spark');
    expect(specs.glue_kernel_pyspark_local?.resource_dir).to.equal(
      join(prefix, 'share', 'jupyter', 'kernels', 'glue_kernel_pyspark_local'),
    );
  });

  it('installs for the user under JUPYTER_DATA_DIR', async () => {
    const env = { ...process.env, JUPYTER_DATA_DIR: join(prefix, 'data') };
    const result = await run(glueKernelCommand('install', '--user'), env);
    expect(result.code, result.stderr).to.equal(0);
    expect((await readdir(join(prefix, 'data', 'kernels'))).length).to.equal(3);
  });
});
