/**
 * The GetPartitions Expression language (a SQL WHERE clause over partition keys, as documented
 * for the Glue API): comparisons (=, <>, !=, <, >, <=, >=), AND, OR, NOT, parentheses,
 * [NOT] BETWEEN x AND y, [NOT] IN (...), [NOT] LIKE 'pattern', IS [NOT] NULL. Operands are
 * partition key names (bare, "quoted" or `quoted`) and literals: 'strings' ('' escapes a
 * quote), numbers, DATE '...' and TIMESTAMP '...'. Anything else is refused with
 * InvalidInputException naming the unsupported part and where it is.
 */
import { glueErrors } from '../glue-errors.js';

export type Operand =
  | { kind: 'column'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string };

export type Comparison = '=' | '<>' | '<' | '>' | '<=' | '>=';

export type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'not'; operand: Expression }
  | { kind: 'compare'; op: Comparison; left: Operand; right: Operand }
  | { kind: 'between'; value: Operand; low: Operand; high: Operand }
  | { kind: 'in'; value: Operand; list: Operand[] }
  | { kind: 'like'; value: Operand; pattern: Operand }
  | { kind: 'isNull'; value: Operand };

interface Token {
  type: 'word' | 'quotedName' | 'string' | 'number' | 'symbol';
  text: string;
  position: number;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'LIKE', 'IS', 'NULL']);
const SYMBOLS = ['<>', '!=', '<=', '>=', '=', '<', '>', '(', ')', ','];

function unsupported(expression: string, position: number, what: string): Error {
  const part = expression.slice(position, position + 40);
  return glueErrors.invalidInput(
    `Unsupported Expression: ${what} at position ${position + 1} ('${part}'). Supported: ` +
      'partition keys compared with literals (=, <>, !=, <, >, <=, >=), AND, OR, NOT, ' +
      "parentheses, BETWEEN, IN, LIKE and IS NULL, e.g. year = '2024' AND month IN ('01', '02').",
  );
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= expression.length) throw unsupported(expression, i, 'an unterminated string');
        if (expression[j] === "'") {
          if (expression[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += expression[j++];
      }
      tokens.push({ type: 'string', text: value, position: i });
      i = j + 1;
    } else if (c === '"' || c === '`') {
      const end = expression.indexOf(c, i + 1);
      if (end < 0) throw unsupported(expression, i, 'an unterminated quoted name');
      tokens.push({ type: 'quotedName', text: expression.slice(i + 1, end), position: i });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9.]/.test(expression[i + 1] ?? ''))) {
      const match = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(expression.slice(i))!;
      tokens.push({ type: 'number', text: match[0], position: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(expression.slice(i))!;
      tokens.push({ type: 'word', text: match[0], position: i });
      i += match[0].length;
    } else {
      const symbol = SYMBOLS.find((s) => expression.startsWith(s, i));
      if (!symbol) throw unsupported(expression, i, `the character '${c}'`);
      tokens.push({ type: 'symbol', text: symbol, position: i });
      i += symbol.length;
    }
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly expression: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Expression {
    const result = this.or();
    const extra = this.peek();
    if (extra) throw this.fail(extra, `'${extra.text}' where the expression should end`);
    return result;
  }

  private or(): Expression {
    let left = this.and();
    while (this.keyword('OR')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): Expression {
    let left = this.not();
    while (this.keyword('AND')) left = { kind: 'and', left, right: this.not() };
    return left;
  }

  private not(): Expression {
    if (this.keyword('NOT')) return { kind: 'not', operand: this.not() };
    return this.predicate();
  }

  private predicate(): Expression {
    const next = this.peek();
    if (next?.type === 'symbol' && next.text === '(') {
      // A parenthesised condition; a parenthesised operand is not supported.
      this.index++;
      const inner = this.or();
      this.expectSymbol(')');
      return inner;
    }
    const value = this.operand();
    const negated = this.keyword('NOT');
    if (this.keyword('BETWEEN')) {
      const low = this.operand();
      if (!this.keyword('AND')) throw this.fail(this.peek(), 'BETWEEN without AND');
      return this.negate(negated, { kind: 'between', value, low, high: this.operand() });
    }
    if (this.keyword('IN')) {
      this.expectSymbol('(');
      const list = [this.operand()];
      while (this.symbol(',')) list.push(this.operand());
      this.expectSymbol(')');
      return this.negate(negated, { kind: 'in', value, list });
    }
    if (this.keyword('LIKE')) {
      return this.negate(negated, { kind: 'like', value, pattern: this.operand() });
    }
    if (negated) throw this.fail(this.peek(), 'NOT here (use NOT BETWEEN, NOT IN or NOT LIKE)');
    if (this.keyword('IS')) {
      const isNot = this.keyword('NOT');
      if (!this.keyword('NULL')) throw this.fail(this.peek(), 'IS without NULL');
      return this.negate(isNot, { kind: 'isNull', value });
    }
    const op = this.peek();
    if (op?.type !== 'symbol' || ['(', ')', ','].includes(op.text)) {
      throw this.fail(op, 'a missing comparison operator');
    }
    this.index++;
    const comparison = (op.text === '!=' ? '<>' : op.text) as Comparison;
    return { kind: 'compare', op: comparison, left: value, right: this.operand() };
  }

  private negate(negated: boolean, expression: Expression): Expression {
    return negated ? { kind: 'not', operand: expression } : expression;
  }

  private operand(): Operand {
    const token = this.peek();
    if (!token) throw this.fail(token, 'a missing operand');
    this.index++;
    if (token.type === 'string') return { kind: 'string', value: token.text };
    if (token.type === 'number') return { kind: 'number', text: token.text };
    if (token.type === 'quotedName') return { kind: 'column', name: token.text };
    if (token.type === 'word') {
      const upper = token.text.toUpperCase();
      const literal = this.peek();
      if ((upper === 'DATE' || upper === 'TIMESTAMP') && literal?.type === 'string') {
        this.index++;
        return { kind: 'string', value: literal.text };
      }
      if (!KEYWORDS.has(upper)) return { kind: 'column', name: token.text };
    }
    throw this.fail(token, `'${token.text}' where a partition key or a literal should be`);
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.type === 'word' && token.text.toUpperCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }

  private symbol(text: string): boolean {
    const token = this.peek();
    if (token?.type === 'symbol' && token.text === text) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectSymbol(text: string): void {
    if (!this.symbol(text)) throw this.fail(this.peek(), `a missing '${text}'`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private fail(token: Token | undefined, what: string): Error {
    return unsupported(this.expression, token?.position ?? this.expression.length, what);
  }
}

export function parsePartitionExpression(expression: string): Expression {
  return new Parser(expression, tokenize(expression)).parse();
}
