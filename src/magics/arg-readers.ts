import { usageError } from '../errors.js';
import { LiteralSyntaxError, parsePythonLiteral, type LiteralValue } from './python-literal.js';
import { quoteInput, quoteSupposedArn } from '../util/quote-input.js';

/**
 * Typed readers for magic arguments, shared by every magic so that the same input is accepted the
 * same way everywhere. Each throws a usage error naming the bad value; the registry adds the
 * magic's usage and example to it.
 */

/** As the official kernel: leading/trailing `"` characters, then `'` characters; no trimming. */
export function stripQuotes(arg: string): string {
  return arg.replace(/^"+|"+$/g, '').replace(/^'+|'+$/g, '');
}

export function requireValue(arg: string, what: string): string {
  const value = stripQuotes(arg.trim());
  if (value.trim() === '')
    throw usageError(`${/^[aeiou]/i.test(what) ? 'An' : 'A'} ${what} is required.`);
  return value;
}

function readWholeNumber(arg: string, what: string, min: number): number {
  const text = requireValue(arg, what).trim();
  if (!/^\+?\d+$/.test(text))
    throw usageError(`'${quoteInput(text)}' is not a whole number (${what}).`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw usageError(`'${quoteInput(text)}' is too small: the ${what} must be at least ${min}.`);
  }
  return value;
}

/** Whole minutes, at least 1 (idle timeout, session timeout). */
export function readMinutes(arg: string, what = 'number of minutes'): number {
  return readWholeNumber(arg, what, 1);
}

export function readPositiveInteger(arg: string, what: string): number {
  return readWholeNumber(arg, what, 1);
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export function readRoleArn(arg: string): string {
  const value = requireValue(arg, 'role ARN').trim();
  if (!ROLE_ARN.test(value)) {
    throw usageError(
      `${quoteSupposedArn(value)} is not an IAM role ARN (expected arn:aws:iam::<12-digit account>:role/<name>).`,
    );
  }
  return value;
}

/** A Glue endpoint URL, or 'local' for the embedded local endpoint. */
export function readEndpoint(arg: string): string {
  const value = requireValue(arg, 'endpoint URL').trim();
  if (value !== 'local' && !/^https?:\/\/[^\s/]+/.test(value)) {
    throw usageError(
      `'${quoteInput(value)}' is not an endpoint URL (http:// or https://) nor 'local'.`,
    );
  }
  return value;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Lowercased, as the official kernel does. */
export function readRegion(arg: string): string {
  const value = requireValue(arg, 'region').trim().toLowerCase();
  if (!REGION.test(value)) {
    throw usageError(
      `'${quoteInput(value)}' is not an AWS region name (such as us-east-1 or eu-west-2).`,
    );
  }
  return value;
}

export const KNOWN_GLUE_VERSIONS = ['2.0', '3.0', '4.0', '5.0'];

export interface Warned<T> {
  value: T;
  warning?: string;
}

/** Any `N.N` version: the list of versions changes faster than kernels are released. */
export function readGlueVersion(arg: string): Warned<string> {
  const value = requireValue(arg, 'Glue version').trim();
  if (!/^\d+\.\d+$/.test(value)) {
    throw usageError(`'${quoteInput(value)}' is not a Glue version (expected a number like 4.0).`);
  }
  if (KNOWN_GLUE_VERSIONS.includes(value)) return { value };
  return {
    value,
    warning: `Glue version ${quoteInput(value)} is not one this kernel knows (${KNOWN_GLUE_VERSIONS.join(', ')}); Glue will refuse it if it does not exist.`,
  };
}

export const KNOWN_WORKER_TYPES = [
  'Standard',
  'G.025X',
  'G.1X',
  'G.2X',
  'G.4X',
  'G.8X',
  'G.12X',
  'G.16X',
  'R.1X',
  'R.2X',
  'R.4X',
  'R.8X',
  'Z.2X',
];

/** Known types are normalised to their spelling; unknown ones pass with a warning. */
export function readWorkerType(arg: string): Warned<string> {
  const value = requireValue(arg, 'worker type').trim();
  const known = KNOWN_WORKER_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
  if (known !== undefined) return { value: known };
  return {
    value,
    warning: `Worker type '${quoteInput(value)}' is not one this kernel knows (${KNOWN_WORKER_TYPES.join(', ')}); Glue will refuse it if it does not exist.`,
  };
}

/** The official list check: `[a, b]` or `a,b`; no empty items; no blanks unless the item has `--`. */
export function readList(arg: string, what: string): string[] {
  const text = stripQuotes(arg.trim())
    .replace(/^\[+|\]+$/g, '')
    .trim();
  if (text === '') throw usageError(`At least one ${what} is required.`);
  const items = text.split(',').map((item) => stripQuotes(item.trim()).trim());
  for (const item of items) {
    if (item === '') throw usageError('Empty values are not allowed to be passed.');
    if (/\s/.test(item) && !item.includes('--')) {
      throw usageError(
        `Invalid value. There is at least one blank space present in this value: ${quoteInput(item)}`,
      );
    }
  }
  return items;
}

const SESSION_ID_PREFIX = /^[-/._#A-Za-z0-9]+$/;

export function readSessionIdPrefix(arg: string): string {
  const value = requireValue(arg, 'session id prefix').trim();
  if (!SESSION_ID_PREFIX.test(value)) {
    throw usageError(
      `Not a valid input, the prefix only accepts -._#/A-Za-z0-9 (got '${quoteInput(value)}').`,
    );
  }
  return value;
}

const SESSION_ID = /^[-/._#A-Za-z0-9]{1,255}$/;

export function readSessionId(arg: string): string {
  const value = requireValue(arg, 'session id').trim();
  if (!SESSION_ID.test(value))
    throw usageError(`'${quoteInput(value)}' is not a valid session id.`);
  return value;
}

/**
 * `k=v,k2=v2`; keys and values non-empty and trimmed. Only commas separate pairs, so a quoted
 * value may hold blanks (`'billing=Data Platform'`).
 */
export function readKeyValuePairs(arg: string, what: string): Record<string, string> {
  const pairs = new Map<string, string>();
  const parts = stripQuotes(arg.trim())
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw usageError(`At least one key=value ${what} is required.`);
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (eq <= 0 || key === '' || value === '') {
      throw usageError(`'${quoteInput(part)}' is not a key=value ${what}.`);
    }
    pairs.set(key, value);
  }
  // fromEntries defines own properties: a '__proto__' key stays a key.
  return Object.fromEntries(pairs);
}

export interface FlagSpec {
  /** Long flag names (without `--`) that take a value. */
  withValue?: string[];
  /** Flags without a value, long or short (`-f`, `--force`, `--clear`). */
  switches?: string[];
}

export interface ReadFlags {
  /** The last value of each flag. */
  values: Record<string, string>;
  /** Every value of each flag, in order (for flags that may be given more than once). */
  repeated: Record<string, string[]>;
  switches: Set<string>;
  positionals: string[];
}

/** Splits on blanks, honouring single and double quotes. */
export function splitWords(arg: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of arg.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

export function readFlags(arg: string, spec: FlagSpec): ReadFlags {
  const withValue = new Set(spec.withValue ?? []);
  const switchNames = new Set(spec.switches ?? []);
  const result: ReadFlags = { values: {}, repeated: {}, switches: new Set(), positionals: [] };
  const words = splitWords(arg);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || /^-\d/.test(word)) {
      result.positionals.push(word);
      continue;
    }
    const [flag, inline] = word.includes('=') ? splitOnce(word, '=') : [word, undefined];
    const name = flag.replace(/^--?/, '');
    if (switchNames.has(flag) || switchNames.has(name)) {
      if (inline !== undefined) throw usageError(`The flag ${flag} takes no value.`);
      result.switches.add(name);
    } else if (withValue.has(name)) {
      const value = inline ?? words[++i];
      if (value === undefined || value === '') throw usageError(`The flag ${flag} needs a value.`);
      result.values[name] = value;
      (result.repeated[name] ??= []).push(value);
    } else {
      const known = [...[...withValue].map((n) => `--${n}`), ...switchNames].join(', ');
      throw usageError(`Unknown flag '${quoteInput(flag)}'${known ? ` (known: ${known})` : ''}.`);
    }
  }
  return result;
}

function splitOnce(text: string, sep: string): [string, string] {
  const at = text.indexOf(sep);
  return [text.slice(0, at), text.slice(at + sep.length)];
}

/** A Python literal or JSON value; syntax errors point at the line and column. */
export function readLiteral(body: string, what: string): LiteralValue {
  try {
    return parsePythonLiteral(body);
  } catch (err) {
    if (err instanceof LiteralSyntaxError) {
      throw usageError(`The ${what} could not be read: ${err.message}.`);
    }
    throw err;
  }
}

export type LiteralDict = { [key: string]: LiteralValue };

export function readDict(body: string, what: string): LiteralDict {
  const value = readLiteral(body, what);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageError(`The ${what} must be a dictionary such as {"key": "value"}.`);
  }
  return value;
}

/** A dict whose keys and values are strings (both trimmed, as the official kernel does). */
export function readStringDict(body: string, what: string): Record<string, string> {
  const dict = readDict(body, what);
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(dict)) {
    if (typeof value !== 'string') {
      throw usageError(`The value of '${quoteInput(key)}' in the ${what} must be a string.`);
    }
    result[key.trim()] = value.trim();
  }
  return result;
}
