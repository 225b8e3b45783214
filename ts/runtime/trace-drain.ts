/**
 * Drains the trace buffers of the ranks of this process (wasm/src/trace.h:
 * records the core writes into its own memory, which the ring header
 * publishes) and turns the records into trace events (trace-format.ts). It
 * runs where the ranks' memories are: wmpiexec's thread (thread mode, or each
 * process of a job of processes) or the page of a browser job.
 */
import { readString } from "./c-strings.js";
import type { WatchedRank } from "./deadlock.js";
import { RING } from "./ring-layout.js";
import type { CallArgs, MessageArgs, TraceEvent } from "./trace-format.js";

/** wmpi_trace_buf and wmpi_trace_rec of wasm/src/trace.h. */
const BUF = { WRITTEN: 0, READ: 4, CAPACITY: 8, LOST: 12, OPEN: 16, RECORDS: 64 } as const;
const REC = { SIZE: 48, KIND: 0, CONTEXT: 2, NAME: 4, PEER: 8, TAG: 12, HANDLE: 16, AUX: 20, BYTES: 24, T0: 32, T1: 40 } as const;
const KIND = { CALL: 1, SENT: 2, MATCHED: 3 } as const;
/** mpi.h: MPI_UNDEFINED marks what a call does not have; MPI_ANY_SOURCE, MPI_PROC_NULL */
const UNDEFINED = -32766;
const ANY_SOURCE = -2;
const PROC_NULL = -1;
const CONTEXT_PT2PT = 0;

/** The clock the core stamps records with (host.now of host-node.ts and rank-host.ts): seconds since the epoch. */
export function traceClock(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

/** A handle as the trace names it: which kind of object, and which. */
function handleArg(h: number): CallArgs {
  const kind = (h >>> 26) & 0xf;
  const index = h & 0x3ffffff;
  if (kind === 0x1) {
    if (h === 0x44000000) return { comm: "MPI_COMM_WORLD" };
    if (h === 0x44000001) return { comm: "MPI_COMM_SELF" };
    return h === 0x04000000 ? {} : { comm: `comm ${index}` };
  }
  if (kind === 0x8 && h !== 0x20000000) return { win: `win ${index}` };
  if (kind === 0x4 && h !== 0x10000000) return { file: `file ${index}` };
  return {};
}

interface Drained {
  rank: WatchedRank;
  /** call names by address in the rank's memory (string literals of the core: they never move) */
  names: Map<number, string>;
  /** records copied out and not yet decoded, as they were in memory */
  taken: Uint8Array[];
}

/**
 * Takes the trace records of ranks out of their memories (a copy: cheap
 * enough to do every few milliseconds beside running ranks) and, when asked,
 * turns what it took into events.
 */
export class TraceDrain {
  private readonly ranks = new Map<number, Drained>();
  private pending = 0;
  /** the start-up boards seen, in order: one per job (the first: the job wmpiexec started; then spawned ones) */
  private readonly jobs: SharedArrayBuffer[] = [];

  /** @param startSeconds the job's start on the clock the core stamps with (host.now: epoch seconds) */
  constructor(private readonly startSeconds: number) {}

  /**
   * Copies out the records written since the last take from `ranks` and from
   * every rank given before (a rank that has exited still has its memory:
   * its last records come out too); returns how many wait to be decoded.
   */
  take(ranks: WatchedRank[] = []): number {
    for (const r of ranks) {
      if (this.ranks.has(r.vc)) continue;
      this.ranks.set(r.vc, { rank: r, names: new Map(), taken: [] });
      const board = r.board.buffer as SharedArrayBuffer;
      if (!this.jobs.includes(board)) this.jobs.push(board);
    }
    for (const d of this.ranks.values()) this.takeRank(d);
    return this.pending;
  }

  /** The events of the records taken so far (each record once). */
  events(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (const d of this.ranks.values()) {
      for (const chunk of d.taken) {
        const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        for (let at = 0; at < chunk.byteLength; at += REC.SIZE) {
          const e = this.event(d, view, at);
          if (e) out.push(e);
        }
      }
      d.taken = [];
    }
    this.pending = 0;
    return out;
  }

  /** take() and events() at once. */
  drain(ranks: WatchedRank[] = []): TraceEvent[] {
    this.take(ranks);
    return this.events();
  }

  /**
   * Names for the lanes of ranks of spawned jobs ("rank 1 of job 2"): a lane
   * is a vc, which a spawned rank's rank in its own job is not. The first
   * job's lanes are left to the caller ("rank r").
   */
  spawnedLanes(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (const d of this.ranks.values()) {
      const job = this.jobs.indexOf(d.rank.board.buffer as SharedArrayBuffer);
      if (job > 0) out.push({ ph: "M", name: "thread_name", pid: 0, tid: d.rank.vc, args: { name: `rank ${d.rank.slot - 1} of job ${job}` } });
    }
    return out;
  }

  /**
   * The calls ranks are inside now, as X events that last until now and say
   * `unfinished`: for a job that ended inside calls (a deadlock, a failure),
   * which a finished call's record would never show. Only for a job that has
   * ended: a running rank may be changing them.
   */
  openCalls(): TraceEvent[] {
    const now = traceClock();
    const out: TraceEvent[] = [];
    for (const d of this.ranks.values()) {
      const buf = this.bufferOf(d.rank);
      if (buf === 0) continue;
      const view = new DataView(d.rank.memory.buffer);
      if (view.getUint16(buf + BUF.OPEN + REC.KIND, true) !== KIND.CALL) continue;
      const e = this.event(d, view, buf + BUF.OPEN);
      if (e?.ph !== "X") continue;
      e.dur = Math.max(0, Math.round((this.micros(now) - e.ts) * 1e3) / 1e3);
      e.args.unfinished = true;
      out.push(e);
    }
    return out;
  }

  /** Records the cores dropped because their buffers were full (see WMPI_TRACE_RECORDS). */
  lost(): number {
    let n = 0;
    for (const d of this.ranks.values()) {
      const buf = this.bufferOf(d.rank);
      if (buf) n += Atomics.load(new Uint32Array(d.rank.memory.buffer, buf, 4), BUF.LOST >> 2);
    }
    return n;
  }

  private bufferOf(r: WatchedRank): number {
    const ring = Atomics.load(r.board, r.slot) >>> 0;
    if (ring === 0) return 0; // not started yet
    return Atomics.load(new Uint32Array(r.memory.buffer), (ring + RING.TRACE) >> 2) >>> 0;
  }

  private takeRank(d: Drained): void {
    const buf = this.bufferOf(d.rank);
    if (buf === 0) return;
    // views are taken again each time: the memory may have grown
    const head = new Uint32Array(d.rank.memory.buffer, buf, 4);
    const written = Atomics.load(head, BUF.WRITTEN >> 2);
    const read = Atomics.load(head, BUF.READ >> 2);
    const n = (written - read) >>> 0;
    if (n === 0) return;
    const capacity = head[BUF.CAPACITY >> 2];
    const records = new Uint8Array(d.rank.memory.buffer, buf + BUF.RECORDS, capacity * REC.SIZE);
    const first = read & (capacity - 1);
    const upToEnd = Math.min(n, capacity - first);
    d.taken.push(records.slice(first * REC.SIZE, (first + upToEnd) * REC.SIZE));
    if (upToEnd < n) d.taken.push(records.slice(0, (n - upToEnd) * REC.SIZE)); // the ring wrapped
    this.pending += n;
    // the core may reuse the slots only now that they are copied out
    Atomics.store(head, BUF.READ >> 2, written);
  }

  private name(d: Drained, addr: number): string {
    let n = d.names.get(addr);
    if (n === undefined) {
      n = addr === 0 ? "" : readString(d.rank.memory, addr, 64);
      d.names.set(addr, n);
    }
    return n;
  }

  private micros(seconds: number): number {
    // a thousandth of a microsecond is finer than the clock and keeps the file small
    return Math.round((seconds - this.startSeconds) * 1e9) / 1e3;
  }

  private event(d: Drained, v: DataView, at: number): TraceEvent | undefined {
    const lane = d.rank.vc;
    const kind = v.getUint16(at + REC.KIND, true);
    const name = this.name(d, v.getUint32(at + REC.NAME, true));
    const peer = v.getInt32(at + REC.PEER, true);
    const tag = v.getInt32(at + REC.TAG, true);
    const handle = v.getUint32(at + REC.HANDLE, true);
    const aux = v.getUint32(at + REC.AUX, true);
    const bytes = v.getFloat64(at + REC.BYTES, true);
    const t0 = v.getFloat64(at + REC.T0, true);
    if (kind === KIND.CALL) {
      const args: CallArgs = {};
      if (peer !== UNDEFINED && peer !== PROC_NULL) args.peer = peer === ANY_SOURCE ? -1 : peer;
      const root = aux | 0;
      if (root !== UNDEFINED) args.root = root;
      if (tag !== UNDEFINED) args.tag = tag;
      if (bytes > 0 || /send|recv/i.test(name)) args.bytes = bytes; // (a receive of 0 bytes says so)
      Object.assign(args, handleArg(handle));
      const ts = this.micros(t0);
      const dur = Math.max(0, this.micros(v.getFloat64(at + REC.T1, true)) - ts);
      return { ph: "X", cat: "mpi", name, pid: 0, tid: lane, ts, dur: Math.round(dur * 1e3) / 1e3, args };
    }
    if (kind === KIND.SENT) {
      const args: MessageArgs = { src: lane, dst: peer, tag, bytes };
      const comm = handleArg(handle).comm;
      if (comm !== undefined) args.comm = comm;
      if (v.getUint16(at + REC.CONTEXT, true) !== CONTEXT_PT2PT) args.coll = name || "internal";
      return { ph: "s", cat: "message", name: "message", id: `${lane}:${aux}`, pid: 0, tid: lane, ts: this.micros(t0), args };
    }
    if (kind === KIND.MATCHED) return { ph: "f", bp: "e", cat: "message", name: "message", id: `${peer}:${aux}`, pid: 0, tid: lane, ts: this.micros(t0) };
    return undefined;
  }
}
