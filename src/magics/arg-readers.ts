import { usageError } from '../errors.js';
import { LiteralSyntaxError, parsePythonLiteral, type LiteralValue } from './python-literal.js';
import { quoteInput } from '../util/quote-input.js';
import type { LiteralDict } from './python-value.js';
import { splitShellWords } from './shell-words.js';

/**
 * Typed readers for magic arguments, shared by every magic so that the same input is accepted the
 * same way everywhere. Each throws a usage error naming the bad value; the registry adds the
 * magic's usage and example to it.
 */

// The readers of setting values are the settings registry's (one reader per setting, whatever
// the source); magics that take such values use them from here too.
export {
  KNOWN_GLUE_VERSIONS,
  KNOWN_WORKER_TYPES,
  readEndpoint,
  readGlueVersion,
  readList,
  readMinutes,
  readPositiveInteger,
  readRegion,
  readRoleArn,
  readSessionId,
  readSessionIdPrefix,
  readWorkerType,
  requireValue,
  stripQuotes,
  type Warned,
} from '../session/settings/setting-readers.js';
import { stripQuotes } from '../session/settings/setting-readers.js';

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

export function readFlags(arg: string, spec: FlagSpec): ReadFlags {
  const withValue = new Set(spec.withValue ?? []);
  const switchNames = new Set(spec.switches ?? []);
  const result: ReadFlags = { values: {}, repeated: {}, switches: new Set(), positionals: [] };
  const words = splitShellWords(arg);
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

export type { LiteralDict };

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
