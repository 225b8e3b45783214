import { encodeFrame, type Frame } from "./frame.js";
import { BaseLink } from "./link-base.js";
import type { FrameLink } from "./link-types.js";

/**
 * One end of an in-memory link. Frames are really encoded and decoded (the bytes go through
 * encodeFrame and the peer's FrameDecoder), delivered asynchronously like a socket's, so
 * protocol code (handshake, network thread) can be tested without sockets.
 */
class MemoryLink extends BaseLink {
  other!: MemoryLink;
  /** Chunks written by the other end and not yet fed to our decoder. */
  private readonly inbox: Uint8Array[] = [];
  private inboxBytes = 0;
  private scheduled = false;
  private holding = false;
  /** An orderly end from the other side, to report once the inbox is empty. */
  private ended = false;

  send(f: Frame): void {
    if (this.closed) return;
    // Copy: a socket would have the tail written before the caller could change it.
    for (const p of encodeFrame(f)) this.other.accept(p.slice());
  }

  get bufferedAmount(): number {
    return this.other.inboxBytes;
  }

  /** Bytes from the other end. */
  accept(chunk: Uint8Array): void {
    this.inbox.push(chunk);
    this.inboxBytes += chunk.byteLength;
    this.schedule();
  }

  /** The other end closed in order: report it after what it sent before. */
  endFromPeer(): void {
    this.ended = true;
    this.schedule();
  }

  /** The other end failed: report a reset now. */
  resetFromPeer(): void {
    this.inbox.length = 0;
    this.inboxBytes = 0;
    this.finish(new Error(`${this.peer}: connection reset by peer`));
  }

  private schedule(): void {
    if (this.scheduled || this.holding) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inbox.length > 0 && !this.holding) {
      const chunk = this.inbox.shift()!;
      this.inboxBytes -= chunk.byteLength;
      this.received(chunk);
    }
    if (this.ended && this.inbox.length === 0) {
      this.finish();
      this.other.finish();
    }
  }

  protected shutdown(): void {
    this.other.endFromPeer();
  }

  protected destroy(): void {
    this.other.resetFromPeer();
  }

  protected pauseReading(): void {
    this.holding = true;
  }

  protected resumeReading(): void {
    this.holding = false;
    this.schedule();
  }
}

/** Two connected in-memory FrameLinks (peer names "memory:a" and "memory:b"). */
export function memoryLinkPair(): [FrameLink, FrameLink] {
  const a = new MemoryLink("memory:b");
  const b = new MemoryLink("memory:a");
  a.other = b;
  b.other = a;
  return [a, b];
}
