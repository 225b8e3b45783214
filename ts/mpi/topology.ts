/**
 * Process topologies (MPI-4.0 chapter 8) in mpi4py's form: Cartcomm,
 * Graphcomm and Distgraphcomm, made by Intracomm.Create_cart /
 * Create_graph / Create_dist_graph(_adjacent) (added to Intracomm here), and
 * the neighbourhood collectives of their common base Topocomm, with buffers
 * (Neighbor_allgather, ...) and with any value (neighbor_allgather, ...).
 * Imported for its side effects by index.ts.
 */
import { Comm, Intracomm } from "./comm.js";
import { Datatype, Datatypes } from "./datatype.js";
import { core } from "./environment.js";
import { ErrorClass } from "./errorclasses.js";
import { parseBuffer, Staged, type BufferLike, type BufSpec, type MessageBuffer } from "./msgbuffer.js";
import { encodeObject, loadObject } from "./pickle.js";
import { Request } from "./request.js";

/** Topo_test results. */
export const CART = 2;
export const GRAPH = 1;
export const DIST_GRAPH = 3;
const INFO_NULL = 0x1c000000;
/** Weights argument: the graph has no weights (as leaving the argument out). */
export const UNWEIGHTED: unique symbol = Symbol("MPI.UNWEIGHTED");
/** Weights argument: a weighted graph with no edges on this side. */
export const WEIGHTS_EMPTY: unique symbol = Symbol("MPI.WEIGHTS_EMPTY");
export type Weights = ArrayLike<number> | typeof UNWEIGHTED | typeof WEIGHTS_EMPTY | null | undefined;

/** What an Info argument needs to be: an object with a handle (MPI.Info), or nothing. */
type InfoLike = { handle: number } | null | undefined;

// ---- int arrays in linear memory ----

/** Int arrays lent to one call: copied in, read back, all freed by release(). */
class Ints {
  private ptrs: number[] = [];
  constructor(private readonly fc: string, private readonly comm: number) {}
  /** Copies values (each a 32-bit integer, else ERR_ARG naming `arg`) into linear memory. */
  in(values: ArrayLike<number>, arg: string): number {
    const ptr = this.alloc(values.length);
    const i32 = core().i32;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff)
        throw core().raise(this.comm, ErrorClass.ERR_ARG, `${this.fc}: ${String(v)} is not an integer (${arg}[${i}])`);
      i32[(ptr >> 2) + i] = v;
    }
    return ptr;
  }
  alloc(n: number): number {
    const ptr = core().malloc(4 * Math.max(n, 1));
    this.ptrs.push(ptr);
    return ptr;
  }
  read(ptr: number, n: number): number[] {
    return Array.from(core().i32.subarray(ptr >> 2, (ptr >> 2) + n));
  }
  release(): void {
    for (const p of this.ptrs) core().free(p);
    this.ptrs = [];
  }
}

/** Runs fn with an Ints for call fc, freeing its arrays afterwards. */
function withInts<T>(fc: string, comm: number, fn: (a: Ints) => T): T {
  const a = new Ints(fc, comm);
  try {
    return fn(a);
  } finally {
    a.release();
  }
}

function isList(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function listArg(v: unknown, fc: string, arg: string, comm: number): ArrayLike<number> {
  if (isList(v)) return v as ArrayLike<number>;
  throw core().raise(comm, ErrorClass.ERR_ARG, `${fc}: not a list of integers (${arg})`);
}

// ---- buffers of the neighbourhood collectives ----

/**
 * A vector buffer: [buf, counts], [buf, counts, type], [buf, [counts, displs]],
 * [buf, [counts, displs], type] (mpi4py), or [buf, counts, displs(, type)] (as Alltoallv takes).
 */
export type VBufSpec =
  | [BufferLike, ArrayLike<number>]
  | [BufferLike, ArrayLike<number>, Datatype | string]
  | [BufferLike, [ArrayLike<number>, ArrayLike<number> | null]]
  | [BufferLike, [ArrayLike<number>, ArrayLike<number> | null], Datatype | string]
  | [BufferLike, ArrayLike<number>, ArrayLike<number>]
  | [BufferLike, ArrayLike<number>, ArrayLike<number>, Datatype | string];
/** An Alltoallw buffer: [buf, [counts, byte displacements], datatypes] (mpi4py) or [buf, counts, byte displacements, datatypes]. */
export type WBufSpec =
  | [BufferLike, [ArrayLike<number>, ArrayLike<number>], Datatype[]]
  | [BufferLike, ArrayLike<number>, ArrayLike<number>, Datatype[]];

function fail(comm: number, errclass: number, message: string): never {
  throw core().raise(comm, errclass, message);
}

/** The whole buffer of a spec whose second item says how to cut it. */
function wholeOf(spec: unknown[], fc: string, comm: number, arg: string): MessageBuffer {
  const whole = (spec.length === 3 ? [spec[0], spec[2]] : spec[0]) as BufSpec;
  return parseBuffer(whole, fc, comm, arg);
}

/**
 * A buffer of n blocks of equal count: an explicit count ([buf, count(, type)])
 * is the count of one block, otherwise the buffer is cut into n blocks.
 */
function blocksOf(spec: BufSpec, n: number, fc: string, comm: number, arg: string): { mb: MessageBuffer; count: number } {
  if (Array.isArray(spec) && typeof spec[1] === "number") {
    const mb = wholeOf(spec, fc, comm, arg);
    const count = spec[1];
    if (!Number.isInteger(count) || count < 0) fail(comm, ErrorClass.ERR_COUNT, `${fc}: invalid count ${count} (${arg})`);
    if (count * n > mb.count)
      fail(comm, ErrorClass.ERR_COUNT, `${fc}: ${n} blocks of ${count} ${mb.datatype.name} need ${count * n} elements but the buffer has ${mb.count} (${arg})`);
    return { mb, count };
  }
  const mb = parseBuffer(spec, fc, comm, arg);
  if (n === 0) return { mb, count: 0 };
  if (mb.count % n !== 0)
    fail(comm, ErrorClass.ERR_BUFFER, `${fc}: ${mb.count} ${mb.datatype.name} do not split into ${n} equal blocks (${arg})`);
  return { mb, count: mb.count / n };
}

/** A vector buffer of n blocks: counts, displacements (in elements; packed when left out). */
function vectorOf(spec: VBufSpec, n: number, fc: string, comm: number, arg: string): { mb: MessageBuffer; counts: number[]; displs: number[] } {
  if (!Array.isArray(spec) || spec.length < 2 || spec.length > 4)
    fail(comm, ErrorClass.ERR_ARG, `${fc}: expected [buf, counts], [buf, counts, type] or [buf, [counts, displs], type] (${arg})`);
  const items = spec as unknown[];
  let countsIn: unknown = items[1];
  let displsIn: unknown = null;
  let type: unknown;
  const cut = items[1];
  if (Array.isArray(cut) && cut.length === 2 && (isList(cut[0]) || cut[0] == null) && (isList(cut[1]) || cut[1] == null)) [countsIn, displsIn] = cut;
  for (const extra of items.slice(2)) {
    if (isList(extra)) displsIn = extra;
    else type = extra;
  }
  const mb = parseBuffer((type === undefined ? items[0] : [items[0], type]) as BufSpec, fc, comm, arg);
  const counts = Array.from(listArg(countsIn, fc, `${arg} counts`, comm));
  if (counts.length !== n) fail(comm, ErrorClass.ERR_ARG, `${fc}: ${counts.length} counts for ${n} neighbours (${arg})`);
  let displs: number[];
  if (displsIn == null) {
    displs = [];
    let at = 0;
    for (const c of counts) {
      displs.push(at);
      at += c;
    }
  } else displs = Array.from(listArg(displsIn, fc, `${arg} displacements`, comm));
  if (displs.length !== n) fail(comm, ErrorClass.ERR_ARG, `${fc}: ${displs.length} displacements for ${n} neighbours (${arg})`);
  for (let k = 0; k < n; k++) {
    const [c, d] = [counts[k], displs[k]];
    if (!Number.isInteger(c) || c < 0) fail(comm, ErrorClass.ERR_COUNT, `${fc}: invalid count ${c} of block ${k} (${arg})`);
    if (!Number.isInteger(d) || (c > 0 && (d < 0 || d + c > mb.count)))
      fail(comm, ErrorClass.ERR_ARG, `${fc}: block ${k} (${c} at ${d}) is outside the buffer of ${mb.count} ${mb.datatype.name} (${arg})`);
  }
  return { mb, counts, displs };
}

/** An Alltoallw buffer of n blocks. */
function wvectorOf(spec: WBufSpec, n: number, fc: string, comm: number, arg: string): { mb: MessageBuffer; counts: number[]; displs: number[]; types: number[] } {
  const items = spec as unknown[];
  const paired = Array.isArray(items) && items.length === 3 && Array.isArray(items[1]) && items[1].length === 2 && Array.isArray(items[2]);
  const flat = Array.isArray(items) && items.length === 4 && Array.isArray(items[3]);
  if (!paired && !flat) fail(comm, ErrorClass.ERR_ARG, `${fc}: expected [buf, [counts, displs], datatypes] or [buf, counts, displs, datatypes] (${arg})`);
  const [countsIn, displsIn] = paired ? (items[1] as unknown[]) : [items[1], items[2]];
  const mb = parseBuffer(items[0] as BufSpec, fc, comm, arg);
  const counts = Array.from(listArg(countsIn, fc, `${arg} counts`, comm));
  const displs = Array.from(listArg(displsIn, fc, `${arg} displacements`, comm));
  const dtypes = (paired ? items[2] : items[3]) as Datatype[];
  if (counts.length !== n || displs.length !== n || dtypes.length !== n)
    fail(comm, ErrorClass.ERR_ARG, `${fc}: counts, displacements and datatypes must have one entry for each of the ${n} neighbours (${arg})`);
  const types: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = dtypes[k];
    if (!(t instanceof Datatype)) fail(comm, ErrorClass.ERR_TYPE, `${fc}: datatypes[${k}] is not an MPI.Datatype (${arg})`);
    const [c, d] = [counts[k], displs[k]];
    if (!Number.isInteger(c) || c < 0) fail(comm, ErrorClass.ERR_COUNT, `${fc}: invalid count ${c} of block ${k} (${arg})`);
    if (!Number.isInteger(d) || (c > 0 && (d < 0 || d + c * t.Get_size() > mb.byteLength)))
      fail(comm, ErrorClass.ERR_ARG, `${fc}: block ${k} (${c} ${t.name} at byte ${d}) is outside the buffer of ${mb.byteLength} bytes (${arg})`);
    types.push(t.handle);
  }
  return { mb, counts, displs, types };
}

/**
 * Runs a collective on a staged send buffer and a staged receive buffer; the
 * receive staging starts with the user's contents, so blocks no neighbour
 * writes (PROC_NULL) keep them. Blocking (nb false): done when this returns;
 * nonblocking: the request's completion copies out and frees the staging and
 * the int arrays.
 */
function exchange(nb: boolean, ints: Ints, send: MessageBuffer, recv: MessageBuffer, call: (sptr: number, rptr: number) => number): Request | undefined {
  let sb: Staged | undefined;
  let rb: Staged | undefined;
  const release = () => {
    rb?.release();
    sb?.release();
    ints.release();
  };
  let h: number;
  try {
    sb = Staged.of(send).fill();
    rb = Staged.of(recv).fill();
    const [sp, rp] = [sb.ptr, rb.ptr];
    h = call(sp, rp);
  } catch (e) {
    release();
    throw e;
  }
  if (!nb) {
    rb.drain(recv.byteLength);
    release();
    return undefined;
  }
  const r = rb;
  return new Request(h, () => {
    r.drain(recv.byteLength);
    release();
  });
}

// ---- communicators with a topology ----

/** A communicator with a process topology (mpi4py's Topocomm): neighbour lists and neighbourhood collectives. */
export class Topocomm extends Intracomm {
  /** [sources, destinations]: the in- and out-neighbours, in the order of the neighbourhood collectives' blocks. */
  get inoutedges(): [number[], number[]] {
    return this.neighborLists("MPI_Topo_test");
  }
  /** The neighbour lists, or ERR_TOPOLOGY as call fc. */
  private neighborLists(fc: string): [number[], number[]] {
    const kind = core().topoTest(this.handle);
    if (kind === CART) {
      const c = new Cartcomm(this.handle);
      const edges: number[] = [];
      for (let d = 0; d < c.Get_dim(); d++) edges.push(...c.Shift(d, 1));
      return [edges, edges.slice()];
    }
    if (kind === GRAPH) {
      const nb = new Graphcomm(this.handle).Get_neighbors(this.Get_rank());
      return [nb, nb.slice()];
    }
    if (kind === DIST_GRAPH) {
      const [sources, destinations] = new Distgraphcomm(this.handle).Get_dist_neighbors();
      return [sources, destinations];
    }
    throw core().raise(this.handle, ErrorClass.ERR_TOPOLOGY, `${fc}: the communicator has no process topology (comm)`);
  }
  /** [indegree, outdegree], or ERR_TOPOLOGY as call fc. */
  private degreesFor(fc: string): [number, number] {
    const kind = core().topoTest(this.handle);
    if (kind === DIST_GRAPH) {
      const [i, o] = core().distGraphNeighborsCount(this.handle);
      return [i, o];
    }
    if (kind === GRAPH) {
      const n = core().graphNeighborsCount(this.handle, this.Get_rank());
      return [n, n];
    }
    if (kind === CART) {
      const n = 2 * core().cartdimGet(this.handle);
      return [n, n];
    }
    return fail(this.handle, ErrorClass.ERR_TOPOLOGY, `${fc}: the communicator has no process topology (comm)`);
  }
  get inedges(): number[] {
    return this.inoutedges[0];
  }
  get outedges(): number[] {
    return this.inoutedges[1];
  }
  /** [indegree, outdegree]. */
  get degrees(): [number, number] {
    return this.degreesFor("MPI_Topo_test");
  }
  get indegree(): number {
    return this.degrees[0];
  }
  get outdegree(): number {
    return this.degrees[1];
  }

  // ---- neighbourhood collectives, buffers; the I forms return a Request ----

  /** MPI_Neighbor_allgather: sendbuf goes to every out-neighbour; block k of recvbuf comes from in-neighbour k. */
  Neighbor_allgather(sendbuf: BufSpec, recvbuf: BufSpec): void {
    this.neighborAllgather(false, sendbuf, recvbuf);
  }
  /** MPI_Ineighbor_allgather. */
  Ineighbor_allgather(sendbuf: BufSpec, recvbuf: BufSpec): Request {
    return this.neighborAllgather(true, sendbuf, recvbuf)!;
  }
  private neighborAllgather(nb: boolean, sendbuf: BufSpec, recvbuf: BufSpec): Request | undefined {
    const fc = nb ? "MPI_Ineighbor_allgather" : "MPI_Neighbor_allgather";
    const [indeg] = this.degreesFor(fc);
    const s = blocksOf(sendbuf, 1, fc, this.handle, "sendbuf");
    const r = blocksOf(recvbuf, indeg, fc, this.handle, "recvbuf");
    return exchange(nb, new Ints(fc, this.handle), s.mb, r.mb, (sp, rp) =>
      core().neighborAllgather(nb, sp, s.count, s.mb.datatype.handle, rp, r.count, r.mb.datatype.handle, this.handle));
  }

  /** MPI_Neighbor_allgatherv: recvbuf is [buf, counts] or [buf, [counts, displs], type]. */
  Neighbor_allgatherv(sendbuf: BufSpec, recvbuf: VBufSpec): void {
    this.neighborAllgatherv(false, sendbuf, recvbuf);
  }
  /** MPI_Ineighbor_allgatherv. */
  Ineighbor_allgatherv(sendbuf: BufSpec, recvbuf: VBufSpec): Request {
    return this.neighborAllgatherv(true, sendbuf, recvbuf)!;
  }
  private neighborAllgatherv(nb: boolean, sendbuf: BufSpec, recvbuf: VBufSpec): Request | undefined {
    const fc = nb ? "MPI_Ineighbor_allgatherv" : "MPI_Neighbor_allgatherv";
    const [indeg] = this.degreesFor(fc);
    const s = blocksOf(sendbuf, 1, fc, this.handle, "sendbuf");
    const r = vectorOf(recvbuf, indeg, fc, this.handle, "recvbuf");
    const a = new Ints(fc, this.handle);
    return exchange(nb, a, s.mb, r.mb, (sp, rp) =>
      core().neighborAllgatherv(nb, sp, s.count, s.mb.datatype.handle, rp, a.in(r.counts, "recvcounts"), a.in(r.displs, "displs"), r.mb.datatype.handle, this.handle));
  }

  /** MPI_Neighbor_alltoall: block k of sendbuf goes to out-neighbour k, block k of recvbuf comes from in-neighbour k. */
  Neighbor_alltoall(sendbuf: BufSpec, recvbuf: BufSpec): void {
    this.neighborAlltoall(false, sendbuf, recvbuf);
  }
  /** MPI_Ineighbor_alltoall. */
  Ineighbor_alltoall(sendbuf: BufSpec, recvbuf: BufSpec): Request {
    return this.neighborAlltoall(true, sendbuf, recvbuf)!;
  }
  private neighborAlltoall(nb: boolean, sendbuf: BufSpec, recvbuf: BufSpec): Request | undefined {
    const fc = nb ? "MPI_Ineighbor_alltoall" : "MPI_Neighbor_alltoall";
    const [indeg, outdeg] = this.degreesFor(fc);
    const s = blocksOf(sendbuf, outdeg, fc, this.handle, "sendbuf");
    const r = blocksOf(recvbuf, indeg, fc, this.handle, "recvbuf");
    return exchange(nb, new Ints(fc, this.handle), s.mb, r.mb, (sp, rp) =>
      core().neighborAlltoall(nb, sp, s.count, s.mb.datatype.handle, rp, r.count, r.mb.datatype.handle, this.handle));
  }

  /** MPI_Neighbor_alltoallv: both buffers are vector buffers ([buf, [counts, displs], type]). */
  Neighbor_alltoallv(sendbuf: VBufSpec, recvbuf: VBufSpec): void {
    this.neighborAlltoallv(false, sendbuf, recvbuf);
  }
  /** MPI_Ineighbor_alltoallv. */
  Ineighbor_alltoallv(sendbuf: VBufSpec, recvbuf: VBufSpec): Request {
    return this.neighborAlltoallv(true, sendbuf, recvbuf)!;
  }
  private neighborAlltoallv(nb: boolean, sendbuf: VBufSpec, recvbuf: VBufSpec): Request | undefined {
    const fc = nb ? "MPI_Ineighbor_alltoallv" : "MPI_Neighbor_alltoallv";
    const [indeg, outdeg] = this.degreesFor(fc);
    const s = vectorOf(sendbuf, outdeg, fc, this.handle, "sendbuf");
    const r = vectorOf(recvbuf, indeg, fc, this.handle, "recvbuf");
    const a = new Ints(fc, this.handle);
    return exchange(nb, a, s.mb, r.mb, (sp, rp) =>
      core().neighborAlltoallv(nb, sp, a.in(s.counts, "sendcounts"), a.in(s.displs, "sdispls"), s.mb.datatype.handle,
        rp, a.in(r.counts, "recvcounts"), a.in(r.displs, "rdispls"), r.mb.datatype.handle, this.handle));
  }

  /** MPI_Neighbor_alltoallw: [buf, [counts, byte displacements], datatypes] (or [buf, counts, displs, datatypes]) on both sides. */
  Neighbor_alltoallw(sendbuf: WBufSpec, recvbuf: WBufSpec): void {
    this.neighborAlltoallw(false, sendbuf, recvbuf);
  }
  /** MPI_Ineighbor_alltoallw. */
  Ineighbor_alltoallw(sendbuf: WBufSpec, recvbuf: WBufSpec): Request {
    return this.neighborAlltoallw(true, sendbuf, recvbuf)!;
  }
  private neighborAlltoallw(nb: boolean, sendbuf: WBufSpec, recvbuf: WBufSpec): Request | undefined {
    const fc = nb ? "MPI_Ineighbor_alltoallw" : "MPI_Neighbor_alltoallw";
    const [indeg, outdeg] = this.degreesFor(fc);
    const s = wvectorOf(sendbuf, outdeg, fc, this.handle, "sendbuf");
    const r = wvectorOf(recvbuf, indeg, fc, this.handle, "recvbuf");
    const a = new Ints(fc, this.handle);
    return exchange(nb, a, s.mb, r.mb, (sp, rp) =>
      core().neighborAlltoallw(nb, sp, a.in(s.counts, "sendcounts"), a.in(s.displs, "sdispls"), a.in(s.types, "sendtypes"),
        rp, a.in(r.counts, "recvcounts"), a.in(r.displs, "rdispls"), a.in(r.types, "recvtypes"), this.handle));
  }

  // ---- neighbourhood collectives, objects: the sizes go first, then the
  // bytes, by the buffer collectives (their own tags on the collective
  // context: they never mix with the user's messages) ----

  /** Sends obj to every out-neighbour; returns the values of the in-neighbours (null for PROC_NULL ones). */
  neighbor_allgather(sendobj: unknown): unknown[] {
    const fc = "MPI_Neighbor_allgather";
    const [indeg] = this.degreesFor(fc);
    const enc = encodeObject(sendobj);
    return this.objectExchange(fc, indeg, [enc.parts], [enc.size], (c, sizes) => {
      c.neighborAllgather(false, sizes.mine, 1, Datatypes.INT.handle, sizes.theirs, 1, Datatypes.INT.handle, this.handle);
    }, (c, sbuf, rbuf, _sc, _sd, rc, rd) => {
      c.neighborAllgatherv(false, sbuf, enc.size, Datatypes.BYTE.handle, rbuf, rc, rd, Datatypes.BYTE.handle, this.handle);
    });
  }

  /** Sends sendobjs[k] to out-neighbour k; returns the values of the in-neighbours (null for PROC_NULL ones). */
  neighbor_alltoall(sendobjs: unknown[]): unknown[] {
    const fc = "MPI_Neighbor_alltoall";
    const [indeg, outdeg] = this.degreesFor(fc);
    if (!Array.isArray(sendobjs) || sendobjs.length !== outdeg)
      fail(this.handle, ErrorClass.ERR_ARG, `${fc}: expected a list of ${outdeg} values, one for each out-neighbour (sendobj)`);
    const parts: Uint8Array[][] = [];
    const sizes: number[] = [];
    for (const o of sendobjs) {
      const enc = encodeObject(o);
      parts.push(enc.parts.map((p) => p.slice())); // an encoding is valid until the next one
      sizes.push(enc.size);
    }
    return this.objectExchange(fc, indeg, parts, sizes, (c, sz) => {
      c.neighborAlltoall(false, sz.mine, 1, Datatypes.INT.handle, sz.theirs, 1, Datatypes.INT.handle, this.handle);
    }, (c, sbuf, rbuf, sc, sd, rc, rd) => {
      c.neighborAlltoallv(false, sbuf, sc, sd, Datatypes.BYTE.handle, rbuf, rc, rd, Datatypes.BYTE.handle, this.handle);
    });
  }

  private objectExchange(fc: string, indeg: number, parts: Uint8Array[][], sizes: number[],
    exchangeSizes: (c: ReturnType<typeof core>, p: { mine: number; theirs: number }) => void,
    exchangeBytes: (c: ReturnType<typeof core>, sbuf: number, rbuf: number, sc: number, sd: number, rc: number, rd: number) => void): unknown[] {
    return withInts(fc, this.handle, (a) => {
      const c = core();
      const mine = a.in(sizes, "sizes");
      const theirs = a.in(new Array<number>(indeg).fill(-1), "sizes");
      exchangeSizes(c, { mine, theirs });
      const got = a.read(theirs, indeg);
      const rcounts = got.map((n) => Math.max(n, 0));
      const rdispls: number[] = [];
      let total = 0;
      for (const n of rcounts) {
        rdispls.push(total);
        total += n;
      }
      const sdispls: number[] = [];
      let stotal = 0;
      for (const n of sizes) {
        sdispls.push(stotal);
        stotal += n;
      }
      const sc = a.in(sizes, "sendcounts");
      const sd = a.in(sdispls, "sdispls");
      const rc = a.in(rcounts, "recvcounts");
      const rd = a.in(rdispls, "rdispls");
      const sbuf = c.malloc(stotal);
      try {
        let at = sbuf;
        for (const list of parts)
          for (const p of list) {
            c.u8.set(p, at);
            at += p.byteLength;
          }
        const rbuf = c.malloc(total);
        try {
          exchangeBytes(c, sbuf, rbuf, sc, sd, rc, rd);
          return got.map((n, k) => (n < 0 ? null : loadObject(rbuf + rdispls[k], n)));
        } finally {
          c.free(rbuf);
        }
      } finally {
        c.free(sbuf);
      }
    });
  }
}

/** A communicator with a Cartesian topology. */
export class Cartcomm extends Topocomm {
  /** MPI_Cartdim_get. */
  Get_dim(): number {
    return core().cartdimGet(this.handle);
  }
  get dim(): number {
    return this.Get_dim();
  }
  get ndim(): number {
    return this.Get_dim();
  }
  /** MPI_Cart_get: [dims, periods, coords]. */
  Get_topo(): [number[], boolean[], number[]] {
    const n = this.Get_dim();
    return withInts("MPI_Cart_get", this.handle, (a) => {
      const [d, p, c] = [a.alloc(n), a.alloc(n), a.alloc(n)];
      core().cartGet(this.handle, n, d, p, c);
      return [a.read(d, n), a.read(p, n).map((x) => x !== 0), a.read(c, n)];
    });
  }
  get topo(): [number[], boolean[], number[]] {
    return this.Get_topo();
  }
  get dims(): number[] {
    return this.Get_topo()[0];
  }
  get periods(): boolean[] {
    return this.Get_topo()[1];
  }
  get coords(): number[] {
    return this.Get_topo()[2];
  }
  /** MPI_Cart_rank: the rank at coords (wrapped in periodic dimensions). */
  Get_cart_rank(coords: ArrayLike<number>): number {
    const fc = "MPI_Cart_rank";
    const list = listArg(coords, fc, "coords", this.handle);
    const n = this.Get_dim();
    if (list.length !== n) fail(this.handle, ErrorClass.ERR_ARG, `${fc}: ${list.length} coordinates for ${n} dimensions (coords)`);
    return withInts(fc, this.handle, (a) => core().cartRank(this.handle, a.in(list, "coords")));
  }
  /** MPI_Cart_coords. */
  Get_coords(rank: number): number[] {
    const n = this.Get_dim();
    return withInts("MPI_Cart_coords", this.handle, (a) => {
      const c = a.alloc(n);
      core().cartCoords(this.handle, rank, n, c);
      return a.read(c, n);
    });
  }
  /** MPI_Cart_shift: [source, dest] (MPI.PROC_NULL past a non-periodic edge). */
  Shift(direction: number, disp: number): [number, number] {
    return core().cartShift(this.handle, direction, disp);
  }
  /** MPI_Cart_sub: the grid of the dimensions kept, through this process. */
  Sub(remain_dims: ArrayLike<boolean | number>): Cartcomm {
    const fc = "MPI_Cart_sub";
    const n = this.Get_dim();
    if (remain_dims.length !== n) fail(this.handle, ErrorClass.ERR_ARG, `${fc}: ${remain_dims.length} flags for ${n} dimensions (remain_dims)`);
    const flags = Array.from(remain_dims, (x) => (x ? 1 : 0));
    return new Cartcomm(withInts(fc, this.handle, (a) => core().cartSub(this.handle, a.in(flags, "remain_dims"))));
  }
}

/** A communicator with a graph topology. */
export class Graphcomm extends Topocomm {
  /** MPI_Graphdims_get: [nnodes, nedges]. */
  Get_dims(): [number, number] {
    return core().graphdimsGet(this.handle);
  }
  get dims(): [number, number] {
    return this.Get_dims();
  }
  get nnodes(): number {
    return this.Get_dims()[0];
  }
  get nedges(): number {
    return this.Get_dims()[1];
  }
  /** MPI_Graph_get: [index, edges]. */
  Get_topo(): [number[], number[]] {
    const [nn, ne] = this.Get_dims();
    return withInts("MPI_Graph_get", this.handle, (a) => {
      const [i, e] = [a.alloc(nn), a.alloc(ne)];
      core().graphGet(this.handle, nn, ne, i, e);
      return [a.read(i, nn), a.read(e, ne)];
    });
  }
  get topo(): [number[], number[]] {
    return this.Get_topo();
  }
  get index(): number[] {
    return this.Get_topo()[0];
  }
  get edges(): number[] {
    return this.Get_topo()[1];
  }
  /** MPI_Graph_neighbors_count. */
  Get_neighbors_count(rank: number): number {
    return core().graphNeighborsCount(this.handle, rank);
  }
  /** MPI_Graph_neighbors. */
  Get_neighbors(rank: number): number[] {
    const n = this.Get_neighbors_count(rank);
    return withInts("MPI_Graph_neighbors", this.handle, (a) => {
      const p = a.alloc(n);
      core().graphNeighbors(this.handle, rank, n, p);
      return a.read(p, n);
    });
  }
  get nneighbors(): number {
    return this.Get_neighbors_count(this.Get_rank());
  }
  get neighbors(): number[] {
    return this.Get_neighbors(this.Get_rank());
  }
}

/** A communicator with a distributed graph topology. */
export class Distgraphcomm extends Topocomm {
  /** MPI_Dist_graph_neighbors_count: [indegree, outdegree, weighted]. */
  Get_dist_neighbors_count(): [number, number, boolean] {
    return core().distGraphNeighborsCount(this.handle);
  }
  /** MPI_Dist_graph_neighbors: [sources, destinations, [sourceweights, destweights] or null when unweighted]. */
  Get_dist_neighbors(): [number[], number[], [number[], number[]] | null] {
    const [i, o, w] = this.Get_dist_neighbors_count();
    return withInts("MPI_Dist_graph_neighbors", this.handle, (a) => {
      const [s, sw, d, dw] = [a.alloc(i), a.alloc(i), a.alloc(o), a.alloc(o)];
      core().distGraphNeighbors(this.handle, i, s, sw, o, d, dw);
      return [a.read(s, i), a.read(d, o), w ? [a.read(sw, i), a.read(dw, o)] : null];
    });
  }
}

// ---- making topology communicators: methods of Intracomm, queries of Comm ----

declare module "./comm.js" {
  interface Comm {
    /** MPI_Topo_test: MPI.CART, MPI.GRAPH, MPI.DIST_GRAPH or MPI.UNDEFINED. */
    Get_topology(): number;
    readonly topology: number;
  }
  interface Intracomm {
    /** MPI_Cart_create: a dims[0] x dims[1] x ... grid; ranks past it get a null Cartcomm. */
    Create_cart(dims: ArrayLike<number>, periods?: ArrayLike<boolean | number> | null, reorder?: boolean): Cartcomm;
    /** MPI_Graph_create: node i's neighbours are edges[index[i-1] .. index[i]). */
    Create_graph(index: ArrayLike<number>, edges: ArrayLike<number>, reorder?: boolean): Graphcomm;
    /** MPI_Dist_graph_create_adjacent: this process's in- and out-neighbours. */
    Create_dist_graph_adjacent(sources: ArrayLike<number>, destinations: ArrayLike<number>, sourceweights?: Weights,
      destweights?: Weights, info?: InfoLike, reorder?: boolean): Distgraphcomm;
    /** MPI_Dist_graph_create: edges sources[i] -> destinations (degrees[i] of them each), given by any process. */
    Create_dist_graph(sources: ArrayLike<number>, degrees: ArrayLike<number>, destinations: ArrayLike<number>,
      weights?: Weights, info?: InfoLike, reorder?: boolean): Distgraphcomm;
    /** MPI_Cart_map: this process's rank in such a grid, or MPI.UNDEFINED. */
    Cart_map(dims: ArrayLike<number>, periods?: ArrayLike<boolean | number> | null): number;
    /** MPI_Graph_map: this process's rank in such a graph, or MPI.UNDEFINED. */
    Graph_map(index: ArrayLike<number>, edges: ArrayLike<number>): number;
  }
}

function periodsOf(periods: ArrayLike<boolean | number> | null | undefined, n: number, fc: string, comm: number): number[] {
  if (periods == null) return new Array<number>(n).fill(0);
  if (periods.length !== n) fail(comm, ErrorClass.ERR_ARG, `${fc}: ${periods.length} periods for ${n} dimensions (periods)`);
  return Array.from(periods, (x) => (x ? 1 : 0));
}

/** The weights of one side: [weighted, values]; a missing side of a weighted graph is an error unless it has no edges. */
function weightsOf(w: Weights, degree: number, fc: string, arg: string, comm: number): { given: boolean; values: ArrayLike<number> } {
  if (w == null || w === UNWEIGHTED) return { given: false, values: [] };
  if (w === WEIGHTS_EMPTY) {
    if (degree > 0) fail(comm, ErrorClass.ERR_ARG, `${fc}: MPI.WEIGHTS_EMPTY for ${degree} edges (${arg})`);
    return { given: true, values: [] };
  }
  const values = listArg(w, fc, arg, comm);
  if (values.length !== degree) fail(comm, ErrorClass.ERR_ARG, `${fc}: ${values.length} weights for ${degree} edges (${arg})`);
  return { given: true, values };
}

function infoHandle(info: InfoLike): number {
  return info == null ? INFO_NULL : info.handle;
}

Object.defineProperty(Comm.prototype, "topology", {
  get(this: Comm) {
    return this.Get_topology();
  },
  configurable: true,
});

Object.assign(Comm.prototype, {
  Get_topology(this: Comm): number {
    return core().topoTest(this.handle);
  },

});

Object.assign(Intracomm.prototype, {
  Create_cart(this: Intracomm, dims: ArrayLike<number>, periods?: ArrayLike<boolean | number> | null, reorder = false): Cartcomm {
    const fc = "MPI_Cart_create";
    const d = listArg(dims, fc, "dims", this.handle);
    const p = periodsOf(periods, d.length, fc, this.handle);
    return new Cartcomm(withInts(fc, this.handle, (a) => core().cartCreate(this.handle, d.length, a.in(d, "dims"), a.in(p, "periods"), reorder)));
  },
  Cart_map(this: Intracomm, dims: ArrayLike<number>, periods?: ArrayLike<boolean | number> | null): number {
    const fc = "MPI_Cart_map";
    const d = listArg(dims, fc, "dims", this.handle);
    const p = periodsOf(periods, d.length, fc, this.handle);
    return withInts(fc, this.handle, (a) => core().cartMap(this.handle, d.length, a.in(d, "dims"), a.in(p, "periods")));
  },
  Create_graph(this: Intracomm, index: ArrayLike<number>, edges: ArrayLike<number>, reorder = false): Graphcomm {
    const fc = "MPI_Graph_create";
    const i = listArg(index, fc, "index", this.handle);
    const e = listArg(edges, fc, "edges", this.handle);
    checkIndex(i, e, fc, this.handle);
    return new Graphcomm(withInts(fc, this.handle, (a) => core().graphCreate(this.handle, i.length, a.in(i, "index"), a.in(e, "edges"), reorder)));
  },
  Graph_map(this: Intracomm, index: ArrayLike<number>, edges: ArrayLike<number>): number {
    const fc = "MPI_Graph_map";
    const i = listArg(index, fc, "index", this.handle);
    const e = listArg(edges, fc, "edges", this.handle);
    checkIndex(i, e, fc, this.handle);
    return withInts(fc, this.handle, (a) => core().graphMap(this.handle, i.length, a.in(i, "index"), a.in(e, "edges")));
  },
  Create_dist_graph_adjacent(this: Intracomm, sources: ArrayLike<number>, destinations: ArrayLike<number>, sourceweights?: Weights,
    destweights?: Weights, info?: InfoLike, reorder = false): Distgraphcomm {
    const fc = "MPI_Dist_graph_create_adjacent";
    const s = listArg(sources, fc, "sources", this.handle);
    const d = listArg(destinations, fc, "destinations", this.handle);
    const sw = weightsOf(sourceweights, s.length, fc, "sourceweights", this.handle);
    const dw = weightsOf(destweights, d.length, fc, "destweights", this.handle);
    const weighted = sw.given || dw.given;
    if (weighted && ((!sw.given && s.length > 0) || (!dw.given && d.length > 0)))
      fail(this.handle, ErrorClass.ERR_ARG, `${fc}: weights on one side only (${sw.given ? "destweights" : "sourceweights"})`);
    return new Distgraphcomm(withInts(fc, this.handle, (a) =>
      core().distGraphCreateAdjacent(this.handle, s.length, a.in(s, "sources"), a.in(sw.values, "sourceweights"), d.length,
        a.in(d, "destinations"), a.in(dw.values, "destweights"), weighted, infoHandle(info), reorder)));
  },
  Create_dist_graph(this: Intracomm, sources: ArrayLike<number>, degrees: ArrayLike<number>, destinations: ArrayLike<number>,
    weights?: Weights, info?: InfoLike, reorder = false): Distgraphcomm {
    const fc = "MPI_Dist_graph_create";
    const s = listArg(sources, fc, "sources", this.handle);
    const g = listArg(degrees, fc, "degrees", this.handle);
    const d = listArg(destinations, fc, "destinations", this.handle);
    if (g.length !== s.length) fail(this.handle, ErrorClass.ERR_ARG, `${fc}: ${g.length} degrees for ${s.length} sources (degrees)`);
    let nedges = 0;
    for (let i = 0; i < g.length; i++) nedges += g[i] > 0 ? g[i] : 0;
    if (d.length !== nedges) fail(this.handle, ErrorClass.ERR_ARG, `${fc}: ${d.length} destinations for degrees summing to ${nedges} (destinations)`);
    const w = weightsOf(weights, nedges, fc, "weights", this.handle);
    return new Distgraphcomm(withInts(fc, this.handle, (a) =>
      core().distGraphCreate(this.handle, s.length, a.in(s, "sources"), a.in(g, "degrees"), a.in(d, "destinations"),
        a.in(w.values, "weights"), nedges, w.given, infoHandle(info), reorder)));
  },
});

/** index must be as long as there are nodes and end at the number of edges: the core reads edges up to index's last. */
function checkIndex(index: ArrayLike<number>, edges: ArrayLike<number>, fc: string, comm: number): void {
  const last = index.length ? index[index.length - 1] : 0;
  if (last !== edges.length) fail(comm, ErrorClass.ERR_ARG, `${fc}: index ends at ${last} but there are ${edges.length} edges (index)`);
}

/**
 * MPI_Dims_create (mpi4py's Compute_dims): a balanced grid of nnodes
 * processes; dims is the number of dimensions, or a list whose non-zero
 * entries are kept.
 */
export function Compute_dims(nnodes: number, dims: number | ArrayLike<number>): number[] {
  const fc = "MPI_Dims_create";
  const comm = 0x44000001; // errors not tied to a communicator go to COMM_SELF's handler
  const list = typeof dims === "number" ? new Array<number>(Math.max(dims, 0)).fill(0) : Array.from(listArg(dims, fc, "dims", comm));
  if (typeof dims === "number" && dims < 0) fail(comm, ErrorClass.ERR_DIMS, `${fc}: negative number of dimensions ${dims} (ndims)`);
  return withInts(fc, comm, (a) => {
    const p = a.in(list, "dims");
    core().dimsCreate(nnodes, list.length, p);
    return a.read(p, list.length);
  });
}
