import type { MimeBundle } from '../kernel-api/interpreter.js';
import type { StatementInfo } from '../session/glue-types.js';
import type { SessionKind, SessionService, SessionSettings } from '../session/session-service.js';

/**
 * A magic is data: its name, help and examples, a pure `parse` that validates the argument and
 * body, a `run` that acts, and what it does when a session is already live. `%help`, completion,
 * inspect and "did you mean" are all generated from these.
 */

export type MagicKind = 'line' | 'cell';

/**
 * What a magic does when a session is live: `apply` acts now; `next-session` records the change
 * for the next session and says so (the official behaviour); `refuse` is a usage error with a hint.
 */
export type LivePolicy = 'apply' | 'next-session' | 'refuse';

/** The %help sections of the official kernel. */
export type HelpSection =
  | 'Sessions Magic'
  | 'Selecting Session Types'
  | 'Glue Config Magic'
  | 'Magic for Spark Sessions (ETL & Streaming)'
  | 'Action Magic';

export const HELP_SECTIONS: HelpSection[] = [
  'Sessions Magic',
  'Selecting Session Types',
  'Glue Config Magic',
  'Magic for Spark Sessions (ETL & Streaming)',
  'Action Magic',
];

/** Where a magic writes; the interpreter binds it to the request's context. */
export interface MagicOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  display(
    data: MimeBundle,
    options?: { displayId?: string; metadata?: Record<string, unknown> },
  ): void;
}

/** The read-only view of the registry some magics need (%help). */
export interface MagicCatalog {
  all(): readonly MagicSpec[];
  /** By name; without a kind the line form wins when both exist (%assume_role). */
  get(name: string, kind?: MagicKind): MagicSpec | undefined;
}

export interface MagicEnv {
  session: SessionService;
  kind: SessionKind;
  /** The kernel's own version, shown by %help. */
  version: string;
  signal: AbortSignal;
  out: MagicOutput;
  catalog: MagicCatalog;
  /**
   * Runs code on the session (creating it if needed, with progress shown) and returns the final
   * statement; throws the remote error as a KernelError. Undefined when the request may not
   * create a session (a silent request with no live session).
   */
  runRemote(code: string): Promise<StatementInfo | undefined>;
}

export interface MagicRunResult {
  /** Code the remote REPL must see after the cell's code (%matplot, %plotly). */
  appendRemoteCode?: string;
}

export interface MagicSpec<A = unknown> {
  name: string;
  kind: MagicKind;
  section: HelpSection;
  /** One line for the %help table. */
  summary: string;
  /** Syntax, e.g. `%idle_timeout MINUTES`. */
  usage: string;
  /** A complete, working example. */
  example: string;
  /** Longer help shown by inspect (Shift+Tab). */
  help: string;
  livePolicy: LivePolicy;
  /** Validates the magic-line argument (and, for cell magics, the body); throws usage errors. */
  parse(arg: string, body: string | undefined): A;
  /** The settings this invocation changes (drives the live-session policy and is applied after run). */
  patch?(args: A): SessionSettings;
  /** True when, after it runs, no session is live (so later magics in the cell see none). */
  endsSession?(args: A): boolean;
  /** True when, after it runs, a session is live (so later magics in the cell see one). */
  attachesSession?(args: A): boolean;
  /** Prints what it does; settings from `patch` are applied by the caller afterwards. */
  run(args: A, env: MagicEnv): Promise<MagicRunResult | void>;
  /** Flags it takes, offered when completing a word that starts with `-`. */
  flags?: readonly string[];
  /** Values to offer when completing the argument. */
  completeValues?(session: SessionService | undefined): Promise<string[]> | string[];
}

/** Keeps each magic's argument type checked while the registry holds them side by side. */
export function defineMagic<A>(spec: MagicSpec<A>): MagicSpec {
  return spec as unknown as MagicSpec;
}

/** `%name` or `%%name`, as users type it. */
export function magicLabel(spec: Pick<MagicSpec, 'name' | 'kind'>): string {
  return `${spec.kind === 'cell' ? '%%' : '%'}${spec.name}`;
}
