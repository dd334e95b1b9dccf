import { expect } from 'chai';
import { KernelError } from '../../../src/errors.js';
import { splitShellWords } from '../../../src/magics/shell-words.js';

/** Each expectation is what Python 3.11's shlex.split gives (checked with the venv's Python). */
describe('splitShellWords', () => {
  const cases: [string, string[]][] = [
    [`a "b c" 'd e' f`, ['a', 'b c', 'd e', 'f']],
    ['--external-id="ab cd"', ['--external-id=ab cd']],
    [`--session-name='x y'z`, ['--session-name=x yz']],
    ['a\\ b', ['a b']],
    ['"a\\"b"', ['a"b']],
    ["'a\\'", ['a\\']],
    ['"a\\$b"', ['a\\$b']],
    ['a "" b', ['a', '', 'b']],
    ['a\\\nb', ['a\nb']],
    ['$HOME x|y;z #c', ['$HOME', 'x|y;z', '#c']],
    ['a\u00a0b \t\r\n', ['a\u00a0b']],
    ['', []],
  ];
  for (const [text, words] of cases) {
    it(`splits ${JSON.stringify(text)}`, () => expect(splitShellWords(text)).to.deep.equal(words));
  }

  it('refuses an unclosed quote and a trailing backslash, saying where', () => {
    expect(() => splitShellWords('--external-id="ab cd'))
      .to.throw(KernelError)
      .with.property(
        'message',
        'The double quote at character 15 of the arguments is never closed.',
      );
    expect(() => splitShellWords("a 'b")).to.throw(KernelError, /single quote at character 3/);
    expect(() => splitShellWords('a\\')).to.throw(KernelError, /lone \\/);
  });
});
