/**
 * One-sided operations (channel.h, "one-sided access") between processes, as
 * the network thread carries them. On the origin's side an outbox record
 * (RMA_PUT / RMA_GET / RMA_CAS) becomes an rma_* frame under an id of this
 * process's own, and the rma_reply frames for that id land at the addresses
 * the rank gave, then end in RMA_DONE. On the target's side the frame is
 * applied to the target rank's memory at once, without the rank (it may be
 * computing): the copy, or Atomics.compareExchange for a cas, which is atomic
 * against the ranks of this process doing the same through the shm channel.
 *
 * Order: frames from one process arrive in order and each is applied when it
 * arrives (a get reads all its bytes then), so the operations of one origin
 * on one target take effect in the order it issued them.
 *
 * A lost process: the operations waiting for its replies are forgotten; the
 * origin ranks learn of the loss from the VC_FAILED packet the router sends,
 * which fails what they had under way with that rank (RMA_DONE never comes).
 */
import { RMA_STATUS, type Frame } from "../net/frame.js";
import { copyBytes } from "./copy-bytes.js";
import { OUTBOX_KIND, RMA_PUT_DATA, type OutboxRecord } from "./outbox.js";
import type { MemoryView } from "./rings.js";

/** A get's bytes go back in rma_reply frames of at most this many bytes. */
const REPLY_CHUNK = 1 << 20;

type RmaRequest = Extract<Frame, { type: "rma_put" | "rma_get" | "rma_cas" }>;
type RmaReply = Extract<Frame, { type: "rma_reply" }>;

/** An operation this process sent, waiting for its reply. */
interface Awaited {
  /** the target's process: only it may answer */
  proc: number;
  /** the origin rank (local) and the target rank */
  rank: number;
  target: number;
  token: number;
  /** where the reply's bytes go in the origin's memory, how many are due, how many came */
  local: number;
  len: number;
  done: number;
}

/** Copies memory out (the buffer outlives the call): allocUnsafe + set, cheaper than slice() from shared memory (bench/copy-costs.mjs). */
export function copyOut(src: Uint8Array, from: number, len: number): Uint8Array {
  const bytes = typeof Buffer === "function" ? Buffer.allocUnsafe(len) : new Uint8Array(len);
  copyBytes(bytes, 0, src, from, len);
  return bytes;
}

export class RmaRelay {
  private readonly awaited = new Map<number, Awaited>();
  private nextId = 1;
  /** For each local rank, the id of its put whose parts are still being sent. */
  private readonly putUnderWay = new Map<number, number>();
  /** Puts from other processes refused at their first part, by `proc * 2^32 + id`: their later parts are dropped too. */
  private readonly refused = new Set<number>();

  constructor(
    /** the memories of this process's ranks, by rank */
    private readonly views: Map<number, MemoryView>,
    /** delivers RMA_DONE to local rank `rank` (flags 0 or WMPI_CHAN_BADADDR) */
    private readonly done: (rank: number, target: number, token: number, flags: number) => void,
  ) {}

  /**
   * The frame for an RMA outbox record bound for rank `r.dst` in process
   * `proc`, which is rank `wire` there (another job's rank has a vc of its own
   * in each job).
   */
  request(r: OutboxRecord, proc: number, wire = r.dst): RmaRequest {
    const dv = new DataView(r.body.buffer, r.body.byteOffset, r.body.byteLength);
    const f = (i: number) => dv.getUint32(4 * i, true);
    const dst = r.dst;
    if (r.kind === OUTBOX_KIND.RMA_PUT) {
      const [remote, token, rank, offset, total] = [f(0), f(1), f(2), f(3), f(4)];
      const bytes = copyOut(r.body, RMA_PUT_DATA, r.body.length - RMA_PUT_DATA); // the outbox space is reused after the drain
      let id = this.putUnderWay.get(rank);
      if (offset === 0 || id === undefined) id = this.expect({ proc, rank, target: dst, token, local: 0, len: 0, done: 0 });
      if (offset + bytes.length < total) this.putUnderWay.set(rank, id);
      else this.putUnderWay.delete(rank);
      return { type: "rma_put", dst: wire, id, remote, offset, total, bytes };
    }
    if (r.kind === OUTBOX_KIND.RMA_GET) {
      const [remote, len, local, token, rank] = [f(0), f(1), f(2), f(3), f(4)];
      return { type: "rma_get", dst: wire, id: this.expect({ proc, rank, target: dst, token, local, len, done: 0 }), remote, len };
    }
    const [remote, compare, swap, old, token, rank] = [f(0), f(1), f(2), f(3), f(4), f(5)];
    const id = this.expect({ proc, rank, target: dst, token, local: old, len: 4, done: 0 });
    return { type: "rma_cas", dst: wire, id, remote, compare: compare | 0, swap: swap | 0 };
  }

  private expect(a: Awaited): number {
    const id = this.nextId;
    this.nextId = (this.nextId + 1) >>> 0 || 1;
    this.awaited.set(id, a);
    return id;
  }

  /**
   * Applies an rma_* frame from process `from` to local rank f.dst; returns
   * the replies to send back (none for a put's parts before its last).
   */
  serve(f: RmaRequest, from: number): RmaReply[] {
    const view = this.views.get(f.dst)!;
    const refused = (): RmaReply[] => [{ type: "rma_reply", id: f.id, status: RMA_STATUS.BADADDR, last: true, bytes: new Uint8Array(0) }];
    const ok = (bytes: Uint8Array, last = true): RmaReply => ({ type: "rma_reply", id: f.id, status: RMA_STATUS.OK, last, bytes });
    switch (f.type) {
      case "rma_put": {
        // memory only grows: a part refused makes the whole put refused, and no later part may land
        const key = from * 2 ** 32 + f.id;
        const fits = !this.refused.has(key) && view.holds(f.remote, f.total);
        if (fits) copyBytes(view.u8, f.remote + f.offset, f.bytes, 0, f.bytes.length);
        else this.refused.add(key);
        if (f.offset + f.bytes.length < f.total) return [];
        this.refused.delete(key);
        return fits ? [ok(new Uint8Array(0))] : refused();
      }
      case "rma_get": {
        if (!view.holds(f.remote, f.len)) return refused();
        // read it all now, so that a later put from the same origin cannot show in it
        const bytes = copyOut(view.u8, f.remote, f.len);
        const replies: RmaReply[] = [];
        for (let at = 0; at < f.len || replies.length === 0; at += REPLY_CHUNK) {
          replies.push(ok(bytes.subarray(at, Math.min(at + REPLY_CHUNK, f.len)), at + REPLY_CHUNK >= f.len));
        }
        return replies;
      }
      case "rma_cas": {
        if ((f.remote & 3) !== 0 || !view.holds(f.remote, 4)) return refused();
        const old = new Uint8Array(4);
        new DataView(old.buffer).setInt32(0, Atomics.compareExchange(view.i32, f.remote >> 2, f.compare, f.swap), true);
        return [ok(old)];
      }
    }
  }

  /**
   * Lands a reply from process `from` (its bytes at the origin's address, in
   * order) and, with its last frame, the operation's RMA_DONE. Returns what is
   * wrong with a reply that answers nothing asked, or brings too many or too
   * few bytes (the caller closes the connection).
   */
  reply(f: RmaReply, from: number): string | undefined {
    const a = this.awaited.get(f.id);
    if (a === undefined || a.proc !== from) return `a reply to one-sided operation ${f.id}, which was not asked of it`;
    const n = f.bytes.length;
    if (f.status !== RMA_STATUS.OK) {
      this.awaited.delete(f.id);
      this.done(a.rank, a.target, a.token, RMA_STATUS.BADADDR);
      return undefined;
    }
    if (a.done + n > a.len || (f.last && a.done + n < a.len)) {
      return `${n} bytes in reply to one-sided operation ${f.id} (rank ${a.rank} on rank ${a.target}) where ${a.len - a.done} were due`;
    }
    if (n > 0) {
      const view = this.views.get(a.rank)!;
      view.cover(a.local + a.done, n); // inside: the channel checked it at the call, and memory only grows
      copyBytes(view.u8, a.local + a.done, f.bytes, 0, n);
      a.done += n;
    }
    if (f.last) {
      this.awaited.delete(f.id);
      this.done(a.rank, a.target, a.token, RMA_STATUS.OK);
    }
    return undefined;
  }

  /** Process `proc` is gone: forget what waits for it (its ranks' VC_FAILED tells the origins). */
  lose(proc: number): void {
    for (const [id, a] of this.awaited) {
      if (a.proc !== proc) continue;
      this.awaited.delete(id);
      if (this.putUnderWay.get(a.rank) === id) this.putUnderWay.delete(a.rank);
    }
    for (const key of this.refused) if (Math.floor(key / 2 ** 32) === proc) this.refused.delete(key);
  }

  /** Operations waiting for a reply (for tests and diagnostics). */
  get waiting(): number {
    return this.awaited.size;
  }
}
