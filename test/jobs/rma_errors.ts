// Wrong use of windows gets MPI.Exception with the right class, naming the call: access outside
// the window (ERR_RMA_RANGE), operations and synchronizations outside their epoch (ERR_RMA_SYNC),
// bad lock types, flavors, attachments, displacements, counts and datatypes; and the window still
// works after each. With --fatal core|facade, the window's handler is MPI.ERRORS_ARE_FATAL and an
// error found by the core (a Put outside the window) or by the facade (a bad target) ends the job.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const comm = MPI.COMM_WORLD;
const rank = comm.rank, size = comm.size;
const next = (rank + 1) % size;
const fatal = process.argv.includes("--fatal") ? process.argv[process.argv.indexOf("--fatal") + 1] : undefined;

const win = MPI.Win.Create(new Float64Array(4), 8, null, comm);
assert.equal(win.Get_errhandler(), MPI.ERRORS_RETURN, "the facade's windows return errors");
const one = new Float64Array(1);

if (fatal) {
  win.Set_errhandler(MPI.ERRORS_ARE_FATAL);
  win.Fence();
  if (fatal === "core") win.Put(one, next, 4);
  else if (fatal === "facade") win.Put(one, next, [0, 1, MPI.DOUBLE, 7] as never);
  else win.Put([one, 2, MPI.DOUBLE], next, 0); // the buffer parser's error, on the window's handler
  console.log(`rank ${rank}: survived a fatal error`);
}

// ---- epochs ----
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Put", () => win.Put(one, next, 0));
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Get", () => win.Get(one, next, 0));
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Accumulate", () => win.Accumulate(one, next, 0, MPI.SUM));
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_unlock", () => win.Unlock(next));
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_unlock_all", () => win.Unlock_all());
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_complete", () => win.Complete());
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_wait", () => win.Wait());
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_test", () => win.Test());
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_flush", () => win.Flush(next));
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_flush_local_all", () => win.Flush_local_all());
expectMPIError(MPI.ERR_LOCKTYPE, "MPI_Win_lock", () => win.Lock(next, 99));
win.Lock(next);
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_lock", () => win.Lock(next));
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_free", () => win.Free());
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_fence", () => win.Fence());
// ---- ranges, ranks, arguments (inside an epoch: the check is the range's) ----
expectMPIError(MPI.ERR_RMA_RANGE, "MPI_Put", () => win.Put(one, next, 4));
expectMPIError(MPI.ERR_RMA_RANGE, "MPI_Get", () => win.Get(new Float64Array(5), next, 0));
expectMPIError(MPI.ERR_RMA_RANGE, "MPI_Accumulate", () => win.Accumulate(new Float64Array(2), next, 3, MPI.SUM));
expectMPIError(MPI.ERR_RMA_RANGE, "MPI_Get_accumulate", () => win.Get_accumulate(one, new Float64Array(1), next, 4, MPI.SUM));
expectMPIError(MPI.ERR_RMA_RANGE, "MPI_Fetch_and_op", () => win.Fetch_and_op(one, new Float64Array(1), next, 9));
expectMPIError(MPI.ERR_RANK, "MPI_Put", () => win.Put(one, size, 0));
expectMPIError(MPI.ERR_DISP, "MPI_Put", () => win.Put(one, next, -1));
expectMPIError(MPI.ERR_DISP, "MPI_Get", () => win.Get(one, next, 1.5));
expectMPIError(MPI.ERR_DISP, "MPI_Get", () => win.Get(one, next, 2 ** 31));
expectMPIError(MPI.ERR_COUNT, "MPI_Put", () => win.Put(one, next, [0, -1]));
expectMPIError(MPI.ERR_TYPE, "MPI_Put", () => win.Put(one, next, [0, 1, "no such code"]));
expectMPIError(MPI.ERR_ARG, "MPI_Put", () => win.Put(one, next, [0, 1, MPI.DOUBLE, 0] as never));
expectMPIError(MPI.ERR_ARG, "MPI_Put", () => win.Put(one, next, "0" as never));
expectMPIError(MPI.ERR_BUFFER, "MPI_Put", () => win.Put({} as never, next, 0));
expectMPIError(MPI.ERR_COUNT, "MPI_Fetch_and_op", () => win.Fetch_and_op(new Float64Array(2), new Float64Array(2), next, 0));
expectMPIError(MPI.ERR_TYPE, "MPI_Fetch_and_op", () => win.Fetch_and_op(one, new Int32Array(2).subarray(0, 1), next, 0));
expectMPIError(MPI.ERR_TYPE, "MPI_Compare_and_swap", () => win.Compare_and_swap(one, one, new Float64Array(1), next, 0));
// the epoch is intact: a good operation still completes
win.Put(new Float64Array([rank + 1]), next, 3);
win.Unlock(next);
comm.Barrier();
win.Lock(rank, MPI.LOCK_SHARED);
assert.equal(win.tomemory(Float64Array)[3], ((rank - 1 + size) % size) + 1);
win.Unlock(rank);
// active target: a Start/Post group mismatch in kind is the core's to find; an R-form needs passive target
win.Fence(MPI.MODE_NOPRECEDE);
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Rget", () => win.Rget(one, next, 0));
// a fence opens an epoch only once an operation follows it (MPI-4.0 12.5.1): then no lock may start
win.Get(one, next, 0);
expectMPIError(MPI.ERR_RMA_SYNC, "MPI_Win_lock", () => win.Lock(next));
win.Fence(MPI.MODE_NOSUCCEED);

// ---- flavors and attachment ----
expectMPIError(MPI.ERR_RMA_FLAVOR, "MPI_Win_shared_query", () => win.Shared_query(0));
expectMPIError(MPI.ERR_RMA_FLAVOR, "MPI_Win_attach", () => win.Attach(new Float64Array(2)));
const dyn = MPI.Win.Create_dynamic(null, comm);
const region = MPI.Alloc_mem(Float64Array, 4);
dyn.Attach(region);
expectMPIError(MPI.ERR_RMA_ATTACH, "MPI_Win_attach", () => dyn.Attach(region));
expectMPIError(MPI.ERR_RMA_ATTACH, "MPI_Win_attach", () => dyn.Attach(region.subarray(1, 3)));
expectMPIError(MPI.ERR_RMA_ATTACH, "MPI_Win_detach", () => dyn.Detach(new Float64Array(2)));
expectMPIError(MPI.ERR_RMA_ATTACH, "MPI_Win_detach", () => dyn.Detach(region.subarray(1)));
dyn.Detach(new Uint8Array(region.buffer, region.byteOffset, 1)); // linear memory: any view from its start
dyn.Free();
MPI.Free_mem(region);

// ---- creation ----
expectMPIError(MPI.ERR_DISP, "MPI_Win_create", () => MPI.Win.Create(new Float64Array(1), 0, null, comm));
expectMPIError(MPI.ERR_DISP, "MPI_Win_create", () => MPI.Win.Create(new Float64Array(1), 1.5, null, comm));
expectMPIError(MPI.ERR_DISP, "MPI_Win_allocate", () => MPI.Win.Allocate(8, NaN, null, comm));
expectMPIError(MPI.ERR_SIZE, "MPI_Win_allocate_shared", () => MPI.Win.Allocate_shared(2 ** 32, 1, null, comm));
expectMPIError(MPI.ERR_BUFFER, "MPI_Win_create", () => MPI.Win.Create(42 as never, 1, null, comm));
expectMPIError(MPI.ERR_SIZE, "MPI_Win_allocate", () => MPI.Win.Allocate(-8, 1, null, comm));
expectMPIError(MPI.ERR_COMM, "MPI_Win_allocate_shared", () => MPI.Win.Allocate_shared(8, 1, null, MPI.COMM_NULL));
expectMPIError(MPI.ERR_KEYVAL, "MPI_Win_get_attr", () => win.Get_attr(MPI.TAG_UB));

// ---- staging of ordinary arrays is freed: when a call fails, and at the synchronization ----
// (40 rounds with 8 MiB arrays must not grow linear memory by 40 x 8 MiB)
{
  const heapTop = () => {
    const probe = MPI.Alloc_mem(Uint8Array, 1);
    const top = probe.buffer.byteLength;
    MPI.Free_mem(probe);
    return top;
  };
  const big = new Float64Array(1 << 20);
  const bigWin = MPI.Win.Allocate(big.byteLength, 8, null, comm);
  const start = heapTop();
  win.Lock(next);
  bigWin.Lock(next, MPI.LOCK_SHARED);
  for (let i = 0; i < 40; i++) {
    expectMPIError(MPI.ERR_RMA_RANGE, "MPI_Put", () => win.Put(big, next, 0));
    expectMPIError(MPI.ERR_BUFFER, "MPI_Get_accumulate", () => win.Get_accumulate(big, "not a buffer" as never, next));
    expectMPIError(MPI.ERR_ARG, "MPI_Get", () => win.Get(big, next, [0, 1, MPI.DOUBLE, 3] as never));
    bigWin.Put(big, next, 0);
    bigWin.Get(big, next, 0);
    bigWin.Flush(next);
  }
  bigWin.Unlock(next);
  win.Unlock(next);
  const grew = heapTop() - start;
  assert.ok(grew < 64 << 20, `linear memory grew by ${grew} bytes: RMA staging leaks`);
  bigWin.Free();
}

win.Free();
expectMPIError(MPI.ERR_WIN, "MPI_Win_fence", () => win.Fence());
expectMPIError(MPI.ERR_WIN, "MPI_Put", () => win.Put(one, 0, 0));
done();
