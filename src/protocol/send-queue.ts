/**
 * zeromq v6 allows one pending send per socket (a second concurrent send rejects with EBUSY),
 * so every socket's sends go through a promise chain that keeps them in call order.
 */
export interface FrameSink {
  send(frames: Buffer[]): Promise<void>;
}

export class SendQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly sink: FrameSink) {}

  send(frames: Buffer[]): Promise<void> {
    const next = this.tail.then(() => this.sink.send(frames));
    // A failed send must not block the ones queued after it; the caller still sees the error.
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves when everything queued so far has been handed to the socket. */
  drain(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
