/**
 * Topocomm (mpi4py's base of Cartcomm, Graphcomm and Distgraphcomm): the
 * neighbour lists of a topology and the neighbourhood collectives (MPI-4.0
 * 8.6), with buffers (Neighbor_allgather, ..., and the Ineighbor_* forms)
 * and with any value (neighbor_allgather, neighbor_alltoall).
 */
import { Intracomm } from "./comm.js";
import { Datatypes } from "./datatype.js";
import { core } from "./environment.js";
import { ErrorClass } from "./errorclasses.js";
import { fail, Ints, withInts } from "./int-arrays.js";
import { blocksOf, exchange, vectorOf, wvectorOf, type VBufSpec, type WBufSpec } from "./coll-buffers.js";
import type { BufSpec } from "./msgbuffer.js";
import { encodeObject, loadObject } from "./pickle.js";
import type { Request } from "./request.js";

/** Topo_test results. */
export const CART = 2;
export const GRAPH = 1;
export const DIST_GRAPH = 3;

/**
 * MPI_Comm with a process topology (MPI-4.0 chapter 8; mpi4py's Topocomm, the base of Cartcomm,
 * Graphcomm and Distgraphcomm): its neighbour lists and the neighbourhood collectives, in which
 * each process exchanges with its neighbours only: block k of a receive buffer comes from
 * in-neighbour k ({@link Topocomm.inedges}), block k of an alltoall's send buffer goes to
 * out-neighbour k ({@link Topocomm.outedges}). A Cartcomm's neighbours are, per dimension, the
 * processes at -1 and +1 (MPI.PROC_NULL past a non-periodic edge, whose block is left alone).
 *
 * Errors as {@link Comm} says (collective errors included); a neighbour buffer too small for what
 * a neighbour sends raises ERR_TRUNCATE.
 *
 * @example
 * ```ts
 * import { MPI } from "wmpi";
 * const comm = MPI.COMM_WORLD;
 * const ring = comm.Create_cart([comm.size], [true]);
 * const got = new Float64Array(2);   // from the left, then the right neighbour
 * ring.Neighbor_allgather(new Float64Array([comm.rank]), got);
 * ```
 */
export class Topocomm extends Intracomm {
  /**
   * `[sources, destinations]`: the in- and out-neighbours, in the order of the neighbourhood
   * collectives' blocks (from MPI_Cart_shift, MPI_Graph_neighbors or MPI_Dist_graph_neighbors).
   * @throws {@link Exception} ERR_TOPOLOGY: the communicator has no topology.
   * @example
   * ```ts
   * const [sources, destinations] = comm.Create_cart([size], [false]).inoutedges;
   * ```
   */
  get inoutedges(): [number[], number[]] {
    return this.neighborLists("MPI_Topo_test");
  }
  /** The neighbour lists, or ERR_TOPOLOGY as call fc. */
  private neighborLists(fc: string): [number[], number[]] {
    const kind = core().topoTest(this.handle);
    const c = core();
    if (kind === CART) {
      const edges: number[] = [];
      for (let d = 0; d < c.cartdimGet(this.handle); d++) edges.push(...c.cartShift(this.handle, d, 1));
      return [edges, edges.slice()];
    }
    if (kind === GRAPH) {
      const rank = this.Get_rank();
      const n = c.graphNeighborsCount(this.handle, rank);
      const nb = withInts(fc, this.handle, (a) => {
        const p = a.alloc(n);
        c.graphNeighbors(this.handle, rank, n, p);
        return a.read(p, n);
      });
      return [nb, nb.slice()];
    }
    if (kind === DIST_GRAPH) {
      const [i, o] = c.distGraphNeighborsCount(this.handle);
      return withInts(fc, this.handle, (a) => {
        const [s, sw, d, dw] = [a.alloc(i), a.alloc(i), a.alloc(o), a.alloc(o)];
        c.distGraphNeighbors(this.handle, i, s, sw, o, d, dw);
        return [a.read(s, i), a.read(d, o)];
      });
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
  /** The in-neighbours (MPI_Dist_graph_neighbors' sources): the first list of {@link Topocomm.inoutedges}. */
  get inedges(): number[] {
    return this.inoutedges[0];
  }
  /** The out-neighbours (MPI_Dist_graph_neighbors' destinations): the second list of {@link Topocomm.inoutedges}. */
  get outedges(): number[] {
    return this.inoutedges[1];
  }
  /**
   * The pair [indegree, outdegree], how many blocks the neighbourhood collectives receive and send
   * (MPI_Dist_graph_neighbors_count, MPI_Graph_neighbors_count, or twice MPI_Cartdim_get).
   * @throws {@link Exception} ERR_TOPOLOGY: the communicator has no topology.
   * @example
   * ```ts
   * const [indegree, outdegree] = comm.Create_cart([size]).degrees; // [2, 2]
   * ```
   */
  get degrees(): [number, number] {
    return this.degreesFor("MPI_Topo_test");
  }
  /** The number of in-neighbours (MPI_Dist_graph_neighbors_count's indegree): {@link Topocomm.degrees}[0]. */
  get indegree(): number {
    return this.degrees[0];
  }
  /** The number of out-neighbours (MPI_Dist_graph_neighbors_count's outdegree): {@link Topocomm.degrees}[1]. */
  get outdegree(): number {
    return this.degrees[1];
  }

  // ---- neighbourhood collectives, buffers; the I forms return a Request ----

  /**
   * MPI_Neighbor_allgather: sendbuf goes to every out-neighbour; block k of recvbuf comes from in-neighbour k.
   * @param sendbuf this process's block
   * @param recvbuf room for indegree blocks
   * @throws {@link Exception} ERR_TRUNCATE (a block larger than its place), ERR_BUFFER (recvbuf does not split into indegree blocks), buffer errors.
   * @example
   * ```ts
   * const ring = comm.Create_cart([size], [true]);
   * const sides = new Int32Array(2);
   * ring.Neighbor_allgather(new Int32Array([rank]), sides);   // [left, right]
   * ```
   */
  Neighbor_allgather(sendbuf: BufSpec, recvbuf: BufSpec): void {
    this.neighborAllgather(false, sendbuf, recvbuf);
  }
  /**
   * MPI_Ineighbor_allgather: the nonblocking {@link Topocomm.Neighbor_allgather}.
   * @param sendbuf this process's block
   * @param recvbuf room for indegree blocks
   * @throws {@link Exception} as {@link Topocomm.Neighbor_allgather}, when it starts.
   * @example
   * ```ts
   * const sides = new Int32Array(2);
   * comm.Create_cart([size], [true]).Ineighbor_allgather(new Int32Array([rank]), sides).Wait();
   * ```
   */
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

  /**
   * MPI_Neighbor_allgatherv: a Neighbor_allgather whose blocks differ in size.
   * @param sendbuf this process's block
   * @param recvbuf `[buf, counts]`, `[buf, counts, displs]` or `[buf, [counts, displs]]`, one count per in-neighbour, with an optional datatype last
   * @throws {@link Exception} ERR_ARG (counts not one per in-neighbour, a block outside buf), ERR_COUNT, ERR_TRUNCATE, buffer errors.
   * @example
   * ```ts
   * const ring = comm.Create_cart([size], [true]);
   * const got = new Int32Array(2);
   * ring.Neighbor_allgatherv(new Int32Array([rank]), [got, [1, 1]]);
   * ```
   */
  Neighbor_allgatherv(sendbuf: BufSpec, recvbuf: VBufSpec): void {
    this.neighborAllgatherv(false, sendbuf, recvbuf);
  }
  /**
   * MPI_Ineighbor_allgatherv: the nonblocking {@link Topocomm.Neighbor_allgatherv}.
   * @param sendbuf this process's block
   * @param recvbuf `[buf, counts, displs?]`, one count per in-neighbour
   * @throws {@link Exception} as {@link Topocomm.Neighbor_allgatherv}, when it starts.
   * @example
   * ```ts
   * const got = new Int32Array(2);
   * comm.Create_cart([size], [true]).Ineighbor_allgatherv(new Int32Array([rank]), [got, [1, 1]]).Wait();
   * ```
   */
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

  /**
   * MPI_Neighbor_alltoall: block k of sendbuf goes to out-neighbour k; block k of recvbuf comes from in-neighbour k.
   * @param sendbuf outdegree blocks
   * @param recvbuf room for indegree blocks
   * @throws {@link Exception} ERR_TRUNCATE, ERR_BUFFER (a buffer that does not split into its blocks), buffer errors.
   * @example
   * ```ts
   * // a halo exchange on a periodic line: send my edges, receive the neighbours'
   * const line = comm.Create_cart([size], [true]);
   * const halo = new Float64Array(2);
   * line.Neighbor_alltoall(new Float64Array([rank - 0.5, rank + 0.5]), halo);
   * ```
   */
  Neighbor_alltoall(sendbuf: BufSpec, recvbuf: BufSpec): void {
    this.neighborAlltoall(false, sendbuf, recvbuf);
  }
  /**
   * MPI_Ineighbor_alltoall: the nonblocking {@link Topocomm.Neighbor_alltoall}.
   * @param sendbuf outdegree blocks
   * @param recvbuf room for indegree blocks
   * @throws {@link Exception} as {@link Topocomm.Neighbor_alltoall}, when it starts.
   * @example
   * ```ts
   * const halo = new Float64Array(2);
   * const req = comm.Create_cart([size], [true]).Ineighbor_alltoall(new Float64Array(2), halo);
   * req.Wait();
   * ```
   */
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

  /**
   * MPI_Neighbor_alltoallv: a Neighbor_alltoall whose blocks differ in size.
   * @param sendbuf `[buf, counts]`, `[buf, counts, displs]` or `[buf, [counts, displs]]`, one count per out-neighbour, with an optional datatype last
   * @param recvbuf the same forms, one count per in-neighbour
   * @throws {@link Exception} ERR_ARG (counts not one per neighbour, a block outside its buffer), ERR_COUNT, ERR_TRUNCATE, buffer errors.
   * @example
   * ```ts
   * const line = comm.Create_cart([size], [true]);
   * const got = new Int32Array(4);
   * line.Neighbor_alltoallv([new Int32Array(4).fill(rank), [2, 2]], [got, [2, 2]]);
   * ```
   */
  Neighbor_alltoallv(sendbuf: VBufSpec, recvbuf: VBufSpec): void {
    this.neighborAlltoallv(false, sendbuf, recvbuf);
  }
  /**
   * MPI_Ineighbor_alltoallv: the nonblocking {@link Topocomm.Neighbor_alltoallv}.
   * @param sendbuf `[buf, counts, displs?]`, one count per out-neighbour
   * @param recvbuf `[buf, counts, displs?]`, one count per in-neighbour
   * @throws {@link Exception} as {@link Topocomm.Neighbor_alltoallv}, when it starts.
   * @example
   * ```ts
   * const got = new Int32Array(2);
   * comm.Create_cart([size], [true]).Ineighbor_alltoallv([new Int32Array(2), [1, 1]], [got, [1, 1]]).Wait();
   * ```
   */
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

  /**
   * MPI_Neighbor_alltoallw: each block has its own count, byte displacement and datatype.
   * @param sendbuf `[buf, counts, byte displacements, datatypes]` or `[buf, [counts, displs], datatypes]`, one entry per out-neighbour
   * @param recvbuf the same forms, one entry per in-neighbour
   * @throws {@link Exception} ERR_ARG (lists not one entry per neighbour, a block outside its buffer), ERR_TYPE, ERR_COUNT, ERR_TRUNCATE.
   * @example
   * ```ts
   * const line = comm.Create_cart([size], [true]);
   * const got = new Float64Array(2);
   * line.Neighbor_alltoallw([new Float64Array(2), [1, 1], [0, 8], [MPI.DOUBLE, MPI.DOUBLE]], [got, [1, 1], [0, 8], [MPI.DOUBLE, MPI.DOUBLE]]);
   * ```
   */
  Neighbor_alltoallw(sendbuf: WBufSpec, recvbuf: WBufSpec): void {
    this.neighborAlltoallw(false, sendbuf, recvbuf);
  }
  /**
   * MPI_Ineighbor_alltoallw: the nonblocking {@link Topocomm.Neighbor_alltoallw}.
   * @param sendbuf `[buf, counts, byte displacements, datatypes]`, one entry per out-neighbour
   * @param recvbuf the same form, one entry per in-neighbour
   * @throws {@link Exception} as {@link Topocomm.Neighbor_alltoallw}, when it starts.
   * @example
   * ```ts
   * const t = [MPI.INT, MPI.INT];
   * comm.Create_cart([size], [true]).Ineighbor_alltoallw([new Int32Array(2), [1, 1], [0, 4], t], [new Int32Array(2), [1, 1], [0, 4], t]).Wait();
   * ```
   */
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

  /**
   * MPI_Neighbor_allgather of serialized values (sizes first, then MPI_Neighbor_allgatherv of the bytes).
   * @param sendobj the value for every out-neighbour
   * @returns the in-neighbours' values, in order (null for an MPI.PROC_NULL neighbour)
   * @throws {@link Exception} only as {@link Comm} says; the serializer's Error.
   * @example
   * ```ts
   * const [left, right] = comm.Create_cart([size], [false]).neighbor_allgather({ rank });
   * ```
   */
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

  /**
   * MPI_Neighbor_alltoall of serialized values: sendobjs[k] goes to out-neighbour k.
   * @param sendobjs one value per out-neighbour
   * @returns the in-neighbours' values, in order (null for an MPI.PROC_NULL neighbour)
   * @throws {@link Exception} ERR_ARG (not one value per out-neighbour); the serializer's Error.
   * @example
   * ```ts
   * const line = comm.Create_cart([size], [true]);
   * const [fromLeft, fromRight] = line.neighbor_alltoall(["to left", "to right"]);
   * ```
   */
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
