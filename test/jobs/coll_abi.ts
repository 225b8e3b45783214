// The collectives' ABI (wasm/abi/wmpi_abi.c, ts/abi/core.ts) below the facade: counts as
// numbers, Float64 count/displacement arrays, Int32 type arrays, MPI_IN_PLACE as the pointer
// -1, request handles of the i-forms, error classes and messages.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { core } from "../../ts/mpi/environment.js";
import { done, expectMPIError } from "./util.js";

const c = core();
const world = MPI.COMM_WORLD;
const comm = world.handle;
const rank = world.rank;
const size = world.size;
const INT = MPI.INT.handle;
const SUM = 0x58000003; // MPI_SUM (wasm/include/mpi.h)
const BAND = 0x58000006; // MPI_BAND
const IN_PLACE = -1;
const status = c.malloc(64);

function ints(values: number[]): number {
  const p = c.malloc(4 * Math.max(values.length, 1));
  new Int32Array(c.u8.buffer, p, values.length).set(values);
  return p;
}
function f64s(values: number[]): number {
  const p = c.malloc(8 * Math.max(values.length, 1));
  new Float64Array(c.u8.buffer, p, values.length).set(values);
  return p;
}
function read(p: number, n: number): number[] {
  return Array.from(new Int32Array(c.u8.buffer, p, n));
}
function wait(r: number): void {
  c.check(c.wait(r, status));
}

// Allreduce in place and the nonblocking form
const v = ints([rank, 10 * rank]);
c.allreduce(IN_PLACE, v, 2, INT, SUM, comm);
const tri = (size * (size - 1)) / 2;
assert.deepEqual(read(v, 2), [tri, 10 * tri]);
const w = ints([0, 0]);
wait(c.iallreduce(ints([1, 2]), w, 2, INT, SUM, comm));
assert.deepEqual(read(w, 2), [size, 2 * size]);

// Gatherv at the last rank: rank r sends r + 1 ints, placed in reverse order
const counts = Array.from({ length: size }, (_, r) => r + 1);
const displs: number[] = [];
for (let r = size - 1, at = 0; r >= 0; at += counts[r], r--) displs[r] = at;
const total = counts.reduce((a, b) => a + b, 0);
const mine = ints(Array.from({ length: rank + 1 }, (_, i) => rank * 100 + i));
const all = ints(new Array(total).fill(-1));
c.gatherv(mine, rank + 1, INT, all, f64s(counts), f64s(displs), INT, size - 1, comm);
if (rank === size - 1) {
  const got = read(all, total);
  for (let r = 0; r < size; r++) for (let i = 0; i <= r; i++) assert.equal(got[displs[r] + i], r * 100 + i);
}

// Ialltoall and Alltoallw (bytes to odd ranks, ints to even ones)
const a2a = ints(Array.from({ length: size }, (_, q) => rank * 1000 + q));
const back = ints(new Array(size).fill(-1));
wait(c.ialltoall(a2a, 1, INT, back, 1, INT, comm));
assert.deepEqual(read(back, size), Array.from({ length: size }, (_, q) => q * 1000 + rank));
const stypes = ints(Array.from({ length: size }, (_, q) => (q % 2 ? MPI.BYTE.handle : INT)));
const rtypes = ints(new Array(size).fill(rank % 2 ? MPI.BYTE.handle : INT));
const scounts = f64s(Array.from({ length: size }, (_, q) => (q % 2 ? 4 : 1)));
const rcounts = f64s(new Array(size).fill(rank % 2 ? 4 : 1));
const bytes = f64s(Array.from({ length: size }, (_, q) => 4 * q));
const back2 = ints(new Array(size).fill(-1));
c.alltoallw(a2a, scounts, bytes, stypes, back2, rcounts, bytes, rtypes, comm);
assert.deepEqual(read(back2, size), Array.from({ length: size }, (_, q) => q * 1000 + rank));

// Bcast, Ibarrier, Reduce_scatter_block, Exscan
const b = ints(rank === 0 ? [7, 8, 9] : [0, 0, 0]);
c.bcast(b, 3, INT, 0, comm);
assert.deepEqual(read(b, 3), [7, 8, 9]);
wait(c.ibarrier(comm));
const blocks = ints(Array.from({ length: size }, (_, q) => q + rank));
const piece = ints([-1]);
c.reduceScatterBlock(blocks, piece, 1, INT, SUM, comm);
assert.equal(read(piece, 1)[0], size * rank + tri);
const ex = ints([-1]);
c.exscan(ints([rank + 1]), ex, 1, INT, SUM, comm);
if (rank > 0) assert.equal(read(ex, 1)[0], (rank * (rank + 1)) / 2);

// errors name the MPI call
expectMPIError(MPI.ERR_ROOT, "MPI_Bcast", () => c.bcast(b, 1, INT, size, comm));
expectMPIError(MPI.ERR_COUNT, "MPI_Ireduce", () => c.ireduce(v, w, -1, INT, SUM, 0, comm));
expectMPIError(MPI.ERR_BUFFER, "MPI_Alltoall", () => c.alltoall(a2a, 1, INT, IN_PLACE, 1, INT, comm));
expectMPIError(MPI.ERR_OP, "MPI_Allreduce", () => c.allreduce(v, w, 1, MPI.DOUBLE.handle, BAND, comm));
done();
