import { expect } from 'chai';
import { looksLikeSecretName, maskSecretSparkConf } from '../../../src/magics/secret-settings.js';

describe('credential-like settings', () => {
  it('recognises credential names however they are spelled', () => {
    for (const name of [
      'aws_secret_access_key',
      'spark.hadoop.fs.s3a.secret.key',
      'fs.s3a.access.key',
      'spark.hadoop.fs.s3a.session.token',
      'fs.azure.account.key.acct.dfs.core.windows.net',
      'javax.jdo.option.ConnectionPassword',
    ]) {
      expect(looksLikeSecretName(name), name).to.equal(true);
    }
    for (const name of ['spark.sql.shuffle.partitions', '--enable-auto-scaling', 'worker_type']) {
      expect(looksLikeSecretName(name), name).to.equal(false);
    }
  });

  it('masks only the values of credential settings in a raw --conf value', () => {
    expect(
      maskSecretSparkConf(
        'spark.a=1 --conf spark.hadoop.fs.s3a.secret.key=TOPSECRET --conf spark.b=2',
      ),
    ).to.equal('spark.a=1 --conf spark.hadoop.fs.s3a.secret.key=**** --conf spark.b=2');
  });
});
