/**
 * A rank's outbox: what it sends to ranks of other processes goes through a
 * byte ring in shared memory that the process's network thread drains (one
 * producer, the rank; one consumer, the network thread). A rank blocked in
 * Atomics.wait never holds up the network, and the network thread never
 * calls into a rank.
 *
 * Layout (int32 words): HEAD at word 0 (bytes consumed, written by the
 * network thread), TAIL at word 16 (bytes produced, written by the rank),
 * FLUSHED at word 32 (set by the network thread once everything before the
 * rank's CLOSE record has been written to the sockets), the data from byte 192. Both counters run modulo 2^32 over a power-of-two data
 * size. A record is a 16-byte head (u32 bytes of the whole record, a multiple
 * of 16; u32 kind; u32 dst rank; u32 bytes of the body) and its body; a record never
 * wraps: a PAD record fills the end of the data instead.
 *
 * The process's doorbell (shared by its ranks) wakes the network thread:
 * word 0 counts its waits under way, word 1 is the futex a producer bumps.
 */
export const OUTBOX_KIND = {
  PAD: 0,
  /** body: the 48-byte packet header, then the payload */
  PKT: 1,
  /** body: u32 remote, len, local, rreq, counter, before, src */
  GET: 2,
  /** the rank will send nothing more (chan_close) */
  CLOSE: 3,
  /**
   * body: u32 remote, token, src, offset, total, then from byte RMA_PUT_DATA the bytes that go
   * at remote + offset: one part of a one-sided put of `total` bytes (chan_rma_put); the parts
   * of one put follow each other among the rank's RMA records
   */
  RMA_PUT: 4,
  /** body: u32 remote, len, local, token, src (chan_rma_get) */
  RMA_GET: 5,
  /** body: u32 remote, compare, swap, old, token, src (chan_rma_cas; compare and swap are int32) */
  RMA_CAS: 6,
} as const;

/** Where an RMA_PUT record's bytes start in its body (16-byte aligned, like the body). */
export const RMA_PUT_DATA = 32;

const HEAD = 0;
const TAIL = 16;
const FLUSHED = 32;
const DATA = 192;
const RECORD_HEAD = 16;
/** The smallest outbox: 1 MiB. */
export const OUTBOX_BYTES = 1 << 20;
/** Room kept free for the small records (GET, RMA_GET, RMA_CAS, CLOSE): records that carry bulk bytes (PKT, RMA_PUT) never take it. */
const CONTROL_ROOM = 4096;

/**
 * The outbox size for ranks whose eager limit is `eagerLimit`: a power of two
 * that holds two of the largest packet records whatever the tail's position
 * (a record that does not fit before the end starts again at the beginning),
 * plus the control room.
 */
export function outboxBytesFor(eagerLimit: number): number {
  let bytes = OUTBOX_BYTES;
  while (bytes < 2 * (RECORD_HEAD + 48 + eagerLimit + 16) + CONTROL_ROOM) bytes *= 2;
  return bytes;
}

/** A new outbox of `bytes` data bytes (a power of two). */
export function createOutbox(bytes = OUTBOX_BYTES): SharedArrayBuffer {
  return new SharedArrayBuffer(DATA + bytes);
}

/** A new doorbell for the network thread of one process. */
export function createDoorbell(): SharedArrayBuffer {
  return new SharedArrayBuffer(8);
}

/** The rank's side. */
export class OutboxWriter {
  private readonly i32: Int32Array;
  private readonly u8: Uint8Array;
  private readonly dv: DataView;
  private readonly size: number;
  private readonly bell: Int32Array;

  constructor(sab: SharedArrayBuffer, doorbell: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab);
    this.u8 = new Uint8Array(sab);
    this.dv = new DataView(sab);
    this.size = sab.byteLength - DATA;
    this.bell = new Int32Array(doorbell);
  }

  /**
   * Reserves a record of `body` bytes for `kind` to rank `dst`: the offset of
   * its body in `bytes`, or -1 when the outbox has no room now (bulk records
   * leave a little room that only the small ones use). Fill it, then commit().
   */
  reserve(kind: number, dst: number, body: number): number {
    const need = (RECORD_HEAD + body + 15) & ~15;
    const bulk = kind === OUTBOX_KIND.PKT || kind === OUTBOX_KIND.RMA_PUT;
    const keep = bulk ? Math.min(CONTROL_ROOM, this.size >> 3) : 0;
    if (need > this.size) throw new RangeError(`wmpi: a ${body}-byte record does not fit an outbox of ${this.size} bytes`);
    const head = Atomics.load(this.i32, HEAD);
    let tail = Atomics.load(this.i32, TAIL);
    let at = (tail >>> 0) % this.size;
    const toEnd = this.size - at;
    let pad = 0;
    if (toEnd < need) pad = toEnd; // the record starts at 0 after a PAD to the end
    if (((tail - head) >>> 0) + pad + need + keep > this.size) return -1;
    if (pad) {
      this.writeHead(at, pad, OUTBOX_KIND.PAD, 0, 0);
      tail = (tail + pad) | 0;
      at = 0;
    }
    this.writeHead(at, need, kind, dst, body);
    this.pending = (tail + need) | 0;
    return DATA + at + RECORD_HEAD;
  }

  private pending = 0;

  /** Publishes the record reserved last and rings the doorbell if the network thread sleeps. */
  commit(): void {
    Atomics.store(this.i32, TAIL, this.pending);
    if (Atomics.load(this.bell, 0) !== 0) {
      Atomics.add(this.bell, 1, 1);
      Atomics.notify(this.bell, 1);
    }
  }

  /** Data bytes of the outbox. A record of at most a quarter of them always fits once the network thread has drained the outbox. */
  get capacity(): number {
    return this.size;
  }

  /** The outbox's bytes, to fill a reserved body. */
  get bytes(): Uint8Array {
    return this.u8;
  }

  /** Writes u32 `v` at byte `at` of the outbox. */
  setU32(at: number, v: number): void {
    this.dv.setUint32(at, v, true);
  }

  /** Waits (at most `ms`) until the network thread says all the rank sent before its CLOSE record is on its way; false on timeout. */
  waitFlushed(ms: number): boolean {
    const until = performance.now() + ms;
    while (Atomics.load(this.i32, FLUSHED) === 0) {
      const left = until - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.i32, FLUSHED, 0, left);
    }
    return true;
  }

  /** Waits (at most `ms`) until the network thread has consumed something. */
  waitForRoom(ms: number): void {
    Atomics.wait(this.i32, HEAD, Atomics.load(this.i32, HEAD), ms);
  }

  private writeHead(at: number, bytes: number, kind: number, dst: number, body: number): void {
    const o = DATA + at;
    this.dv.setUint32(o, bytes, true);
    this.dv.setUint32(o + 4, kind, true);
    this.dv.setUint32(o + 8, dst, true);
    this.dv.setUint32(o + 12, body, true);
  }
}

/** One record as the network thread reads it; `body` is a view valid until the next drain. */
export interface OutboxRecord {
  kind: number;
  dst: number;
  body: Uint8Array;
}

/** The network thread's side. */
export class OutboxReader {
  private readonly i32: Int32Array;
  private readonly u8: Uint8Array;
  private readonly dv: DataView;
  private readonly size: number;

  constructor(sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab);
    this.u8 = new Uint8Array(sab);
    this.dv = new DataView(sab);
    this.size = sab.byteLength - DATA;
  }

  /** Tells the rank (waiting in waitFlushed) that what it sent before its CLOSE record is written out. */
  markFlushed(): void {
    Atomics.store(this.i32, FLUSHED, 1);
    Atomics.notify(this.i32, FLUSHED);
  }

  /** True if a record waits. */
  get ready(): boolean {
    return Atomics.load(this.i32, TAIL) !== Atomics.load(this.i32, HEAD);
  }

  /**
   * Hands the waiting records to `take` in order, then frees their space (a
   * body must be copied if it is kept). `take` returns false to leave its
   * record, and those after it, for a later drain. Returns how many it took.
   */
  drain(take: (r: OutboxRecord) => boolean | void): number {
    const tail = Atomics.load(this.i32, TAIL);
    let head = Atomics.load(this.i32, HEAD);
    let n = 0;
    while (head !== tail) {
      const at = DATA + ((head >>> 0) % this.size);
      const bytes = this.dv.getUint32(at, true);
      const kind = this.dv.getUint32(at + 4, true);
      const body = this.dv.getUint32(at + 12, true);
      if (bytes < RECORD_HEAD || bytes % 16 !== 0 || bytes > this.size || RECORD_HEAD + body > bytes)
        throw new Error(`wmpi: corrupt outbox record of ${bytes} bytes`);
      if (kind !== OUTBOX_KIND.PAD) {
        const record = { kind, dst: this.dv.getUint32(at + 8, true), body: this.u8.subarray(at + RECORD_HEAD, at + RECORD_HEAD + body) };
        if (take(record) === false) break;
        n++;
      }
      head = (head + bytes) | 0;
    }
    Atomics.store(this.i32, HEAD, head);
    Atomics.notify(this.i32, HEAD); // a rank may wait for room
    return n;
  }
}
