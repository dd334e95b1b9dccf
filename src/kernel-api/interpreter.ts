/**
 * The boundary between the generic Jupyter kernel (protocol/, kernel/) and what runs cells: the
 * kernel core's public contract, as xeus's interpreter base class is. The interpreter never sees
 * a socket: it gets an ExecutionContext per request (so every output carries the right parent)
 * and returns outcomes as data. Errors cross this boundary as `{ status: 'error' }` with Jupyter's
 * error content (ename, evalue, traceback), not throws. Code above the core (the Glue
 * interpreter, its magics and renderers) reaches the core only through this module.
 */
import type { ErrorContent, MimeData } from '../protocol/messages.js';

/** What Jupyter shows of an error: `ename`, `evalue` and the traceback lines. */
export type { ErrorContent };

/** A Jupyter MIME bundle; renderers always fill `text/plain`. */
export type MimeBundle = MimeData;

export interface ExecutionContext {
  /** The count Jupyter shows for this request (unchanged for silent requests). */
  readonly executionCount: number;
  /** True for `silent: true` or `store_history: false` requests (editor probes). */
  readonly silent: boolean;
  /** Aborted when the user interrupts this request. */
  readonly signal: AbortSignal;
  stream(name: 'stdout' | 'stderr', text: string): void;
  /** Publishes display_data; with a displayId, later updateDisplay calls replace it in place. */
  display(
    data: MimeBundle,
    options?: { displayId?: string; metadata?: Record<string, unknown> },
  ): void;
  updateDisplay(displayId: string, data: MimeBundle, metadata?: Record<string, unknown>): void;
  clearOutput(wait?: boolean): void;
}

export type ExecuteOutcome =
  | { status: 'ok'; /** published as execute_result */ result?: MimeBundle }
  | ({ status: 'error' } & ErrorContent);

export interface LanguageInfo {
  name: string;
  version: string;
  mimetype: string;
  file_extension: string;
  pygments_lexer?: string;
  codemirror_mode?: string | Record<string, unknown>;
  nbconvert_exporter?: string;
}

export interface KernelInfo {
  implementation: string;
  implementation_version: string;
  language_info: LanguageInfo;
  banner: string;
  help_links?: { text: string; url: string }[];
}

export interface CompleteResult {
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata?: Record<string, unknown>;
}

export interface InspectResult {
  found: boolean;
  data: MimeBundle;
}

export type IsCompleteResult =
  { status: 'complete' | 'invalid' | 'unknown' } | { status: 'incomplete'; indent: string };

export interface Interpreter {
  kernelInfo(): KernelInfo;
  execute(code: string, ctx: ExecutionContext): Promise<ExecuteOutcome>;
  complete(code: string, cursorPos: number): Promise<CompleteResult>;
  inspect(code: string, cursorPos: number, detailLevel: number): Promise<InspectResult>;
  isComplete(code: string): IsCompleteResult;
  /** Called on interrupt_request or SIGINT, after the running request's signal is aborted. */
  interrupt(): void;
  /** Stops what must be stopped (the Glue session); bounded in time. */
  shutdown(restart: boolean): Promise<void>;
}
