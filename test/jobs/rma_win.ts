// Window objects (mpi4py's test_win): the four flavors and their attributes, tomemory views,
// names, info, groups, error handlers, Create over no memory (mpi4py's cpi-rma does it), a window
// over an ordinary array working on a copy that Free copies back, and dynamic windows whose
// attached regions (in place, or copied in and back at Detach) other ranks reach by address.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done } from "./util.js";

const comm = commFromArgs();
const rank = comm.rank, size = comm.size;
const next = (rank + 1) % size, prev = (rank - 1 + size) % size;

// ---- Create over an ordinary array: a copy, live through tomemory(), copied back at Free ----
{
  const user = new Int32Array([1, 2, 3, 4]);
  const win = MPI.Win.Create(user, 4, null, comm);
  assert.equal(win.flavor, MPI.WIN_FLAVOR_CREATE);
  assert.equal(win.model, MPI.WIN_UNIFIED);
  const [base, bytes, unit] = win.attrs;
  assert.deepEqual([bytes, unit], [16, 4]);
  assert.equal(win.Get_attr(MPI.WIN_BASE), base);
  assert.equal(win.Get_attr(MPI.WIN_SIZE), 16);
  assert.equal(win.Get_attr(MPI.WIN_DISP_UNIT), 4);
  assert.equal(win.Get_attr(MPI.WIN_CREATE_FLAVOR), MPI.WIN_FLAVOR_CREATE);
  assert.equal(win.Get_attr(MPI.WIN_MODEL), MPI.WIN_UNIFIED);
  const view = win.tomemory(Int32Array);
  assert.equal(view.byteOffset, base, "tomemory is the window's memory");
  assert.deepEqual(Array.from(view), [1, 2, 3, 4], "the copy starts as the array");
  const bytesView = win.tomemory();
  assert.ok(bytesView instanceof Uint8Array && bytesView.byteLength === 16);
  view[0] = 10 * (rank + 1); // a local store to the window, then others read it
  win.Fence();
  const got = new Int32Array(1);
  win.Get(got, next, 0);
  win.Fence();
  assert.equal(got[0], 10 * (next + 1));
  win.Put(new Int32Array([-1 - rank]), next, 3);
  win.Fence(MPI.MODE_NOSUCCEED);
  assert.equal(user[3], 4, "the array is not the window until Free");
  assert.equal(view[3], -1 - prev);
  win.Free();
  assert.ok(win.isNull());
  assert.deepEqual(Array.from(user), [10 * (rank + 1), 2, 3, -1 - prev], "Free copies the window back");
}

// ---- Create over Alloc_mem: in place; over no memory (null, MPI.BOTTOM) ----
{
  const mem = MPI.Alloc_mem(Float64Array, 3);
  mem.fill(rank);
  const win = MPI.Win.Create(rank === 0 ? mem : rank % 2 ? null : MPI.BOTTOM, 8, null, comm);
  assert.equal(win.attrs[1], rank === 0 ? 24 : 0);
  if (rank === 0) assert.equal(win.attrs[0], mem.byteOffset, "Alloc_mem memory is the window itself");
  assert.equal(win.tomemory().byteLength, rank === 0 ? 24 : 0);
  win.Lock(0, MPI.LOCK_SHARED);
  win.Accumulate(new Float64Array([1]), 0, 1, MPI.SUM);
  win.Unlock(0);
  comm.Barrier();
  if (rank === 0) assert.deepEqual(Array.from(mem), [0, size, 0], "others' accumulates land in the array itself");
  win.Free();
  MPI.Free_mem(mem);
}

// ---- Allocate: zeroed memory the core owns; a zero-size window ----
{
  const win = MPI.Win.Allocate(rank === 0 ? 0 : 40, 8, null, comm);
  assert.equal(win.flavor, MPI.WIN_FLAVOR_ALLOCATE);
  const m = win.tomemory(Float64Array);
  assert.equal(m.length, rank === 0 ? 0 : 5);
  assert.ok(m.every((v) => v === 0));
  assert.equal(win.Get_attr(MPI.WIN_BASE), m.byteOffset);
  win.Free();
}

// ---- names, info, group, error handlers ----
{
  const info = MPI.Info.Create({ no_locks: "false", accumulate_ordering: "none" });
  const win = MPI.Win.Allocate(8, 1, info, comm);
  info.Free();
  assert.equal(win.name, "");
  win.name = `window of ${rank}`;
  assert.equal(win.Get_name(), `window of ${rank}`);
  win.Set_name("w");
  assert.equal(win.name, "w");
  const used = win.Get_info();
  assert.equal(used.Get("accumulate_ordering"), "none");
  used.Free();
  const hints = MPI.Info.Create({ same_size: "true" });
  win.info = hints;
  hints.Free();
  const after = win.info;
  assert.equal(after.Get("same_size"), "true");
  after.Free();
  const g = win.Get_group();
  const cg = comm.Get_group();
  assert.equal(g.Compare(cg), MPI.IDENT);
  assert.equal(win.group_size, size);
  assert.equal(win.group_rank, rank);
  g.Free();
  cg.Free();
  assert.equal(win.Get_errhandler(), MPI.ERRORS_RETURN);
  win.Set_errhandler(MPI.ERRORS_ABORT);
  assert.equal(win.Get_errhandler(), MPI.ERRORS_ABORT);
  win.Set_errhandler(MPI.ERRORS_RETURN);
  win.Call_errhandler(MPI.ERR_OTHER); // ERRORS_RETURN does nothing with it, as for a communicator
  win.Free();
}

// ---- dynamic windows: attach, share the address, access, detach ----
{
  const win = MPI.Win.Create_dynamic(null, comm);
  assert.equal(win.flavor, MPI.WIN_FLAVOR_DYNAMIC);
  assert.equal(win.tomemory().byteLength, 0);
  const inPlace = MPI.Alloc_mem(Int32Array, 4).fill(rank);
  const copied = new Int32Array(4).fill(100 + rank);
  const a1 = win.Attach(inPlace);
  const a2 = win.Attach(copied);
  assert.equal(a1, inPlace.byteOffset, "linear memory attaches in place, at its own address");
  const addrs = comm.allgather([a1, a2]) as [number, number][];
  comm.Barrier();
  win.Lock_all();
  const [t1, t2] = addrs[next];
  win.Put(new Int32Array([-1 - rank]), next, t1 + 4); // displacements are addresses
  win.Accumulate(new Int32Array([1000]), next, [t2 + 8, 1, MPI.INT], MPI.SUM);
  const read = new Int32Array(2);
  win.Get(read, next, t2);
  win.Flush(next);
  assert.deepEqual(Array.from(read), [100 + next, 100 + next], "Get by address from a copied region");
  win.Unlock_all();
  comm.Barrier();
  win.Detach(inPlace);
  win.Detach(copied);
  assert.deepEqual(Array.from(inPlace), [rank, -1 - prev, rank, rank]);
  assert.deepEqual(Array.from(copied), [100 + rank, 100 + rank, 1100 + rank, 100 + rank], "Detach copies the region back");
  win.Free();
  MPI.Free_mem(inPlace);
}

// ---- PSCW with groups of one: each rank exposes to the previous, accesses the next; Test polls ----
{
  const win = MPI.Win.Allocate(8, 8, null, comm);
  const g = win.group;
  const from = g.Incl([prev]), to = g.Incl([next]);
  for (let round = 1; round <= 3; round++) {
    win.Post(from);
    win.Start(to);
    win.Put(new Float64Array([round * 100 + rank]), next, 0);
    win.Complete();
    if (rank % 2) while (!win.Test());
    else win.Wait();
    assert.equal(win.tomemory(Float64Array)[0], round * 100 + prev, `round ${round}`);
  }
  for (const x of [g, from, to]) x.Free();
  win.Free();
}

assert.ok(MPI.WIN_NULL.isNull());
done();
