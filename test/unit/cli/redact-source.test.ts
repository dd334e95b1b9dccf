import { expect } from 'chai';
import fc from 'fast-check';
import { maskDictValues, redactSource } from '../../../src/cli/redact-source.js';
import { cellHeader } from '../../../src/cli/transcript.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FwoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN==';

describe('redacting cell sources for the run transcript', () => {
  it('shows the keys of an %%assume_role dict with every value masked', () => {
    const cell = [
      '%%assume_role',
      '{',
      '    "aws_access_key_id": "ASIAEXAMPLEKEYID",',
      `    "aws_secret_access_key": "${SECRET}",`,
      `    'aws_session_token': '${TOKEN}',`,
      '    "duration": 3600,',
      '}',
    ].join('\n');
    expect(redactSource(cell)).to.equal(
      [
        '%%assume_role',
        '{',
        '    "aws_access_key_id": ***,',
        '    "aws_secret_access_key": ***,',
        "    'aws_session_token': ***,",
        '    "duration": ***,',
        '}',
      ].join('\n'),
    );
  });

  it('keeps an %%assume_role role ARN readable', () => {
    const cell = '%%assume_role\n"arn:aws:iam::222222222222:role/GlueSessionCreationRole"';
    expect(redactSource(cell)).to.equal(cell);
  });

  it('masks the dict of the %assume_role line form and leaves other lines alone', () => {
    const cell = `%assume_role {"aws_access_key_id": "AKIAX", "aws_secret_access_key": "${SECRET}"}\nprint(1)`;
    expect(redactSource(cell)).to.equal(
      '%assume_role {"aws_access_key_id": ***, "aws_secret_access_key": ***}\nprint(1)',
    );
  });

  it('masks values whose key looks secret anywhere, in key: value and key=value forms', () => {
    expect(redactSource(`!AWS_SECRET_ACCESS_KEY=${SECRET} aws sts get-caller-identity`)).to.equal(
      '!AWS_SECRET_ACCESS_KEY=*** aws sts get-caller-identity',
    );
    expect(redactSource(`creds = dict(aws_session_token='${TOKEN}', region="us-east-1")`)).to.equal(
      `creds = dict(aws_session_token=***, region="us-east-1")`,
    );
    expect(redactSource(`conf = {"Password": "hunter2", "user": "bob"}`)).to.equal(
      'conf = {"Password": ***, "user": "bob"}',
    );
    expect(
      redactSource('%%configure\n{"--conf": "spark.hadoop.fs.s3a.secret.key=abc123"}'),
    ).to.equal('%%configure\n{"--conf": "spark.hadoop.fs.s3a.secret.key=***"}');
  });

  it('leaves ordinary code as written', () => {
    const code =
      '%region us-east-1\ndf = spark.range(10)\nif token_count == 3:\n    print(df.count())';
    expect(redactSource(code)).to.equal(code);
  });

  it('does not let a quote inside a value open a new string', () => {
    expect(maskDictValues(`{"k": "a\\"b: c", 'j': 'it"s'}`)).to.equal(`{"k": ***, 'j': ***}`);
  });

  it('never shows a secret value of an %%assume_role dict, whatever it contains', () => {
    const value = fc
      .string({ minLength: 8, maxLength: 40 })
      .filter((s) => /^[A-Za-z0-9/+=]+$/.test(s) && /\d/.test(s));
    fc.assert(
      fc.property(value, value, fc.constantFrom('"', "'"), (secret, token, quote) => {
        const cell =
          `%%assume_role\n{${quote}aws_access_key_id${quote}: ${quote}ASIAKEY${quote}, ` +
          `${quote}aws_secret_access_key${quote}: ${quote}${secret}${quote},\n` +
          ` ${quote}aws_session_token${quote}: ${quote}${token}${quote}}`;
        const shown = cellHeader(1, cell);
        expect(shown).not.to.include(secret);
        expect(shown).not.to.include(token);
        expect(shown).to.include('aws_secret_access_key');
      }),
    );
  });

  it('the transcript header shows the masked source', () => {
    expect(cellHeader(2, `%%assume_role\n{"aws_secret_access_key": "${SECRET}"}\n`)).to.equal(
      '── cell 2 ──\n  > %%assume_role\n  > {"aws_secret_access_key": ***}',
    );
  });
});
