import type { Frame } from "./frame.js";

/** A bidirectional, ordered, framed connection to one peer process. */
export interface FrameLink {
  /** Queues a frame; after close it is dropped silently. Large tails are written from the caller's view: keep them unchanged until bufferedAmount shows them gone. */
  send(f: Frame): void;
  /**
   * Frames as they arrive, in order. Frames that arrive before a handler is set are buffered
   * for it. A later call replaces the handler (the handshake uses one of its own, then
   * offFrame, and the caller takes over with onFrame).
   */
  onFrame(cb: (f: Frame) => void): void;
  /** Removes the frame handler; later frames are buffered, in order, for the next onFrame. */
  offFrame(): void;
  /**
   * Adds a callback for the end of the link; each is called once: err undefined for an
   * orderly close by either side; a FrameError for a malformed (or truncated) frame from the
   * peer (the link closes itself); other errors for socket failures/resets. Added after the
   * end, it is called on a microtask.
   */
  onClose(cb: (err?: Error) => void): void;
  /** Orderly close: queued frames are still written, then the connection ends. No frames are delivered after it. */
  close(): void;
  /** Bytes queued and not yet written to the OS (for back-pressure). */
  readonly bufferedAmount: number;
  /** Stop reading from the peer (back-pressure); frames already read are held until resume. */
  pause(): void;
  /** Resume reading (and deliver held frames). */
  resume(): void;
  /** Frames with a longer body close the link from now on (the handshake keeps a peer that has not proved the token to small frames). */
  limitBody(bytes: number): void;
  /** A description of the peer for messages ("unix:/tmp/x", "tcp:127.0.0.1:5000", "ws://..."). */
  readonly peer: string;
}

/** A listening endpoint. */
export interface Listener {
  /** The address peers connect to, with the real port when 0 was asked for. */
  readonly address: string;
  /** Stops accepting; resolves once the listening socket is closed. Links already accepted stay open. */
  close(): Promise<void>;
}

/** Options for listen. */
export interface ListenOptions {
  /** TLS material (PEM): serve tcp (as TLS) or wss. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Reports failures that belong to no link: failed TLS handshakes, accept errors. */
  onError?: (err: Error) => void;
}

/** Options for connect: TLS trust and a connect timeout. */
export interface ConnectOptions {
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Give up connecting after this many ms (default 10000). */
  timeoutMs?: number;
}
