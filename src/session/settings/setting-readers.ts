import { resolve as resolvePath } from 'node:path';
import { usageError } from '../../errors.js';
import { quoteInput, quoteSupposedArn } from '../../util/quote-input.js';
import type { SessionType } from './setting-types.js';

/**
 * The one reader of each kind of setting value. A magic's argument, a `%%configure` value, an
 * environment variable and a config-file entry all go through the same reader (the settings
 * registry names it per setting), so the same text is accepted the same way from every source.
 * Each throws a usage error naming the bad value; the caller says where the value came from.
 */

/** A value with a warning to show (an unusual but possibly valid value, left to Glue to judge). */
export interface Warned<T> {
  value: T;
  warning?: string;
}

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

/** Plain text (a name, a path), quotes stripped and trimmed. */
export function readText(arg: string, what: string): string {
  return requireValue(arg, what).trim();
}

/** A file path, made absolute against the kernel's working directory (the notebook's folder). */
export function readFilePath(arg: string, what: string): string {
  return resolvePath(readText(arg, what));
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

/** A positive number of DPUs, fractions allowed (MaxCapacity). */
export function readPositiveNumber(arg: string, what: string): number {
  const text = requireValue(arg, what).trim();
  const value = Number(text);
  if (!/^\+?(\d+\.?\d*|\.\d+)$/.test(text) || !Number.isFinite(value) || value <= 0)
    throw usageError(`'${quoteInput(text)}' is not a positive ${what}.`);
  return value;
}

/** `true` or `false` in any case, as Glue job parameters take them; normalised to lower case. */
export function readBoolean(arg: string, what: string): 'true' | 'false' {
  const text = requireValue(arg, what).trim().toLowerCase();
  if (text !== 'true' && text !== 'false')
    throw usageError(`'${quoteInput(text)}' is not true or false (${what}).`);
  return text;
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

/** An endpoint URL (http:// or https://). */
export function readUrl(arg: string, what: string): string {
  const value = requireValue(arg, what).trim();
  if (!/^https?:\/\/[^\s/]+/.test(value))
    throw usageError(`'${quoteInput(value)}' is not an ${what} (http:// or https://).`);
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

/** The worker types of CreateSession's WorkerType (the published Glue API model). */
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

const SESSION_TYPES: Record<string, SessionType> = {
  etl: 'etl',
  glueetl: 'etl',
  streaming: 'streaming',
  gluestreaming: 'streaming',
};

/** etl / glueetl / streaming / gluestreaming, in any case (Command.Name glueetl / gluestreaming). */
export function readSessionType(arg: string): SessionType {
  const value = requireValue(arg, 'session type').trim();
  const type = Object.hasOwn(SESSION_TYPES, value.toLowerCase())
    ? SESSION_TYPES[value.toLowerCase()]
    : undefined;
  if (type === undefined) {
    throw usageError(`'${quoteInput(value)}' is not a session type (etl or streaming).`);
  }
  return type;
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

/** A dictionary of string tags (already parsed: a JSON object, or a %%configure dict). */
export function readTagObject(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageError('tags must be a dictionary of strings, e.g. {"team": "analytics"}.');
  }
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw usageError(`The tag '${quoteInput(k)}' must have a string value.`);
    tags[k.trim()] = v.trim();
  }
  return tags;
}

/** Tags written as a JSON object of strings (environment and config file). */
export function readTagsJson(arg: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(arg);
  } catch {
    throw usageError('tags must be a JSON object of strings, e.g. {"team": "analytics"}.');
  }
  return readTagObject(parsed);
}
