import { KernelError, usageError } from '../errors.js';
import { renderTable } from '../render/table.js';
import type { SessionKind } from '../session/session-service.js';
import { readFlags, readPositiveInteger } from './arg-readers.js';
import { defineMagic } from './magic-spec.js';
import { quoteInput } from '../util/quote-input.js';

/**
 * %%sql: runs the query with spark.sql on the session. The generated code prints the first rows
 * as JSON after a marker, so the kernel renders a real table (HTML + text) instead of show()'s
 * fixed-width text, and says when the result was cut.
 */

export const SQL_RESULT_MARKER = '<<glue-kernel-sql-result>>';
export const DEFAULT_SQL_ROWS = 20;

interface SqlArgs {
  query: string;
  rows: number;
}

export interface SqlResult {
  columns: string[];
  rows: unknown[][];
  total: number;
}

/** A JSON string literal is also a valid Python and Scala string literal. */
function stringLiteral(text: string): string {
  return JSON.stringify(text);
}

export function sqlStatementCode(query: string, rows: number, kind: SessionKind): string {
  const q = stringLiteral(query);
  if (kind === 'scala') {
    return [
      `{`,
      `val __gk_df = spark.sql(${q})`,
      `val __gk_rows = __gk_df.limit(${rows + 1}).toJSON.collect()`,
      `val __gk_total = if (__gk_rows.length > ${rows}) __gk_df.count() else __gk_rows.length.toLong`,
      `val __gk_cols = __gk_df.columns.map(c => "\\"" + c.replace("\\\\", "\\\\\\\\").replace("\\"", "\\\\\\"") + "\\"").mkString("[", ",", "]")`,
      `println(${stringLiteral(SQL_RESULT_MARKER)} + "{\\"columns\\":" + __gk_cols + ",\\"objects\\":" + __gk_rows.take(${rows}).mkString("[", ",", "]") + ",\\"total\\":" + __gk_total + "}")`,
      `}`,
    ].join('\n');
  }
  return [
    'import json as __gk_json',
    `__gk_df = spark.sql(${q})`,
    `__gk_rows = [list(r) for r in __gk_df.limit(${rows + 1}).collect()]`,
    `__gk_total = __gk_df.count() if len(__gk_rows) > ${rows} else len(__gk_rows)`,
    `print(${stringLiteral(SQL_RESULT_MARKER)} + __gk_json.dumps({"columns": __gk_df.columns, "rows": __gk_rows[:${rows}], "total": __gk_total}, default=str))`,
  ].join('\n');
}

/** Splits the statement's text into what was printed before the marker and the parsed result. */
export function readSqlOutput(text: string): { printed: string; result?: SqlResult } {
  const at = text.lastIndexOf(SQL_RESULT_MARKER);
  if (at < 0) return { printed: text };
  const printed = text.slice(0, at);
  const jsonLine = text.slice(at + SQL_RESULT_MARKER.length).split('\n')[0] ?? '';
  let parsed: { columns?: unknown; rows?: unknown; objects?: unknown; total?: unknown };
  try {
    parsed = JSON.parse(jsonLine) as typeof parsed;
  } catch (err) {
    throw new KernelError(
      'internal',
      'The SQL result sent back by the session could not be read.',
      { cause: err },
    );
  }
  const columns = Array.isArray(parsed.columns) ? parsed.columns.map(String) : [];
  const rows = Array.isArray(parsed.rows)
    ? (parsed.rows as unknown[][])
    : Array.isArray(parsed.objects)
      ? (parsed.objects as Record<string, unknown>[]).map((o) => columns.map((c) => o[c] ?? null))
      : [];
  const total = typeof parsed.total === 'number' ? parsed.total : rows.length;
  return { printed, result: { columns, rows, total } };
}

export const sqlMagic = defineMagic<SqlArgs>({
  name: 'sql',
  kind: 'cell',
  section: 'Action Magic',
  summary: 'Runs a Spark SQL query on the session and shows the result as a table.',
  usage: '%%sql [-n ROWS]\nSELECT ...',
  example: '%%sql -n 50\nSELECT * FROM my_database.my_table',
  help: `Shows the first ${DEFAULT_SQL_ROWS} rows unless -n says otherwise, and says when the result has more.`,
  livePolicy: 'apply',
  flags: ['-n', '--rows'],
  parse(arg, body) {
    const flags = readFlags(arg, { withValue: ['n', 'rows'] });
    if (flags.positionals.length > 0) {
      throw usageError(
        `Unexpected '${quoteInput(flags.positionals.join(' '))}' on the %%sql line; the query goes below it.`,
      );
    }
    const rowsText = flags.values.n ?? flags.values.rows;
    const rows =
      rowsText === undefined ? DEFAULT_SQL_ROWS : readPositiveInteger(rowsText, 'row limit');
    const query = (body ?? '').trim();
    if (query === '') throw usageError('%%sql needs a query on the lines below it.');
    return { query, rows };
  },
  async run(args, env) {
    const statement = await env.runRemote(sqlStatementCode(args.query, args.rows, env.kind));
    if (statement === undefined) return;
    const text = statement.output?.data?.textPlain ?? '';
    const { printed, result } = readSqlOutput(text);
    if (printed.trim() !== '') env.out.stdout(printed.endsWith('\n') ? printed : `${printed}\n`);
    if (result === undefined) return;
    if (result.columns.length === 0) {
      env.out.stdout('The statement ran; it returned no columns.\n');
      return;
    }
    const footer =
      result.total > result.rows.length
        ? `showing ${result.rows.length} of ${result.total} rows`
        : `${result.total} row${result.total === 1 ? '' : 's'}`;
    env.out.display(renderTable({ columns: result.columns, rows: result.rows, footer }));
  },
});
