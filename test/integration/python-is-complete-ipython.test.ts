import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { pythonCompleteness } from '../../src/interpreter/python-completeness.js';
import {
  PARSER_ONLY_INVALID,
  PYTHON_IS_COMPLETE_CASES,
} from '../support/python-is-complete-cases.js';
import { hasVenvBin, skipUnlessAvailable, venvBin } from '../support/venv.js';

/** Our is_complete against IPython's own check_complete (the venv's IPython), cell by cell. */
describe('is_complete for Python, differential against IPython', function () {
  this.timeout(60_000);

  it('answers as IPython does (status and indent); only what needs a parser to be invalid may run', function () {
    skipUnlessAvailable(this, hasVenvBin('ipython'), 'the venv IPython');
    const cells = [...PYTHON_IS_COMPLETE_CASES.map(([code]) => code), ...PARSER_ONLY_INVALID];
    const script =
      'import json, sys\n' +
      'from IPython.core.inputtransformer2 import TransformerManager\n' +
      'check = TransformerManager().check_complete\n' +
      'print(json.dumps([check(cell) for cell in json.load(sys.stdin)]))\n';
    const answers = JSON.parse(
      execFileSync(venvBin('python'), ['-c', script], { input: JSON.stringify(cells) }).toString(),
    ) as [string, number | null][];
    cells.forEach((code, i) => {
      const [status, indent] = answers[i]!;
      const ours = pythonCompleteness(code);
      const what = JSON.stringify(code);
      if (status === 'incomplete') {
        expect(ours, what).to.deep.equal({ status, indent: ' '.repeat(indent ?? 0) });
      } else if (status === 'complete') {
        expect(ours, what).to.deep.equal({ status });
      } else {
        expect(['invalid', 'complete'], what).to.include(ours.status);
      }
    });
    // The recorded table itself still says what IPython says.
    PYTHON_IS_COMPLETE_CASES.forEach(([code, status, indent], i) => {
      expect([status, indent ?? null], JSON.stringify(code)).to.deep.equal(answers[i]);
    });
  });
});
