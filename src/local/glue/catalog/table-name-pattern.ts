/**
 * GetTables' Expression: "a regular expression pattern; only tables whose names match are
 * returned". The whole name must match (as Java's String.matches does), case-insensitively since
 * names are stored lower-cased. A pattern JavaScript cannot compile is refused, naming it.
 */
import { glueErrors } from '../glue-errors.js';

export function tableNameMatcher(expression: string | undefined): (name: string) => boolean {
  if (expression === undefined || expression === '') return () => true;
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${expression})$`, 'iu');
  } catch (error) {
    throw glueErrors.invalidInput(
      `Expression '${expression.slice(0, 200)}' is not a valid regular expression ` +
        `(${(error as Error).message}); e.g. 'sales_.*' lists the tables whose names start with sales_.`,
    );
  }
  return (name) => pattern.test(name);
}
