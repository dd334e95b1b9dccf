import { expect } from 'chai';
import {
  LiteralSyntaxError,
  parsePythonLiteral,
  pythonRepr,
} from '../../../src/magics/python-literal.js';

describe('parsePythonLiteral', () => {
  const good: [string, unknown][] = [
    [
      "{'team':'analytics', 'billing':'Data-Platform'}",
      { team: 'analytics', billing: 'Data-Platform' },
    ],
    ['{"a": true, "b": false, "c": null}', { a: true, b: false, c: null }],
    ["{'a': True, 'b': False, 'c': None,}", { a: true, b: false, c: null }],
    ['{"n": 5, "f": -1.5e3, "h": 0x1F, "u": 1_000}', { n: 5, f: -1500, h: 31, u: 1000 }],
    [
      "{'nested': {'list': [1, 'two', (3, 4)], 'empty': {}}}",
      { nested: { list: [1, 'two', [3, 4]], empty: {} } },
    ],
    ['"""triple\nquoted"""', 'triple\nquoted'],
    ["'''single triple'''", 'single triple'],
    [
      '"arn:aws:iam::222222222222:role/GlueSessionCreationRole"',
      'arn:aws:iam::222222222222:role/GlueSessionCreationRole',
    ],
    ["'it\\'s' \"con\" 'cat'", "it'sconcat"],
    ["r'C:\\path'", 'C:\\path'],
    ['"tab\\tnew\\nline \\u00e9 \\x41"', 'tab\tnew\nline é A'],
    ["{\n  # a comment\n  'k': 'v',  # trailing\n}", { k: 'v' }],
    ['[]', []],
    ['  42  ', 42],
  ];
  for (const [text, value] of good) {
    it(`reads ${JSON.stringify(text)}`, () =>
      expect(parsePythonLiteral(text)).to.deep.equal(value));
  }

  const bad: [string, RegExp, boolean][] = [
    ['', /text is empty/, true],
    ["{'a': 'b'", /Missing '}' at the end of the text/, true],
    ["{'a': '''open", /never closed/, true],
    ["{'a' 'b'}", /Expected ':' after the key 'ab'/, false],
    ["{'a': b}", /'b' is not a literal; quote strings \('b'\) \(line 1, column 7\)/, false],
    ['{1: "x"}', /Dictionary keys must be strings \(line 1, column 2\)/, false],
    ["{'a': 1} extra", /Unexpected character 'e' after the value \(line 1, column 10\)/, false],
    ["'unterminated\n'", /never closed on its line/, false],
    ['{"a": -}', /Expected a number/, false],
    ['"\\x4"', /Invalid \\x escape/, false],
  ];
  for (const [text, message, atEnd] of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      let thrown: unknown;
      try {
        parsePythonLiteral(text);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).to.be.instanceOf(LiteralSyntaxError);
      expect((thrown as LiteralSyntaxError).message).to.match(message);
      expect((thrown as LiteralSyntaxError).atEnd).to.equal(atEnd);
    });
  }

  it('pythonRepr prints as Python does', () => {
    expect(pythonRepr({ team: 'analytics', n: 5, ok: true, none: null, list: ['a'] })).to.equal(
      "{'team': 'analytics', 'n': 5, 'ok': True, 'none': None, 'list': ['a']}",
    );
    expect(pythonRepr("it's")).to.equal('"it\'s"');
  });
});
