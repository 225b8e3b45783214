import type { Socket } from "node:net";
import { MAX_LINE_BYTES } from "./wire.js";

/**
 * A stream socket seen as a sequence of newline-terminated text lines, the framing of the
 * PMI-1 wire protocol. Both the client and the server read through it.
 */
export class LineSocket {
  private pending = "";
  private ended = false;

  /**
   * @param socket the connected socket (TCP, or a Unix socketpair inherited through PMI_FD)
   * @param onLine called once per complete line, without its newline
   * @param onEnd called once when the socket closes or fails; `err` is set for failures
   *   (including a line longer than {@link MAX_LINE_BYTES})
   */
  constructor(
    readonly socket: Socket,
    private readonly onLine: (line: string) => void,
    private readonly onEnd: (err?: Error) => void,
  ) {
    socket.setEncoding("latin1"); // the protocol is ASCII; latin1 never splits a byte sequence
    socket.on("data", (chunk: string) => this.receive(chunk));
    socket.on("error", (err) => this.finish(err));
    socket.on("close", () => this.finish());
  }

  /** Writes one line (which must end with "\n"); the callback runs once it is flushed. */
  write(line: string, done?: (err?: Error | null) => void): void {
    this.socket.write(line, "latin1", done);
  }

  /** Closes the socket now. */
  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    this.pending += chunk;
    let nl: number;
    while (!this.ended && (nl = this.pending.indexOf("\n")) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      this.onLine(line);
    }
    if (this.pending.length > MAX_LINE_BYTES) {
      this.finish(new Error(`PMI: peer sent a line longer than ${MAX_LINE_BYTES} bytes without a newline`));
      this.socket.destroy();
    }
  }

  private finish(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(err);
  }
}
