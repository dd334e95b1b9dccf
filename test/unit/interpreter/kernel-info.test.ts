import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { buildKernelInfo } from '../../../src/interpreter/kernel-info.js';
import { readPackageVersion } from '../../../src/util/package-version.js';

describe('kernel info', () => {
  it('describes the PySpark kernel as Python 3', () => {
    const info = buildKernelInfo('pyspark', '1.2.3');
    expect(info.implementation).to.equal('glue-kernel');
    expect(info.implementation_version).to.equal('1.2.3');
    expect(info.language_info).to.deep.equal({
      name: 'python',
      version: '3',
      mimetype: 'text/x-python',
      file_extension: '.py',
      pygments_lexer: 'python3',
      codemirror_mode: { name: 'python', version: 3 },
      nbconvert_exporter: 'python',
    });
    expect(info.banner).to.include('runs remotely in an AWS Glue interactive session');
  });

  it('describes the Spark kernel as Scala', () => {
    const info = buildKernelInfo('scala', '1.2.3');
    expect(info.language_info).to.deep.include({ name: 'scala', file_extension: '.scala' });
    expect(info.banner).to.include('Glue Spark');
  });

  it('reads the version from package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(readPackageVersion()).to.equal(pkg.version);
  });
});
