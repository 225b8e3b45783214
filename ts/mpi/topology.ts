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

/**
 * MPI_Comm with a Cartesian topology (MPI_Cart_create): the processes as a grid, periodic or
 * not in each dimension, made by {@link Intracomm.Create_cart}. Errors as {@link Comm} says; a
 * rank or coordinates outside the grid raise ERR_RANK or ERR_ARG.
 */
export class Cartcomm extends Topocomm {
  /**
   * MPI_Cartdim_get: the number of dimensions.
   * @throws {@link Exception} only as {@link Comm} says.
   * @example
   * ```ts
   * const grid = comm.Create_cart(MPI.Compute_dims(size, 2));
   * console.log(grid.Get_dim()); // 2
   * ```
   */
  Get_dim(): number {
    return core().cartdimGet(this.handle);
  }
  /** MPI_Cartdim_get: {@link Cartcomm.Get_dim} as a property. */
  get dim(): number {
    return this.Get_dim();
  }
  /** MPI_Cartdim_get: {@link Cartcomm.Get_dim} as a property (mpi4py's other name). */
  get ndim(): number {
    return this.Get_dim();
  }
  /**
   * MPI_Cart_get: the grid's size and periodicity in each dimension, and this process's coordinates.
   * @returns [dims, periods, coords]
   * @throws {@link Exception} only as {@link Comm} says.
   * @example
   * ```ts
   * const [dims, periods, coords] = comm.Create_cart([size], [true]).Get_topo();
   * ```
   */
  Get_topo(): [number[], boolean[], number[]] {
    const n = this.Get_dim();
    return withInts("MPI_Cart_get", this.handle, (a) => {
      const [d, p, c] = [a.alloc(n), a.alloc(n), a.alloc(n)];
      core().cartGet(this.handle, n, d, p, c);
      return [a.read(d, n), a.read(p, n).map((x) => x !== 0), a.read(c, n)];
    });
  }
  /** MPI_Cart_get: {@link Cartcomm.Get_topo} as a property. */
  get topo(): [number[], boolean[], number[]] {
    return this.Get_topo();
  }
  /** MPI_Cart_get's dims: the first item of {@link Cartcomm.Get_topo}. */
  get dims(): number[] {
    return this.Get_topo()[0];
  }
  /** MPI_Cart_get's periods: the second item of {@link Cartcomm.Get_topo}. */
  get periods(): boolean[] {
    return this.Get_topo()[1];
  }
  /** MPI_Cart_get's coords, this process's place in the grid: the third item of {@link Cartcomm.Get_topo}. */
  get coords(): number[] {
    return this.Get_topo()[2];
  }
  /**
   * MPI_Cart_rank: the rank of the process at coords (wrapped around in periodic dimensions).
   * @param coords one coordinate per dimension
   * @throws {@link Exception} ERR_ARG: not one coordinate per dimension, a coordinate outside a
   * non-periodic dimension, or not a list of integers.
   * @example
   * ```ts
   * const grid = comm.Create_cart(MPI.Compute_dims(size, 2));
   * const corner = grid.Get_cart_rank([0, 0]); // 0
   * ```
   */
  Get_cart_rank(coords: ArrayLike<number>): number {
    const fc = "MPI_Cart_rank";
    const list = listArg(coords, fc, "coords", this.handle);
    const n = this.Get_dim();
    if (list.length !== n) fail(this.handle, ErrorClass.ERR_ARG, `${fc}: ${list.length} coordinates for ${n} dimensions (coords)`);
    return withInts(fc, this.handle, (a) => core().cartRank(this.handle, a.in(list, "coords")));
  }
  /**
   * MPI_Cart_coords: a process's coordinates.
   * @param rank its rank
   * @throws {@link Exception} ERR_RANK: not a rank of the grid.
   * @example
   * ```ts
   * const grid = comm.Create_cart(MPI.Compute_dims(size, 2));
   * const [row, col] = grid.Get_coords(grid.rank);
   * ```
   */
  Get_coords(rank: number): number[] {
    const n = this.Get_dim();
    return withInts("MPI_Cart_coords", this.handle, (a) => {
      const c = a.alloc(n);
      core().cartCoords(this.handle, rank, n, c);
      return a.read(c, n);
    });
  }
  /**
   * MPI_Cart_shift: the neighbours disp steps away along one dimension.
   * @param direction the dimension, from 0
   * @param disp the steps (negative: the other way)
   * @returns the pair [source, dest], whom this process receives from and sends to in such a shift
   * (MPI.PROC_NULL past a non-periodic edge)
   * @throws {@link Exception} ERR_ARG: direction is not a dimension.
   * @example
   * ```ts
   * const line = comm.Create_cart([size], [false]);
   * const [left, right] = line.Shift(0, 1);
   * line.Sendrecv(new Float64Array([rank]), right, 0, new Float64Array(1), left, 0);
   * ```
   */
  Shift(direction: number, disp: number): [number, number] {
    return core().cartShift(this.handle, direction, disp);
  }
  /**
   * MPI_Cart_sub: the lower-dimensional grids through this process that keep the dimensions marked
   * true (the rows of a 2-D grid: [false, true]). Collective.
   * @param remain_dims one flag per dimension
   * @throws {@link Exception} ERR_ARG: not one flag per dimension.
   * @example
   * ```ts
   * const grid = comm.Create_cart(MPI.Compute_dims(size, 2));
   * const row = grid.Sub([false, true]);
   * const rowSum = row.allreduce(rank);
   * ```
   */
  Sub(remain_dims: ArrayLike<boolean | number>): Cartcomm {
    const fc = "MPI_Cart_sub";
    const n = this.Get_dim();
    if (remain_dims.length !== n) fail(this.handle, ErrorClass.ERR_ARG, `${fc}: ${remain_dims.length} flags for ${n} dimensions (remain_dims)`);
    const flags = Array.from(remain_dims, (x) => (x ? 1 : 0));
    return new Cartcomm(withInts(fc, this.handle, (a) => core().cartSub(this.handle, a.in(flags, "remain_dims"))));
  }
}

/**
 * MPI_Comm with a graph topology (MPI_Graph_create): every process knows the whole graph, made
 * by {@link Intracomm.Create_graph}. Errors as {@link Comm} says; a node outside the graph raises ERR_RANK.
 */
export class Graphcomm extends Topocomm {
  /**
   * MPI_Graphdims_get: the graph's size.
   * @returns [nnodes, nedges]
   * @throws {@link Exception} only as {@link Comm} says.
   * @example
   * ```ts
   * const ring = comm.Create_graph(Array.from({ length: size }, (_, i) => i + 1), Array.from({ length: size }, (_, i) => (i + 1) % size));
   * const [nnodes, nedges] = ring.Get_dims(); // size, size
   * ```
   */
  Get_dims(): [number, number] {
    return core().graphdimsGet(this.handle);
  }
  /** MPI_Graphdims_get: {@link Graphcomm.Get_dims} as a property. */
  get dims(): [number, number] {
    return this.Get_dims();
  }
  /** MPI_Graphdims_get's nnodes: the first item of {@link Graphcomm.Get_dims}. */
  get nnodes(): number {
    return this.Get_dims()[0];
  }
  /** MPI_Graphdims_get's nedges: the second item of {@link Graphcomm.Get_dims}. */
  get nedges(): number {
    return this.Get_dims()[1];
  }
  /**
   * MPI_Graph_get: the graph as Create_graph took it.
   * @returns [index, edges]
   * @throws {@link Exception} only as {@link Comm} says.
   * @example
   * ```ts
   * const ring = comm.Create_graph(Array.from({ length: size }, (_, i) => i + 1), Array.from({ length: size }, (_, i) => (i + 1) % size));
   * const [index, edges] = ring.Get_topo();
   * ```
   */
  Get_topo(): [number[], number[]] {
    const [nn, ne] = this.Get_dims();
    return withInts("MPI_Graph_get", this.handle, (a) => {
      const [i, e] = [a.alloc(nn), a.alloc(ne)];
      core().graphGet(this.handle, nn, ne, i, e);
      return [a.read(i, nn), a.read(e, ne)];
    });
  }
  /** MPI_Graph_get: {@link Graphcomm.Get_topo} as a property. */
  get topo(): [number[], number[]] {
    return this.Get_topo();
  }
  /** MPI_Graph_get's index: the first item of {@link Graphcomm.Get_topo}. */
  get index(): number[] {
    return this.Get_topo()[0];
  }
  /** MPI_Graph_get's edges: the second item of {@link Graphcomm.Get_topo}. */
  get edges(): number[] {
    return this.Get_topo()[1];
  }
  /**
   * MPI_Graph_neighbors_count: how many neighbours a node has.
   * @param rank the node
   * @throws {@link Exception} ERR_RANK: not a node of the graph.
   * @example
   * ```ts
   * const ring = comm.Create_graph(Array.from({ length: size }, (_, i) => i + 1), Array.from({ length: size }, (_, i) => (i + 1) % size));
   * console.log(ring.Get_neighbors_count(0)); // 1
   * ```
   */
  Get_neighbors_count(rank: number): number {
    return core().graphNeighborsCount(this.handle, rank);
  }
  /**
   * MPI_Graph_neighbors: a node's neighbours, in the order of its edges.
   * @param rank the node
   * @throws {@link Exception} ERR_RANK: not a node of the graph.
   * @example
   * ```ts
   * const ring = comm.Create_graph(Array.from({ length: size }, (_, i) => i + 1), Array.from({ length: size }, (_, i) => (i + 1) % size));
   * const next = ring.Get_neighbors(rank)[0];
   * ```
   */
  Get_neighbors(rank: number): number[] {
    const n = this.Get_neighbors_count(rank);
    return withInts("MPI_Graph_neighbors", this.handle, (a) => {
      const p = a.alloc(n);
      core().graphNeighbors(this.handle, rank, n, p);
      return a.read(p, n);
    });
  }
  /** MPI_Graph_neighbors_count of this process: {@link Graphcomm.Get_neighbors_count} of its rank. */
  get nneighbors(): number {
    return this.Get_neighbors_count(this.Get_rank());
  }
  /** MPI_Graph_neighbors of this process: {@link Graphcomm.Get_neighbors} of its rank. */
  get neighbors(): number[] {
    return this.Get_neighbors(this.Get_rank());
  }
}

/**
 * MPI_Comm with a distributed graph topology (MPI_Dist_graph_create): each process knows only
 * its own in- and out-neighbours, optionally weighted; made by
 * {@link Intracomm.Create_dist_graph_adjacent} or {@link Intracomm.Create_dist_graph}. Errors as {@link Comm} says.
 */
export class Distgraphcomm extends Topocomm {
  /**
   * MPI_Dist_graph_neighbors_count: how many in- and out-neighbours, and whether the graph is weighted.
   * @returns [indegree, outdegree, weighted]
   * @throws {@link Exception} only as {@link Comm} says.
   * @example
   * ```ts
   * const g = comm.Create_dist_graph_adjacent([(rank - 1 + size) % size], [(rank + 1) % size]);
   * const [indegree, outdegree, weighted] = g.Get_dist_neighbors_count(); // 1, 1, false
   * ```
   */
  Get_dist_neighbors_count(): [number, number, boolean] {
    return core().distGraphNeighborsCount(this.handle);
  }
  /**
   * MPI_Dist_graph_neighbors: the in- and out-neighbours, with their weights.
   * @returns [sources, destinations, [sourceweights, destweights], or null when unweighted]
   * @throws {@link Exception} only as {@link Comm} says.
   * @example
   * ```ts
   * const g = comm.Create_dist_graph_adjacent([(rank - 1 + size) % size], [(rank + 1) % size], [2], [3]);
   * const [sources, destinations, weights] = g.Get_dist_neighbors(); // weights: [[2], [3]]
   * ```
   */
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
    /**
     * MPI_Topo_test: the kind of topology the communicator has.
     * @returns MPI.CART, MPI.GRAPH, MPI.DIST_GRAPH or MPI.UNDEFINED
     * @throws {@link Exception} only as {@link Comm} says.
     * @example
     * ```ts
     * console.log(comm.Get_topology() === MPI.UNDEFINED, comm.Create_cart([size]).Get_topology() === MPI.CART); // true true
     * ```
     */
    Get_topology(): number;
    /** MPI_Topo_test: {@link Comm.Get_topology} as a property. */
    readonly topology: number;
  }
  interface Intracomm {
    /**
     * MPI_Cart_create: a Cartesian grid of dims[0] x dims[1] x ... processes (MPI.Compute_dims
     * finds balanced dims); processes past the grid get MPI.COMM_NULL. Collective.
     * @param dims the grid's size in each dimension
     * @param periods whether each dimension wraps around (default: none does)
     * @param reorder whether ranks may be renumbered (wmpi keeps them)
     * @throws {@link Exception} ERR_DIMS (a dimension that is not positive), ERR_ARG (a grid larger
     * than the communicator, not one period per dimension).
     * @example
     * ```ts
     * const grid = comm.Create_cart(MPI.Compute_dims(size, 2), [true, true]);
     * const [up, down] = grid.Shift(0, 1);
     * ```
     */
    Create_cart(dims: ArrayLike<number>, periods?: ArrayLike<boolean | number> | null, reorder?: boolean): Cartcomm;
    /**
     * MPI_Graph_create: a graph topology that every process gives whole: node i's neighbours are
     * edges[index[i-1]] up to edges[index[i] - 1] (from edges[0] for node 0). Collective.
     * @param index the running total of each node's neighbour count
     * @param edges the neighbours, node after node
     * @param reorder whether ranks may be renumbered (wmpi keeps them)
     * @throws {@link Exception} ERR_ARG: an edge to a node outside the graph, index not ending at
     * edges.length, more nodes than processes.
     * @example
     * ```ts
     * // a directed ring: node i's only neighbour is i + 1
     * const ring = comm.Create_graph(Array.from({ length: size }, (_, i) => i + 1), Array.from({ length: size }, (_, i) => (i + 1) % size));
     * ```
     */
    Create_graph(index: ArrayLike<number>, edges: ArrayLike<number>, reorder?: boolean): Graphcomm;
    /**
     * MPI_Dist_graph_create_adjacent: a distributed graph in which each process gives its own in-
     * and out-neighbours. Collective.
     * @param sources the in-neighbours
     * @param destinations the out-neighbours
     * @param sourceweights weights of the in-edges (MPI.UNWEIGHTED or omitted: none; MPI.WEIGHTS_EMPTY: weighted, but no in-edges here)
     * @param destweights weights of the out-edges, likewise
     * @param info hints
     * @param reorder whether ranks may be renumbered (wmpi keeps them)
     * @throws {@link Exception} ERR_RANK (a neighbour that is not a rank), ERR_ARG (weights not one
     * per edge, or on one side only).
     * @example
     * ```ts
     * const ring = comm.Create_dist_graph_adjacent([(rank - 1 + size) % size], [(rank + 1) % size]);
     * const fromLeft = ring.neighbor_allgather(rank)[0];
     * ```
     */
    Create_dist_graph_adjacent(sources: ArrayLike<number>, destinations: ArrayLike<number>, sourceweights?: Weights,
      destweights?: Weights, info?: InfoLike, reorder?: boolean): Distgraphcomm;
    /**
     * MPI_Dist_graph_create: a distributed graph whose edges any process may give: degrees[i]
     * edges from sources[i], to the next degrees[i] entries of destinations. Collective.
     * @param sources the edges' source nodes
     * @param degrees how many edges leave each source
     * @param destinations the edges' destinations, source after source
     * @param weights one per edge (MPI.UNWEIGHTED or omitted: none)
     * @param info hints
     * @param reorder whether ranks may be renumbered (wmpi keeps them)
     * @throws {@link Exception} ERR_RANK (a node that is not a rank), ERR_ARG (degrees not one per
     * source, destinations not as many as the degrees add up to, weights not one per edge).
     * @example
     * ```ts
     * // rank 0 gives the whole ring; the others give no edges
     * const edges = rank === 0 ? Array.from({ length: size }, (_, i) => i) : [];
     * const ring = comm.Create_dist_graph(edges, edges.map(() => 1), edges.map((i) => (i + 1) % size));
     * ```
     */
    Create_dist_graph(sources: ArrayLike<number>, degrees: ArrayLike<number>, destinations: ArrayLike<number>,
      weights?: Weights, info?: InfoLike, reorder?: boolean): Distgraphcomm;
    /**
     * MPI_Cart_map: the rank this process would have in such a grid (wmpi maps rank to rank).
     * @param dims the grid's size in each dimension
     * @param periods whether each dimension wraps around
     * @returns the rank, or MPI.UNDEFINED past the grid
     * @throws {@link Exception} ERR_DIMS, ERR_ARG (as {@link Intracomm.Create_cart}).
     * @example
     * ```ts
     * const inGrid = comm.Cart_map([1]) !== MPI.UNDEFINED; // only rank 0
     * ```
     */
    Cart_map(dims: ArrayLike<number>, periods?: ArrayLike<boolean | number> | null): number;
    /**
     * MPI_Graph_map: the rank this process would have in such a graph (wmpi maps rank to rank).
     * @param index the running total of each node's neighbour count
     * @param edges the neighbours, node after node
     * @returns the rank, or MPI.UNDEFINED past the graph
     * @throws {@link Exception} ERR_ARG (as {@link Intracomm.Create_graph}).
     * @example
     * ```ts
     * const node = comm.Graph_map([1, 2], [1, 0]); // 0 or 1, MPI.UNDEFINED from rank 2 on
     * ```
     */
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
 * MPI_Dims_create (mpi4py's Compute_dims): a grid of nnodes processes, as square as can be.
 * @param nnodes the number of processes
 * @param dims the number of dimensions, or a list whose non-zero entries are kept as they are
 * @returns the size of each dimension, largest first
 * @throws {@link Exception} ERR_ARG (nnodes < 0), ERR_DIMS (a negative number of dimensions, or
 * nnodes not a multiple of the kept entries' product).
 * @example
 * ```ts
 * MPI.Compute_dims(12, 2);      // [4, 3]
 * MPI.Compute_dims(12, [0, 2]); // [6, 2]
 * ```
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
