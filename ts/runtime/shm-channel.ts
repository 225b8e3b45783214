import { copyBytes } from "./copy-bytes.js";
import { RING } from "./ring-layout.js";

/** Views over one rank's memory, taken again when it grows. */
class MemoryView {
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
}

/** A receive buffer outside linear memory that rendezvous data goes to directly. */
export interface Redirect {
  view: Uint8Array;
  /** Set when data arrived through the redirect (the staging copy holds nothing). */
  delivered: boolean;
}

interface PeerRing {
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

/**
 * The shared-memory channel: the functions the core imports as "wmpi.chan_*".
 * A sender's JS writes packets straight into the receiver's ring (DESIGN.md
 * 2.3); the receiver's C code polls its own ring.
 */
export class ShmChannel {
  private readonly views: MemoryView[];
  private readonly peers: PeerRing[] = [];
  private readonly board: Int32Array;
  private readonly redirects = new Map<number, Redirect>();

  /**
   * `spinMs`: how long to poll for a sender still staging before sleeping
   * (0 when ranks outnumber cores: the sender needs the core).
   */
  constructor(private readonly rank: number, memories: WebAssembly.Memory[], board: SharedArrayBuffer, private readonly spinMs: number) {
    this.views = memories.map((m) => new MemoryView(m));
    this.board = new Int32Array(board);
  }

  private get self(): MemoryView {
    return this.views[this.rank];
  }

  private peer(vc: number): PeerRing {
    let p = this.peers[vc];
    if (p === undefined) {
      const view = this.views[vc];
      const ring = this.board[1 + vc] >>> 0;
      view.cover(ring, RING.CELLS);
      const ncells = view.i32[(ring + RING.NCELLS) >> 2] >>> 0;
      view.cover(ring, RING.CELLS + ncells * RING.CELL_SIZE + (view.i32[(ring + RING.OVERFLOW) >> 2] >>> 0));
      p = {
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
      this.peers[vc] = p;
    }
    return p;
  }

  /** chan_send: reserve cells by CAS on tail, write header and payload, publish seq last. */
  send(vc: number, hdr: number, payload: number, len: number): number {
    const p = this.peer(vc);
    const d32 = p.view.i32;
    const k = (RING.HEADER_SIZE + len + RING.CELL_SIZE - 1) >>> 6;
    let t: number;
    for (;;) {
      t = Atomics.load(d32, p.tail);
      if (((t - p.headSeen) >>> 0) + k > p.ncells) {
        p.headSeen = Atomics.load(d32, p.head);
        if (((t - p.headSeen) >>> 0) + k > p.ncells) return 1;
      }
      if (Atomics.compareExchange(d32, p.tail, t, (t + k) | 0) === t) break;
    }
    const off = p.cells + (((t >>> 0) & p.mask) << 6);
    const self = this.self;
    self.cover(payload, len);
    const s32 = self.i32;
    const s = hdr >> 2;
    const d = off >> 2;
    for (let i = 1; i < RING.HEADER_SIZE / 4; i++) d32[d + i] = s32[s + i];
    if (len > 0) {
      if ((payload & 3) === 0 && len <= 64) {
        // aligned small payloads (the common case) go a word at a time
        const ps = payload >> 2;
        const pd = d + RING.HEADER_SIZE / 4;
        const words = len >> 2;
        for (let i = 0; i < words; i++) d32[pd + i] = s32[ps + i];
        if (len & 3) copyBytes(p.view.u8, off + RING.HEADER_SIZE + (len & ~3), self.u8, payload + (len & ~3), len & 3);
      } else {
        copyBytes(p.view.u8, off + RING.HEADER_SIZE, self.u8, payload, len);
      }
    }
    Atomics.store(d32, d, ringSeq(t));
    if (Atomics.load(d32, p.sleeping) !== 0) {
      Atomics.add(d32, p.futex, 1);
      Atomics.notify(d32, p.futex);
    }
    return 0;
  }

  /**
   * chan_rget: one copy from the peer's memory into ours, or straight into a
   * JS buffer redirected for the range `local` falls in. With a staged-bytes
   * counter (which counts from `before` bytes ahead of `remote`), each part
   * is copied as soon as the sender has staged it (the two copies overlap).
   */
  rget(vc: number, remote: number, local: number, len: number, counter: number, before: number): number {
    const src = this.views[vc];
    src.cover(remote, len);
    const base = this.redirectBase(local);
    let dst: Uint8Array;
    let at: number;
    if (base !== undefined) {
      const redirect = this.redirects.get(base)!;
      dst = redirect.view;
      at = local - base;
      redirect.delivered = true;
    } else {
      this.self.cover(local, len);
      dst = this.self.u8;
      at = local;
    }
    if (counter === 0) {
      dst.set(src.u8.subarray(remote, remote + len), at);
      return 0;
    }
    src.cover(counter, 4);
    const word = counter >> 2;
    let idleSince = -1;
    for (let done = 0; done < len; ) {
      const count = Atomics.load(src.i32, word) >>> 0;
      const staged = Math.min(Math.max(count - before, 0), len);
      if (staged > done) {
        dst.set(src.u8.subarray(remote + done, remote + staged), at + done);
        done = staged;
        idleSince = -1;
      } else if (idleSince < 0) {
        idleSince = performance.now();
      } else if (performance.now() - idleSince > this.spinMs) {
        Atomics.wait(src.i32, word, count | 0, 1); // the sender notifies after each chunk
      }
    }
    return 0;
  }

  /** The redirected buffer (its linear-memory address) that address `local` falls in, if any. */
  private redirectBase(local: number): number | undefined {
    if (this.redirects.size === 0) return undefined;
    if (this.redirects.has(local)) return local;
    for (const [ptr, r] of this.redirects) if (local > ptr && local < ptr + r.view.byteLength) return ptr;
    return undefined;
  }

  /** Rendezvous data bound for linear-memory address `ptr` goes to `view` instead: one copy fewer. */
  redirect(ptr: number, view: Uint8Array): Redirect {
    const r = { view, delivered: false };
    this.redirects.set(ptr, r);
    return r;
  }

  /** Ends a redirect. */
  unredirect(ptr: number): void {
    this.redirects.delete(ptr);
  }

  /** True if a packet is published at the head of our own ring. */
  private ready(p: PeerRing): boolean {
    const i32 = p.view.i32;
    const head = Atomics.load(i32, p.head);
    const cell = (p.cells + (((head >>> 0) & p.mask) << 6)) >> 2;
    return Atomics.load(i32, cell) === ringSeq(head);
  }

  /** chan_wait: announce that we sleep, look once more, then sleep on the futex word. */
  wait(timeoutUs: number): void {
    const p = this.peer(this.rank);
    const i32 = p.view.i32;
    const v = Atomics.load(i32, p.futex);
    Atomics.add(i32, p.sleeping, 1);
    if (!this.ready(p)) Atomics.wait(i32, p.futex, v, timeoutUs < 0 ? Infinity : timeoutUs / 1000);
    Atomics.sub(i32, p.sleeping, 1);
  }

  /** The same wait for code that may not block (event loops, the browser main thread). */
  async waitAsync(timeoutMs: number): Promise<void> {
    const p = this.peer(this.rank);
    const i32 = p.view.i32;
    const v = Atomics.load(i32, p.futex);
    // a count, not a flag: several waitAsync calls (and a blocking wait) may sleep at once
    Atomics.add(i32, p.sleeping, 1);
    if (!this.ready(p)) {
      const r = Atomics.waitAsync(i32, p.futex, v, timeoutMs);
      if (r.async) {
        // a pending waitAsync does not keep Node's event loop alive; a timer does
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([r.value, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
      }
    }
    Atomics.sub(i32, p.sleeping, 1);
  }

  /** chan_open: publish our ring on the board, then wait until every rank has. */
  open(ring: number): number {
    const b = this.board;
    Atomics.store(b, 1 + this.rank, ring);
    Atomics.add(b, 0, 1);
    Atomics.notify(b, 0);
    const size = this.views.length;
    for (let n = Atomics.load(b, 0); n < size; n = Atomics.load(b, 0)) Atomics.wait(b, 0, n, 1000);
    return 0;
  }

  close(): void {}

  /** The imports the core links against (module "wmpi"). */
  imports(): Record<string, (...args: number[]) => number | void> {
    return {
      chan_send: (vc, hdr, payload, len) => this.send(vc, hdr >>> 0, payload >>> 0, len >>> 0),
      chan_rget: (vc, remote, local, len, _rreq, counter, before) =>
        this.rget(vc, remote >>> 0, local >>> 0, len >>> 0, counter >>> 0, before >>> 0),
      chan_wait: (timeoutUs) => this.wait(timeoutUs),
      chan_open: (ring) => this.open(ring >>> 0),
      chan_close: () => this.close(),
    };
  }
}

/** The seq word publishing a packet at ticket t: wmpi_ring_seq of channel.h (never 0, a cleared cell). */
function ringSeq(t: number): number {
  return (t + 1) | 0 || 1;
}
