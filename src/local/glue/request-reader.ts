import { glueErrors } from './glue-errors.js';

interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** Shown in the message instead of the regular expression's source. */
  patternText?: string;
}

interface NumberRule {
  required?: boolean;
  min?: number;
  max?: number;
  integer?: boolean;
}

interface MapRule {
  required?: boolean;
  maxEntries?: number;
  keyMin?: number;
  keyMax?: number;
  keyPattern?: RegExp;
  valueMax?: number;
}

/** Quotes a value the way AWS's validation messages do, without echoing huge inputs. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 100)}...` : text;
}

/**
 * Reads one JSON 1.1 request body with typed accessors. The published model's constraints are
 * checked before an operation runs (model/validate-request.ts); rules given here are the local
 * endpoint's own additions. A value of the wrong JSON type is a
 * SerializationException at once (as AWS answers); constraint violations are collected and reported
 * together as one ValidationException ("2 validation errors detected: ...").
 */
export class RequestReader {
  private readonly problems: string[];

  constructor(
    private readonly body: Record<string, unknown>,
    private readonly prefix = '',
    problems?: string[],
  ) {
    this.problems = problems ?? [];
  }

  static of(value: unknown): RequestReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw glueErrors.serialization('The request body must be a JSON object.');
    }
    return new RequestReader(value as Record<string, unknown>);
  }

  /** A member as sent (JSON), for definitions the operation stores whole. */
  raw(field: string): unknown {
    return this.body[field] ?? undefined;
  }

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  string(field: string, rule: StringRule = {}): string | undefined {
    const value = this.present(field, rule.required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.typeError(field, 'a string');
    if (rule.min !== undefined && value.length < rule.min) {
      this.fail(field, value, `have length greater than or equal to ${rule.min}`);
    } else if (rule.max !== undefined && value.length > rule.max) {
      this.fail(field, value, `have length less than or equal to ${rule.max}`);
    } else if (rule.pattern && !rule.pattern.test(value)) {
      this.fail(
        field,
        value,
        `satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`,
      );
    }
    return value;
  }

  number(field: string, rule: NumberRule = {}): number | undefined {
    const value = this.present(field, rule.required);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw this.typeError(field, 'a number');
    if (rule.integer && !Number.isInteger(value)) throw this.typeError(field, 'an integer');
    if (rule.min !== undefined && value < rule.min) {
      this.fail(field, value, `have value greater than or equal to ${rule.min}`);
    } else if (rule.max !== undefined && value > rule.max) {
      this.fail(field, value, `have value less than or equal to ${rule.max}`);
    }
    return value;
  }

  stringMap(field: string, rule: MapRule = {}): Record<string, string> | undefined {
    const value = this.present(field, rule.required);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw this.typeError(field, 'a map');
    const entries = Object.entries(value as Record<string, unknown>);
    if (rule.maxEntries !== undefined && entries.length > rule.maxEntries) {
      this.fail(field, `${entries.length} entries`, `have at most ${rule.maxEntries} entries`);
    }
    const out: Record<string, string> = {};
    for (const [key, item] of entries) {
      if (typeof item !== 'string') throw this.typeError(`${field}.${key}`, 'a string');
      if (key.length < (rule.keyMin ?? 0) || key.length > (rule.keyMax ?? Infinity)) {
        this.fail(`${field}.key`, key, `have length between ${rule.keyMin} and ${rule.keyMax}`);
      } else if (rule.keyPattern && !rule.keyPattern.test(key)) {
        this.fail(
          `${field}.key`,
          key,
          `satisfy regular expression pattern: ${rule.keyPattern.source}`,
        );
      }
      if (rule.valueMax !== undefined && item.length > rule.valueMax) {
        this.fail(`${field}.${key}`, item, `have length less than or equal to ${rule.valueMax}`);
      }
      out[key] = item;
    }
    return out;
  }

  stringList(
    field: string,
    required = false,
    maxItems = Infinity,
    itemMax = Infinity,
  ): string[] | undefined {
    const value = this.present(field, required);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.typeError(field, 'a list');
    if (value.length > maxItems) {
      this.fail(field, `${value.length} items`, `have at most ${maxItems} items`);
    }
    return value.map((item, i) => {
      if (typeof item !== 'string') throw this.typeError(`${field}[${i}]`, 'a string');
      if (item.length < 1 || item.length > itemMax) {
        this.fail(`${field}[${i}]`, item, `have length between 1 and ${itemMax}`);
      }
      return item;
    });
  }

  /** A nested structure, read with the same problem list. */
  object(field: string, required = false): RequestReader | undefined {
    const value = this.present(field, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value))
      throw this.typeError(field, 'a structure');
    return new RequestReader(
      value as Record<string, unknown>,
      this.path(field) + '.',
      this.problems,
    );
  }

  /** Throws the collected constraint violations, if any. */
  finish(): void {
    if (this.problems.length === 0) return;
    const n = this.problems.length;
    const head = `${n} validation error${n === 1 ? '' : 's'} detected: `;
    throw glueErrors.validation(head + this.problems.join('; '));
  }

  private present(field: string, required?: boolean): unknown {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (required)
        this.problems.push(
          `Value null at '${this.path(field)}' failed to satisfy constraint: Member must not be null`,
        );
      return undefined;
    }
    return value;
  }

  private fail(field: string, value: unknown, constraint: string): void {
    this.problems.push(
      `Value '${shown(value)}' at '${this.path(field)}' failed to satisfy constraint: Member must ${constraint}`,
    );
  }

  private typeError(field: string, expected: string) {
    return glueErrors.serialization(`Expected ${expected} for '${this.path(field)}'.`);
  }

  private path(field: string): string {
    return this.prefix + field.charAt(0).toLowerCase() + field.slice(1);
  }
}
