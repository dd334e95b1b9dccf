/**
 * Argument parsing shared by the subcommands: node:util parseArgs, with every mistake turned
 * into a UsageError that carries the subcommand's usage text (and, for a mistyped option, the
 * nearest known one: parseArgs's own message explains positionals instead).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { editDistance } from '../util/edit-distance.js';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
  usage: string,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    const unknown = /^Unknown option '([^']+)'/.exec(error.message)?.[1];
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) {
      throw new UsageError(unknownOptionMessage(unknown, Object.keys(options)), usage);
    }
    throw new UsageError(error.message, usage);
  }
}

/** `Unknown option '--loca'; did you mean --local?`: a prefix of one option, else the nearest. */
function unknownOptionMessage(written: string, names: string[]): string {
  const bare = written.replace(/^-+/, '').split('=')[0]!;
  const prefixed = names.filter((name) => name.startsWith(bare));
  const nearest =
    prefixed.length === 1
      ? prefixed[0]
      : names
          .map((name) => ({ name, distance: editDistance(bare, name) }))
          .filter(({ distance }) => distance <= Math.max(1, Math.floor(bare.length / 3)))
          .sort((a, b) => a.distance - b.distance)[0]?.name;
  return `Unknown option '${written}'${nearest === undefined ? '' : `; did you mean --${nearest}?`}`;
}
