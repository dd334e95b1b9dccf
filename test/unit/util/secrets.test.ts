import { expect } from 'chai';
import { redactSource } from '../../../src/cli/redact-source.js';
import { quoteInput, quoteSupposedArn } from '../../../src/util/quote-input.js';
import {
  looksLikeSecretName,
  maskSecretsInText,
  maskSecretValues,
} from '../../../src/util/secrets.js';

describe('the secret-masking rule', () => {
  it('recognises credential names however they are spelled', () => {
    for (const name of [
      'aws_secret_access_key',
      'spark.hadoop.fs.s3a.secret.key',
      'fs.s3a.access.key',
      'spark.hadoop.fs.s3a.session.token',
      'spark.x.token',
      'fs.azure.account.key.acct.dfs.core.windows.net',
      'javax.jdo.option.ConnectionPassword',
      '--db_password',
      'api-token',
    ]) {
      expect(looksLikeSecretName(name), name).to.equal(true);
    }
    for (const name of [
      'spark.sql.shuffle.partitions',
      '--enable-auto-scaling',
      'worker_type',
      'spark.hadoop.fs.s3a.aws.credentials.provider',
      'spark.sql.tokenizer',
    ]) {
      expect(looksLikeSecretName(name), name).to.equal(false);
    }
  });

  it('masks credential values and URL user info in text, and nothing else', () => {
    expect(
      maskSecretsInText(
        'spark.a=1 --conf spark.hadoop.fs.s3a.secret.key=TOPSECRET --conf spark.x.token=S2',
      ),
    ).to.equal('spark.a=1 --conf spark.hadoop.fs.s3a.secret.key=*** --conf spark.x.token=***');
    expect(
      maskSecretsInText('pandas==2.2.2,https://user:S3CR3T@pypi.example.com/simple/lib.whl'),
    ).to.equal('pandas==2.2.2,https://***@pypi.example.com/simple/lib.whl');
    expect(maskSecretsInText('git+https://ghp_TOKEN@github.com/o/r.git')).to.equal(
      'git+https://***@github.com/o/r.git',
    );
    expect(maskSecretsInText("{'--db_password': 'S3CR3T', '--JOB_NAME': 'x'}")).to.equal(
      "{'--db_password': ***, '--JOB_NAME': 'x'}",
    );
    expect(maskSecretsInText('s3://bucket/key@v1 user@example.com a==b')).to.equal(
      's3://bucket/key@v1 user@example.com a==b',
    );
  });

  it('masks values under secret-like keys at any depth of a dict', () => {
    expect(
      maskSecretValues({
        default_arguments: { '--db_password': 'S3CR3T', '--other': 'ok', '--n_token': 5 },
        '--conf': 'spark.x.token=S2',
        list: ['https://u:S3@h/x', 'plain'],
      }),
    ).to.deep.equal({
      default_arguments: { '--db_password': '***', '--other': 'ok', '--n_token': '***' },
      '--conf': 'spark.x.token=***',
      list: ['https://***@h/x', 'plain'],
    });
  });

  it('is the rule of quoted input and of transcripts', () => {
    expect(quoteInput('https://user:S3CR3T@host/x')).to.equal('https://***@host/x');
    expect(quoteInput(`spark.x.token=S3CR3T ${'y'.repeat(500)}`)).to.match(
      /^spark\.x\.token=\*\*\* y+… \(521 characters\)$/,
    );
    expect(redactSource('%additional_python_modules https://user:S3CR3T@host/x.whl')).to.equal(
      '%additional_python_modules https://***@host/x.whl',
    );
    expect(
      redactSource("%%configure\n{'default_arguments': {'--db_password': 'S3CR3T'}}"),
    ).to.equal("%%configure\n{'default_arguments': {'--db_password': ***}}");
  });

  it('quotes a supposed role ARN only when it is one', () => {
    expect(quoteSupposedArn('arn:aws:iam::1:role/x')).to.equal("'arn:aws:iam::1:role/x'");
    expect(quoteSupposedArn('wJalrXUtnFEMI/K7MDENG')).to.equal(
      'The value given (21 characters, not shown)',
    );
  });
});
