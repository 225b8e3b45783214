// Staging of buffer collectives (review of issue 4): receive blocks no process writes keep the
// user's contents (vector gaps, Exscan at rank 0), and a bad argument frees what was staged before it.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done, expectMPIError } from "./util.js";

const comm = commFromArgs();
const rank = comm.rank;
const size = comm.size;

// Allgatherv / Gatherv / Alltoallv with gaps between the blocks: the gaps are left as they were
{
  const recv = new Int32Array(3 * size).fill(-7);
  const counts = new Array(size).fill(1);
  const displs = Array.from({ length: size }, (_, r) => 3 * r + 1);
  comm.Allgatherv(new Int32Array([rank + 10]), [recv, counts, displs, MPI.INT]);
  const want = Array.from({ length: 3 * size }, (_, i) => (i % 3 === 1 ? Math.floor(i / 3) + 10 : -7));
  assert.deepEqual(Array.from(recv), want, "Allgatherv gaps");
  const g = new Int32Array(3 * size).fill(-7);
  comm.Gatherv(new Int32Array([rank + 10]), rank === 0 ? [g, counts, displs, MPI.INT] : null, 0);
  if (rank === 0) assert.deepEqual(Array.from(g), want, "Gatherv gaps");
  const a = new Int32Array(3 * size).fill(-7);
  comm.Ialltoallv([new Int32Array(size).fill(rank + 10), counts, MPI.INT], [a, counts, displs, MPI.INT]).Wait();
  assert.deepEqual(Array.from(a), want, "Ialltoallv gaps");
  const w = new Int32Array(3 * size).fill(-7);
  const types = new Array(size).fill(MPI.INT);
  comm.Alltoallw(
    [new Int32Array(size).fill(rank + 10), counts, counts.map((_, r) => 4 * r), types],
    [w, counts, displs.map((d) => 4 * d), types],
  );
  assert.deepEqual(Array.from(w), want, "Alltoallw gaps");
}

// Exscan leaves rank 0's receive buffer alone
{
  const out = new Float64Array(4).fill(-3);
  comm.Exscan(new Float64Array(4).fill(rank + 1), out, MPI.SUM);
  const want = rank === 0 ? -3 : (rank * (rank + 1)) / 2;
  assert.deepEqual(Array.from(out), new Array(4).fill(want), "Exscan");
  const out2 = new Float64Array(4).fill(-3);
  comm.Iexscan(new Float64Array(4).fill(rank + 1), out2, MPI.SUM).Wait();
  assert.deepEqual(Array.from(out2), new Array(4).fill(want), "Iexscan");
}

// A bad send buffer after a staged receive buffer frees the staging: 40 tries with 8 MiB
// receive buffers must not grow linear memory by 40 x 8 MiB
{
  const heap = () => MPI.Alloc_mem(Uint8Array, 1);
  const probe = heap();
  MPI.Free_mem(probe);
  const recv = new Uint8Array(8 << 20);
  const before = heap();
  const start = before.buffer.byteLength;
  MPI.Free_mem(before);
  for (let i = 0; i < 40; i++) {
    for (const call of [
      () => comm.Allreduce("not a buffer" as never, recv, MPI.SUM),
      () => comm.Allgather("not a buffer" as never, recv),
      () => comm.Ialltoall("not a buffer" as never, recv),
      () => comm.Iscan("not a buffer" as never, recv, MPI.SUM),
    ]) {
      assert.throws(call, MPI.Exception);
    }
  }
  const after = heap();
  const grew = after.buffer.byteLength - start;
  MPI.Free_mem(after);
  assert.ok(grew < 64 << 20, `linear memory grew by ${grew} bytes: staged receive buffers leak`);
}

// Reduce_scatter with a recvcounts list of the wrong length is refused (the core reads one count per process)
for (const counts of [new Array(size + 1).fill(1), new Array(Math.max(size - 1, 0)).fill(1)]) {
  expectMPIError(MPI.ERR_ARG, "MPI_Reduce_scatter", () =>
    comm.Reduce_scatter(new Float64Array(size + 1).fill(1), new Float64Array(1), counts, MPI.SUM),
  );
}

// Send and receive buffers that do not fit each other are refused before the core reads past one of them
{
  const f = (n: number) => new Float64Array(n);
  expectMPIError(MPI.ERR_COUNT, "MPI_Allreduce", () => comm.Allreduce(f(2), f(3), MPI.SUM));
  expectMPIError(MPI.ERR_COUNT, "MPI_Iallreduce", () => comm.Iallreduce(f(3), f(2), MPI.SUM));
  expectMPIError(MPI.ERR_COUNT, "MPI_Scan", () => comm.Scan(f(1), f(4), MPI.SUM));
  expectMPIError(MPI.ERR_COUNT, "MPI_Exscan", () => comm.Exscan(f(4), f(1), MPI.SUM));
  expectMPIError(MPI.ERR_COUNT, "MPI_Reduce", () => comm.Reduce(f(1), f(4), MPI.SUM, rank)); // every rank is "the root": all refuse locally
  expectMPIError(MPI.ERR_COUNT, "MPI_Reduce_scatter_block", () => comm.Reduce_scatter_block(f(2 * size + 1), f(2), MPI.SUM));
  expectMPIError(MPI.ERR_COUNT, "MPI_Reduce_scatter", () => comm.Reduce_scatter(f(size + 1), f(1), new Array(size).fill(1), MPI.SUM));
  if (size > 1) {
    expectMPIError(MPI.ERR_BUFFER, "MPI_Allgather", () => comm.Allgather(f(1), f(size + 1)));
    expectMPIError(MPI.ERR_BUFFER, "MPI_Ialltoall", () => comm.Ialltoall(f(2 * size + 1), f(2 * size)));
    expectMPIError(MPI.ERR_BUFFER, "MPI_Alltoall", () => comm.Alltoall(f(2 * size), f(2 * size + 1)));
  }
  if (size === 2) { // every rank the root: all refuse locally
    expectMPIError(MPI.ERR_BUFFER, "MPI_Gather", () => comm.Gather(f(2), f(3), rank));
    expectMPIError(MPI.ERR_BUFFER, "MPI_Scatter", () => comm.Scatter(f(3), f(2), rank));
  }
  // and the right sizes still work
  const out = f(2);
  comm.Allreduce(f(2).fill(1), out, MPI.SUM);
  assert.deepEqual(Array.from(out), [size, size], "Allreduce after refusals");
}

// Freeing MPI.GROUP_EMPTY is allowed and leaves the predefined object usable (mpi4py restores it)
{
  MPI.GROUP_EMPTY.Free();
  assert.equal(MPI.GROUP_EMPTY.Get_size(), 0, "GROUP_EMPTY after Free");
  const none = MPI.Group.Difference(comm.Get_group(), comm.Get_group());
  assert.equal(none.Compare(MPI.GROUP_EMPTY), MPI.IDENT);
}

// Arguments that are not integers are refused, not truncated: a root of 0.5 is not root 0
for (const bad of [0.5, NaN, 2 ** 40]) {
  expectMPIError(MPI.ERR_ROOT, "MPI_Bcast", () => comm.Bcast(new Float64Array(1), bad));
  expectMPIError(MPI.ERR_ROOT, "MPI_Igather", () => comm.Igather(new Float64Array(1), new Float64Array(size), bad));
  expectMPIError(MPI.ERR_ROOT, "MPI_Reduce", () => comm.Reduce(new Float64Array(1), new Float64Array(1), MPI.SUM, bad));
  expectMPIError(MPI.ERR_ARG, "MPI_Comm_split", () => comm.Split(bad, 0));
  expectMPIError(MPI.ERR_ARG, "MPI_Comm_split", () => comm.Split(0, bad));
}

// Attribute calls with a bad keyval name themselves in the error
expectMPIError(MPI.ERR_KEYVAL, "MPI_Comm_set_attr", () => comm.Set_attr(12345, 1));
expectMPIError(MPI.ERR_KEYVAL, "MPI_Comm_delete_attr", () => comm.Delete_attr(12345));
{
  const kv = MPI.Comm.Create_keyval();
  expectMPIError(MPI.ERR_KEYVAL, "MPI_Comm_delete_attr", () => comm.Delete_attr(kv)); // none set
  comm.Set_attr(kv, "x");
  comm.Set_attr(kv, "y");
  assert.equal(comm.Get_attr(kv), "y");
  comm.Delete_attr(kv);
  assert.equal(comm.Get_attr(kv), undefined);
  MPI.Comm.Free_keyval(kv);
}

done();
