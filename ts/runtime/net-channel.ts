/**
 * The rank's side of the network channel: packets and rgets for ranks of
 * other processes go into the rank's outbox (outbox.ts); the process's
 * network thread frames them onto the connection to that process, and
 * delivers what comes back straight into this rank's ring and memory.
 */
import { copyBytes } from "./copy-bytes.js";
import { OUTBOX_KIND, OutboxWriter } from "./outbox.js";
import { RING } from "./ring-layout.js";
import type { MemoryView } from "./rings.js";

/** chan_rget's return: a packet of type RGET_DONE will follow (channel.h). */
const CHAN_PENDING = 1;
/** chan_send's return: no room now, try again later (channel.h). */
const CHAN_AGAIN = 1;
/** chan_rma_*'s return: the address is not inside the target's memory (channel.h). */
const CHAN_BADADDR = 2;

export class NetChannel {
  private readonly out: OutboxWriter;

  constructor(private readonly self: MemoryView, outbox: SharedArrayBuffer, doorbell: SharedArrayBuffer) {
    this.out = new OutboxWriter(outbox, doorbell);
  }

  /** chan_send to a rank of another process: the header and payload go into the outbox. */
  send(vc: number, hdr: number, payload: number, len: number): number {
    if (this.waiting) this.flush();
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
    const get = [vc, remote, len, local, rreq, counter, before, src];
    if (this.deferred.length > 0 || !this.tryGet(get)) this.deferred.push(get);
    return CHAN_PENDING;
  }

  /**
   * chan_rma_put / chan_rma_get / chan_rma_cas to a rank of another process
   * (channel.h): `src` is this rank. Not yet carried by the network: the
   * core reports the operation as failed (MPI_ERR_RMA_...).
   */
  rmaPut(_vc: number, _remote: number, _local: number, _len: number, _token: number, _src: number): number {
    return CHAN_BADADDR;
  }

  rmaGet(_vc: number, _remote: number, _local: number, _len: number, _token: number, _src: number): number {
    return CHAN_BADADDR;
  }

  rmaCas(_vc: number, _remote: number, _compare: number, _swap: number, _old: number, _token: number, _src: number): number {
    return CHAN_BADADDR;
  }

  /** Requests that waited for room in the outbox. */
  private readonly deferred: number[][] = [];

  /** True while requests wait for room (the rank should look again soon rather than sleep). */
  get waiting(): boolean {
    return this.deferred.length > 0;
  }

  /** Moves waiting requests into the outbox as far as there is room (chan_send and chan_wait call it). */
  flush(): void {
    while (this.deferred.length > 0 && this.tryGet(this.deferred[0])) this.deferred.shift();
  }

  private tryGet([vc, ...fields]: number[]): boolean {
    const at = this.out.reserve(OUTBOX_KIND.GET, vc, 4 * fields.length);
    if (at < 0) return false;
    for (let i = 0; i < fields.length; i++) this.out.setU32(at + 4 * i, fields[i]);
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
