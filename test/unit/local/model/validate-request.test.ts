import { expect } from 'chai';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  extract,
  loadBotocoreModel,
  type BotocoreModel,
} from '../../../../scripts/extract-glue-model.mjs';
import checkedIn from '../../../../src/local/model/glue-model.json' with { type: 'json' };
import { GlueApi } from '../../../../src/local/glue/glue-api.js';
import { AwsError } from '../../../../src/local/local-types.js';
import {
  compileModelPattern,
  glueRequestValidator,
} from '../../../../src/local/model/validate-request.js';
import { skipUnlessAvailable, venvDir } from '../../../support/venv.js';

function hasBotocore(): boolean {
  const lib = join(venvDir, 'lib');
  return (
    existsSync(lib) &&
    readdirSync(lib).some((python) =>
      existsSync(join(lib, python, 'site-packages', 'botocore', 'data', 'glue')),
    )
  );
}

function failure(operation: string, body: unknown): AwsError | undefined {
  try {
    glueRequestValidator.validate(operation, body);
    return undefined;
  } catch (err) {
    if (err instanceof AwsError) return err;
    throw err;
  }
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** A JSON value of a type the member does not accept. */
function wrongValueFor(type: string): unknown {
  switch (type) {
    case 'string':
    case 'blob':
      return 5;
    case 'timestamp':
      return true;
    default:
      return 'not-a-' + type;
  }
}

describe('local endpoint: request validation against the published Glue model', () => {
  let botocore: BotocoreModel;

  before(function () {
    skipUnlessAvailable(this, hasBotocore(), "botocore's Glue model in .venv");
    botocore = loadBotocoreModel();
  });

  it("the checked-in model is botocore's, unchanged (re-run scripts/extract-glue-model.mjs)", () => {
    expect(JSON.parse(JSON.stringify(checkedIn))).to.deep.include(extract(botocore));
  });

  it('covers every operation the endpoint serves, and the Data Catalog operations', () => {
    for (const operation of GlueApi.operations)
      expect(glueRequestValidator.knows(operation)).to.equal(true, operation);
    for (const operation of ['CreateTable', 'GetPartitions', 'BatchDeletePartition']) {
      expect(glueRequestValidator.knows(operation)).to.equal(true, operation);
    }
  });

  it("an empty request names exactly botocore's required members of each operation", () => {
    for (const operation of glueRequestValidator.operations) {
      const input = botocore.shapes[botocore.operations[operation]!.input!.shape]!;
      const required = (input['required'] as string[] | undefined) ?? [];
      const error = failure(operation, {});
      if (required.length === 0) {
        expect(error, operation).to.equal(undefined);
        continue;
      }
      expect(error?.code, operation).to.equal('ValidationException');
      expect(error?.message, operation).to.match(
        new RegExp(`^${required.length} validation error`),
      );
      for (const member of required) {
        expect(error?.message, operation).to.contain(
          `Value null at '${lowerFirst(member)}' failed to satisfy constraint: Member must not be null`,
        );
      }
    }
  });

  it("a wrong JSON type for any top-level member of botocore's input shapes is a SerializationException", () => {
    for (const operation of glueRequestValidator.operations) {
      const input = botocore.shapes[botocore.operations[operation]!.input!.shape]!;
      const members = (input['members'] ?? {}) as Record<string, { shape: string }>;
      for (const [member, ref] of Object.entries(members)) {
        const type = botocore.shapes[ref.shape]!.type;
        const error = failure(operation, { [member]: wrongValueFor(type) });
        expect(error?.code, `${operation}.${member} (${type})`).to.equal('SerializationException');
        expect(error?.message).to.contain(`'${lowerFirst(member)}'`);
      }
    }
  });

  it("every pattern of botocore's Glue model compiles (Java syntax, whole-value match)", () => {
    const patterns = new Set<string>();
    for (const shape of Object.values(botocore.shapes)) {
      if (typeof shape['pattern'] === 'string') patterns.add(shape['pattern']);
    }
    expect(patterns.size).to.be.greaterThan(50);
    for (const pattern of patterns)
      expect(() => compileModelPattern(pattern), pattern).not.to.throw();
  });

  it('a NUL or a newline in a session Id is refused; a tab and characters beyond the BMP are not', () => {
    const nul = failure('GetSession', { Id: 'a\u0000b' });
    expect(nul?.code).to.equal('ValidationException');
    expect(nul?.message).to.contain(
      "at 'id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\uD7FF",
    );
    expect(failure('GetSession', { Id: 'a\nb' })?.code).to.equal('ValidationException');
    expect(failure('GetSession', { Id: 'a\tb \u{1F600}' })).to.equal(undefined);
  });

  it('checks lengths, numeric bounds and enums, and reports all problems at once', () => {
    const error = failure('CreateSession', {
      Id: '',
      Role: 'arn:aws:iam::123456789012:role/R',
      Command: { Name: 'glueetl' },
      WorkerType: 'G.3X',
      Timeout: 0,
      DefaultArguments: { 'bad key!': 'v' },
    });
    expect(error?.code).to.equal('ValidationException');
    expect(error?.message).to.match(/^4 validation errors detected: /);
    expect(error?.message).to.contain(
      "Value '' at 'id' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(error?.message).to.contain(
      "at 'workerType' failed to satisfy constraint: Member must satisfy enum value set: [Standard, G.1X",
    );
    expect(error?.message).to.contain(
      "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(error?.message).to.contain("Value 'bad key!' at 'defaultArguments.key'");
  });

  it('follows nested structures and lists, numbering list items from 1 as AWS does', () => {
    const error = failure('BatchDeleteTable', {
      DatabaseName: 'db',
      TablesToDelete: ['ok', 'x'.repeat(256)],
    });
    expect(error?.message).to.contain("at 'tablesToDelete.2.member' failed to satisfy constraint");
    const nested = failure('CreateTable', { DatabaseName: 'db', TableInput: {} });
    expect(nested?.message).to.contain("Value null at 'tableInput.name'");
  });

  it('quotes at most 100 characters of a value and lists at most 10 problems', () => {
    const error = failure('BatchDeleteTable', {
      DatabaseName: 'db',
      TablesToDelete: Array.from({ length: 12 }, () => 'y'.repeat(5000)),
    });
    expect(error?.message).to.match(/^12 validation errors detected: /);
    expect(error?.message).to.contain('; and 2 more');
    expect(error!.message.length).to.be.lessThan(3000);
  });

  it('ignores members the model does not name and operations it does not describe', () => {
    expect(failure('GetSession', { Id: 's', Unknown: 1 })).to.equal(undefined);
    expect(failure('NotAnOperation', { anything: true })).to.equal(undefined);
  });
});
