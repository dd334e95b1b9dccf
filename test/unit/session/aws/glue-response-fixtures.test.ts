import { expect } from 'chai';
import { extendedStatementData } from '../../../../src/session/aws/extended-statement-data.js';
import {
  botocoreGlueModel,
  fixtureText,
  GET_STATEMENT_FIXTURES,
  getStatementFixture,
  modelProblems,
} from '../../../support/glue-fixtures.js';
import { skipUnlessAvailable } from '../../../support/venv.js';

const model = botocoreGlueModel();

describe('Glue response fixtures (test/fixtures/glue)', () => {
  for (const name of GET_STATEMENT_FIXTURES) {
    it(`${name} is a GetStatementResponse of botocore's published model, plus only the known extensions`, function () {
      skipUnlessAvailable(this, model !== undefined, "botocore's Glue model in .venv");
      expect(
        modelProblems(model!, 'GetStatementResponse', getStatementFixture(name)),
      ).to.deep.equal([]);
    });
  }

  it('the model check finds wrong types, unknown members and non-string extensions', function () {
    skipUnlessAvailable(this, model !== undefined, "botocore's Glue model in .venv");
    const bad = {
      Statement: {
        Id: '3',
        State: 'AVAILABLE',
        Output: { Data: { TextPlain: 'x', MimeType: 7, Html: '<b>' }, Traceback: 'line' },
      },
    };
    expect(modelProblems(model!, 'GetStatementResponse', bad)).to.deep.equal([
      '$.Statement.Id: expected an integer (IntegerValue), got "3"',
      '$.Statement.Output.Data.MimeType: expected a string',
      '$.Statement.Output.Data.Html: not a member of StatementOutputData',
      '$.Statement.Output.Traceback: expected an array (OrchestrationStringList), got "line"',
    ]);
  });

  it("the gateway's parser reads the extended Output.Data members the SDK model drops", () => {
    const read = (name: (typeof GET_STATEMENT_FIXTURES)[number]) =>
      extendedStatementData(new TextEncoder().encode(fixtureText(name)));
    expect(read('matplot-image')).to.deep.equal({
      mimeType: 'image/png',
      result: (
        getStatementFixture('matplot-image').Statement as { Output: { Data: { Result: string } } }
      ).Output.Data.Result,
    });
    expect(read('inline-streams')).to.deep.equal({
      mimeType: 'text/plain',
      result: 'done',
      stdOut: 'out',
      stdErr: 'warn',
    });
    expect(read('text-plain')).to.equal(undefined);
    expect(read('running')).to.equal(undefined);
  });
});
