import { copyBytes } from "./copy-bytes.js";
import type { RankGroup } from "./job.js";
import type { NetChannel } from "./net-channel.js";
import { RING } from "./ring-layout.js";
import { MemoryView, openRing, packetCells, publish, reserveCells, ringSeq, type PeerRing } from "./rings.js";
import type { Universe } from "./universe-protocol.js";

/** chan_rma_*'s return: the address is not inside the target's memory (channel.h). */
const CHAN_BADADDR = 2;

/** Where a vc publishes its ring: the start-up board of its group, and its slot there. */
interface BoardSlot {
  board: Int32Array;
  slot: number;
}

/** A receive buffer outside linear memory that rendezvous data goes to directly. */
export interface Redirect {
  view: Uint8Array;
  /** Set when data arrived through the redirect (the staging copy holds nothing). */
  delivered: boolean;
}

/**
 * The shared-memory channel: the functions the core imports as "wmpi.chan_*".
 * A sender's JS writes packets straight into the receiver's ring (DESIGN.md
 * 2.3); the receiver's C code polls its own ring.
 */
export class ShmChannel {
  /** By vc: the memories of the ranks in this process (the others are reached through `net`). */
  private readonly views: MemoryView[] = [];
  private readonly boards: BoardSlot[] = [];
  private readonly peers: PeerRing[] = [];
  private readonly redirects = new Map<number, Redirect>();
  /** Our own group's board, and how many of its ranks publish there from this process. */
  private readonly board: Int32Array;
  private readonly localRanks: number;
  /** The network channel to ranks of other processes, if the job spans several. */
  net?: NetChannel;
  /** The launcher's universe: it announces the groups of ranks that join later. */
  universe?: Universe;

  /**
   * `vc`: this rank's. `own`: its job's group of ranks, whose memories are
   * those of its ranks in this process (sparse when the job spans processes);
   * `others`: other groups of the universe already known. `spinMs`: how long
   * to poll for a sender still staging before sleeping (0 when ranks
   * outnumber cores: the sender needs the core).
   */
  constructor(private readonly vc: number, own: RankGroup, private readonly spinMs: number, others: RankGroup[] = []) {
    for (const g of [own, ...others]) this.addGroup(g);
    this.board = new Int32Array(own.board);
    this.localRanks = own.memories.filter(Boolean).length;
  }

  /** Makes the ranks of group g reachable (those whose memories it holds). */
  addGroup(g: RankGroup): void {
    const board = new Int32Array(g.board);
    g.memories.forEach((m, i) => {
      if (!m) return;
      this.views[g.base + i] = new MemoryView(m);
      this.boards[g.base + i] = { board, slot: 1 + i };
    });
  }

  /** Lets go of the ranks base .. base + size - 1 (they have all exited). */
  dropGroup(base: number, size: number): void {
    for (let vc = base; vc < base + size; vc++) {
      delete this.views[vc];
      delete this.boards[vc];
      delete this.peers[vc];
    }
  }

  /** True if vc's memory is in this process (looking for groups that joined since, once). */
  private local(vc: number): boolean {
    if (this.views[vc] === undefined) this.universe?.refresh();
    return this.views[vc] !== undefined;
  }

  /** The network channel, to reach vc in another process (in thread mode a rank of another job: the universe gives the channel then). */
  private netFor(vc: number): NetChannel {
    if (this.net === undefined && this.universe !== undefined && this.makeNet) {
      const r = this.universe.call({ op: "net", vc: this.vc });
      if (r.net) this.net = this.makeNet(r.net.outbox, r.net.doorbell);
    }
    if (this.net === undefined) throw new Error(`wmpi: rank ${this.vc} has no way to reach vc ${vc}: it is in no group this process knows`);
    return this.net;
  }

  /** Makes this rank's network channel from an outbox and doorbell (instance.ts). */
  makeNet?: (outbox: SharedArrayBuffer, doorbell: SharedArrayBuffer) => NetChannel;

  /** This rank's ring (0 until chan_open). */
  private ring = 0;

  /** From now on this rank waits without spinning (wmpi_ring's no_spin): a network thread needs the cores. */
  stopSpinning(): void {
    if (this.ring !== 0) Atomics.store(this.self.i32, (this.ring + RING.NO_SPIN) >> 2, 1);
  }

  /** The memory of rank vc if it runs in this process. */
  memoryOf(vc: number): WebAssembly.Memory | undefined {
    return this.local(vc) ? this.views[vc].memory : undefined;
  }

  /** This rank's view of its own memory. */
  get selfView(): MemoryView {
    return this.views[this.vc];
  }

  private get self(): MemoryView {
    return this.views[this.vc];
  }

  private peer(vc: number): PeerRing {
    const known = this.peers[vc];
    if (known) return known;
    // a rank of a group that is still starting may not have published its ring yet
    const { board, slot } = this.boards[vc];
    let ring = Atomics.load(board, slot) >>> 0;
    for (let n = Atomics.load(board, 0); ring === 0; n = Atomics.load(board, 0), ring = Atomics.load(board, slot) >>> 0)
      Atomics.wait(board, 0, n, 100);
    return (this.peers[vc] = openRing(this.views[vc], ring));
  }

  /** chan_send: reserve cells by CAS on tail, write header and payload, publish seq last. */
  send(vc: number, hdr: number, payload: number, len: number): number {
    const p = this.peer(vc);
    const t = reserveCells(p, packetCells(len));
    if (t < 0) return 1;
    const d32 = p.view.i32;
    const off = p.cells + (((t >>> 0) & p.mask) << 6);
    const self = this.self;
    // the header may lie higher than the payload (a packet the core queued lives in memory it grew
    // since): a read past a stale view gives undefined, which would publish a header of zeros
    self.cover(hdr, RING.HEADER_SIZE);
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
    publish(p, t);
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

  /** chan_rma_put between ranks of this process: one copy, complete at return (channel.h). */
  rmaPut(vc: number, remote: number, local: number, len: number): number {
    const dst = this.views[vc];
    if (!dst.holds(remote, len)) return CHAN_BADADDR;
    this.self.cover(local, len);
    copyBytes(dst.u8, remote, this.self.u8, local, len);
    return 0;
  }

  /** chan_rma_get between ranks of this process. */
  rmaGet(vc: number, remote: number, local: number, len: number): number {
    const src = this.views[vc];
    if (!src.holds(remote, len)) return CHAN_BADADDR;
    this.self.cover(local, len);
    copyBytes(this.self.u8, local, src.u8, remote, len);
    return 0;
  }

  /** chan_rma_cas between ranks of this process: Atomics on the target's memory. */
  rmaCas(vc: number, remote: number, compare: number, swap: number, old: number): number {
    const dst = this.views[vc];
    if ((remote & 3) !== 0 || !dst.holds(remote, 4)) return CHAN_BADADDR;
    this.self.cover(old, 4);
    this.self.i32[old >> 2] = Atomics.compareExchange(dst.i32, remote >> 2, compare, swap);
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
    const p = this.peer(this.vc);
    const i32 = p.view.i32;
    const v = Atomics.load(i32, p.futex);
    Atomics.add(i32, p.sleeping, 1);
    if (!this.ready(p)) Atomics.wait(i32, p.futex, v, timeoutUs < 0 ? Infinity : timeoutUs / 1000);
    Atomics.sub(i32, p.sleeping, 1);
  }

  /** The same wait for code that may not block (event loops, the browser main thread). */
  async waitAsync(timeoutMs: number): Promise<void> {
    const p = this.peer(this.vc);
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
    this.ring = ring;
    const b = this.board;
    Atomics.store(b, this.boards[this.vc].slot, ring);
    Atomics.add(b, 0, 1);
    Atomics.notify(b, 0);
    const size = this.localRanks;
    for (let n = Atomics.load(b, 0); n < size; n = Atomics.load(b, 0)) Atomics.wait(b, 0, n, 1000);
    return 0;
  }

  close(): void {
    this.net?.close();
  }

  /** The imports the core links against (module "wmpi"). */
  imports(): Record<string, (...args: number[]) => number | void> {
    return {
      chan_send: (vc, hdr, payload, len) =>
        this.local(vc) ? this.send(vc, hdr >>> 0, payload >>> 0, len >>> 0) : this.netFor(vc).send(vc, hdr >>> 0, payload >>> 0, len >>> 0),
      chan_rget: (vc, remote, local, len, rreq, counter, before) => 
        this.local(vc)
          ? this.rget(vc, remote >>> 0, local >>> 0, len >>> 0, counter >>> 0, before >>> 0)
          : this.netFor(vc).rget(vc, remote >>> 0, local >>> 0, len >>> 0, rreq >>> 0, counter >>> 0, before >>> 0, this.vc),
      chan_wait: (timeoutUs) => {
        // reads waiting for room in the outbox: try again, and look again soon rather than sleep long
        this.net?.flush();
        this.wait(this.net?.waiting ? (timeoutUs < 0 || timeoutUs > 50 ? 50 : timeoutUs) : timeoutUs);
      },
      chan_rma_put: (vc, remote, local, len, token) =>
        this.local(vc)
          ? this.rmaPut(vc, remote >>> 0, local >>> 0, len >>> 0)
          : this.netFor(vc).rmaPut(vc, remote >>> 0, local >>> 0, len >>> 0, token >>> 0, this.vc),
      chan_rma_get: (vc, remote, local, len, token) =>
        this.local(vc)
          ? this.rmaGet(vc, remote >>> 0, local >>> 0, len >>> 0)
          : this.netFor(vc).rmaGet(vc, remote >>> 0, local >>> 0, len >>> 0, token >>> 0, this.vc),
      chan_rma_cas: (vc, remote, compare, swap, old, token) =>
        this.local(vc)
          ? this.rmaCas(vc, remote >>> 0, compare | 0, swap | 0, old >>> 0)
          : this.netFor(vc).rmaCas(vc, remote >>> 0, compare | 0, swap | 0, old >>> 0, token >>> 0, this.vc),
      chan_open: (ring) => this.open(ring >>> 0),
      chan_close: () => this.close(),
    };
  }
}
