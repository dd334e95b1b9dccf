/**
 * Evaluates a parsed GetPartitions Expression against partitions, comparing by the partition
 * key's column type as Glue does: string/char/varchar as text, the integer types and decimal as
 * numbers, date and timestamp as points in time. A key of another type used in the expression,
 * an unknown key, or a literal that is not a value of the key's type is refused with
 * InvalidInputException. A partition value that is not of its key's type matches no comparison.
 */
import { glueErrors } from '../glue-errors.js';
import type { Column } from './catalog-inputs.js';
import {
  parsePartitionExpression,
  type Comparison,
  type Expression,
  type Operand,
} from './partition-expression.js';

type Comparable = string | number | bigint;
type Category = 'string' | 'integer' | 'decimal' | 'date' | 'timestamp';

/** Hive's name for the partition of null values. */
const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

const CATEGORIES: [RegExp, Category][] = [
  [/^(string|char\(\d+\)|varchar\(\d+\))$/, 'string'],
  [/^(int|integer|bigint|long|tinyint|smallint)$/, 'integer'],
  [/^decimal(\(\d+(,\s*\d+)?\))?$/, 'decimal'],
  [/^date$/, 'date'],
  [/^timestamp$/, 'timestamp'],
];

function categoryOf(column: Column): Category {
  const type = (column.Type ?? 'string').trim().toLowerCase();
  const found = CATEGORIES.find(([pattern]) => pattern.test(type));
  if (!found) {
    throw glueErrors.invalidInput(
      `Unsupported Expression: partition key ${column.Name} has type ${type}; GetPartitions ` +
        'expressions support keys of type string, char, varchar, date, timestamp, int, bigint, ' +
        'long, tinyint, smallint and decimal.',
    );
  }
  return found[1];
}

/** The typed value of a partition value or literal, or undefined when it is not of the type. */
function typed(category: Category, text: string): Comparable | undefined {
  switch (category) {
    case 'string':
      return text;
    case 'integer':
      return /^\s*[-+]?\d+\s*$/.test(text) ? BigInt(text.trim()) : undefined;
    case 'decimal': {
      const value = Number(text);
      return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
    }
    case 'date': {
      const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
      return match ? Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!) : undefined;
    }
    case 'timestamp': {
      const value = Date.parse(`${text.trim().replace(' ', 'T')}Z`);
      return Number.isNaN(value) ? undefined : value;
    }
  }
}

function compare(op: Comparison, a: Comparable, b: Comparable): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
  }
}

const FLIPPED: Record<Comparison, Comparison> = {
  '=': '=',
  '<>': '<>',
  '<': '>',
  '>': '<',
  '<=': '>=',
  '>=': '<=',
};

type Predicate = (values: string[]) => boolean;

class Compiler {
  constructor(private readonly keys: Column[]) {}

  compile(expression: Expression): Predicate {
    switch (expression.kind) {
      case 'and': {
        const [left, right] = [this.compile(expression.left), this.compile(expression.right)];
        return (values) => left(values) && right(values);
      }
      case 'or': {
        const [left, right] = [this.compile(expression.left), this.compile(expression.right)];
        return (values) => left(values) || right(values);
      }
      case 'not': {
        const operand = this.compile(expression.operand);
        return (values) => !operand(values);
      }
      case 'compare':
        return this.comparison(expression.op, expression.left, expression.right);
      case 'between': {
        const low = this.comparison('>=', expression.value, expression.low);
        const high = this.comparison('<=', expression.value, expression.high);
        return (values) => low(values) && high(values);
      }
      case 'in': {
        const tests = expression.list.map((item) => this.comparison('=', expression.value, item));
        return (values) => tests.some((test) => test(values));
      }
      case 'like':
        return this.like(expression.value, expression.pattern);
      case 'isNull': {
        const index = this.column(expression.value).index;
        return (values) => values[index] === NULL_PARTITION;
      }
    }
  }

  private column(operand: Operand): { index: number; category: Category } {
    if (operand.kind !== 'column') {
      throw glueErrors.invalidInput(
        `Unsupported Expression: a condition must test a partition key; got the literal ${literalText(operand)}.`,
      );
    }
    const index = this.keys.findIndex((k) => k.Name.toLowerCase() === operand.name.toLowerCase());
    if (index < 0) {
      const known = this.keys.map((k) => k.Name).join(', ') || 'none';
      throw glueErrors.invalidInput(
        `Unsupported Expression: ${operand.name} is not a partition key of the table (its partition keys: ${known}).`,
      );
    }
    return { index, category: categoryOf(this.keys[index]!) };
  }

  private literal(operand: Operand, category: Category, key: string): Comparable {
    if (operand.kind === 'column') {
      throw glueErrors.invalidInput(
        `Unsupported Expression: comparing partition key ${key} with ${operand.name}; compare a key with a literal.`,
      );
    }
    const text = operand.kind === 'string' ? operand.value : operand.text;
    const value = typed(category, text);
    if (value === undefined) {
      throw glueErrors.invalidInput(
        `Unsupported Expression: ${literalText(operand)} is not a value of partition key ${key}'s type (${category}).`,
      );
    }
    return value;
  }

  private comparison(op: Comparison, left: Operand, right: Operand): Predicate {
    const [columnSide, literalSide, effective] =
      left.kind === 'column' ? [left, right, op] : [right, left, FLIPPED[op]];
    const { index, category } = this.column(columnSide);
    const expected = this.literal(literalSide, category, this.keys[index]!.Name);
    return (values) => {
      const actual = typed(category, values[index] ?? '');
      return actual !== undefined && compare(effective, actual, expected);
    };
  }

  private like(value: Operand, pattern: Operand): Predicate {
    const { index } = this.column(value);
    if (pattern.kind !== 'string') {
      throw glueErrors.invalidInput(
        "Unsupported Expression: LIKE takes a quoted pattern, e.g. year LIKE '20%'.",
      );
    }
    const source = [...pattern.value]
      .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    const regex = new RegExp(`^${source}$`, 's');
    return (values) => regex.test(values[index] ?? '');
  }
}

function literalText(operand: Operand): string {
  return operand.kind === 'string'
    ? `'${operand.value}'`
    : operand.kind === 'number'
      ? operand.text
      : operand.name;
}

/** A test of a partition's values; every partition matches an absent or blank expression. */
export function partitionPredicate(expression: string | undefined, keys: Column[]): Predicate {
  if (expression === undefined || expression.trim() === '') return () => true;
  return new Compiler(keys).compile(parsePartitionExpression(expression));
}
