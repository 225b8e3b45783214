/**
 * Relaying between the processes of two jobs that cannot connect: a page
 * can only dial, so two pages that joined one Node job (or a page and a job
 * it never dialed) have no connection. Each reaches the other through a
 * process of a third job that both are connected to, the one that told it of
 * the other's job (net-router.ts). A RelayLink stands for the missing
 * connection: what is sent on it goes to that process as fwd frames (frame
 * ts), which it passes on unchanged; what arrives in fwd frames from the
 * other side is read as if it had come on a connection of its own. So the
 * router needs nothing else: rendezvous, one-sided operations and their
 * replies, pings and goodbyes all go as on any connection.
 */
import { encodeFrame, type Frame } from "../net/frame.js";
import { BaseLink } from "../net/link-base.js";
import type { FrameLink } from "../net/link-types.js";

/** A process: its job's number and its process number there. */
export interface ProcessName {
  job: number;
  proc: number;
}

/**
 * How long a process that passes frames between other jobs stays, once its
 * own ranks are done, for those jobs to say goodbye: their ranks may still
 * be talking through it.
 */
export const RELAY_LINGER_MS = 10_000;

export class RelayLink extends BaseLink {
  constructor(
    /** the connection to the relaying process */
    readonly via: FrameLink,
    private readonly self: ProcessName,
    private readonly other: ProcessName,
  ) {
    super(`${via.peer} (relaying for process ${other.proc} of job ${other.job.toString(16)})`);
    via.onClose((err) => this.finish(new Error(`the connection to the process that relayed for it closed${err ? `: ${err.message}` : ""}`)));
  }

  send(f: Frame): void {
    if (this.closed) return;
    const parts = encodeFrame(f);
    const body = parts.length === 1 ? parts[0] : concat(parts);
    this.via.send({ type: "fwd", dstJob: this.other.job, dstProc: this.other.proc, srcJob: this.self.job, srcProc: this.self.proc, body });
  }

  /** The body of a fwd frame from the other side: one whole frame. */
  deliver(body: Uint8Array): void {
    this.received(body);
  }

  get bufferedAmount(): number {
    return this.via.bufferedAmount;
  }

  protected shutdown(): void {
    this.finish();
  }

  // (a malformed frame from the other side: BaseLink.fail reports it; the relaying connection stays)
  protected destroy(): void {}

  // (the relaying connection is shared: held frames wait in BaseLink's queue)
  protected pauseReading(): void {}
  protected resumeReading(): void {}
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
