/**
 * A state directory problem the user must resolve: a corrupt or too-new state file, a directory
 * another endpoint holds. The message names the file and what to do; the endpoint stops and the
 * file is left untouched (docs/local-state.md).
 */
export class StateError extends Error {
  constructor(
    /** The file or folder at fault. */
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'StateError';
  }
}
