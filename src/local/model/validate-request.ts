/**
 * Checks a Glue JSON 1.1 request body against the published model's constraints, as AWS does
 * before an operation runs: member types (a wrong JSON type is a SerializationException at once),
 * then required members, string/list/map lengths, numeric bounds, patterns and enums, reported
 * together as one ValidationException ("2 validation errors detected: Value ... at 'id' failed to
 * satisfy constraint: Member must ...").
 *
 * The model is glue-model.json, extracted from botocore's Glue model by
 * scripts/extract-glue-model.mjs (see docs/local-endpoint-validation.md). Its patterns are Java
 * regular expressions that AWS applies to the whole value; they are compiled once, anchored, with
 * the `u` flag (so `\uD800\uDC00-\uDBFF\uDFFF` is the range of supplementary code points, as in
 * Java). Members the model does not name are ignored, as AWS ignores them.
 */
import { AwsError } from '../local-types.js';
import glueModel from './glue-model.json' with { type: 'json' };

export interface ShapeDef {
  type: string;
  required?: string[];
  members?: Record<string, string>;
  member?: string;
  key?: string;
  value?: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface ServiceModel {
  operations: Record<string, string>;
  shapes: Record<string, ShapeDef>;
}

/** At most this many violations are listed in one message (the count is always the full one). */
const LISTED_PROBLEMS = 10;
/** Longest quoted value in a message; requests can carry megabytes. */
const QUOTED_CHARS = 100;
/** Characters a u-flag regex accepts escaped; Java also allows `\:` `\_` `\#` ... as literals. */
const JS_ESCAPABLE = /[\^$\\.*+?()[\]{}|/\-dDwWsSbBnrtfv0-9cxupPk]/;

/** A Java pattern as a JavaScript regex matching the whole value. */
export function compileModelPattern(javaPattern: string): RegExp {
  let source = '';
  for (let i = 0; i < javaPattern.length; i += 1) {
    const c = javaPattern[i]!;
    if (c === '\\' && i + 1 < javaPattern.length) {
      const next = javaPattern[i + 1]!;
      source += JS_ESCAPABLE.test(next) ? `\\${next}` : next;
      i += 1;
    } else {
      source += c;
    }
  }
  return new RegExp(`^(?:${source})$`, 'u');
}

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}...` : text;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a structure' : `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  structure: 'a structure',
  map: 'a map',
  list: 'a list',
  string: 'a string',
  blob: 'a base64 string',
  boolean: 'a boolean',
  integer: 'an integer',
  long: 'an integer',
  double: 'a number',
  float: 'a number',
  timestamp: 'a timestamp (epoch seconds)',
};

/** Validates requests against one service model; patterns are compiled on first use. */
export class RequestValidator {
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly model: ServiceModel) {}

  /** Whether the model describes this operation (only those are validated). */
  knows(operation: string): boolean {
    return Object.hasOwn(this.model.operations, operation);
  }

  get operations(): string[] {
    return Object.keys(this.model.operations);
  }

  /** Throws SerializationException or ValidationException; returns nothing when the body is valid. */
  validate(operation: string, body: unknown): void {
    if (!this.knows(operation)) return;
    const problems: string[] = [];
    this.check(this.model.operations[operation]!, body, '', problems);
    if (problems.length === 0) return;
    const n = problems.length;
    const listed = problems.slice(0, LISTED_PROBLEMS).join('; ');
    const more = n > LISTED_PROBLEMS ? `; and ${n - LISTED_PROBLEMS} more` : '';
    throw new AwsError(
      'ValidationException',
      `${n} validation error${n === 1 ? '' : 's'} detected: ${listed}${more}`,
    );
  }

  private shape(name: string): ShapeDef {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`the Glue model has no shape ${name}`);
    return shape;
  }

  private check(shapeName: string, value: unknown, path: string, problems: string[]): void {
    const shape = this.shape(shapeName);
    this.checkType(shape, value, path);
    const fail = (constraint: string, shown: unknown = value): void => {
      problems.push(
        `Value '${quoted(shown)}' at '${path}' failed to satisfy constraint: Member must ${constraint}`,
      );
    };
    switch (shape.type) {
      case 'structure':
        return this.checkStructure(shape, value as Record<string, unknown>, path, problems);
      case 'list': {
        const items = value as unknown[];
        this.checkSize(shape, items.length, fail, 'items');
        items.forEach((item, i) => {
          if (item !== null) this.check(shape.member!, item, `${path}.${i + 1}.member`, problems);
        });
        return;
      }
      case 'map': {
        const entries = Object.entries(value as Record<string, unknown>);
        this.checkSize(shape, entries.length, fail, 'entries');
        for (const [key, item] of entries) {
          this.check(shape.key!, key, `${path}.key`, problems);
          if (item !== null) this.check(shape.value!, item, `${path}.${key}`, problems);
        }
        return;
      }
      case 'string':
        return this.checkString(shape, value as string, fail);
      case 'integer':
      case 'long':
      case 'double':
      case 'float':
        if (shape.min !== undefined && (value as number) < shape.min) {
          fail(`have value greater than or equal to ${shape.min}`);
        } else if (shape.max !== undefined && (value as number) > shape.max) {
          fail(`have value less than or equal to ${shape.max}`);
        }
        return;
    }
  }

  private checkStructure(
    shape: ShapeDef,
    value: Record<string, unknown>,
    path: string,
    problems: string[],
  ): void {
    const prefix = path === '' ? '' : `${path}.`;
    const memberPath = (name: string): string =>
      prefix + name.charAt(0).toLowerCase() + name.slice(1);
    for (const name of shape.required ?? []) {
      if (!Object.hasOwn(value, name) || value[name] === null || value[name] === undefined) {
        problems.push(
          `Value null at '${memberPath(name)}' failed to satisfy constraint: Member must not be null`,
        );
      }
    }
    for (const [name, memberShape] of Object.entries(shape.members ?? {})) {
      if (!Object.hasOwn(value, name)) continue;
      const member = value[name];
      if (member !== null && member !== undefined) {
        this.check(memberShape, member, memberPath(name), problems);
      }
    }
  }

  private checkSize(
    shape: ShapeDef,
    size: number,
    fail: (constraint: string, shown?: unknown) => void,
    unit: string,
  ): void {
    if (shape.min !== undefined && size < shape.min) {
      fail(`have length greater than or equal to ${shape.min}`, `${size} ${unit}`);
    } else if (shape.max !== undefined && size > shape.max) {
      fail(`have length less than or equal to ${shape.max}`, `${size} ${unit}`);
    }
  }

  private checkString(shape: ShapeDef, value: string, fail: (constraint: string) => void): void {
    if (shape.min !== undefined && value.length < shape.min) {
      fail(`have length greater than or equal to ${shape.min}`);
    } else if (shape.max !== undefined && value.length > shape.max) {
      fail(`have length less than or equal to ${shape.max}`);
    }
    if (shape.pattern !== undefined && !this.pattern(shape.pattern).test(value)) {
      fail(`satisfy regular expression pattern: ${shape.pattern}`);
    }
    if (shape.enum !== undefined && !shape.enum.includes(value)) {
      fail(`satisfy enum value set: [${shape.enum.join(', ')}]`);
    }
  }

  private pattern(javaPattern: string): RegExp {
    let compiled = this.patterns.get(javaPattern);
    if (!compiled) {
      compiled = compileModelPattern(javaPattern);
      this.patterns.set(javaPattern, compiled);
    }
    return compiled;
  }

  private checkType(shape: ShapeDef, value: unknown, path: string): void {
    const ok = ((): boolean => {
      switch (shape.type) {
        case 'structure':
        case 'map':
          return typeof value === 'object' && value !== null && !Array.isArray(value);
        case 'list':
          return Array.isArray(value);
        case 'string':
        case 'blob':
          return typeof value === 'string';
        case 'boolean':
          return typeof value === 'boolean';
        case 'integer':
        case 'long':
          return Number.isInteger(value);
        case 'double':
        case 'float':
          return typeof value === 'number' && Number.isFinite(value);
        case 'timestamp':
          return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string';
        default:
          return true;
      }
    })();
    if (!ok) {
      const where = path === '' ? 'the request body' : `'${path}'`;
      throw new AwsError(
        'SerializationException',
        `Expected ${EXPECTED[shape.type] ?? shape.type} for ${where}, got ${kindOf(value)}.`,
      );
    }
  }
}

/** The Glue model of the operations the local endpoint serves (and the Data Catalog's). */
export const glueRequestValidator = new RequestValidator(glueModel as ServiceModel);

/** Validates one Glue request body against the published model; see RequestValidator. */
export function validateGlueRequest(operation: string, body: unknown): void {
  glueRequestValidator.validate(operation, body);
}
