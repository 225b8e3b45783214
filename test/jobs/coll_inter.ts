// Collectives on an intercommunicator (MPI-4.0 6.2.2): the lower half of COMM_WORLD is group A,
// the rest group B; rooted calls use MPI.ROOT / MPI.PROC_NULL in the root's group.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const world = MPI.COMM_WORLD;
const na = Math.floor(world.size / 2);
const inA = world.rank < na;
const local = world.Split(inA ? 0 : 1, 0) as InstanceType<typeof MPI.Intracomm>;
const inter = local.Create_intercomm(0, world, inA ? na : 0, 1);
const me = inter.rank;
const rsize = inter.remote_size;
const base = inA ? 0 : 100; // group B's values are 100 + rank

// A's rank 0 is the root; the rest of A pass PROC_NULL; B passes the root's rank in A (0)
const rootArg = inA ? (me === 0 ? MPI.ROOT : MPI.PROC_NULL) : 0;
const b = new Int32Array([inA && me === 0 ? 42 : -1]);
inter.Bcast(b, rootArg);
if (!inA) assert.equal(b[0], 42, "Bcast across");
if (inA && me !== 0) assert.equal(b[0], -1, "PROC_NULL ranks are left alone");

// Gather at A's root of B's values
const g = new Int32Array(rsize);
inter.Gather(inA ? null : new Int32Array([100 + me]), inA && me === 0 ? g : null, rootArg);
if (inA && me === 0) assert.deepEqual(Array.from(g), Array.from({ length: rsize }, (_, i) => 100 + i), "Gather");
// Scatter from A's root to B
const s = new Int32Array(1);
inter.Scatter(inA && me === 0 ? Int32Array.from({ length: rsize }, (_, i) => 200 + i) : null, inA ? null : s, rootArg);
if (!inA) assert.equal(s[0], 200 + me, "Scatter");
// Allgather: each group gets the other's
const ag = new Int32Array(rsize);
inter.Allgather(new Int32Array([base + me]), ag);
assert.deepEqual(Array.from(ag), Array.from({ length: rsize }, (_, i) => (inA ? 100 : 0) + i), "Allgather");
// Alltoall
const at = new Int32Array(rsize);
inter.Alltoall(Int32Array.from({ length: rsize }, (_, j) => base + me * 10 + j), at);
assert.deepEqual(Array.from(at), Array.from({ length: rsize }, (_, i) => (inA ? 100 : 0) + i * 10 + me), "Alltoall");
// Allreduce: each group gets the reduction over the other group
const ar = new Int32Array(1);
inter.Allreduce(new Int32Array([base + me]), ar, MPI.SUM);
const sumOf = (n: number, off: number) => n * off + (n * (n - 1)) / 2;
assert.equal(ar[0], inA ? sumOf(rsize, 100) : sumOf(rsize, 0), "Allreduce");
// Reduce to A's root
const rr = new Int32Array(1);
inter.Reduce(inA ? null : new Int32Array([100 + me]), inA && me === 0 ? rr : null, MPI.SUM, rootArg);
if (inA && me === 0) assert.equal(rr[0], sumOf(rsize, 100), "Reduce");
inter.Barrier();
inter.Ibarrier().Wait();

// objects
assert.equal(inter.bcast(inA && me === 0 ? { from: "A" } : undefined, rootArg)?.from, inA ? undefined : "A");
const og = inter.gather(inA ? null : `b${me}`, rootArg);
if (inA && me === 0) assert.deepEqual(og, Array.from({ length: rsize }, (_, i) => `b${i}`));
assert.deepEqual(inter.allgather(base + me), Array.from({ length: rsize }, (_, i) => (inA ? 100 : 0) + i));
assert.equal(inter.allreduce(base + me), inA ? sumOf(rsize, 100) : sumOf(rsize, 0));
assert.deepEqual(inter.alltoall(Array.from({ length: rsize }, (_, j) => [me, j])), Array.from({ length: rsize }, (_, i) => [i, me]));

// scans are for intracommunicators
expectMPIError(MPI.ERR_COMM, "MPI_Scan", () => inter.Scan(new Int32Array(1), new Int32Array(1)));
expectMPIError(MPI.ERR_COMM, "scan", () => inter.scan(1));
inter.Free();
local.Free();
done();
