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

  it('masks URL user info in the forms other code quotes a URL in', () => {
    const forms: [string, string][] = [
      // os.path.abspath('https://user:pw@host/x.whl') in a "not found" message: one slash
      [
        'not found (looked at /home/me/https:/user:S3CR3T@host/x.whl)',
        'not found (looked at /home/me/https:/***@host/x.whl)',
      ],
      ['git+ssh:/ghp_TOKEN@github.com/o/r', 'git+ssh:/***@github.com/o/r'],
      // a Windows path, and JSON's optional escape of '/'
      ['C:\\work\\https:\\user:S3CR3T@host\\x.whl', 'C:\\work\\https:\\***@host\\x.whl'],
      ['{"url": "https:\\/\\/user:S3CR3T@host\\/x"}', '{"url": "https:\\/\\/***@host\\/x"}'],
      // urllib.parse.quote(url) and quote(url, safe='')
      ['https%3A//user%3AS3CR3T%40host/x.whl', 'https%3A//***%40host/x.whl'],
      ['?next=https%3A%2F%2Fuser%3AS3CR3T%40host%2Fx', '?next=https%3A%2F%2F***%40host%2Fx'],
      ['/a/b%2Fhttps%3A%2F%2FS3CR3T%40host', '/a/b%2Fhttps%3A%2F%2F***%40host'],
      // an already masked text stays as it is
      ['https://***@host/x.whl', 'https://***@host/x.whl'],
    ];
    for (const [text, masked] of forms) expect(maskSecretsInText(text), text).to.equal(masked);
    // Not URL user info: a path with an @, an e-mail address, encoded text without a scheme.
    for (const text of [
      'C:/Users/me/a@b.txt',
      '/tmp/x@2/y',
      'mailto:user@example.com',
      'https://host/path%40x',
      'https%3A%2F%2Fhost%2Fa%40b',
      'a%3Ab%40c',
    ])
      expect(maskSecretsInText(text), text).to.equal(text);
  });

  it('masks in time linear in the length of the text', () => {
    // A long run of scheme characters ('a.a.a...') once made the URL rule retry from each '.'.
    const long = `${'a.'.repeat(100_000)}https:/user:S3CR3T@host`;
    expect(maskSecretsInText(long).endsWith('https:/***@host')).to.equal(true);
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
