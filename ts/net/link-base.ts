import { FrameDecoder, FrameError, type Frame } from "./frame.js";
import type { FrameLink } from "./link-types.js";

/**
 * A link being dialed: resolves with it once `whenOpen` reports the transport
 * open; rejects with an Error naming `address` when it closes first, or when
 * `timeoutMs` pass (then `abort` ends the attempt).
 */
export function opened<L extends BaseLink>(link: L, address: string, timeoutMs: number, whenOpen: (cb: () => void) => void, abort: () => void): Promise<L> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      abort();
      reject(new Error(`connect to ${address} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    whenOpen(() => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(link);
    });
    link.onClose((err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`connect to ${address} failed: ${err?.message ?? "closed before opening"}`, { cause: err }));
    });
  });
}

/**
 * What every transport shares: decoding received bytes, the in-order frame queue (which
 * holds frames while no handler is set or while paused), and the once-only close report.
 * A transport feeds bytes to `received`, reports the end of its stream with `finish`, and
 * implements the write side.
 */
export abstract class BaseLink implements FrameLink {
  private readonly decoder = new FrameDecoder();
  private handler: ((f: Frame) => void) | null = null;
  /** Frames decoded but not yet handed out; `queueHead` is the next one. */
  private queue: Frame[] = [];
  private queueHead = 0;
  private draining = false;
  private paused = false;
  private readonly closeCallbacks: ((err?: Error) => void)[] = [];
  /** Set by close()/finish(): no more frames are delivered or sent. */
  protected closed = false;
  private finished = false;
  private finishError: Error | undefined;

  constructor(readonly peer: string) {}

  abstract send(f: Frame): void;
  abstract get bufferedAmount(): number;
  /** Starts the transport's orderly close; `finish` follows when the stream is down. */
  protected abstract shutdown(): void;
  /** Aborts the transport at once (after a protocol error). */
  protected abstract destroy(): void;
  protected abstract pauseReading(): void;
  protected abstract resumeReading(): void;

  /**
   * Sets the frame handler, replacing any earlier one. Frames that arrived while no handler
   * was set (or while paused) are delivered to it first, in order.
   */
  onFrame(cb: (f: Frame) => void): void {
    this.handler = cb;
    this.drain();
  }

  /** Removes the frame handler: later frames wait in order for the next onFrame. */
  offFrame(): void {
    this.handler = null;
  }

  /** Adds a close callback; each is called once. If the link is already down it is called on a microtask. */
  onClose(cb: (err?: Error) => void): void {
    if (this.finished) {
      const err = this.finishError;
      queueMicrotask(() => cb(err));
      return;
    }
    this.closeCallbacks.push(cb);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropQueue();
    this.shutdown();
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.pauseReading();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.drain();
    // A handler may have paused again while draining.
    if (!this.paused) this.resumeReading();
  }

  limitBody(bytes: number): void {
    this.decoder.maxBody = bytes;
  }

  /** Feeds bytes from the transport. A malformed frame closes the link with the FrameError. */
  protected received(chunk: Uint8Array): void {
    if (this.closed) return;
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      // Name the peer: the decoder's message says only what was wrong.
      this.fail(new FrameError(`${this.peer}: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    for (const f of frames) this.queue.push(f);
    this.drain();
  }

  /** Closes at once with `err` (reported to onClose). */
  protected fail(err: Error): void {
    if (this.finished) return;
    this.closed = true;
    this.dropQueue();
    this.destroy();
    this.finish(err);
  }

  /**
   * The transport's stream is down. An orderly end in the middle of a frame is still an
   * error (the peer's last frame was truncated) unless we closed the link ourselves.
   */
  protected finish(err?: Error): void {
    if (this.finished) return;
    if (err === undefined && !this.closed && this.decoder.partial > 0) {
      err = new FrameError(`${this.peer}: connection closed inside a frame (${this.decoder.partial} bytes of it received)`);
    }
    this.finished = true;
    this.closed = true;
    this.finishError = err;
    this.dropQueue();
    const cbs = this.closeCallbacks.splice(0);
    for (const cb of cbs) cb(err);
  }

  private drain(): void {
    if (this.draining) return; // a handler re-entered (via onFrame/resume); the outer loop continues
    this.draining = true;
    try {
      while (this.queueHead < this.queue.length && this.handler !== null && !this.paused && !this.closed) {
        const f = this.queue[this.queueHead]!;
        this.queue[this.queueHead++] = undefined as unknown as Frame; // let the frame be collected
        this.handler(f);
      }
      if (this.queueHead === this.queue.length) {
        this.queue.length = 0;
        this.queueHead = 0;
      }
    } finally {
      this.draining = false;
    }
  }

  private dropQueue(): void {
    this.queue = [];
    this.queueHead = 0;
  }
}
