import { expect } from 'chai';
import fc from 'fast-check';
import { KernelError } from '../../src/errors.js';
import { splitShellWords } from '../../src/magics/shell-words.js';
import { PythonOracle } from '../support/python-oracle.js';
import { hasVenvBin, skipUnlessAvailable } from '../support/venv.js';

/**
 * The magic argument splitter against Python's own shlex.split, on generated argument texts:
 * the same words, or a refusal where Python raises (an unclosed quote, a trailing backslash).
 * DIFFERENTIAL_RUNS=n raises the number of cases for a deeper search.
 */
const RUNS = Number(process.env['DIFFERENTIAL_RUNS'] ?? 3000);
const SEED = Number(process.env['DIFFERENTIAL_SEED'] ?? 20261130);

const PIECES = [
  ' ',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  "'",
  '"',
  '\\',
  'a',
  'bc',
  '=',
  '--external-id=',
  '-f',
  '$',
  '$HOME',
  '#',
  '|',
  ';',
  '*',
  'é',
  '漢',
  '\u00a0',
  '\u2003',
  "''",
  '""',
  '\\"',
  "\\'",
  '\\\\',
];
const argumentText = fc.array(fc.constantFrom(...PIECES), { maxLength: 16 }).map((p) => p.join(''));

describe('splitShellWords: differential against shlex.split', function () {
  this.timeout(120_000);
  let oracle: PythonOracle | undefined;
  let cases = 0;

  before(function () {
    skipUnlessAvailable(this, hasVenvBin('python'), 'the venv Python');
    oracle = PythonOracle.start();
  });
  after(() => {
    oracle?.stop();
    console.log(`      ${cases} argument texts compared with shlex.split`);
  });

  it('splits as shlex.split does, and refuses what it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(argumentText, async (text) => {
        cases++;
        const theirs = await oracle!.shlexSplit(text);
        const what = JSON.stringify(text);
        if (theirs.ok) {
          expect(splitShellWords(text), what).to.deep.equal(theirs.words);
        } else {
          expect(() => splitShellWords(text), `${what}: ${theirs.error}`).to.throw(KernelError);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
