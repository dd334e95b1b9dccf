/**
 * Names in the Data Catalog: folded to lower case as Glue stores database and table names (Hive
 * compatibility). Their length and characters (the model's NameString) are checked before the
 * operation runs (src/local/model/validate-request.ts).
 */
import type { RequestReader } from '../request-reader.js';

/** A NameString member, lower-cased. */
export function readName(
  input: RequestReader,
  field: string,
  required = false,
): string | undefined {
  return input.string(field, { required })?.toLowerCase();
}
