import { expect } from 'chai';
import fc from 'fast-check';
import {
  LiteralSyntaxError,
  parsePythonLiteral,
  pythonRepr,
  PythonTuple,
  type LiteralValue,
} from '../../src/magics/python-literal.js';
import { PythonOracle, type TaggedValue } from '../support/python-oracle.js';
import { hasVenvBin, skipUnlessAvailable } from '../support/venv.js';

/**
 * Our Python-literal reader against Python's own ast.literal_eval, on generated literal texts,
 * their mutations and token soup. Same answer expected: the same value (type included) or a
 * refusal. Refused on purpose although Python reads them (documented in python-literal.ts):
 * bytes, sets, complex numbers, Ellipsis and non-string dict keys.
 * DIFFERENTIAL_RUNS=n raises the number of cases per property for a deeper search.
 */
const RUNS = Number(process.env['DIFFERENTIAL_RUNS'] ?? 1500);
const SEED = Number(process.env['DIFFERENTIAL_SEED'] ?? 20261130);

/** Mostly what Python reads, sometimes what it refuses: both sides of every rule get tried. */
function mostly<T>(good: T[], bad: T[]): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 15, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: fc.constantFrom(...bad) },
  );
}

const BLANK = mostly([' ', '', '', '  ', '\t', ' # note\n'], ['\n', '\r\n', '\\\n', '\f']);

function withUnderscores(digits: string, cuts: number[]): string {
  let out = digits;
  for (const cut of cuts) {
    const at = 1 + (cut % Math.max(1, out.length - 1));
    if (at < out.length && out[at] !== '_' && out[at - 1] !== '_') {
      out = `${out.slice(0, at)}_${out.slice(at)}`;
    }
  }
  return out;
}

const intText = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 70n }), fc.bigInt({ min: 0n, max: 1000n })),
    fc.constantFrom('', '', '0x', '0X', '0o', '0O', '0b', '0B'),
    fc.array(fc.nat(), { maxLength: 2 }),
    mostly([''], ['0', '_']),
  )
  .map(([n, prefix, cuts, lead]) => {
    const base = /[xX]/.test(prefix) ? 16 : /[oO]/.test(prefix) ? 8 : /[bB]/.test(prefix) ? 2 : 10;
    const digits = withUnderscores(n.toString(base), cuts);
    return prefix === '' ? lead.replace('_', '') + digits : prefix + lead + digits;
  });

const digitPart = fc
  .tuple(fc.stringMatching(/^[0-9]{1,6}$/), fc.array(fc.nat(), { maxLength: 1 }))
  .map(([d, cuts]) => withUnderscores(d, cuts));
const floatText = fc.oneof(
  fc
    .tuple(
      fc.option(digitPart),
      fc.constantFrom('.', '.', ''),
      fc.option(digitPart),
      fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digitPart)),
    )
    .map(([a, dot, b, exp]) => `${a ?? ''}${dot}${b ?? ''}${exp ? exp.join('') : ''}`),
  fc.double().map((d) => (Number.isFinite(d) ? String(Math.abs(d)) : '1e400')),
  fc.double().map((d) => (Number.isFinite(d) ? Math.abs(d).toExponential() : '1e999')),
);
const numberText = fc
  .tuple(
    mostly(['', '', '-', '+', '- ', '-('], ['--', '-(-']),
    fc.oneof(intText, floatText),
    mostly([''], ['j']),
  )
  .map(([sign, n, j]) => `${sign}${n}${j}${sign.endsWith('(') ? ')' : ''}`);

const STRING_PIECE = mostly(
  [
    'a',
    'Z',
    ' ',
    '0',
    '7',
    "'",
    '"',
    '\\\\',
    '\\n',
    '\\t',
    '\\012',
    '\\0',
    '\\08',
    '\\777',
    '\\x41',
    '\\u00e9',
    '\\U0001F600',
    '\\/',
    '\\q',
    '\\8',
    '\\\n',
    "\\'",
    '\\"',
    '\t',
    'é',
    '漢',
    '😀',
    '\x7f',
    '\x85',
    '\u2028',
    '\u00a0',
    '\u200b',
    '#',
    '{',
    ',',
    'True',
  ],
  ['\\x4', '\\xZZ', '\\u12', '\\U00110000', '\\N{BULLET}', '\\', '\n', '\r'],
);
const stringText = fc
  .tuple(
    mostly(['', '', '', 'r', 'R', 'u', 'U'], ['b', 'rb', 'Br', 'f', 'ur']),
    fc.constantFrom("'", '"', "'''", '"""'),
    fc.array(STRING_PIECE, { maxLength: 8 }),
  )
  .map(([prefix, quote, pieces]) => `${prefix}${quote}${pieces.join('')}${quote}`);
const stringsText = fc
  .tuple(stringText, fc.array(fc.tuple(BLANK, stringText), { maxLength: 2 }))
  .map(([first, rest]) => first + rest.map(([b, s]) => b + s).join(''));

const wordText = mostly(
  ['True', 'False', 'None', 'true', 'false', 'null'],
  ['TRUE', 'none', 'inf', 'nan', '...', 'x'],
);

const { literal: literalText } = fc.letrec<{ literal: string }>((tie) => ({
  literal: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberText,
    stringsText,
    wordText,
    fc
      .tuple(
        fc.constantFrom('[]', '()', '{}'),
        fc.array(fc.tuple(BLANK, tie('literal'), BLANK), { maxLength: 3 }),
        fc.boolean(),
      )
      .map(([brackets, items, trailing]) => {
        const body = items.map(([a, v, b]) => a + v + b).join(',');
        return brackets[0] + body + (trailing && items.length > 0 ? ',' : '') + brackets[1];
      }),
    fc
      .tuple(
        fc.array(fc.tuple(BLANK, tie('literal'), BLANK, tie('literal')), { maxLength: 3 }),
        fc.boolean(),
      )
      .map(([items, trailing]) => {
        const body = items.map(([a, k, b, v]) => `${a}${k}${b}:${a}${v}`).join(',');
        return `{${body}${trailing && items.length > 0 ? ',' : ''}}`;
      }),
  ),
}));

/** A literal with blanks around it, sometimes a bare tuple. */
const wholeText = fc
  .tuple(BLANK, literalText, fc.option(literalText, { freq: 4 }), BLANK, fc.boolean())
  .map(
    ([a, v, second, b, comma]) =>
      `${a}${v}${second !== null ? `, ${second}` : comma ? ',' : ''}${b}`,
  );

/** Blanks Python refuses outside strings, and a line that starts indented. */
const BAD_BLANKS = ['\u00a0', '\x0b', '\u2028', '\r', '\n  '];
const INSERTS = [
  ...'[](){},:\'"\\#.-+_ejxob0129 \n\t'.split(''),
  '\u00a0',
  '\x0b',
  '\0',
  '\ud800',
  'True',
  'é',
  "'''",
];
const mutatedText = fc
  .tuple(
    wholeText,
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...INSERTS, ...BAD_BLANKS)), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, deleted, inserted] of edits) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + inserted + out.slice(i + deleted);
    }
    return out;
  });

const tokenSoup = fc
  .array(
    fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      '{',
      '}',
      ',',
      ':',
      "'",
      '"',
      "'''",
      '1',
      '0x',
      '0o1',
      '_',
      '.',
      'e',
      '5',
      '-',
      '+',
      'j',
      ' ',
      '\n',
      '#',
      '\\',
      '\\\n',
      'True',
      'None',
      'null',
      'r',
      'b',
      'u',
      'a',
      '\\x',
      '\\0',
      '...',
    ),
    { maxLength: 14 },
  )
  .map((tokens) => tokens.join(''));

/** Python reads it, but a setting cannot hold it: refused on purpose. */
function refusedOnPurpose(value: TaggedValue): boolean {
  if (value.t === 'other') return true;
  if (value.t === 'list' || value.t === 'tuple') return value.v.some(refusedOnPurpose);
  if (value.t === 'dict') {
    return value.v.some(([k, v]) => k.t !== 'str' || refusedOnPurpose(v));
  }
  return false;
}

function pythonInt(hex: string): bigint {
  return hex.startsWith('-') ? -BigInt(hex.slice(1)) : BigInt(hex);
}

function pythonFloat(repr: string): number {
  if (repr === 'inf') return Infinity;
  if (repr === '-inf') return -Infinity;
  return Number(repr);
}

/** Where ours differs from Python's value, a path to the difference; undefined if equal. */
function difference(ours: LiteralValue, theirs: TaggedValue, path = '$'): string | undefined {
  const fail = `${path}: ours ${pythonRepr(ours)} vs Python ${JSON.stringify(theirs)}`;
  switch (theirs.t) {
    case 'none':
      return ours === null ? undefined : fail;
    case 'bool':
      return ours === theirs.v ? undefined : fail;
    case 'str':
      return ours === theirs.v ? undefined : fail;
    case 'int': {
      const n = pythonInt(theirs.v);
      const safe = n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER);
      const same = safe
        ? typeof ours === 'number' && Object.is(ours, Number(n))
        : typeof ours === 'bigint' && ours === n;
      return same ? undefined : fail;
    }
    case 'float':
      return typeof ours === 'number' && Object.is(ours, pythonFloat(theirs.v)) ? undefined : fail;
    case 'list':
    case 'tuple': {
      if (!Array.isArray(ours) || ours instanceof PythonTuple !== (theirs.t === 'tuple'))
        return fail;
      if (ours.length !== theirs.v.length) return fail;
      for (let i = 0; i < ours.length; i++) {
        const found = difference(ours[i]!, theirs.v[i]!, `${path}[${i}]`);
        if (found) return found;
      }
      return undefined;
    }
    case 'dict': {
      if (ours === null || typeof ours !== 'object' || Array.isArray(ours)) return fail;
      if (Object.keys(ours).length !== theirs.v.length) return fail;
      for (const [k, v] of theirs.v) {
        const key = (k as { v: string }).v;
        if (!Object.hasOwn(ours, key)) return fail;
        const found = difference(ours[key]!, v, `${path}[${JSON.stringify(key)}]`);
        if (found) return found;
      }
      return undefined;
    }
    default:
      return fail;
  }
}

/**
 * Python's repr is ours too, unless the value holds an integral float (1.0 reads as the number 1)
 * or an integer-like dict key (a JavaScript object lists those first).
 */
function reprComparable(value: TaggedValue): boolean {
  if (value.t === 'float') return !/^-?\d+\.0$/.test(value.v);
  if (value.t === 'list' || value.t === 'tuple') return value.v.every(reprComparable);
  if (value.t === 'dict') {
    return value.v.every(
      ([k, v]) => !/^(0|[1-9]\d*)$/.test((k as { v: string }).v) && reprComparable(v),
    );
  }
  return true;
}

describe('python-literal: differential against ast.literal_eval', function () {
  this.timeout(300_000);
  let oracle: PythonOracle | undefined;
  let cases = 0;
  let readByPython = 0;

  before(function () {
    skipUnlessAvailable(this, hasVenvBin('python'), 'the venv Python');
    oracle = PythonOracle.start();
  });
  after(() => {
    oracle?.stop();
    console.log(
      `      ${cases} texts compared with ast.literal_eval (${readByPython} read by Python)`,
    );
  });

  async function sameAsPython(text: string): Promise<void> {
    cases++;
    let theirs = await oracle!.literal(text);
    // Python refuses a last line of only blanks (IndentationError); they are invisible in a cell.
    if (!theirs.ok && theirs.error.startsWith('IndentationError') && /[\r\n][ \t\f]+$/.test(text)) {
      theirs = await oracle!.literal(text.replace(/[ \t\f]+$/, ''));
    }
    if (theirs.ok) readByPython++;
    let ours: LiteralValue | undefined;
    let refusal: unknown;
    try {
      ours = parsePythonLiteral(text);
    } catch (err) {
      refusal = err;
    }
    if (refusal !== undefined && !(refusal instanceof LiteralSyntaxError)) throw refusal;
    const what = JSON.stringify(text);
    // Unicode names (\N{BULLET}) need Python's name table: refused with a message saying so.
    if (theirs.ok && refusal instanceof LiteralSyntaxError && refusal.message.includes('\\N{'))
      return;
    if (!theirs.ok || refusedOnPurpose(theirs.value)) {
      expect(
        refusal,
        `${what}: Python says ${theirs.ok ? 'a value we refuse' : theirs.error}; we read ${ours === undefined ? '' : pythonRepr(ours)}`,
      ).to.be.instanceOf(LiteralSyntaxError);
      return;
    }
    expect(refusal, `${what}: Python reads ${theirs.repr ?? ''}; we refuse`).to.equal(undefined);
    expect(difference(ours!, theirs.value), what).to.equal(undefined);
    if (theirs.repr !== null && reprComparable(theirs.value)) {
      expect(pythonRepr(ours!), `repr of ${what}`).to.equal(theirs.repr);
    }
  }

  for (const [name, texts] of [
    ['generated literals', wholeText],
    ['mutated literals', mutatedText],
    ['token soup', tokenSoup],
  ] as const) {
    it(`reads ${name} as Python does`, async () => {
      await fc.assert(fc.asyncProperty(texts, sameAsPython), { numRuns: RUNS, seed: SEED });
    });
  }
});
