/**
 * The HTTP timeouts of every SDK client the kernel builds. Without them a connection that hangs
 * (no RST, no answer) holds a cell, and the interrupt path, until the OS gives up. Given in the
 * SDK's options-object form, so the SDK still builds its own handler: the default HTTPS agent,
 * and so TLS verification, are kept.
 */
export interface HttpTimeouts {
  /** Time to establish the TCP/TLS connection (default 10 s). */
  connectionTimeoutMs?: number;
  /** Time for a whole request, per attempt (default 60 s). */
  requestTimeoutMs?: number;
}

export function sdkRequestHandler(timeouts: HttpTimeouts = {}): {
  connectionTimeout: number;
  requestTimeout: number;
  throwOnRequestTimeout: boolean;
} {
  return {
    connectionTimeout: timeouts.connectionTimeoutMs ?? 10_000,
    requestTimeout: timeouts.requestTimeoutMs ?? 60_000,
    // Without it the SDK only logs a warning when requestTimeout passes.
    throwOnRequestTimeout: true,
  };
}
