import { core } from "./environment.js";
import { Comm } from "./comm.js";
import { Datatype, Datatypes } from "./datatype.js";
import { ErrorClass } from "./errorclasses.js";
import { blocksOf, vectorOf, wvectorOf, type VBufSpec, type WBufSpec } from "./coll-buffers.js";
import { fail } from "./int-arrays.js";
import { parseBuffer, Staged, type BufferLike, type BufSpec, type MessageBuffer } from "./msgbuffer.js";
import { Request } from "./request.js";
import { scratch } from "./scratch.js";
import { ROOT } from "./constants.js";
import { Ops } from "./op.js";

/**
 * Buffer collectives (MPI-4.0 chapter 6) as mpi4py's Comm methods: Barrier,
 * Bcast, Gather(v), Scatter(v), Allgather(v), Alltoall(v,w), Reduce,
 * Allreduce, Reduce_scatter(_block), Scan, Exscan, and their I-forms that
 * return a Request. Buffers outside linear memory are staged for the call.
 */

/** MPI.IN_PLACE: the receive buffer is also the send buffer. */
export const IN_PLACE = Object.freeze({ toString: () => "MPI.IN_PLACE" });
/** MPI.BOTTOM: address 0 (displacements are absolute). */
export const BOTTOM = Object.freeze({ toString: () => "MPI.BOTTOM" });

/** A reduction operation (MPI.SUM, MPI.Op.Create(...)). */
export interface OpLike {
  /** the op's MPI handle */
  readonly handle: number;
}
const IN_PLACE_PTR = -1; // (void *)-1 on wasm32

/** A collective's buffer: a plain buffer spec, MPI.IN_PLACE, or nothing where the call ignores it. */
export type CollBuf = BufSpec | typeof IN_PLACE | null | undefined;
/** Vector forms: [buf, counts], [buf, counts, type], [buf, counts, displs], [buf, counts, displs, type], [buf, [counts, displs], type]; a plain buffer splits evenly. */
export type VecBuf = CollBuf | VBufSpec;
/** Alltoallw: [buf, counts, byte displacements, types] or [buf, [counts, displs], types]. */
export type WBuf = WBufSpec | typeof IN_PLACE;

/** The arguments staged for the call being prepared: released when a later argument is bad. */
let pending: Arg[] = [];
/** Parses one argument; an exception releases what the call staged before it. */
function guarded<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    for (const a of pending) a.release();
    pending = [];
    throw e;
  }
}

/** One buffer argument, as the core sees it, and what finishing the call does with it. */
class Arg {
  stage?: Staged;
  ints: number[] = []; // linear-memory int arrays to free
  constructor(
    public ptr = 0,
    public count = 0,
    public type: number = Datatypes.BYTE.handle,
    readonly out = false,
  ) {
    pending.push(this);
  }
  /** int array in linear memory */
  array(values: number[]): number {
    const c = core();
    const p = c.malloc(4 * Math.max(values.length, 1));
    c.i32.set(values, p >> 2);
    this.ints.push(p);
    return p;
  }
  finish(ok: boolean): void {
    if (ok && this.out && this.stage) this.stage.drain(Number.MAX_SAFE_INTEGER);
    this.release();
  }
  release(): void {
    this.stage?.release();
    this.stage = undefined;
    for (const p of this.ints) core().free(p);
    this.ints = [];
  }
}

/**
 * A blocking call stages small buffers in scratch memory it gives back
 * before it returns (no malloc per call); a nonblocking one owns its staging
 * until its request completes. Set at the start of each collective.
 */
let lending = false;
function lender(out: boolean): { get(n: number): number } | undefined {
  return lending ? (out ? scratch.collRecvRegion : scratch.collSendRegion) : undefined;
}

function isInPlace(b: unknown): boolean {
  return b === IN_PLACE;
}

/** A plain buffer argument; `fill`: the call reads it (send buffers, and receive buffers used in place). */
function arg(spec: CollBuf, fc: string, comm: Comm, name: string, out: boolean, fill: boolean): Arg {
  return guarded(() => argOf(spec, fc, comm, name, out, fill));
}
function argOf(spec: CollBuf, fc: string, comm: Comm, name: string, out: boolean, fill: boolean): Arg {
  if (spec === IN_PLACE) return new Arg(IN_PLACE_PTR, 0, Datatypes.BYTE.handle);
  if (spec === null || spec === undefined) return new Arg();
  const mb = parseBuffer(spec as BufSpec, fc, comm.handle, name);
  const a = new Arg(0, mb.count, mb.datatype.handle, out);
  a.stage = Staged.of(mb, lender(out));
  // a datatype with gaps drains its whole span: a receive buffer must hold the user's gaps (derived datatypes)
  if (fill || (out && !mb.dense)) a.stage.fill();
  a.ptr = a.stage.ptr;
  return a;
}

/** A vector argument: the whole buffer, counts and displacements (checked against it; default: packed in rank order). */
function vecArg(spec: VecBuf, fc: string, comm: Comm, name: string, out: boolean, fill: boolean, nprocs: number): { a: Arg; counts: number; displs: number } {
  return guarded(() => vecArgOf(spec, fc, comm, name, out, fill, nprocs));
}
function vecArgOf(spec: VecBuf, fc: string, comm: Comm, name: string, out: boolean, fill: boolean, nprocs: number): { a: Arg; counts: number; displs: number } {
  if (spec === IN_PLACE || spec === null || spec === undefined) return { a: arg(spec as CollBuf, fc, comm, name, out, fill), counts: 0, displs: 0 };
  if (!Array.isArray(spec) || (spec.length === 2 && spec[1] instanceof Datatype)) {
    // a plain buffer: split evenly
    const { mb, count } = blocksOf(spec as BufSpec, nprocs, fc, comm.handle, name);
    return staged(mb, out, fill, new Array(nprocs).fill(count), Array.from({ length: nprocs }, (_, i) => i * count));
  }
  const { mb, counts, displs } = vectorOf(spec as VBufSpec, nprocs, fc, comm.handle, name);
  return staged(mb, out, fill, counts, displs);
}

/** Whether blocks (counts, displs in elements) cover mb's elements 0..count-1 exactly, without gaps. */
function covers(mb: MessageBuffer, counts: number[], displs: number[]): boolean {
  const blocks = counts.map((c, k) => [displs[k], c]).filter(([, c]) => c > 0).sort((x, y) => x[0] - y[0]);
  let at = 0;
  for (const [d, c] of blocks) {
    if (d !== at) return false;
    at += c;
  }
  return mb.dense && at === mb.count;
}

function staged(mb: MessageBuffer, out: boolean, fill: boolean, counts: number[], displs: number[], bytes = false) {
  const a = new Arg(0, mb.count, mb.datatype.handle, out);
  a.stage = Staged.of(mb, lender(out));
  // a receive buffer whose blocks leave gaps drains its whole span: the gaps must hold the user's data
  if (fill || (out && (bytes || !covers(mb, counts, displs)))) a.stage.fill();
  a.ptr = a.stage.ptr;
  return { a, counts: a.array(counts), displs: a.array(displs) };
}

/** Raises errclass (the staged arguments are released first). */
function refuse(comm: Comm, errclass: number, message: string): never {
  return guarded(() => fail(comm.handle, errclass, message));
}
/** A reduction's send and receive buffers hold the same count (mpi4py checks it too): the core reads count elements of both. */
function sameCount(fc: string, comm: Comm, s: Arg, r: Arg, rcount = r.count): void {
  if (s.ptr !== IN_PLACE_PTR && r.ptr !== IN_PLACE_PTR && s.count !== rcount)
    refuse(comm, ErrorClass.ERR_COUNT, `${fc}: the send buffer has ${s.count} elements, the receive buffer needs ${rcount} (sendbuf, recvbuf)`);
}
/** The count of one of n equal blocks of a's buffer. */
function per(fc: string, comm: Comm, a: Arg, n: number, name: string): number {
  if (a.ptr === IN_PLACE_PTR || n === 0) return 0;
  if (a.count % n !== 0) refuse(comm, ErrorClass.ERR_BUFFER, `${fc}: ${a.count} elements do not split into ${n} equal blocks (${name})`);
  return a.count / n;
}

/** Runs a collective's export; blocking: finishes at once, nonblocking: when the request completes. */
function run(nb: boolean, args: Arg[], call: () => number): Request | undefined {
  pending = [];
  let h: number;
  try {
    h = core().collective(call());
  } catch (e) {
    for (const a of args) a.release();
    throw e;
  }
  if (!nb) {
    for (const a of args) a.finish(true);
    return undefined;
  }
  return new Request(h, () => {
    for (const a of args) a.finish(true);
  });
}

/** Processes a rooted call sends to or receives from: the remote group of an intercommunicator. */
export function peers(comm: Comm): number {
  return comm.Is_inter() ? core().commRemoteSize(comm.handle) : comm.Get_size();
}
/** Whether this process's receive buffer matters for a rooted call. */
function isRoot(comm: Comm, root: number, fc: string): boolean {
  // the core takes an int: 0.5 or 2**40 would silently become another rank
  if (!Number.isInteger(root) || root < -(2 ** 31) || root >= 2 ** 31)
    fail(comm.handle, ErrorClass.ERR_ROOT, `${fc}: invalid root ${root} (root): not an integer`);
  return comm.Is_inter() ? root === ROOT : comm.Get_rank() === root;
}

// The collectives, each in a blocking and a nonblocking form (nb).

function bcast(comm: Comm, nb: boolean, buf: CollBuf, root: number) {
  lending = !nb;
  isRoot(comm, root, nb ? "MPI_Ibcast" : "MPI_Bcast");
  const a = arg(buf, nb ? "MPI_Ibcast" : "MPI_Bcast", comm, "buf", true, true);
  return run(nb, [a], () => core().coll.wmpi_bcast(+nb, a.ptr, a.count, a.type, root, comm.handle));
}

function gather(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: CollBuf, root: number) {
  lending = !nb;
  const fc = nb ? "MPI_Igather" : "MPI_Gather";
  const me = isRoot(comm, root, fc);
  const r = arg(me ? recvbuf : null, fc, comm, "recvbuf", true, isInPlace(sendbuf));
  const s = comm.Is_inter() && me ? new Arg() : arg(sendbuf, fc, comm, "sendbuf", false, true);
  const rc = me ? per(fc, comm, r, peers(comm), "recvbuf") : 0;
  return run(nb, [s, r], () => core().coll.wmpi_gather(+nb, s.ptr, s.count, s.type, r.ptr, rc, r.type, root, comm.handle));
}

function gatherv(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: VecBuf, root: number) {
  lending = !nb;
  const fc = nb ? "MPI_Igatherv" : "MPI_Gatherv";
  const me = isRoot(comm, root, fc);
  const r = vecArg(me ? recvbuf : null, fc, comm, "recvbuf", true, isInPlace(sendbuf), peers(comm));
  const s = comm.Is_inter() && me ? new Arg() : arg(sendbuf, fc, comm, "sendbuf", false, true);
  return run(nb, [s, r.a], () => core().coll.wmpi_gatherv(+nb, s.ptr, s.count, s.type, r.a.ptr, r.counts, r.displs, r.a.type, root, comm.handle));
}

function scatter(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: CollBuf, root: number) {
  lending = !nb;
  const fc = nb ? "MPI_Iscatter" : "MPI_Scatter";
  const me = isRoot(comm, root, fc);
  const s = arg(me ? sendbuf : null, fc, comm, "sendbuf", false, true);
  const r = comm.Is_inter() && me ? new Arg() : arg(recvbuf, fc, comm, "recvbuf", true, false);
  const sc = me ? per(fc, comm, s, peers(comm), "sendbuf") : 0;
  return run(nb, [s, r], () => core().coll.wmpi_scatter(+nb, s.ptr, sc, s.type, r.ptr, r.count, r.type, root, comm.handle));
}

function scatterv(comm: Comm, nb: boolean, sendbuf: VecBuf, recvbuf: CollBuf, root: number) {
  lending = !nb;
  const fc = nb ? "MPI_Iscatterv" : "MPI_Scatterv";
  const me = isRoot(comm, root, fc);
  const s = vecArg(me ? sendbuf : null, fc, comm, "sendbuf", false, true, peers(comm));
  const r = comm.Is_inter() && me ? new Arg() : arg(recvbuf, fc, comm, "recvbuf", true, false);
  return run(nb, [s.a, r], () => core().coll.wmpi_scatterv(+nb, s.a.ptr, s.counts, s.displs, s.a.type, r.ptr, r.count, r.type, root, comm.handle));
}

function allgather(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: CollBuf) {
  lending = !nb;
  const fc = nb ? "MPI_Iallgather" : "MPI_Allgather";
  const r = arg(recvbuf, fc, comm, "recvbuf", true, isInPlace(sendbuf));
  const s = arg(sendbuf, fc, comm, "sendbuf", false, true);
  const rc = per(fc, comm, r, peers(comm), "recvbuf");
  return run(nb, [s, r], () => core().coll.wmpi_allgather(+nb, s.ptr, s.count, s.type, r.ptr, rc, r.type, comm.handle));
}

function allgatherv(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: VecBuf) {
  lending = !nb;
  const fc = nb ? "MPI_Iallgatherv" : "MPI_Allgatherv";
  const r = vecArg(recvbuf, fc, comm, "recvbuf", true, isInPlace(sendbuf), peers(comm));
  const s = arg(sendbuf, fc, comm, "sendbuf", false, true);
  return run(nb, [s, r.a], () => core().coll.wmpi_allgatherv(+nb, s.ptr, s.count, s.type, r.a.ptr, r.counts, r.displs, r.a.type, comm.handle));
}

function alltoall(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: CollBuf) {
  lending = !nb;
  const fc = nb ? "MPI_Ialltoall" : "MPI_Alltoall";
  const n = peers(comm);
  const r = arg(recvbuf, fc, comm, "recvbuf", true, isInPlace(sendbuf));
  const s = arg(sendbuf, fc, comm, "sendbuf", false, true);
  const [sc, rc] = [per(fc, comm, s, n, "sendbuf"), per(fc, comm, r, n, "recvbuf")];
  return run(nb, [s, r], () => core().coll.wmpi_alltoall(+nb, s.ptr, sc, s.type, r.ptr, rc, r.type, comm.handle));
}

function alltoallv(comm: Comm, nb: boolean, sendbuf: VecBuf, recvbuf: VecBuf) {
  lending = !nb;
  const fc = nb ? "MPI_Ialltoallv" : "MPI_Alltoallv";
  const n = peers(comm);
  const r = vecArg(recvbuf, fc, comm, "recvbuf", true, isInPlace(sendbuf), n);
  const s = vecArg(sendbuf, fc, comm, "sendbuf", false, true, n);
  return run(nb, [s.a, r.a], () => core().coll.wmpi_alltoallv(+nb, s.a.ptr, s.counts, s.displs, s.a.type, r.a.ptr, r.counts, r.displs, r.a.type, comm.handle));
}

function wArg(spec: WBuf, fc: string, comm: Comm, name: string, out: boolean, fill: boolean) {
  return guarded(() => {
    if (spec === IN_PLACE) return { a: new Arg(IN_PLACE_PTR), counts: 0, displs: 0, types: 0 };
    const { mb, counts, displs, types } = wvectorOf(spec as WBufSpec, peers(comm), fc, comm.handle, name);
    const v = staged(mb, out, fill, counts, displs, true);
    return { ...v, types: v.a.array(types) };
  });
}

function alltoallw(comm: Comm, nb: boolean, sendbuf: WBuf, recvbuf: WBuf) {
  lending = !nb;
  const fc = nb ? "MPI_Ialltoallw" : "MPI_Alltoallw";
  const r = wArg(recvbuf, fc, comm, "recvbuf", true, isInPlace(sendbuf));
  const s = wArg(sendbuf, fc, comm, "sendbuf", false, true);
  return run(nb, [s.a, r.a], () => core().coll.wmpi_alltoallw(+nb, s.a.ptr, s.counts, s.displs, s.types, r.a.ptr, r.counts, r.displs, r.types, comm.handle));
}

function reduce(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: CollBuf, op: OpLike, root: number) {
  lending = !nb;
  const fc = nb ? "MPI_Ireduce" : "MPI_Reduce";
  const me = isRoot(comm, root, fc);
  const r = arg(me ? recvbuf : null, fc, comm, "recvbuf", true, isInPlace(sendbuf));
  const s = comm.Is_inter() && me ? new Arg() : arg(sendbuf, fc, comm, "sendbuf", false, true);
  if (me && !comm.Is_inter()) sameCount(fc, comm, s, r);
  const count = isInPlace(sendbuf) || (comm.Is_inter() && me) ? r.count : s.count;
  const type = isInPlace(sendbuf) || (comm.Is_inter() && me) ? r.type : s.type;
  return run(nb, [s, r], () => core().coll.wmpi_reduce(+nb, s.ptr, r.ptr, count, type, op.handle, root, comm.handle));
}

function allreduce(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: CollBuf, op: OpLike) {
  lending = !nb;
  const fc = nb ? "MPI_Iallreduce" : "MPI_Allreduce";
  const r = arg(recvbuf, fc, comm, "recvbuf", true, isInPlace(sendbuf));
  const s = arg(sendbuf, fc, comm, "sendbuf", false, true);
  sameCount(fc, comm, s, r);
  return run(nb, [s, r], () => core().coll.wmpi_allreduce(+nb, s.ptr, r.ptr, r.count, r.type, op.handle, comm.handle));
}

function reduceScatterBlock(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: CollBuf, op: OpLike) {
  lending = !nb;
  const fc = nb ? "MPI_Ireduce_scatter_block" : "MPI_Reduce_scatter_block";
  const inPlace = isInPlace(sendbuf);
  const r = arg(recvbuf, fc, comm, "recvbuf", true, inPlace);
  const s = arg(sendbuf, fc, comm, "sendbuf", false, true);
  const count = inPlace ? per(fc, comm, r, comm.Get_size(), "recvbuf") : r.count;
  sameCount(fc, comm, s, r, count * comm.Get_size());
  return run(nb, [s, r], () => core().coll.wmpi_reduce_scatter_block(+nb, s.ptr, r.ptr, count, r.type, op.handle, comm.handle));
}

function reduceScatter(comm: Comm, nb: boolean, sendbuf: CollBuf, recvbuf: CollBuf, recvcounts: number[] | undefined, op: OpLike) {
  lending = !nb;
  const fc = nb ? "MPI_Ireduce_scatter" : "MPI_Reduce_scatter";
  const inPlace = isInPlace(sendbuf);
  const r = arg(recvbuf, fc, comm, "recvbuf", true, inPlace);
  const s = arg(sendbuf, fc, comm, "sendbuf", false, true);
  const n = comm.Get_size();
  let counts = recvcounts;
  if (counts === undefined) {
    // mpi4py: without recvcounts, the send buffer splits evenly
    const total = inPlace ? r.count : s.count;
    counts = new Array(n).fill(Math.floor(total / n));
  }
  if (counts.length !== n) {
    const k = counts.length;
    guarded(() => fail(comm.handle, ErrorClass.ERR_ARG, `${fc}: ${k} recvcounts for ${n} processes (recvcounts)`));
  }
  if (recvcounts !== undefined) sameCount(fc, comm, s, r, counts.reduce((a, b) => a + b, 0));
  const rcs = r.array(counts);
  const type = inPlace ? r.type : s.type;
  return run(nb, [s, r], () => core().coll.wmpi_reduce_scatter(+nb, s.ptr, r.ptr, rcs, type, op.handle, comm.handle));
}

function scan(comm: Comm, nb: boolean, exclusive: boolean, sendbuf: CollBuf, recvbuf: CollBuf, op: OpLike) {
  lending = !nb;
  const fc = exclusive ? (nb ? "MPI_Iexscan" : "MPI_Exscan") : nb ? "MPI_Iscan" : "MPI_Scan";
  // Exscan writes nothing at rank 0: its buffer goes back as it was
  const r = arg(recvbuf, fc, comm, "recvbuf", true, isInPlace(sendbuf) || (exclusive && !comm.Is_inter() && comm.Get_rank() === 0));
  const s = arg(sendbuf, fc, comm, "sendbuf", false, true);
  sameCount(fc, comm, s, r);
  return run(nb, [s, r], () => core().coll.wmpi_scan(+nb, +exclusive, s.ptr, r.ptr, r.count, r.type, op.handle, comm.handle));
}

declare module "./comm.js" {
  interface Comm {
    /**
     * MPI_Barrier: returns once every process of the communicator has called it (on an Intercomm,
     * every process of both groups).
     * @throws {@link Exception} only as {@link Comm} says (ERR_COMM, ERR_OTHER).
     * @example
     * ```ts
     * const t0 = MPI.Wtime();
     * comm.Barrier();   // everyone has started
     * ```
     */
    Barrier(): void;
    /**
     * MPI_Ibarrier: a Barrier that returns at once; its request completes once every process has called it.
     * @throws {@link Exception} only as {@link Comm} says (ERR_COMM, ERR_OTHER).
     * @example
     * ```ts
     * const req = comm.Ibarrier();
     * while (!req.Test()) { } // do other work meanwhile
     * ```
     */
    Ibarrier(): Request;
    /**
     * MPI_Bcast: the root's buffer is copied into every process's buffer.
     * @param buf the data at the root; where it goes elsewhere (the same count and type)
     * @param root the root's rank (default 0; on an Intercomm MPI.ROOT, MPI.PROC_NULL or the remote root)
     * @throws {@link Exception} collective errors ({@link Comm}): ERR_ROOT, ERR_TRUNCATE, buffer errors.
     * @example
     * ```ts
     * const params = new Float64Array(3);
     * if (rank === 0) params.set([0.1, 0.2, 0.3]);
     * comm.Bcast(params, 0);
     * ```
     */
    Bcast(buf: CollBuf, root?: number): void;
    /**
     * MPI_Ibcast: the nonblocking {@link Comm.Bcast}.
     * @param buf the data at the root; where it goes elsewhere
     * @param root the root's rank (default 0)
     * @throws {@link Exception} as {@link Comm.Bcast}, when it starts.
     * @example
     * ```ts
     * const params = new Int32Array(4);
     * const req = comm.Ibcast(params, 0);
     * req.Wait();
     * ```
     */
    Ibcast(buf: CollBuf, root?: number): Request;
    /**
     * MPI_Gather: the root's recvbuf receives every process's sendbuf, in rank order.
     * @param sendbuf this process's block (MPI.IN_PLACE at the root: its block is already in recvbuf)
     * @param recvbuf at the root, room for size blocks; ignored elsewhere (null)
     * @param root the root's rank (default 0)
     * @throws {@link Exception} collective errors ({@link Comm}): ERR_ROOT, ERR_TRUNCATE (recvbuf
     * holds fewer than size blocks), ERR_BUFFER, buffer errors.
     * @example
     * ```ts
     * const all = rank === 0 ? new Int32Array(size) : null;
     * comm.Gather(new Int32Array([rank * rank]), all, 0);
     * ```
     */
    Gather(sendbuf: CollBuf, recvbuf: CollBuf, root?: number): void;
    /**
     * MPI_Igather: the nonblocking {@link Comm.Gather}.
     * @param sendbuf this process's block (MPI.IN_PLACE at the root)
     * @param recvbuf at the root, room for size blocks
     * @param root the root's rank (default 0)
     * @throws {@link Exception} as {@link Comm.Gather}, when it starts.
     * @example
     * ```ts
     * const all = new Float64Array(size);
     * comm.Igather(new Float64Array([rank]), all, 0).Wait();
     * ```
     */
    Igather(sendbuf: CollBuf, recvbuf: CollBuf, root?: number): Request;
    /**
     * MPI_Gatherv: a Gather whose blocks differ in size: recvbuf says each one's count and place.
     * @param sendbuf this process's block (MPI.IN_PLACE at the root)
     * @param recvbuf at the root `[buf, counts]`, `[buf, counts, displs]`, `[buf, [counts, displs]]`, each with an optional datatype last
     * @param root the root's rank (default 0)
     * @throws {@link Exception} collective errors ({@link Comm}); ERR_ARG (counts or displs not one
     * per process, or a block outside buf), ERR_COUNT (a negative count).
     * @example
     * ```ts
     * const counts = Array.from({ length: size }, (_, r) => r + 1);
     * const all = new Int32Array(counts.reduce((a, b) => a + b, 0));
     * comm.Gatherv(new Int32Array(rank + 1).fill(rank), [all, counts], 0);
     * ```
     */
    Gatherv(sendbuf: CollBuf, recvbuf: VecBuf, root?: number): void;
    /**
     * MPI_Igatherv: the nonblocking {@link Comm.Gatherv}.
     * @param sendbuf this process's block
     * @param recvbuf at the root `[buf, counts, displs?]`
     * @param root the root's rank (default 0)
     * @throws {@link Exception} as {@link Comm.Gatherv}, when it starts.
     * @example
     * ```ts
     * const all = new Int32Array(2 * size);
     * comm.Igatherv(new Int32Array([rank, rank]), [all, new Array(size).fill(2)], 0).Wait();
     * ```
     */
    Igatherv(sendbuf: CollBuf, recvbuf: VecBuf, root?: number): Request;
    /**
     * MPI_Scatter: the root's sendbuf is cut into size blocks; block i goes to rank i.
     * @param sendbuf at the root, size blocks; ignored elsewhere (null)
     * @param recvbuf this process's block (MPI.IN_PLACE at the root: it keeps its block in sendbuf)
     * @param root the root's rank (default 0)
     * @throws {@link Exception} collective errors ({@link Comm}): ERR_ROOT, ERR_TRUNCATE (a block
     * larger than recvbuf), ERR_BUFFER, buffer errors.
     * @example
     * ```ts
     * const work = rank === 0 ? Float64Array.from({ length: 2 * size }, (_, i) => i) : null;
     * const mine = new Float64Array(2);
     * comm.Scatter(work, mine, 0);
     * ```
     */
    Scatter(sendbuf: CollBuf, recvbuf: CollBuf, root?: number): void;
    /**
     * MPI_Iscatter: the nonblocking {@link Comm.Scatter}.
     * @param sendbuf at the root, size blocks
     * @param recvbuf this process's block
     * @param root the root's rank (default 0)
     * @throws {@link Exception} as {@link Comm.Scatter}, when it starts.
     * @example
     * ```ts
     * const mine = new Int32Array(1);
     * comm.Iscatter(rank === 0 ? Int32Array.from({ length: size }, (_, i) => i) : null, mine, 0).Wait();
     * ```
     */
    Iscatter(sendbuf: CollBuf, recvbuf: CollBuf, root?: number): Request;
    /**
     * MPI_Scatterv: a Scatter whose blocks differ in size: sendbuf says each one's count and place.
     * @param sendbuf at the root `[buf, counts]`, `[buf, counts, displs]` or `[buf, [counts, displs]]`, with an optional datatype last
     * @param recvbuf this process's block (MPI.IN_PLACE at the root)
     * @param root the root's rank (default 0)
     * @throws {@link Exception} collective errors ({@link Comm}); ERR_ARG (counts or displs not one
     * per process, or a block outside buf), ERR_COUNT (a negative count).
     * @example
     * ```ts
     * const counts = Array.from({ length: size }, (_, r) => r + 1);
     * const all = new Float64Array(counts.reduce((a, b) => a + b, 0));
     * const mine = new Float64Array(rank + 1);
     * comm.Scatterv([all, counts], mine, 0);
     * ```
     */
    Scatterv(sendbuf: VecBuf, recvbuf: CollBuf, root?: number): void;
    /**
     * MPI_Iscatterv: the nonblocking {@link Comm.Scatterv}.
     * @param sendbuf at the root `[buf, counts, displs?]`
     * @param recvbuf this process's block
     * @param root the root's rank (default 0)
     * @throws {@link Exception} as {@link Comm.Scatterv}, when it starts.
     * @example
     * ```ts
     * const mine = new Int32Array(1);
     * comm.Iscatterv([new Int32Array(size), new Array(size).fill(1)], mine, 0).Wait();
     * ```
     */
    Iscatterv(sendbuf: VecBuf, recvbuf: CollBuf, root?: number): Request;
    /**
     * MPI_Allgather: every process's recvbuf receives every process's sendbuf, in rank order (on an
     * Intercomm, the remote group's).
     * @param sendbuf this process's block, or MPI.IN_PLACE (its block is already at its place in recvbuf)
     * @param recvbuf room for size blocks
     * @throws {@link Exception} collective errors ({@link Comm}): ERR_TRUNCATE, ERR_BUFFER (recvbuf
     * MPI.IN_PLACE), buffer errors.
     * @example
     * ```ts
     * const ranks = new Int32Array(size);
     * comm.Allgather(new Int32Array([rank]), ranks);
     * ```
     */
    Allgather(sendbuf: CollBuf, recvbuf: CollBuf): void;
    /**
     * MPI_Iallgather: the nonblocking {@link Comm.Allgather}.
     * @param sendbuf this process's block, or MPI.IN_PLACE
     * @param recvbuf room for size blocks
     * @throws {@link Exception} as {@link Comm.Allgather}, when it starts.
     * @example
     * ```ts
     * const ranks = new Int32Array(size);
     * await comm.Iallgather(new Int32Array([rank]), ranks).waitAsync();
     * ```
     */
    Iallgather(sendbuf: CollBuf, recvbuf: CollBuf): Request;
    /**
     * MPI_Allgatherv: an Allgather whose blocks differ in size.
     * @param sendbuf this process's block, or MPI.IN_PLACE
     * @param recvbuf `[buf, counts]`, `[buf, counts, displs]` or `[buf, [counts, displs]]`, with an optional datatype last
     * @throws {@link Exception} collective errors ({@link Comm}); ERR_ARG (counts or displs not one
     * per process, or a block outside buf), ERR_COUNT (a negative count).
     * @example
     * ```ts
     * const counts = Array.from({ length: size }, (_, r) => r + 1);
     * const all = new Int32Array(counts.reduce((a, b) => a + b, 0));
     * comm.Allgatherv(new Int32Array(rank + 1).fill(rank), [all, counts]);
     * ```
     */
    Allgatherv(sendbuf: CollBuf, recvbuf: VecBuf): void;
    /**
     * MPI_Iallgatherv: the nonblocking {@link Comm.Allgatherv}.
     * @param sendbuf this process's block, or MPI.IN_PLACE
     * @param recvbuf `[buf, counts, displs?]`
     * @throws {@link Exception} as {@link Comm.Allgatherv}, when it starts.
     * @example
     * ```ts
     * const all = new Int32Array(size);
     * comm.Iallgatherv(new Int32Array([rank]), [all, new Array(size).fill(1)]).Wait();
     * ```
     */
    Iallgatherv(sendbuf: CollBuf, recvbuf: VecBuf): Request;
    /**
     * MPI_Alltoall: block j of process i's sendbuf goes to block i of process j's recvbuf.
     * @param sendbuf size blocks, or MPI.IN_PLACE (recvbuf's blocks are sent and replaced)
     * @param recvbuf room for size blocks
     * @throws {@link Exception} collective errors ({@link Comm}): ERR_TRUNCATE, ERR_BUFFER, buffer errors.
     * @example
     * ```ts
     * const out = Int32Array.from({ length: size }, (_, j) => 100 * rank + j);
     * const got = new Int32Array(size);
     * comm.Alltoall(out, got);   // got[i] = 100 * i + rank
     * ```
     */
    Alltoall(sendbuf: CollBuf, recvbuf: CollBuf): void;
    /**
     * MPI_Ialltoall: the nonblocking {@link Comm.Alltoall}.
     * @param sendbuf size blocks, or MPI.IN_PLACE
     * @param recvbuf room for size blocks
     * @throws {@link Exception} as {@link Comm.Alltoall}, when it starts.
     * @example
     * ```ts
     * const got = new Int32Array(size);
     * comm.Ialltoall(new Int32Array(size).fill(rank), got).Wait();
     * ```
     */
    Ialltoall(sendbuf: CollBuf, recvbuf: CollBuf): Request;
    /**
     * MPI_Alltoallv: an Alltoall whose blocks differ in size: both buffers say each block's count and place.
     * @param sendbuf `[buf, counts]`, `[buf, counts, displs]` or `[buf, [counts, displs]]`, with an optional datatype last; or MPI.IN_PLACE
     * @param recvbuf the same forms, for the blocks received
     * @throws {@link Exception} collective errors ({@link Comm}); ERR_ARG (counts or displs not one
     * per process, or a block outside its buffer), ERR_COUNT (a negative count).
     * @example
     * ```ts
     * // process i sends i + 1 elements to everyone
     * const out = new Int32Array(size * (rank + 1)).fill(rank);
     * const counts = Array.from({ length: size }, (_, r) => r + 1);
     * const got = new Int32Array(counts.reduce((a, b) => a + b, 0));
     * comm.Alltoallv([out, new Array(size).fill(rank + 1)], [got, counts]);
     * ```
     */
    Alltoallv(sendbuf: VecBuf, recvbuf: VecBuf): void;
    /**
     * MPI_Ialltoallv: the nonblocking {@link Comm.Alltoallv}.
     * @param sendbuf `[buf, counts, displs?]`, or MPI.IN_PLACE
     * @param recvbuf `[buf, counts, displs?]`
     * @throws {@link Exception} as {@link Comm.Alltoallv}, when it starts.
     * @example
     * ```ts
     * const ones = new Array(size).fill(1);
     * comm.Ialltoallv([new Int32Array(size), ones], [new Int32Array(size), ones]).Wait();
     * ```
     */
    Ialltoallv(sendbuf: VecBuf, recvbuf: VecBuf): Request;
    /**
     * MPI_Alltoallw: the most general Alltoall: each block has its own count, byte displacement and datatype.
     * @param sendbuf `[buf, counts, byte displacements, datatypes]` or `[buf, [counts, displs], datatypes]`, or MPI.IN_PLACE
     * @param recvbuf the same forms, for the blocks received
     * @throws {@link Exception} collective errors ({@link Comm}); ERR_ARG (lists not one entry per
     * process, or a block outside its buffer), ERR_TYPE (an entry of datatypes is not a Datatype), ERR_COUNT.
     * @example
     * ```ts
     * const buf = new Float64Array(size), got = new Float64Array(size);
     * const counts = new Array(size).fill(1), displs = counts.map((_, i) => 8 * i), types = counts.map(() => MPI.DOUBLE);
     * comm.Alltoallw([buf, counts, displs, types], [got, counts, displs, types]);
     * ```
     */
    Alltoallw(sendbuf: WBuf, recvbuf: WBuf): void;
    /**
     * MPI_Ialltoallw: the nonblocking {@link Comm.Alltoallw}.
     * @param sendbuf `[buf, counts, byte displacements, datatypes]`, or MPI.IN_PLACE
     * @param recvbuf the same form, for the blocks received
     * @throws {@link Exception} as {@link Comm.Alltoallw}, when it starts.
     * @example
     * ```ts
     * const counts = new Array(size).fill(1), displs = counts.map((_, i) => 4 * i), types = counts.map(() => MPI.INT);
     * comm.Ialltoallw([new Int32Array(size), counts, displs, types], [new Int32Array(size), counts, displs, types]).Wait();
     * ```
     */
    Ialltoallw(sendbuf: WBuf, recvbuf: WBuf): Request;
    /**
     * MPI_Reduce: op combines the processes' sendbufs element by element into the root's recvbuf.
     * @param sendbuf this process's values (MPI.IN_PLACE at the root: its values are in recvbuf)
     * @param recvbuf at the root, room for the result (the same count); ignored elsewhere
     * @param op the reduction (default MPI.SUM): MPI.MAX, MPI.PROD, ... or an MPI.Op.Create op
     * @param root the root's rank (default 0)
     * @throws {@link Exception} collective errors ({@link Comm}): ERR_OP, ERR_ROOT, ERR_COUNT
     * (sendbuf and recvbuf counts differ), ERR_BUFFER, buffer errors.
     * @example
     * ```ts
     * const total = new Float64Array(1);
     * comm.Reduce(new Float64Array([rank]), total, MPI.SUM, 0);
     * if (rank === 0) console.log(total[0]);
     * ```
     */
    Reduce(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike, root?: number): void;
    /**
     * MPI_Ireduce: the nonblocking {@link Comm.Reduce}.
     * @param sendbuf this process's values (MPI.IN_PLACE at the root)
     * @param recvbuf at the root, room for the result
     * @param op the reduction (default MPI.SUM)
     * @param root the root's rank (default 0)
     * @throws {@link Exception} as {@link Comm.Reduce}, when it starts.
     * @example
     * ```ts
     * const max = new Int32Array(1);
     * comm.Ireduce(new Int32Array([rank]), max, MPI.MAX, 0).Wait();
     * ```
     */
    Ireduce(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike, root?: number): Request;
    /**
     * MPI_Allreduce: a Reduce whose result every process receives (on an Intercomm, each group gets
     * the reduction of the other group's values).
     * @param sendbuf this process's values, or MPI.IN_PLACE (they are in recvbuf)
     * @param recvbuf room for the result (the same count)
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} collective errors ({@link Comm}): ERR_OP, ERR_COUNT (sendbuf and
     * recvbuf counts differ), ERR_BUFFER, buffer errors.
     * @example
     * ```ts
     * const norm2 = new Float64Array([Math.random() ** 2]);
     * comm.Allreduce(MPI.IN_PLACE, norm2, MPI.SUM);
     * ```
     */
    Allreduce(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike): void;
    /**
     * MPI_Iallreduce: the nonblocking {@link Comm.Allreduce}.
     * @param sendbuf this process's values, or MPI.IN_PLACE
     * @param recvbuf room for the result
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} as {@link Comm.Allreduce}, when it starts.
     * @example
     * ```ts
     * const sum = new Float64Array(1);
     * const req = comm.Iallreduce(new Float64Array([rank]), sum);
     * req.Wait();
     * ```
     */
    Iallreduce(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike): Request;
    /**
     * MPI_Reduce_scatter_block: an elementwise reduction of size blocks, whose block i rank i receives.
     * @param sendbuf size blocks of recvbuf's count, or MPI.IN_PLACE (recvbuf holds them)
     * @param recvbuf room for one block
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} collective errors ({@link Comm}): ERR_OP, ERR_COUNT (sendbuf is not
     * size times recvbuf), ERR_BUFFER, buffer errors.
     * @example
     * ```ts
     * const mine = new Int32Array(1);
     * comm.Reduce_scatter_block(new Int32Array(size).fill(1), mine);   // mine[0] = size
     * ```
     */
    Reduce_scatter_block(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike): void;
    /**
     * MPI_Ireduce_scatter_block: the nonblocking {@link Comm.Reduce_scatter_block}.
     * @param sendbuf size blocks of recvbuf's count, or MPI.IN_PLACE
     * @param recvbuf room for one block
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} as {@link Comm.Reduce_scatter_block}, when it starts.
     * @example
     * ```ts
     * const mine = new Float64Array(1);
     * comm.Ireduce_scatter_block(new Float64Array(size).fill(0.5), mine, MPI.MAX).Wait();
     * ```
     */
    Ireduce_scatter_block(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike): Request;
    /**
     * MPI_Reduce_scatter: an elementwise reduction whose result is cut into blocks of recvcounts;
     * block i goes to rank i.
     * @param sendbuf the sum of recvcounts elements, or MPI.IN_PLACE (recvbuf holds them)
     * @param recvbuf room for this process's block
     * @param recvcounts one count per process (default: sendbuf cut into equal blocks)
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} collective errors ({@link Comm}): ERR_OP, ERR_ARG (recvcounts not
     * one per process), ERR_COUNT, ERR_BUFFER (sendbuf does not split evenly), buffer errors.
     * @example
     * ```ts
     * const counts = Array.from({ length: size }, (_, r) => r + 1);
     * const mine = new Int32Array(rank + 1);
     * comm.Reduce_scatter(new Int32Array(counts.reduce((a, b) => a + b, 0)).fill(1), mine, counts);
     * ```
     */
    Reduce_scatter(sendbuf: CollBuf, recvbuf: CollBuf, recvcounts?: number[], op?: OpLike): void;
    /**
     * MPI_Ireduce_scatter: the nonblocking {@link Comm.Reduce_scatter}.
     * @param sendbuf the sum of recvcounts elements, or MPI.IN_PLACE
     * @param recvbuf room for this process's block
     * @param recvcounts one count per process (default: equal blocks)
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} as {@link Comm.Reduce_scatter}, when it starts.
     * @example
     * ```ts
     * const mine = new Int32Array(1);
     * comm.Ireduce_scatter(new Int32Array(size).fill(rank), mine, new Array(size).fill(1)).Wait();
     * ```
     */
    Ireduce_scatter(sendbuf: CollBuf, recvbuf: CollBuf, recvcounts?: number[], op?: OpLike): Request;
    /**
     * MPI_Scan: an inclusive prefix reduction: rank r receives op over the sendbufs of ranks 0..r.
     * Intracommunicators only.
     * @param sendbuf this process's values, or MPI.IN_PLACE (they are in recvbuf)
     * @param recvbuf room for the result
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} ERR_COMM (an Intercomm); collective errors ({@link Comm}): ERR_OP, ERR_COUNT, buffer errors.
     * @example
     * ```ts
     * const upToMe = new Int32Array(1);
     * comm.Scan(new Int32Array([1]), upToMe);   // rank + 1
     * ```
     */
    Scan(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike): void;
    /**
     * MPI_Iscan: the nonblocking {@link Comm.Scan}.
     * @param sendbuf this process's values, or MPI.IN_PLACE
     * @param recvbuf room for the result
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} as {@link Comm.Scan}, when it starts.
     * @example
     * ```ts
     * const upToMe = new Float64Array(1);
     * comm.Iscan(new Float64Array([2.5]), upToMe).Wait();
     * ```
     */
    Iscan(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike): Request;
    /**
     * MPI_Exscan: an exclusive prefix reduction: rank r receives op over the sendbufs of ranks
     * 0..r-1; rank 0's recvbuf is left as it was. Intracommunicators only.
     * @param sendbuf this process's values, or MPI.IN_PLACE (they are in recvbuf)
     * @param recvbuf room for the result
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} ERR_COMM (an Intercomm); collective errors ({@link Comm}): ERR_OP, ERR_COUNT, buffer errors.
     * @example
     * ```ts
     * // where this rank's items start in a global numbering
     * const myItems = 10 + rank, offset = new Int32Array(1);
     * comm.Exscan(new Int32Array([myItems]), offset);
     * ```
     */
    Exscan(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike): void;
    /**
     * MPI_Iexscan: the nonblocking {@link Comm.Exscan}.
     * @param sendbuf this process's values, or MPI.IN_PLACE
     * @param recvbuf room for the result
     * @param op the reduction (default MPI.SUM)
     * @throws {@link Exception} as {@link Comm.Exscan}, when it starts.
     * @example
     * ```ts
     * const offset = new Int32Array(1);
     * comm.Iexscan(new Int32Array([rank]), offset).Wait();
     * ```
     */
    Iexscan(sendbuf: CollBuf, recvbuf: CollBuf, op?: OpLike): Request;
  }
}

const SUM: OpLike = Ops.SUM;
const P = Comm.prototype;
P.Barrier = function (this: Comm) {
  core().collective(core().coll.wmpi_barrier(0, this.handle));
};
P.Ibarrier = function (this: Comm) {
  return new Request(core().collective(core().coll.wmpi_barrier(1, this.handle)));
};
P.Bcast = function (this: Comm, buf, root = 0) { bcast(this, false, buf, root); };
P.Ibcast = function (this: Comm, buf, root = 0) { return bcast(this, true, buf, root)!; };
P.Gather = function (this: Comm, s, r, root = 0) { gather(this, false, s, r, root); };
P.Igather = function (this: Comm, s, r, root = 0) { return gather(this, true, s, r, root)!; };
P.Gatherv = function (this: Comm, s, r, root = 0) { gatherv(this, false, s, r, root); };
P.Igatherv = function (this: Comm, s, r, root = 0) { return gatherv(this, true, s, r, root)!; };
P.Scatter = function (this: Comm, s, r, root = 0) { scatter(this, false, s, r, root); };
P.Iscatter = function (this: Comm, s, r, root = 0) { return scatter(this, true, s, r, root)!; };
P.Scatterv = function (this: Comm, s, r, root = 0) { scatterv(this, false, s, r, root); };
P.Iscatterv = function (this: Comm, s, r, root = 0) { return scatterv(this, true, s, r, root)!; };
P.Allgather = function (this: Comm, s, r) { allgather(this, false, s, r); };
P.Iallgather = function (this: Comm, s, r) { return allgather(this, true, s, r)!; };
P.Allgatherv = function (this: Comm, s, r) { allgatherv(this, false, s, r); };
P.Iallgatherv = function (this: Comm, s, r) { return allgatherv(this, true, s, r)!; };
P.Alltoall = function (this: Comm, s, r) { alltoall(this, false, s, r); };
P.Ialltoall = function (this: Comm, s, r) { return alltoall(this, true, s, r)!; };
P.Alltoallv = function (this: Comm, s, r) { alltoallv(this, false, s, r); };
P.Ialltoallv = function (this: Comm, s, r) { return alltoallv(this, true, s, r)!; };
P.Alltoallw = function (this: Comm, s, r) { alltoallw(this, false, s, r); };
P.Ialltoallw = function (this: Comm, s, r) { return alltoallw(this, true, s, r)!; };
P.Reduce = function (this: Comm, s, r, op = SUM, root = 0) { reduce(this, false, s, r, op, root); };
P.Ireduce = function (this: Comm, s, r, op = SUM, root = 0) { return reduce(this, true, s, r, op, root)!; };
P.Allreduce = function (this: Comm, s, r, op = SUM) { allreduce(this, false, s, r, op); };
P.Iallreduce = function (this: Comm, s, r, op = SUM) { return allreduce(this, true, s, r, op)!; };
P.Reduce_scatter_block = function (this: Comm, s, r, op = SUM) { reduceScatterBlock(this, false, s, r, op); };
P.Ireduce_scatter_block = function (this: Comm, s, r, op = SUM) { return reduceScatterBlock(this, true, s, r, op)!; };
P.Reduce_scatter = function (this: Comm, s, r, counts, op = SUM) { reduceScatter(this, false, s, r, counts, op); };
P.Ireduce_scatter = function (this: Comm, s, r, counts, op = SUM) { return reduceScatter(this, true, s, r, counts, op)!; };
P.Scan = function (this: Comm, s, r, op = SUM) { scan(this, false, false, s, r, op); };
P.Iscan = function (this: Comm, s, r, op = SUM) { return scan(this, true, false, s, r, op)!; };
P.Exscan = function (this: Comm, s, r, op = SUM) { scan(this, false, true, s, r, op); };
P.Iexscan = function (this: Comm, s, r, op = SUM) { return scan(this, true, true, s, r, op)!; };
