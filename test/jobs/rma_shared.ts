// Allocate_shared + Shared_query: the ranks of one process (Split_type(COMM_TYPE_SHARED)) view
// each other's segments, and a plain load sees another rank's plain store; Atomics on a view of
// another rank's segment are atomic with that rank's own. A shared window over ranks of several
// processes is refused with ERR_RMA_SHARED.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const world = MPI.COMM_WORLD;
const node = world.Split_type(MPI.COMM_TYPE_SHARED);
const rank = node.rank, size = node.size;
const K = 16;
// rank 1 has no segment: MPI.PROC_NULL's query skips it only if it is the lowest, so give rank 0 one
const count = rank === 1 ? 0 : K;
const win = MPI.Win.Allocate_shared(8 * count, 8, null, node);
assert.equal(win.flavor, MPI.WIN_FLAVOR_SHARED);
assert.equal(win.model, MPI.WIN_UNIFIED);

win.Lock_all(MPI.MODE_NOCHECK);
const mine = win.tomemory(Float64Array);
assert.equal(mine.length, count);
for (let i = 0; i < count; i++) mine[i] = rank * 1000 + i;
win.Sync();
node.Barrier();
win.Sync();
for (let r = 0; r < size; r++) {
  const [seg, unit] = win.Shared_query(r, Float64Array);
  assert.equal(unit, 8);
  assert.equal(seg.length, r === 1 ? 0 : K);
  for (let i = 0; i < seg.length; i++) assert.equal(seg[i], r * 1000 + i, `rank ${r}'s store seen by rank ${rank}`);
  if (r === rank) assert.equal(seg.byteOffset, mine.byteOffset, "my segment is my tomemory()");
}
{
  const [seg] = win.Shared_query(MPI.PROC_NULL);
  assert.equal(seg.byteLength, 8 * K, "PROC_NULL: the lowest rank with a segment (rank 0)");
  const [bytes, unit] = win.Shared_query(0);
  assert.ok(bytes instanceof Uint8Array && unit === 8);
}
node.Barrier();

// a store into the next rank's segment is what that rank loads from its own memory
const next = (rank + 1) % size;
const [nextSeg] = win.Shared_query(next, Float64Array);
if (nextSeg.length > 0) nextSeg[K - 1] = -(rank + 1);
win.Sync();
node.Barrier();
win.Sync();
const prev = (rank - 1 + size) % size;
if (count > 0) assert.equal(mine[K - 1], -(prev + 1), `rank ${prev}'s store into my segment`);
win.Unlock_all();
win.Free();

// Atomics on rank 0's segment from every rank: no lost update
{
  const n = 5000;
  const counters = MPI.Win.Allocate_shared(rank === 0 ? 4 : 0, 4, null, node);
  const [c0] = counters.Shared_query(0, Int32Array);
  node.Barrier();
  for (let i = 0; i < n; i++) Atomics.add(c0, 0, 1);
  node.Barrier();
  assert.equal(Atomics.load(c0, 0), n * size);
  counters.Free();
}

// ranks of different processes share no memory
if (node.size < world.size) {
  expectMPIError(MPI.ERR_RMA_SHARED, "MPI_Win_allocate_shared", () => MPI.Win.Allocate_shared(8, 1, null, world));
}
node.Free();
done();
