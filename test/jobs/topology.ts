// Process topologies and neighbourhood collectives from TS (mpi4py's test_topo / test_cco_nb_*):
// Compute_dims, Cartcomm, Graphcomm, Distgraphcomm, every Neighbor_* buffer form against a
// reference built from the neighbour lists of every rank, the object forms, and bad input.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const world = MPI.COMM_WORLD;
const rank = world.Get_rank();
const size = world.Get_size();

// ---- Compute_dims (MPI_Dims_create) ----
assert.deepEqual(MPI.Compute_dims(6, 2), [3, 2]);
assert.deepEqual(MPI.Compute_dims(7, 2), [7, 1]);
assert.deepEqual(MPI.Compute_dims(6, [0, 3, 0]), [2, 3, 1]);
assert.deepEqual(MPI.Compute_dims(24, 3), [4, 3, 2]);
assert.deepEqual(MPI.Compute_dims(1, 0), []);
expectMPIError(MPI.ERR_DIMS, "MPI_Dims_create", () => MPI.Compute_dims(7, [0, 3, 0]));
expectMPIError(MPI.ERR_DIMS, "MPI_Dims_create", () => MPI.Compute_dims(4, [-1, 0]));

assert.equal(world.topology, MPI.UNDEFINED);
assert.equal(world.Get_topology(), MPI.UNDEFINED);

// ---- Cartesian ----
for (const periods of [[true, true], [false, false], [true, false]]) {
  const dims = MPI.Compute_dims(size, 2);
  const cart = world.Create_cart(dims, periods);
  assert.ok(cart instanceof MPI.Cartcomm);
  assert.equal(cart.topology, MPI.CART);
  assert.equal(cart.Get_dim(), 2);
  assert.equal(cart.ndim, 2);
  assert.deepEqual(cart.dims, dims);
  assert.deepEqual(cart.periods, periods);
  const coords = cart.coords;
  assert.deepEqual(coords, [Math.floor(rank / dims[1]), rank % dims[1]]);
  assert.deepEqual(cart.Get_topo(), [dims, periods, coords]);
  for (let r = 0; r < size; r++) assert.equal(cart.Get_cart_rank(cart.Get_coords(r)), r);
  for (let d = 0; d < 2; d++) {
    const [src, dst] = cart.Shift(d, 1);
    const step = (x: number) => {
      const c = coords.slice();
      c[d] += x;
      if (c[d] < 0 || c[d] >= dims[d]) {
        if (!periods[d]) return MPI.PROC_NULL;
        c[d] = (c[d] + dims[d]) % dims[d];
      }
      return c[0] * dims[1] + c[1];
    };
    assert.deepEqual([src, dst], [step(-1), step(1)], `shift ${d} with periods ${periods}`);
  }
  if (periods[0] && periods[1]) assert.equal(cart.Get_cart_rank([coords[0] - dims[0], coords[1] + 2 * dims[1]]), rank);
  else expectMPIError(MPI.ERR_ARG, "MPI_Cart_rank", () => cart.Get_cart_rank([coords[0] + dims[0], coords[1] + dims[1]]));
  const row = cart.Sub([false, true]);
  assert.ok(row instanceof MPI.Cartcomm);
  assert.equal(row.Get_size(), dims[1]);
  assert.equal(row.Get_rank(), coords[1]);
  assert.deepEqual(row.Get_topo(), [[dims[1]], [periods[1]], [coords[1]]]);
  assert.deepEqual(cart.inoutedges[0], [...cart.Shift(0, 1), ...cart.Shift(1, 1)]);
  const dup = cart.Dup();
  assert.ok(dup instanceof MPI.Cartcomm);
  assert.deepEqual(dup.Get_topo(), cart.Get_topo());
  dup.Free();
  row.Free();
  cart.Free();
}
{
  // ranks past the grid get a null communicator
  const line = world.Create_cart([Math.max(size - 1, 1)], [true]);
  assert.equal(line.isNull(), rank >= Math.max(size - 1, 1));
  assert.equal(world.Cart_map([Math.max(size - 1, 1)]), rank >= Math.max(size - 1, 1) ? MPI.UNDEFINED : rank);
  expectMPIError(MPI.ERR_ARG, "MPI_Cart_create", () => world.Create_cart([size + 1]));
  expectMPIError(MPI.ERR_DIMS, "MPI_Cart_create", () => world.Create_cart([0]));
  expectMPIError(MPI.ERR_ARG, "MPI_Cart_create", () => world.Create_cart([1, 1], [true]));
  expectMPIError(MPI.ERR_TOPOLOGY, "MPI_Cartdim_get", () => new MPI.Cartcomm(world.handle).Get_dim());
}

// ---- graph: a ring whose node i has neighbours i+1 and i-1 (repeated at 2 ranks, loops at 1) ----
const index: number[] = [];
const edges: number[] = [];
for (let i = 0; i < size; i++) {
  edges.push((i + 1) % size, (i + size - 1) % size);
  index.push(edges.length);
}
{
  const g = world.Create_graph(index, edges);
  assert.ok(g instanceof MPI.Graphcomm);
  assert.equal(g.topology, MPI.GRAPH);
  assert.deepEqual(g.Get_dims(), [size, 2 * size]);
  assert.deepEqual(g.Get_topo(), [index, edges]);
  assert.deepEqual(g.index, index);
  assert.deepEqual(g.edges, edges);
  assert.equal(g.nneighbors, 2);
  assert.deepEqual(g.neighbors, [(rank + 1) % size, (rank + size - 1) % size]);
  for (let r = 0; r < size; r++) assert.deepEqual(g.Get_neighbors(r), edges.slice(2 * r, 2 * r + 2));
  assert.equal(world.Graph_map(index, edges), rank);
  expectMPIError(MPI.ERR_RANK, "MPI_Graph_neighbors_count", () => g.Get_neighbors_count(size));
  expectMPIError(MPI.ERR_TOPOLOGY, "MPI_Cartdim_get", () => new MPI.Cartcomm(g.handle).Get_dim());
  expectMPIError(MPI.ERR_ARG, "MPI_Graph_create", () => world.Create_graph([1], [size]));
  expectMPIError(MPI.ERR_ARG, "MPI_Graph_create", () => world.Create_graph([2], [0]));
}

// ---- distributed graphs: r -> r+1 (weight 10r+1), r -> r+2 (10r+2), r -> r+1 again (10r+3) ----
const outs = (r: number) => [(r + 1) % size, (r + 2) % size, (r + 1) % size];
const outw = (r: number) => [10 * r + 1, 10 * r + 2, 10 * r + 3];
const ins: number[] = [];
const inw: number[] = [];
for (let r = 0; r < size; r++)
  outs(r).forEach((d, k) => {
    if (d === rank) {
      ins.push(r);
      inw.push(outw(r)[k]);
    }
  });
const sortPairs = (a: number[], w: number[]) => a.map((x, i) => [x, w[i]]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
{
  const g = world.Create_dist_graph_adjacent(ins, outs(rank), inw, outw(rank));
  assert.ok(g instanceof MPI.Distgraphcomm);
  assert.equal(g.topology, MPI.DIST_GRAPH);
  assert.deepEqual(g.Get_dist_neighbors_count(), [3, 3, true]);
  assert.deepEqual(g.Get_dist_neighbors(), [ins, outs(rank), [inw, outw(rank)]]);
  assert.deepEqual(g.degrees, [3, 3]);
  const u = world.Create_dist_graph_adjacent(ins, outs(rank));
  assert.deepEqual(u.Get_dist_neighbors(), [ins, outs(rank), null]);
  // the general form: rank r gives the edges of rank r+1
  const s = (rank + 1) % size;
  const gg = world.Create_dist_graph([s], [3], outs(s), outw(s));
  const [src, dst, w] = gg.Get_dist_neighbors();
  assert.ok(w !== null);
  assert.deepEqual(sortPairs(src, w[0]), sortPairs(ins, inw));
  assert.deepEqual(sortPairs(dst, w[1]), sortPairs(outs(rank), outw(rank)));
  // every edge from rank 0, unweighted
  const all = Array.from({ length: size }, (_, r) => r);
  const g0 = rank === 0 ? world.Create_dist_graph(all, all.map(() => 3), all.flatMap(outs)) : world.Create_dist_graph([], [], []);
  assert.deepEqual(g0.Get_dist_neighbors_count(), [3, 3, false]);
  expectMPIError(MPI.ERR_RANK, "MPI_Dist_graph_create_adjacent", () => world.Create_dist_graph_adjacent([size], []));
  expectMPIError(MPI.ERR_ARG, "MPI_Dist_graph_create_adjacent", () => world.Create_dist_graph_adjacent([0], [], [-1], MPI.WEIGHTS_EMPTY));
  expectMPIError(MPI.ERR_ARG, "MPI_Dist_graph_create_adjacent", () => world.Create_dist_graph_adjacent([0], [0], [1]));
  expectMPIError(MPI.ERR_ARG, "MPI_Dist_graph_create", () => world.Create_dist_graph([0], [2], [0]));
  expectMPIError(MPI.ERR_TOPOLOGY, "MPI_Dist_graph_neighbors_count", () => new MPI.Distgraphcomm(world.handle).Get_dist_neighbors_count());
}

// ---- neighbourhood collectives against a reference ----
type Topo = InstanceType<typeof MPI.Topocomm>;

/** Every rank's out-list, gathered with objects on the world communicator. */
function allOuts(c: Topo): number[][] {
  const [me, n] = [c.Get_rank(), c.Get_size()];
  const mine = c.outedges;
  const lists: number[][] = [];
  for (let q = 0; q < n; q++) {
    if (q === me) {
      for (let r = 0; r < n; r++) if (r !== me) c.send(mine, r, 41);
      lists.push(mine);
    } else lists.push(c.recv(q, 41) as number[]);
  }
  return lists;
}

/** The sender's out-slot whose block lands in in-slot k. */
function matcher(c: Topo): (k: number) => number {
  const ins = c.inedges;
  const rank = c.Get_rank();
  if (c.topology === MPI.CART) return (k) => k ^ 1;
  const lists = allOuts(c);
  return (k) => {
    const s = ins[k];
    let nth = ins.slice(0, k).filter((x) => x === s).length;
    for (let j = 0; j < lists[s].length; j++) if (lists[s][j] === rank && nth-- === 0) return j;
    return -1;
  };
}

const val = (sender: number, slot: number, i: number) => sender * 10000 + slot * 100 + i;
const SENT = -7;

function checkCollectives(c: Topo, what: string): void {
  const rank = c.Get_rank(); // the ranks here are c's
  const [indeg, outdeg] = c.degrees;
  const ins = c.inedges;
  const match = matcher(c);
  const isNull = (k: number) => ins[k] === MPI.PROC_NULL;

  // Neighbor_allgather, buffer cut in blocks and with an explicit count
  {
    const send = Int32Array.from([0, 1, 2], (i) => val(rank, 0, i));
    const recv = new Int32Array(3 * indeg).fill(SENT);
    c.Neighbor_allgather(send, recv);
    const big = new Int32Array(3 * indeg + 5).fill(SENT);
    c.Neighbor_allgather([send, MPI.INT], [big, 3, MPI.INT]);
    for (let k = 0; k < indeg; k++)
      for (let i = 0; i < 3; i++) {
        const want = isNull(k) ? SENT : val(ins[k], 0, i);
        assert.equal(recv[3 * k + i], want, `${what}: allgather ${k}[${i}]`);
        assert.equal(big[3 * k + i], want, `${what}: allgather count form ${k}[${i}]`);
      }
    assert.ok(big.subarray(3 * indeg).every((x) => x === SENT));
  }
  // objects
  {
    const got = c.neighbor_allgather({ from: rank, data: [rank, "x"] });
    assert.equal(got.length, indeg);
    got.forEach((g, k) => assert.deepEqual(g, isNull(k) ? null : { from: ins[k], data: [ins[k], "x"] }, `${what}: neighbor_allgather ${k}`));
    const sent = Array.from({ length: outdeg }, (_, j) => ({ from: rank, slot: j, big: new Float64Array(j * 3000).fill(rank) }));
    const back = c.neighbor_alltoall(sent);
    back.forEach((g, k) => {
      if (isNull(k)) return assert.equal(g, null);
      const j = match(k);
      assert.deepEqual(g, { from: ins[k], slot: j, big: new Float64Array(j * 3000).fill(ins[k]) }, `${what}: neighbor_alltoall ${k}`);
    });
  }
  // Neighbor_allgatherv: rank p sends p % 3 + 1 doubles; blocks in reverse order with gaps
  {
    const send = Float64Array.from({ length: (rank % 3) + 1 }, (_, i) => val(rank, 1, i) + 0.5);
    const counts: number[] = new Array(indeg);
    const displs: number[] = new Array(indeg);
    let at = 0;
    for (let k = indeg - 1; k >= 0; k--) {
      counts[k] = isNull(k) ? 2 : (ins[k] % 3) + 1;
      displs[k] = at;
      at += counts[k] + 1;
    }
    const recv = new Float64Array(at).fill(SENT);
    c.Neighbor_allgatherv(send, [recv, [counts, displs], MPI.DOUBLE]);
    for (let k = 0; k < indeg; k++) {
      for (let i = 0; i < counts[k]; i++) assert.equal(recv[displs[k] + i], isNull(k) ? SENT : val(ins[k], 1, i) + 0.5, `${what}: allgatherv ${k}[${i}]`);
      assert.equal(recv[displs[k] + counts[k]], SENT);
    }
  }
  // Neighbor_alltoall
  {
    const send = Int32Array.from({ length: 2 * outdeg }, (_, x) => val(rank, x >> 1, x & 1));
    const recv = new Int32Array(2 * indeg).fill(SENT);
    c.Neighbor_alltoall(send, recv);
    for (let k = 0; k < indeg; k++)
      for (let i = 0; i < 2; i++) assert.equal(recv[2 * k + i], isNull(k) ? SENT : val(ins[k], match(k), i), `${what}: alltoall ${k}[${i}]`);
  }
  // Neighbor_alltoallv: out-slot j of rank p carries (p + j) % 3 elements; send blocks packed in reverse order
  {
    const vcount = (p: number, j: number) => (p + j) % 3;
    const sc: number[] = [];
    const sd: number[] = new Array(outdeg);
    const sendVals: number[] = [];
    for (let j = outdeg - 1; j >= 0; j--) {
      sd[j] = sendVals.length;
      for (let i = 0; i < vcount(rank, j); i++) sendVals.push(val(rank, j, i));
    }
    for (let j = 0; j < outdeg; j++) sc.push(vcount(rank, j));
    const rc = Array.from({ length: indeg }, (_, k) => (isNull(k) ? 1 : vcount(ins[k], match(k))));
    const rd: number[] = [];
    let at = 0;
    for (const n of rc) {
      rd.push(at);
      at += n + 1;
    }
    const recv = new BigInt64Array(at).fill(BigInt(SENT));
    c.Neighbor_alltoallv([BigInt64Array.from(sendVals, BigInt), [sc, sd], MPI.INT64_T], [recv, [rc, rd], MPI.INT64_T]);
    for (let k = 0; k < indeg; k++) {
      for (let i = 0; i < rc[k]; i++) assert.equal(recv[rd[k] + i], BigInt(isNull(k) ? SENT : val(ins[k], match(k), i)), `${what}: alltoallv ${k}[${i}]`);
      assert.equal(recv[rd[k] + rc[k]], BigInt(SENT));
    }
  }
  // Neighbor_alltoallw: odd out-slots send 2 doubles, even ones 3 ints, at byte displacements
  {
    const send = new ArrayBuffer(24 * Math.max(outdeg, 1));
    const sc: number[] = [];
    const sd: number[] = [];
    const st: InstanceType<typeof MPI.Datatype>[] = [];
    for (let j = 0; j < outdeg; j++) {
      const at = 24 * (outdeg - 1 - j);
      sd.push(at);
      if (j % 2) {
        st.push(MPI.DOUBLE);
        sc.push(2);
        new Float64Array(send, at, 2).set([val(rank, j, 0) + 0.25, val(rank, j, 1) + 0.25]);
      } else {
        st.push(MPI.INT);
        sc.push(3);
        new Int32Array(send, at, 3).set([0, 1, 2].map((i) => val(rank, j, i)));
      }
    }
    const recv = new ArrayBuffer(32 * Math.max(indeg, 1));
    new Uint8Array(recv).fill(0x5a);
    const rc: number[] = [];
    const rd: number[] = [];
    const rt: InstanceType<typeof MPI.Datatype>[] = [];
    for (let k = 0; k < indeg; k++) {
      const j = isNull(k) ? 0 : match(k);
      rd.push(32 * k);
      rt.push(j % 2 ? MPI.DOUBLE : MPI.INT);
      rc.push(j % 2 ? 2 : 3);
    }
    c.Neighbor_alltoallw([send, [sc, sd], st], [recv, [rc, rd], rt]);
    for (let k = 0; k < indeg; k++) {
      if (isNull(k)) {
        assert.equal(new Uint8Array(recv, rd[k], 1)[0], 0x5a);
        continue;
      }
      const j = match(k);
      if (j % 2) assert.deepEqual(Array.from(new Float64Array(recv, rd[k], 2)), [0, 1].map((i) => val(ins[k], j, i) + 0.25), `${what}: alltoallw ${k}`);
      else assert.deepEqual(Array.from(new Int32Array(recv, rd[k], 3)), [0, 1, 2].map((i) => val(ins[k], j, i)), `${what}: alltoallw ${k}`);
    }
  }
  // nonblocking forms: two under way at once, against the blocking results
  {
    const a = Int32Array.from({ length: outdeg }, (_, j) => val(rank, j, 7));
    const b = new Int32Array(indeg).fill(SENT);
    const g = new Float64Array(indeg).fill(SENT);
    const r1 = c.Ineighbor_alltoall(a, b);
    const r2 = c.Ineighbor_allgather(new Float64Array([rank + 0.5]), g);
    MPI.Request.Waitall([r2, r1]);
    for (let k = 0; k < indeg; k++) {
      assert.equal(b[k], isNull(k) ? SENT : val(ins[k], match(k), 7), `${what}: Ineighbor_alltoall ${k}`);
      assert.equal(g[k], isNull(k) ? SENT : ins[k] + 0.5, `${what}: Ineighbor_allgather ${k}`);
    }
    // the flat vector forms ([buf, counts, displs, type]), nonblocking
    const rv = new Int32Array(indeg).fill(SENT);
    const rq = c.Ineighbor_alltoallv([a, new Array(outdeg).fill(1), Array.from({ length: outdeg }, (_, j) => j), MPI.INT], [rv, new Array(indeg).fill(1), Array.from({ length: indeg }, (_, k) => k), MPI.INT]);
    rq.Wait();
    assert.deepEqual(rv, b, `${what}: Ineighbor_alltoallv`);
    const rw = new Int32Array(indeg).fill(SENT);
    c.Ineighbor_alltoallw([a, new Array(outdeg).fill(1), Array.from({ length: outdeg }, (_, j) => 4 * j), new Array(outdeg).fill(MPI.INT)],
      [rw, new Array(indeg).fill(1), Array.from({ length: indeg }, (_, k) => 4 * k), new Array(indeg).fill(MPI.INT)]).Wait();
    assert.deepEqual(rw, b, `${what}: Ineighbor_alltoallw`);
    const gv = new Float64Array(indeg).fill(SENT);
    c.Ineighbor_allgatherv(new Float64Array([rank + 0.5]), [gv, new Array(indeg).fill(1)]).Wait();
    assert.deepEqual(gv, g, `${what}: Ineighbor_allgatherv`);
  }
  // bad input
  expectMPIError(MPI.ERR_BUFFER, "MPI_Neighbor_alltoall", () => c.Neighbor_alltoall(new Int32Array(outdeg + 1), new Int32Array(indeg)));
  expectMPIError(MPI.ERR_ARG, "MPI_Neighbor_alltoallv", () => c.Neighbor_alltoallv([new Int32Array(4), [1]], [new Int32Array(4), new Array(indeg).fill(0)]));
  expectMPIError(MPI.ERR_ARG, "MPI_Neighbor_allgatherv", () => c.Neighbor_allgatherv(new Int32Array(1), [new Int32Array(1), [new Array(indeg).fill(1), new Array(indeg).fill(5)]]));
  expectMPIError(MPI.ERR_ARG, "MPI_Neighbor_alltoall", () => c.neighbor_alltoall(new Array(outdeg + 1).fill(0)));
}

const [d0, d1] = MPI.Compute_dims(size, 2);
checkCollectives(world.Create_cart([d0, d1], [true, true]), "periodic grid");
checkCollectives(world.Create_cart([d0, d1], [false, true]), "half-periodic grid");
checkCollectives(world.Create_cart([size]), "line");
checkCollectives(world.Create_graph(index, edges), "ring graph");
checkCollectives(world.Create_dist_graph_adjacent(ins, outs(rank), inw, outw(rank)), "adjacent distributed graph");
checkCollectives(world.Create_dist_graph([rank], [3], outs(rank)), "general distributed graph");
// on a split communicator: a ring over each half, ranks of the half
{
  const half = world.Split(rank % 2, -rank);
  const hs = half.Get_size();
  const hr = half.Get_rank();
  const ring = half.Create_cart([hs], [true]);
  assert.equal(ring.Get_size(), hs);
  const got = ring.neighbor_allgather(hr);
  assert.deepEqual(got, [(hr + hs - 1) % hs, (hr + 1) % hs]);
  checkCollectives(ring, "ring on a split half");
  ring.Free();
  half.Free();
}
expectMPIError(MPI.ERR_TOPOLOGY, "MPI_Neighbor_allgather", () => new MPI.Topocomm(world.handle).Neighbor_allgather(new Int32Array(1), new Int32Array(0)));

done();
