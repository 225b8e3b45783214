/**
 * The rank's side of the network channel: packets, rgets and one-sided
 * operations for ranks of other processes go into the rank's outbox
 * (outbox.ts); the process's network thread frames them onto the connection
 * to that process, and delivers what comes back straight into this rank's
 * ring and memory.
 */
import { copyBytes } from "./copy-bytes.js";
import { OUTBOX_KIND, OutboxWriter, RMA_PUT_DATA } from "./outbox.js";
import { RING } from "./ring-layout.js";
import type { MemoryView } from "./rings.js";

/** chan_rget's return: a packet of type RGET_DONE will follow (channel.h). */
const CHAN_PENDING = 1;
/** chan_send's return: no room now, try again later (channel.h). */
const CHAN_AGAIN = 1;
/** chan_rma_*'s return: the address is not inside the target's memory (channel.h). */
const CHAN_BADADDR = 2;
/** A put larger than this goes as several RMA_PUT records (and frames), so that none hogs the outbox. */
const PUT_PART_BYTES = 256 << 10;

/** A record for the outbox: its kind, destination rank, u32 fields and (RMA_PUT) bytes. */
interface OutboxItem {
  kind: number;
  vc: number;
  fields: number[];
  /** the put's bytes: a view of the rank's memory while the call runs, a copy of its own once deferred */
  data?: Uint8Array;
}

export class NetChannel {
  private readonly out: OutboxWriter;

  constructor(private readonly self: MemoryView, outbox: SharedArrayBuffer, doorbell: SharedArrayBuffer) {
    this.out = new OutboxWriter(outbox, doorbell);
  }

  /**
   * chan_send to a rank of another process: the header and payload go into
   * the outbox, never ahead of records still waiting for room there: what a
   * rank sends reaches each process in the order it was sent (a one-sided
   * operation is applied before a packet sent after it lands).
   */
  send(vc: number, hdr: number, payload: number, len: number): number {
    if (this.waiting) {
      this.flush();
      if (this.waiting) return CHAN_AGAIN;
    }
    const at = this.out.reserve(OUTBOX_KIND.PKT, vc, RING.HEADER_SIZE + len);
    if (at < 0) return CHAN_AGAIN; // the device queues it and tries again
    const self = this.self;
    self.cover(hdr, RING.HEADER_SIZE);
    self.cover(payload, len);
    copyBytes(this.out.bytes, at, self.u8, hdr, RING.HEADER_SIZE);
    if (len > 0) copyBytes(this.out.bytes, at + RING.HEADER_SIZE, self.u8, payload, len);
    this.out.commit();
    return 0;
  }

  /**
   * chan_rget from a rank of another process: always asynchronous. The
   * network thread asks that process for the bytes, writes them at `local`
   * and then posts RGET_DONE into this rank's ring. With the outbox full the
   * request waits here (flush) instead of blocking the rank: a rank that
   * stopped draining its ring could close a cycle of full connections.
   */
  rget(vc: number, remote: number, local: number, len: number, rreq: number, counter: number, before: number, src: number): number {
    this.queue({ kind: OUTBOX_KIND.GET, vc, fields: [remote, len, local, rreq, counter, before, src] });
    return CHAN_PENDING;
  }

  /*
   * chan_rma_put / chan_rma_get / chan_rma_cas to a rank of another process
   * (channel.h): `src` is this rank. They never block: the operation goes
   * into the outbox (or waits in `deferred`, in order, for room there) and
   * the network thread of the target's process applies it to the target's
   * memory; RMA_DONE with aux = token comes back into this rank's ring. A
   * local buffer outside this rank's memory is refused at once (BADADDR,
   * nothing done) rather than left for the network thread to trip over.
   */

  /** chan_rma_put: the bytes are copied now, in parts of at most PUT_PART_BYTES. */
  rmaPut(vc: number, remote: number, local: number, len: number, token: number, src: number): number {
    const self = this.self;
    if (!self.holds(local, len)) return CHAN_BADADDR;
    const part = Math.min(PUT_PART_BYTES, (this.out.capacity >> 2) - RMA_PUT_DATA);
    let offset = 0;
    do {
      const n = Math.min(part, len - offset);
      const data = self.u8.subarray(local + offset, local + offset + n);
      this.queue({ kind: OUTBOX_KIND.RMA_PUT, vc, fields: [remote, token, src, offset, len], data });
      offset += n;
    } while (offset < len);
    return CHAN_PENDING;
  }

  /** chan_rma_get: the network thread writes the bytes at `local` before RMA_DONE. */
  rmaGet(vc: number, remote: number, local: number, len: number, token: number, src: number): number {
    if (!this.self.holds(local, len)) return CHAN_BADADDR;
    this.queue({ kind: OUTBOX_KIND.RMA_GET, vc, fields: [remote, len, local, token, src] });
    return CHAN_PENDING;
  }

  /** chan_rma_cas: the network thread writes the old value at `old` before RMA_DONE. */
  rmaCas(vc: number, remote: number, compare: number, swap: number, old: number, token: number, src: number): number {
    if (!this.self.holds(old, 4)) return CHAN_BADADDR;
    this.queue({ kind: OUTBOX_KIND.RMA_CAS, vc, fields: [remote, compare >>> 0, swap >>> 0, old, token, src] });
    return CHAN_PENDING;
  }

  /** Records that waited for room in the outbox, in order. */
  private readonly deferred: OutboxItem[] = [];

  /** True while requests wait for room (the rank should look again soon rather than sleep). */
  get waiting(): boolean {
    return this.deferred.length > 0;
  }

  /** Moves waiting requests into the outbox as far as there is room (chan_send and chan_wait call it). */
  flush(): void {
    while (this.deferred.length > 0 && this.tryWrite(this.deferred[0])) this.deferred.shift();
  }

  /** Writes `item` into the outbox, or behind those already waiting for room (keeping its bytes). */
  private queue(item: OutboxItem): void {
    if (this.deferred.length > 0 || !this.tryWrite(item)) {
      if (item.data) item.data = item.data.slice(); // the caller may change its buffer once the call returns
      this.deferred.push(item);
    }
  }

  private tryWrite({ kind, vc, fields, data }: OutboxItem): boolean {
    const dataAt = data ? RMA_PUT_DATA : 4 * fields.length;
    const at = this.out.reserve(kind, vc, dataAt + (data?.length ?? 0));
    if (at < 0) return false;
    for (let i = 0; i < fields.length; i++) this.out.setU32(at + 4 * i, fields[i]);
    if (data) copyBytes(this.out.bytes, at + dataAt, data, 0, data.length);
    this.out.commit();
    return true;
  }

  /**
   * chan_close: this rank will send nothing more. Returns once the network
   * thread has written out all it sent (a process may exit right after
   * MPI_Finalize), or after 10 s if a connection stays backed up.
   */
  close(): void {
    while (this.waiting) {
      this.flush();
      if (this.waiting) this.out.waitForRoom(1);
    }
    this.reserveWaiting(OUTBOX_KIND.CLOSE, 0, 0);
    this.out.commit();
    this.out.waitFlushed(10_000);
  }

  /** A record that must go now: wait for the network thread to make room. */
  private reserveWaiting(kind: number, dst: number, body: number): number {
    for (;;) {
      const at = this.out.reserve(kind, dst, body);
      if (at >= 0) return at;
      this.out.waitForRoom(1);
    }
  }
}
