import type { StatementOutput } from '../glue-types.js';

/**
 * Members of GetStatement's `Statement.Output.Data` beyond the public model: `MimeType`,
 * `Result`, `StdOut`, `StdErr`. Glue's REPL returns them for %matplot / %plotly figures (and Ray
 * sessions), and so does the local endpoint, but the SDK's deserializer keeps only `TextPlain`.
 * The official kernel gets them through by patching botocore's service model; here the raw JSON
 * body is read beside the SDK, without changing what the SDK itself parses.
 */
export type ExtendedStatementData = Omit<NonNullable<StatementOutput['data']>, 'textPlain'>;

const MEMBERS = [
  ['MimeType', 'mimeType'],
  ['Result', 'result'],
  ['StdOut', 'stdOut'],
  ['StdErr', 'stdErr'],
] as const;

/** The extended members of a raw GetStatement response body; undefined when it has none. */
export function extendedStatementData(body: Uint8Array): ExtendedStatementData | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined; // not JSON: the SDK reports that itself
  }
  const data = field(field(field(parsed, 'Statement'), 'Output'), 'Data');
  const extended: ExtendedStatementData = {};
  for (const [wire, domain] of MEMBERS) {
    const value = field(data, wire);
    if (typeof value === 'string') extended[domain] = value;
  }
  return Object.keys(extended).length > 0 ? extended : undefined;
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

type Handler<Args, Result> = (args: Args) => Promise<Result>;

/**
 * A deserialize-step middleware for one GetStatement command, placed inside the SDK's own
 * deserializer: it buffers a successful raw response body, hands the extended members to `keep`,
 * and puts the bytes back (the SDK's body collector accepts a Uint8Array) so the SDK parses
 * exactly what it would have parsed.
 */
export function keepExtendedStatementData<Args, Result extends { response: unknown }>(
  collect: (body: unknown) => Promise<Uint8Array>,
  keep: (data: ExtendedStatementData) => void,
): (next: Handler<Args, Result>) => Handler<Args, Result> {
  return (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: unknown; body?: unknown } | undefined;
    const ok =
      typeof response?.statusCode === 'number' &&
      response.statusCode >= 200 &&
      response.statusCode < 300;
    if (ok && response.body !== undefined && response.body !== null) {
      const bytes = await collect(response.body);
      response.body = bytes;
      const extended = extendedStatementData(bytes);
      if (extended) keep(extended);
    }
    return result;
  };
}
