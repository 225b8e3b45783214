/**
 * Writing packets into a rank's receive ring (wmpi_ring in wasm/src/channel.h),
 * for every producer: a rank thread of the same process (shm-channel.ts) and
 * the process's network thread delivering what arrived from elsewhere
 * (net-router.ts). Producers reserve cells by compare-and-swap on `tail`,
 * write the header minus its seq word and the payload, and publish by storing
 * seq last; a consumer that announced it sleeps is woken on its futex word.
 */
import { copyBytes } from "./copy-bytes.js";
import { RING } from "./ring-layout.js";

/** Views over one rank's memory, taken again when it grows. */
export class MemoryView {
  u8: Uint8Array;
  i32: Int32Array;
  constructor(readonly memory: WebAssembly.Memory) {
    this.u8 = new Uint8Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }
  /** Makes sure [addr, addr+len) is inside the views. */
  cover(addr: number, len: number): void {
    if (addr + len > this.u8.length) {
      this.u8 = new Uint8Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
  }
  /** Whether [addr, addr+len) is inside the memory (as it is now: it may have grown); covers it if so. */
  holds(addr: number, len: number): boolean {
    this.cover(addr, len);
    return addr + len <= this.u8.length;
  }
}

/** A receive ring as a producer sees it. */
export interface PeerRing {
  view: MemoryView;
  /** int32 indexes of the ring's control words */
  tail: number;
  head: number;
  sleeping: number;
  futex: number;
  cells: number;
  ncells: number;
  mask: number;
  /** The consumer's head as last read: reading it again only when the ring looks full saves a cache miss a message. */
  headSeen: number;
}

/** The ring at address `ring` of a rank's memory. */
export function openRing(view: MemoryView, ring: number): PeerRing {
  view.cover(ring, RING.CELLS);
  const ncells = view.i32[(ring + RING.NCELLS) >> 2] >>> 0;
  view.cover(ring, RING.CELLS + ncells * RING.CELL_SIZE + (view.i32[(ring + RING.OVERFLOW) >> 2] >>> 0));
  return {
    view,
    tail: (ring + RING.TAIL) >> 2,
    head: (ring + RING.HEAD) >> 2,
    sleeping: (ring + RING.SLEEPING) >> 2,
    futex: (ring + RING.FUTEX) >> 2,
    cells: ring + RING.CELLS,
    ncells,
    mask: ncells - 1,
    headSeen: 0,
  };
}

/** The cells a packet of `len` payload bytes takes. */
export function packetCells(len: number): number {
  return (RING.HEADER_SIZE + len + RING.CELL_SIZE - 1) >>> 6;
}

/** Reserves k cells: the ticket of the first, or -1 when the ring has no room now. */
export function reserveCells(p: PeerRing, k: number): number {
  const d32 = p.view.i32;
  for (;;) {
    const t = Atomics.load(d32, p.tail);
    if (((t - p.headSeen) >>> 0) + k > p.ncells) {
      p.headSeen = Atomics.load(d32, p.head);
      if (((t - p.headSeen) >>> 0) + k > p.ncells) return -1;
    }
    if (Atomics.compareExchange(d32, p.tail, t, (t + k) | 0) === t) return t;
  }
}

/** The byte offset of ticket t's cell in the rank's memory. */
export function cellOffset(p: PeerRing, t: number): number {
  return p.cells + (((t >>> 0) & p.mask) << 6);
}

/** Publishes the packet written at ticket t (its seq word last), and wakes a sleeping consumer. */
export function publish(p: PeerRing, t: number): void {
  const d32 = p.view.i32;
  Atomics.store(d32, cellOffset(p, t) >> 2, ringSeq(t));
  if (Atomics.load(d32, p.sleeping) !== 0) {
    Atomics.add(d32, p.futex, 1);
    Atomics.notify(d32, p.futex);
  }
}

/**
 * Writes a packet whose 48-byte header (seq word ignored) and payload are
 * bytes in hand (the network thread's case). False when the ring is full now.
 */
export function writePacket(p: PeerRing, header: Uint8Array, payload: Uint8Array): boolean {
  const t = reserveCells(p, packetCells(payload.length));
  if (t < 0) return false;
  const off = cellOffset(p, t);
  const u8 = p.view.u8;
  copyBytes(u8, off + 4, header, 4, RING.HEADER_SIZE - 4);
  if (payload.length > 0) copyBytes(u8, off + RING.HEADER_SIZE, payload, 0, payload.length);
  publish(p, t);
  return true;
}

/** The seq word publishing a packet at ticket t: wmpi_ring_seq of channel.h (never 0, a cleared cell). */
export function ringSeq(t: number): number {
  return (t + 1) | 0 || 1;
}
