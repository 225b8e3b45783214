// Object collectives (mpi4py's test_cco_obj): values of several kinds through the serializer,
// reductions with predefined and user ops, on the communicator --comm names.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done } from "./util.js";

const comm = commFromArgs();
const rank = comm.rank;
const size = comm.size;
const values = [null, 7, -2.5, "text", [1, "two", { three: 3 }], { rank: 0, arr: new Float64Array([1, 2]) }, 12n];

comm.barrier();
for (const v of values) {
  for (let root = 0; root < size; root++) {
    assert.deepEqual(comm.bcast(rank === root ? v : undefined, root), v, "bcast");
    const g = comm.gather(v, root);
    if (rank === root) assert.deepEqual(g, new Array(size).fill(v), "gather");
    else assert.equal(g, undefined);
    const s = comm.scatter(rank === root ? Array.from({ length: size }, (_, i) => [i, v]) : null, root);
    assert.deepEqual(s, [rank, v], "scatter");
  }
  assert.deepEqual(comm.allgather([rank, v]), Array.from({ length: size }, (_, i) => [i, v]), "allgather");
  assert.deepEqual(comm.alltoall(Array.from({ length: size }, (_, j) => `${rank}->${j}`)), Array.from({ length: size }, (_, i) => `${i}->${rank}`), "alltoall");
}
// reductions
const tri = (k: number) => (k * (k + 1)) / 2;
assert.equal(comm.allreduce(rank), tri(size - 1), "allreduce SUM default");
assert.equal(comm.allreduce(rank, MPI.MAX), size - 1);
assert.equal(comm.reduce(rank + 1, MPI.PROD, 0), rank === 0 ? Array.from({ length: size }, (_, i) => i + 1).reduce((a, b) => a * b) : undefined);
assert.deepEqual(comm.allreduce([rank]), Array.from({ length: size }, (_, i) => i), "SUM concatenates lists, as in Python");
assert.equal(comm.scan(rank), tri(rank), "scan");
assert.equal(comm.exscan(rank), rank === 0 ? undefined : tri(rank - 1), "exscan");
assert.deepEqual(comm.allreduce([rank * 2, rank], MPI.MAXLOC), [2 * (size - 1), size - 1], "MAXLOC");
const concat = MPI.Op.Create((a: unknown, b: unknown) => `${a}${b}`, false);
assert.equal(comm.allreduce(String(rank), concat), Array.from({ length: size }, (_, i) => i).join(""), "non-commutative user op in rank order");
concat.Free();
done();
