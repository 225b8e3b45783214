// Buffer collectives (mpi4py's test_cco_buf): every collective, blocking and nonblocking, several
// element types and ops, IN_PLACE, against a sequential reference, on the communicator --comm names.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done, expectMPIError } from "./util.js";

const comm = commFromArgs();
const rank = comm.rank;
const size = comm.size;
const kinds = [Int8Array, Int32Array, Uint16Array, Float32Array, Float64Array, BigInt64Array] as const;
type Arr = InstanceType<(typeof kinds)[number]>;
/** value j of rank r's data: small enough for every kind and op */
const val = (kind: (typeof kinds)[number], r: number, j: number) => (kind === BigInt64Array ? BigInt((r + j) % 7) : ((r + j) % 7)) as never;
function data(kind: (typeof kinds)[number], r: number, n: number): Arr {
  const a = new kind(n);
  for (let j = 0; j < n; j++) a[j] = val(kind, r, j);
  return a;
}
const eq = (a: Arr, b: Arr, what: string) => assert.deepEqual(Array.from(a as ArrayLike<number>), Array.from(b as ArrayLike<number>), what);

for (const kind of kinds) {
  for (const n of [1, 5, 1000]) {
    const what = `${kind.name} x${n}`;
    // Bcast from every root, blocking and nonblocking
    for (let root = 0; root < size; root++) {
      const a = rank === root ? data(kind, root, n) : new kind(n);
      comm.Bcast(a, root);
      eq(a, data(kind, root, n), `Bcast ${what} root ${root}`);
      const b = rank === root ? data(kind, root + 1, n) : new kind(n);
      comm.Ibcast(b, root).Wait();
      eq(b, data(kind, root + 1, n), `Ibcast ${what}`);
    }
    // Gather / Scatter / Allgather / Alltoall
    const root = size - 1;
    const all = new kind(n * size);
    comm.Gather(data(kind, rank, n), rank === root ? all : null, root);
    if (rank === root) for (let r = 0; r < size; r++) eq(all.subarray(r * n, (r + 1) * n) as Arr, data(kind, r, n), `Gather ${what} from ${r}`);
    const mine = new kind(n);
    comm.Scatter(rank === root ? all : null, mine, root);
    eq(mine, data(kind, rank, n), `Scatter ${what}`);
    const ag = new kind(n * size);
    comm.Iallgather(data(kind, rank, n), ag).Wait();
    for (let r = 0; r < size; r++) eq(ag.subarray(r * n, (r + 1) * n) as Arr, data(kind, r, n), `Iallgather ${what}`);
    // in place: each rank's block already in the receive buffer
    const agi = new kind(n * size);
    agi.set(data(kind, rank, n) as never, rank * n);
    comm.Allgather(MPI.IN_PLACE, agi);
    eq(agi, ag, `Allgather IN_PLACE ${what}`);
    // alltoall: block j of rank r is data(r*size + j)
    const sa = new kind(n * size);
    for (let j = 0; j < size; j++) sa.set(data(kind, rank * size + j, n) as never, j * n);
    const ra = new kind(n * size);
    comm.Alltoall(sa, ra);
    for (let r = 0; r < size; r++) eq(ra.subarray(r * n, (r + 1) * n) as Arr, data(kind, r * size + rank, n), `Alltoall ${what}`);
    // reductions
    const ops: [InstanceType<typeof MPI.Op>, (x: number, y: number) => number][] = [
      [MPI.SUM, (x, y) => x + y],
      [MPI.MAX, (x, y) => Math.max(x, y)],
      [MPI.MIN, (x, y) => Math.min(x, y)],
    ];
    for (const [op, f] of ops) {
      const ref = (upTo: number) => {
        const out = new kind(n);
        for (let j = 0; j < n; j++) {
          let acc = Number(val(kind, 0, j));
          for (let r = 1; r <= upTo; r++) acc = f(acc, Number(val(kind, r, j)));
          out[j] = (kind === BigInt64Array ? BigInt(acc) : acc) as never;
        }
        return out;
      };
      const total = ref(size - 1);
      const r1 = new kind(n);
      comm.Allreduce(data(kind, rank, n), r1, op);
      eq(r1, total, `Allreduce ${op} ${what}`);
      const r2 = data(kind, rank, n);
      comm.Iallreduce(MPI.IN_PLACE, r2, op).Wait();
      eq(r2, total, `Iallreduce IN_PLACE ${op} ${what}`);
      const r3 = new kind(n);
      comm.Reduce(data(kind, rank, n), rank === 0 ? r3 : null, op, 0);
      if (rank === 0) eq(r3, total, `Reduce ${op} ${what}`);
      const r4 = new kind(n);
      comm.Scan(data(kind, rank, n), r4, op);
      eq(r4, ref(rank), `Scan ${op} ${what}`);
      const r5 = new kind(n);
      comm.Iexscan(data(kind, rank, n), r5, op).Wait();
      if (rank > 0) eq(r5, ref(rank - 1), `Exscan ${op} ${what}`);
      // reduce_scatter_block: every rank contributes n*size, gets its n
      const big = new kind(n * size);
      for (let j = 0; j < size; j++) big.set(data(kind, rank, n) as never, j * n);
      const r6 = new kind(n);
      comm.Reduce_scatter_block(big, r6, op);
      eq(r6, total, `Reduce_scatter_block ${op} ${what}`);
      const r7 = new kind(n);
      comm.Reduce_scatter(big, r7, new Array(size).fill(n), op);
      eq(r7, total, `Reduce_scatter ${op} ${what}`);
    }
  }
}

// vector forms: rank r contributes r+1 doubles
const counts = Array.from({ length: size }, (_, r) => r + 1);
const displs = counts.map((_, r) => (r * (r + 1)) / 2);
const totalV = displs[size - 1] + counts[size - 1];
const mineV = Float64Array.from({ length: rank + 1 }, (_, j) => rank * 100 + j);
const refV = new Float64Array(totalV);
for (let r = 0; r < size; r++) for (let j = 0; j <= r; j++) refV[displs[r] + j] = r * 100 + j;
const gv = new Float64Array(totalV);
comm.Gatherv(mineV, rank === 0 ? [gv, counts, displs, MPI.DOUBLE] : null, 0);
if (rank === 0) assert.deepEqual(gv, refV, "Gatherv");
const agv = new Float64Array(totalV);
comm.Allgatherv(mineV, [agv, counts]);
assert.deepEqual(agv, refV, "Allgatherv");
const sv = new Float64Array(rank + 1);
comm.Scatterv(rank === 0 ? [refV, counts, displs, MPI.DOUBLE] : null, sv, 0);
assert.deepEqual(sv, mineV, "Scatterv");
// alltoallv: rank r sends j+1 ints to rank j
const scounts = Array.from({ length: size }, (_, j) => j + 1);
const sdispls = scounts.map((_, j) => (j * (j + 1)) / 2);
const sbuf = new Int32Array(sdispls[size - 1] + size);
for (let j = 0; j < size; j++) for (let k = 0; k <= j; k++) sbuf[sdispls[j] + k] = rank * 1000 + j * 10 + k;
const rcounts = new Array(size).fill(rank + 1);
const rbuf = new Int32Array(size * (rank + 1));
comm.Alltoallv([sbuf, scounts, sdispls, MPI.INT], [rbuf, rcounts, MPI.INT]);
for (let r = 0; r < size; r++) for (let k = 0; k <= rank; k++) assert.equal(rbuf[r * (rank + 1) + k], r * 1000 + rank * 10 + k, "Alltoallv");
// alltoallw: one double to each rank, byte displacements
const wsend = Float64Array.from({ length: size }, (_, j) => rank * 10 + j);
const wrecv = new Float64Array(size);
const bytes = Array.from({ length: size }, (_, j) => 8 * j);
const ones = new Array(size).fill(1);
const types = new Array(size).fill(MPI.DOUBLE);
comm.Ialltoallw([wsend, ones, bytes, types], [wrecv, ones, bytes, types]).Wait();
assert.deepEqual(wrecv, Float64Array.from({ length: size }, (_, r) => r * 10 + rank), "Alltoallw");

// several outstanding nonblocking collectives
const reqs = [comm.Ibarrier(), comm.Iallreduce(new Int32Array([1]), new Int32Array(1))];
const out2 = new Int32Array(1);
reqs.push(comm.Iallreduce(new Int32Array([rank]), out2, MPI.MAX));
MPI.Request.Waitall(reqs);
assert.equal(out2[0], size - 1);
comm.Barrier();

// every integer op, with a reference folded in rank order (values 1..3 keep PROD small)
const intOps: [InstanceType<typeof MPI.Op>, (x: number, y: number) => number][] = [
  [MPI.PROD, (x, y) => x * y],
  [MPI.BAND, (x, y) => x & y],
  [MPI.BOR, (x, y) => x | y],
  [MPI.BXOR, (x, y) => x ^ y],
  [MPI.LAND, (x, y) => Number(!!x && !!y)],
  [MPI.LOR, (x, y) => Number(!!x || !!y)],
  [MPI.LXOR, (x, y) => Number(!!x !== !!y)],
];
const iv = (r: number, j: number) => ((r * 3 + j) % 4 === 0 ? 0 : 1 + ((r + j) % 3));
for (const [op, f] of intOps) {
  const n = 17;
  const mine = Int32Array.from({ length: n }, (_, j) => iv(rank, j));
  const ref = Int32Array.from({ length: n }, (_, j) => {
    let acc = iv(0, j);
    for (let r = 1; r < size; r++) acc = f(acc, iv(r, j));
    return acc;
  });
  const out = new Int32Array(n);
  comm.Allreduce(mine, out, op);
  assert.deepEqual(out, ref, `Allreduce ${op}`);
}
// MAXLOC on MPI.DOUBLE_INT pairs: [value, index] with C's padding (16 bytes each)
const pair = new DataView(new ArrayBuffer(16));
pair.setFloat64(0, rank % 2, true);
pair.setInt32(8, rank, true);
const best = new DataView(new ArrayBuffer(16));
comm.Allreduce([pair, 1, MPI.DOUBLE_INT], [best, 1, MPI.DOUBLE_INT], MPI.MAXLOC);
assert.equal(best.getFloat64(0, true), size > 1 ? 1 : 0, "MAXLOC value");
assert.equal(best.getInt32(8, true), size > 1 ? 1 : 0, "MAXLOC takes the lowest index among ties");

// errors
const freed = comm.Dup();
const stale = new MPI.Intracomm(freed.handle); // another object still holding the freed handle
freed.Free();
expectMPIError(MPI.ERR_COMM, "MPI_Barrier", () => stale.Barrier());
expectMPIError(MPI.ERR_COMM, "MPI_Allreduce", () => freed.Allreduce(new Int32Array(1), new Int32Array(1)));
expectMPIError(MPI.ERR_ROOT, "MPI_Bcast", () => comm.Bcast(new Int32Array(1), size));
expectMPIError(MPI.ERR_OP, "MPI_Allreduce", () => comm.Allreduce(new Float64Array(1), new Float64Array(1), MPI.BAND));
expectMPIError(MPI.ERR_ARG, "MPI_Allgatherv", () => comm.Allgatherv(mineV, [agv, new Array(size + 1).fill(1)]));
// a block outside the buffer is refused before the core could write past it
expectMPIError(MPI.ERR_ARG, "MPI_Allgatherv", () => comm.Allgatherv(mineV, [agv, counts, displs.map((d) => d + 1), MPI.DOUBLE]));
done();
