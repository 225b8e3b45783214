// In-process "processes" for router tests (net-rma.test.ts, net-relay.test.ts): a NetRouter each,
// with ranks that are WebAssembly memories with a receive ring at RING_AT, outboxes and NetChannels,
// joined by in-memory links; runUntil does the network threads' and the ranks' work by turns.
import type { FrameLink } from "../../ts/net/link.js";
import { memoryLinkPair } from "../../ts/net/memory-link.js";
import { NetChannel } from "../../ts/runtime/net-channel.js";
import { NetRouter } from "../../ts/runtime/net-router.js";
import { createDoorbell, createOutbox } from "../../ts/runtime/outbox.js";
import { RING } from "../../ts/runtime/ring-layout.js";
import { MemoryView, packetCells, ringSeq } from "../../ts/runtime/rings.js";
import type { VcTable } from "../../ts/runtime/vc-table.js";

/** Where each test rank's ring lives, and how many cells it has. */
export const RING_AT = 1024;
export const NCELLS = 256;
/** Test buffers start here, past the ring. */
export const HEAP = 65536;

export interface Packet {
  type: number;
  flags: number;
  srcVc: number;
  rreq: number;
  aux: number;
}

export interface Rank {
  rank: number;
  memory: WebAssembly.Memory;
  view: MemoryView;
  channel: NetChannel;
  /** packets taken from its ring so far */
  packets: Packet[];
}

export interface Proc {
  proc: number;
  router: NetRouter;
  ranks: Map<number, Rank>;
  /** what the router reported as protocol violations */
  failures: string[];
  /** the types of the frames it received, in order */
  received: string[];
}

/** A process running `ranks` of a job whose rank r lives in process procOf[r]. */
export function makeProc(proc: number, ranks: number[], procOf: number[], opts: { outboxBytes?: number; pages?: number; table?: VcTable } = {}): Proc {
  const board = new SharedArrayBuffer(4 * (1 + procOf.length));
  const boardI32 = new Int32Array(board);
  const doorbell = createDoorbell();
  const local = [];
  const out = new Map<number, Rank>();
  for (const rank of ranks) {
    const memory = new WebAssembly.Memory({ initial: opts.pages ?? 96, maximum: 256, shared: true });
    const i32 = new Int32Array(memory.buffer);
    i32[(RING_AT + RING.NCELLS) >> 2] = NCELLS;
    i32[(RING_AT + RING.OVERFLOW) >> 2] = 4096;
    boardI32[1 + rank] = RING_AT;
    const outbox = createOutbox(opts.outboxBytes);
    local.push({ rank, memory, outbox });
    const view = new MemoryView(memory);
    out.set(rank, { rank, memory, view, channel: new NetChannel(new MemoryView(memory), outbox, doorbell), packets: [] });
  }
  const failures: string[] = [];
  const router = new NetRouter(proc, local, board, doorbell, (m) => failures.push(m), opts.table);
  router.procOf = procOf;
  return { proc, router, ranks: out, failures, received: [] };
}

/** Joins two processes as the network thread does once the handshake is through. */
export function join(a: Proc, b: Proc): [FrameLink, FrameLink] {
  const [la, lb] = memoryLinkPair();
  for (const [me, other, link] of [[a, b, la], [b, a, lb]] as const) {
    me.router.links[other.proc] = link;
    link.onFrame((f) => {
      me.received.push(f.type);
      me.router.receive(f, link, other.proc);
    });
    link.onClose(() => {
      if (!me.router.gone.has(other.proc)) me.router.lose(other.proc);
    });
  }
  return [la, lb];
}

/** Takes the packets published in a rank's ring (as the core would), into rank.packets. */
export function takePackets(r: Rank): void {
  const i32 = new Int32Array(r.memory.buffer);
  const dv = new DataView(r.memory.buffer);
  const headAt = (RING_AT + RING.HEAD) >> 2;
  let head = i32[headAt]!;
  for (;;) {
    const cell = RING_AT + RING.CELLS + ((head >>> 0) & (NCELLS - 1)) * RING.CELL_SIZE;
    if (Atomics.load(i32, cell >> 2) !== ringSeq(head)) break;
    r.packets.push({
      type: dv.getUint16(cell + 4, true),
      flags: dv.getUint16(cell + 6, true),
      srcVc: dv.getInt32(cell + 8, true),
      rreq: dv.getUint32(cell + 28, true),
      aux: dv.getUint32(cell + 36, true),
    });
    const k = packetCells(Number(dv.getBigUint64(cell + 40, true)));
    for (let i = 0; i < k; i++) Atomics.store(i32, (RING_AT + RING.CELLS + (((head + i) >>> 0) & (NCELLS - 1)) * RING.CELL_SIZE) >> 2, 0);
    head = (head + k) | 0;
    Atomics.store(i32, headAt, head);
  }
}

/** Runs the network threads' work (and the ranks' flushes) until `cond` holds. */
export async function runUntil(procs: Proc[], cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    for (const p of procs) {
      for (const r of p.ranks.values()) r.channel.flush();
      p.router.drain();
      for (const r of p.ranks.values()) takePackets(r);
    }
    if (cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

