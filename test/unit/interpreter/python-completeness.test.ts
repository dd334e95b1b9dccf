import { expect } from 'chai';
import { pythonCompleteness } from '../../../src/interpreter/python-completeness.js';
import {
  PARSER_ONLY_INVALID,
  PYTHON_IS_COMPLETE_CASES,
} from '../../support/python-is-complete-cases.js';

describe('is_complete for Python, as IPython answers it', () => {
  for (const [code, status, indent] of PYTHON_IS_COMPLETE_CASES) {
    it(`${JSON.stringify(code)} is ${status}${indent === undefined ? '' : ` (indent ${indent})`}`, () => {
      expect(pythonCompleteness(code)).to.deep.equal(
        status === 'incomplete' ? { status, indent: ' '.repeat(indent!) } : { status },
      );
    });
  }

  it('lets code run whose error only a parser finds', () => {
    for (const code of PARSER_ONLY_INVALID)
      expect(pythonCompleteness(code).status, code).to.equal('complete');
  });
});
