/**
 * Process topologies (MPI-4.0 chapter 8) in mpi4py's form: Cartcomm,
 * Graphcomm and Distgraphcomm (on Topocomm, which has the neighbourhood
 * collectives), made by Intracomm.Create_cart / Create_graph /
 * Create_dist_graph(_adjacent), added to Intracomm here; MPI.Compute_dims.
 * Imported for its side effects by index.ts.
 */
import { Comm, Intracomm } from "./comm.js";
import { core } from "./environment.js";
import { ErrorClass } from "./errorclasses.js";
import { fail, listArg, withInts } from "./int-arrays.js";
import { CART, DIST_GRAPH, GRAPH, Topocomm } from "./topocomm.js";

export { CART, DIST_GRAPH, GRAPH, Topocomm };

const INFO_NULL = 0x1c000000;
/** Weights argument: the graph has no weights (as leaving the argument out). */
export const UNWEIGHTED: unique symbol = Symbol("MPI.UNWEIGHTED");
/** Weights argument: a weighted graph with no edges on this side. */
export const WEIGHTS_EMPTY: unique symbol = Symbol("MPI.WEIGHTS_EMPTY");
export type Weights = ArrayLike<number> | typeof UNWEIGHTED | typeof WEIGHTS_EMPTY | null | undefined;

/** What an Info argument needs to be: an object with a handle (MPI.Info), or nothing. */
type InfoLike = { handle: number } | null | undefined;

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
