import { expect } from 'chai';
import { statementShape } from '../../../../src/local/glue/glue-shapes.js';
import type { LocalStatement } from '../../../../src/local/glue/local-session.js';
import {
  botocoreGlueModel,
  getStatementFixture,
  modelProblems,
  type GetStatementFixture,
} from '../../../support/glue-fixtures.js';
import { skipUnlessAvailable } from '../../../support/venv.js';

/**
 * The local endpoint answers GetStatement as Glue does: for the statement of each checked-in Glue
 * response (test/fixtures/glue/get-statement), its Statement shape is that response, and it
 * passes botocore's model with only the known extensions.
 */
interface WireStatement {
  Id: number;
  Code: string;
  State: LocalStatement['state'];
  Progress: number;
  StartedOn?: number;
  CompletedOn?: number;
  Output?: {
    Status: 'ok' | 'error';
    Data?: { TextPlain?: string; MimeType?: string; Result?: string };
    ErrorName?: string;
    ErrorValue?: string;
    Traceback?: string[];
  };
}

/** The endpoint's own record of the statement a fixture describes. */
function localStatementOf(name: GetStatementFixture): LocalStatement {
  const s = getStatementFixture(name).Statement as unknown as WireStatement;
  const o = s.Output;
  return {
    id: s.Id,
    code: s.Code,
    state: s.State,
    progress: s.Progress,
    startedOn: s.StartedOn,
    completedOn: s.CompletedOn,
    result: o && {
      status: o.Status,
      output: o.Data?.TextPlain ?? '',
      errorName: o.ErrorName,
      errorValue: o.ErrorValue,
      traceback: o.Traceback,
      mimeType: o.Data?.MimeType,
      mimeResult: o.Data?.Result,
    },
  };
}

describe('local endpoint: GetStatement shapes against the Glue fixtures', () => {
  for (const name of ['text-plain', 'matplot-image', 'running'] as const) {
    it(`answers ${name} as Glue does`, () => {
      expect(statementShape(localStatementOf(name))).to.deep.equal(
        getStatementFixture(name).Statement,
      );
    });
  }

  it('answers a remote error with Glue’s error members (and an empty TextPlain)', () => {
    const wire = getStatementFixture('remote-error').Statement as unknown as WireStatement;
    const shape = statementShape(localStatementOf('remote-error')) as unknown as WireStatement;
    expect({ ...shape.Output, Data: undefined }).to.deep.equal({ ...wire.Output, Data: undefined });
    expect(shape.Output?.Data).to.deep.equal({ TextPlain: '' });
  });

  it("every shape it answers passes botocore's published model", function () {
    const model = botocoreGlueModel();
    skipUnlessAvailable(this, model !== undefined, "botocore's Glue model in .venv");
    for (const name of ['text-plain', 'remote-error', 'matplot-image', 'running'] as const) {
      const response = { Statement: statementShape(localStatementOf(name)) };
      expect(modelProblems(model!, 'GetStatementResponse', response), name).to.deep.equal([]);
    }
  });
});
