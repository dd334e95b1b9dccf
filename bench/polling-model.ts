/**
 * The official Glue kernel's statement wait, as a model (not a measurement): RunStatement, a
 * GetStatement right away, then one every fixed second until a final state. A statement whose
 * backend takes d seconds is therefore seen after ceil(d) seconds (at least one), with
 * ceil(d) + 1 GetStatement calls.
 */
export const OFFICIAL_POLL_INTERVAL_MS = 1000;

export function officialReplyMs(backendMs: number): number {
  return Math.max(1, Math.ceil(backendMs / OFFICIAL_POLL_INTERVAL_MS)) * OFFICIAL_POLL_INTERVAL_MS;
}

export function officialGetStatementCalls(backendMs: number): number {
  return officialReplyMs(backendMs) / OFFICIAL_POLL_INTERVAL_MS + 1;
}

/** The official kernel polls GetSession every second: READY is seen up to 1 s late. */
export const OFFICIAL_READY_DETECTION_WORST_MS = OFFICIAL_POLL_INTERVAL_MS;
