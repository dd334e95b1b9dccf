/**
 * Jupyter messages (protocol 5.3) as a union keyed by msg_type. Every reply and child message is
 * built by one factory (replyTo / childOf), so reply types, parent headers and identities are
 * derived, never typed by hand.
 */
import { randomUUID } from 'node:crypto';

export const PROTOCOL_VERSION = '5.3';

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  /** ISO 8601, required since protocol 5.1. */
  date: string;
  msg_type: string;
  version: string;
}

export type MimeData = Record<string, unknown>;
export type Metadata = Record<string, unknown>;

export interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, unknown>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

export type ErrorContent = { ename: string; evalue: string; traceback: string[] };
type ReplyStatus = { status: 'ok' } | ({ status: 'error' } & ErrorContent);

/** Content of every message type this project sends or reads. */
export interface ContentByType {
  kernel_info_request: Record<string, never>;
  kernel_info_reply: {
    status: 'ok';
    protocol_version: string;
    implementation: string;
    implementation_version: string;
    language_info: Record<string, unknown>;
    banner: string;
    help_links?: { text: string; url: string }[];
    debugger?: boolean;
  };
  execute_request: ExecuteRequest;
  execute_reply:
    | (ReplyStatus & {
        execution_count: number;
        payload?: unknown[];
        user_expressions?: Record<string, unknown>;
      })
    /** Not run because an earlier request failed (stop_on_error); no execution_count. */
    | { status: 'aborted' };
  complete_request: { code: string; cursor_pos: number };
  complete_reply: ReplyStatus & {
    matches: string[];
    cursor_start: number;
    cursor_end: number;
    metadata: Record<string, unknown>;
  };
  inspect_request: { code: string; cursor_pos: number; detail_level?: number };
  inspect_reply: ReplyStatus & { found: boolean; data: MimeData; metadata: Metadata };
  is_complete_request: { code: string };
  is_complete_reply: { status: 'complete' | 'incomplete' | 'invalid' | 'unknown'; indent?: string };
  history_request: Record<string, unknown>;
  history_reply: { status: 'ok'; history: unknown[] };
  comm_info_request: { target_name?: string };
  comm_info_reply: { status: 'ok'; comms: Record<string, { target_name: string }> };
  shutdown_request: { restart: boolean };
  shutdown_reply: { status: 'ok'; restart: boolean };
  interrupt_request: Record<string, never>;
  interrupt_reply: { status: 'ok' };
  input_request: { prompt: string; password: boolean };
  input_reply: { value: string };
  status: { execution_state: 'starting' | 'busy' | 'idle' };
  stream: { name: 'stdout' | 'stderr'; text: string };
  display_data: { data: MimeData; metadata: Metadata; transient?: { display_id?: string } };
  update_display_data: { data: MimeData; metadata: Metadata; transient: { display_id: string } };
  execute_input: { code: string; execution_count: number };
  execute_result: { execution_count: number; data: MimeData; metadata: Metadata };
  error: ErrorContent;
  clear_output: { wait: boolean };
  iopub_welcome: { subscription: string };
  comm_open: Record<string, unknown>;
  comm_msg: Record<string, unknown>;
  comm_close: Record<string, unknown>;
}

export type MsgType = keyof ContentByType;
export type RequestType = Extract<MsgType, `${string}_request`>;
/** `execute_request` → `execute_reply`, computed at the type level. */
export type ReplyType<T extends RequestType> = T extends `${infer B}_request`
  ? `${B}_reply` extends MsgType
    ? `${B}_reply`
    : never
  : never;

/** A message as it travels; `content` is untrusted until a handler validates what it reads. */
export interface JupyterMessage<C = unknown> {
  /** ZMQ routing identities (ROUTER sockets); replies go back to the same identities. */
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Metadata;
  content: C;
  buffers: Buffer[];
}

export type TypedMessage<T extends MsgType> = JupyterMessage<ContentByType[T]> & {
  header: Header & { msg_type: T };
};

export function isMessageType<T extends MsgType>(
  message: JupyterMessage,
  msgType: T,
): message is TypedMessage<T> {
  return message.header.msg_type === msgType;
}

/** Who sends messages: one session id and user name for every header. */
export interface MessageOrigin {
  session: string;
  username: string;
  newId?: () => string;
  now?: () => number;
}

export class MessageFactory {
  private readonly newId: () => string;
  private readonly now: () => number;

  constructor(private readonly origin: MessageOrigin) {
    this.newId = origin.newId ?? randomUUID;
    this.now = origin.now ?? Date.now;
  }

  get session(): string {
    return this.origin.session;
  }

  header(msgType: string): Header {
    return {
      msg_id: this.newId(),
      session: this.origin.session,
      username: this.origin.username,
      date: new Date(this.now()).toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    };
  }

  /** A message that starts a conversation (a client request, or `starting`). */
  message<T extends MsgType>(
    msgType: T,
    content: ContentByType[T],
    options: { metadata?: Metadata; identities?: Buffer[] } = {},
  ): TypedMessage<T> {
    return this.build(msgType, {}, content, options.identities, options.metadata);
  }

  /** The reply to a request: derived type, parent header, same routing identities. */
  replyTo<T extends RequestType>(
    request: JupyterMessage & { header: { msg_type: T } },
    content: ContentByType[ReplyType<T>],
    metadata: Metadata = {},
  ): TypedMessage<ReplyType<T>> {
    const msgType = request.header.msg_type.replace(/_request$/, '_reply') as ReplyType<T>;
    return this.build(msgType, request.header, content, request.identities, metadata);
  }

  /** The reply to a request whose type is only known at run time (the kernel's last-resort catch). */
  replyToUnknown(request: JupyterMessage, content: Record<string, unknown>): JupyterMessage {
    const msgType = request.header.msg_type.replace(/_request$/, '_reply');
    return this.build(msgType, request.header, content, request.identities);
  }

  /** An iopub (or stdin) message caused by `parent`; iopub needs no identities. */
  childOf<T extends MsgType>(
    parent: JupyterMessage,
    msgType: T,
    content: ContentByType[T],
    options: { metadata?: Metadata; identities?: Buffer[] } = {},
  ): TypedMessage<T> {
    return this.build(msgType, parent.header, content, options.identities, options.metadata);
  }

  private build<T extends string, C>(
    msgType: T,
    parentHeader: Partial<Header>,
    content: C,
    identities: Buffer[] = [],
    metadata: Metadata = {},
  ): JupyterMessage<C> & { header: Header & { msg_type: T } } {
    return {
      identities,
      header: this.header(msgType) as Header & { msg_type: T },
      parent_header: parentHeader,
      metadata,
      content,
      buffers: [],
    };
  }
}
