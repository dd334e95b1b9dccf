import { expect } from 'chai';
import { readKeyValuePairs } from '../../../src/magics/arg-readers.js';
import { planCell, type LiveView } from '../../../src/magics/cell-plan.js';
import { parsePythonLiteral } from '../../../src/magics/python-literal.js';
import { createMagicRegistry } from '../../../src/magics/registry.js';
import { thrownKernelError } from '../../support/interpreter-expect.js';

/** Names every plain object answers from its prototype: user text must never find them. */
const PROTOTYPE_NAMES = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'];

const registry = createMagicRegistry();
const idle: LiveView = { live: false, current: () => undefined };

describe('user text is never looked up on a prototype', () => {
  for (const name of PROTOTYPE_NAMES) {
    it(`%${name} is an unknown magic with a plain hint`, () => {
      const err = thrownKernelError(() => planCell(`%${name}`, registry, idle));
      expect(err.message).to.equal(
        `Unknown magic %${name} (line 1); nothing in this cell was applied.`,
      );
      expect(err.hint).to.match(/^(Did you mean %%?\w+\? )?%help lists every magic\.$/);
    });
  }

  it('reads a literal key named __proto__ as a key, and refuses bare prototype names', () => {
    const dict = parsePythonLiteral("{'__proto__': {'polluted': 'yes'}, 'k': 'v'}") as object;
    expect(Object.keys(dict)).to.deep.equal(['__proto__', 'k']);
    expect(Object.getPrototypeOf(dict)).to.equal(Object.prototype);
    expect((dict as Record<string, unknown>)['polluted']).to.equal(undefined);
    for (const word of ['constructor', 'toString']) {
      expect(() => parsePythonLiteral(`{'a': ${word}}`)).to.throw(`'${word}' is not a literal`);
    }
  });

  it('keeps key=value pairs named like prototype members', () => {
    const pairs = readKeyValuePairs('__proto__=x,constructor=y', 'tag filter');
    expect(Object.entries(pairs)).to.deep.equal([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });

  it('%%configure treats a prototype member name as a default argument, not a setting', () => {
    const spec = registry.get('configure', 'cell')!;
    const patch = spec.patch?.(spec.parse('', "{'constructor': 'x', 'toString': 'y'}"));
    expect(patch).to.deep.equal({ extraArguments: { '--constructor': 'x', '--toString': 'y' } });
  });
});
