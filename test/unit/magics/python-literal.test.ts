import { expect } from 'chai';
import {
  LiteralSyntaxError,
  parsePythonLiteral,
  pythonRepr,
  PythonTuple,
} from '../../../src/magics/python-literal.js';
import { pythonTuple } from '../../../src/magics/python-value.js';

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
    ["{'a' 'b'}", /A set \(\{\.\.\.\} without keys\) is not a setting value/, false],
    ["{'a': 1 'b'}", /Expected ',' or '}' but found ''/, false],
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

  /**
   * Each expectation is what Python 3.11's ast.literal_eval gives (checked with the venv's
   * Python); the differential test (test/integration/python-literal-differential.test.ts)
   * found or confirmed each of them.
   */
  describe('as ast.literal_eval reads it', () => {
    const read: [string, unknown][] = [
      ["'\\012'", '\n'],
      ["'\\0'", '\0'],
      ["'\\08'", '\x008'],
      ["'\\777'", '\u01ff'],
      ["'\\/'", '\\/'],
      ["'\\q'", '\\q'],
      ["'\\U0001F600'", '😀'],
      ["r'\\''", "\\'"],
      ["r'a\\\nb'", 'a\\\nb'],
      ["'a\\\nb'", 'ab'],
      ["'''a\r\nb'''", 'a\nb'],
      ["('a'\n'b')", 'ab'],
      ['0o17', 15],
      ['0O7', 7],
      ['0b101', 5],
      ['0x_1f', 31],
      ['00', 0],
      ['1e5', 100000],
      ['.5', 0.5],
      ['5.', 5],
      ['1_0.5e-1_0', 10.5e-10],
      ['1e400', Infinity],
      ['-(1)', -1],
      ['- 1', -1],
      ['(1)', 1],
      ['9007199254740991', 9007199254740991],
      ['9007199254740993', 9007199254740993n],
      ['-9007199254740993', -9007199254740993n],
      ['0x20000000000001', 9007199254740993n],
      ['\\\n1', 1],
      ['\n# note\n1', 1],
      ['1,\n', pythonTuple([1])],
    ];
    for (const [text, value] of read) {
      it(`reads ${JSON.stringify(text)}`, () =>
        expect(parsePythonLiteral(text)).to.deep.equal(value));
    }

    it('reads tuples as tuples: (1, 2), (1,), () and a bare 1, 2', () => {
      for (const text of ['(1, 2)', '(1,)', '()', '1, 2']) {
        expect(parsePythonLiteral(text), text).to.be.instanceOf(PythonTuple);
      }
      expect(pythonRepr(parsePythonLiteral('1, 2'))).to.equal('(1, 2)');
      expect(pythonRepr(parsePythonLiteral('(1,)'))).to.equal('(1,)');
    });

    const refused: [string, RegExp][] = [
      ['01', /leading zeros/],
      ['0_9', /leading zeros/],
      ['1__0', /not a valid number/],
      ['1_', /not a valid number/],
      ['0b2', /not a valid number/],
      ['1e', /not a valid number/],
      ['--1', /Expected a number/],
      ['-True', /Expected a number/],
      ["'a'\n'b'", /Unexpected character ''' after the value/],
      ['1 2', /Unexpected character '2' after the value/],
      ['\u00a01', /Unexpected character/],
      ['\n  1', /Unexpected indent/],
      ['1 \\\n', /ends after a \\ line join/],
      ["'\0'", /NUL character/],
      ["'\\x4'", /Invalid \\x escape/],
      ["'\\U00110000'", /beyond the last Unicode character/],
      ['[' + '['.repeat(200) + ']'.repeat(201), /Too many nested brackets \(Python allows 200\)/],
      ['1'.repeat(4301), /more than 4300 digits/],
      ["'a' f'b'", /f-string/],
      // Python reads these, but no setting holds them: refused with a message saying so.
      ['{1, 2}', /A set/],
      ["b'x'", /Bytes/],
      ['1j', /Complex numbers/],
      ['...', /Ellipsis/],
      ["'\\N{BULLET}'", /\\N\{\.\.\.\} escapes are not read here/],
    ];
    for (const [text, message] of refused) {
      it(`refuses ${JSON.stringify(text.slice(0, 40))}`, () =>
        expect(() => parsePythonLiteral(text))
          .to.throw(LiteralSyntaxError)
          .with.property('message')
          .that.matches(message));
    }

    it('marks an unfinished text as one more input could complete', () => {
      for (const text of ["{'a': [1,", "'''open", '-(', '1 \\\n']) {
        expect(() => parsePythonLiteral(text), text)
          .to.throw(LiteralSyntaxError)
          .with.property('atEnd', true);
      }
    });
  });

  it("keeps a dict's keys in the order written, integer-like ones too, as Python's repr does", () => {
    // python3 -c 'print(repr({"b": 1, "2": 2, "--x": 3, "1": {"9": None, "a": [1]}, "b": 5}))'
    expect(
      pythonRepr(
        parsePythonLiteral('{"b": 1, "2": 2, "--x": 3, "1": {"9": None, "a": [1]}, "b": 5}'),
      ),
    ).to.equal("{'b': 5, '2': 2, '--x': 3, '1': {'9': None, 'a': [1]}}");
  });

  it('pythonRepr prints numbers and strings as Python does', () => {
    const cases: [unknown, string][] = [
      [1e-5, '1e-05'],
      [1e16, '1e+16'],
      [0.1, '0.1'],
      [2.5, '2.5'],
      [-0, '-0.0'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [9007199254740993n, '9007199254740993'],
      ['\x00\u200bé\x7f\x85😀', "'\\x00\\u200bé\\x7f\\x85😀'"],
      ['a"b\'c', "'a\"b\\'c'"],
    ];
    for (const [value, repr] of cases) {
      expect(pythonRepr(value as never), repr).to.equal(repr);
    }
  });

  it('pythonRepr prints as Python does', () => {
    expect(pythonRepr({ team: 'analytics', n: 5, ok: true, none: null, list: ['a'] })).to.equal(
      "{'team': 'analytics', 'n': 5, 'ok': True, 'none': None, 'list': ['a']}",
    );
    expect(pythonRepr("it's")).to.equal('"it\'s"');
  });
});
