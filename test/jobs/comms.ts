// Communicators, groups, intercommunicators, attributes and info from the facade (mpi4py's
// test_comm, test_group, test_intercomm, test_attributes, test_info), on any number of ranks.
import assert from "node:assert/strict";
import os from "node:os";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const world = MPI.COMM_WORLD;
const rank = world.rank;
const size = world.size;

// ---- groups ----
const wg = world.Get_group();
assert.equal(wg.size, size);
assert.equal(wg.rank, rank);
const evens = wg.Incl(Array.from({ length: Math.ceil(size / 2) }, (_, i) => 2 * i));
const odds = wg.Excl(Array.from({ length: Math.ceil(size / 2) }, (_, i) => 2 * i));
assert.equal(evens.size + odds.size, size);
assert.equal(evens.rank, rank % 2 === 0 ? rank / 2 : MPI.UNDEFINED);
assert.deepEqual(evens.Translate_ranks([0], wg), [0]);
assert.equal(MPI.Group.Union(evens, odds).Compare(wg), size > 2 ? MPI.SIMILAR : MPI.IDENT);
assert.equal(MPI.Group.Intersection(evens, odds).size, 0);
assert.equal(MPI.Group.Difference(wg, odds).Compare(evens), MPI.IDENT);
assert.equal(wg.Range_incl([[size - 1, 0, -1]]).Translate_ranks([0], wg)[0], size - 1);
assert.equal(wg.Range_excl([[0, size - 1, 1]]).size, 0);
assert.equal(MPI.GROUP_EMPTY.size, 0);
expectMPIError(MPI.ERR_RANK, "MPI_Group_incl", () => wg.Incl([size]));
const g2 = wg.Dup();
g2.Free();
assert.ok(g2.isNull());
expectMPIError(MPI.ERR_GROUP, "MPI_Group_size", () => g2.Get_size());

// ---- dup, split, create, compare, names ----
const dup = world.Dup();
assert.ok(dup instanceof MPI.Intracomm);
assert.equal(dup.Compare(world), MPI.CONGRUENT);
assert.equal(world.Compare(world), MPI.IDENT);
assert.equal(world.name, "MPI_COMM_WORLD");
dup.Set_name("my dup");
assert.equal(dup.Get_name(), "my dup");
// messages on the dup do not match receives on world
const req = dup.irecv(MPI.ANY_SOURCE, 5);
world.send("on world", rank, 5);
assert.equal(world.recv(rank, 5), "on world");
dup.send({ on: "dup" }, rank, 5);
assert.deepEqual(req.wait(), { on: "dup" });

const half = world.Split(rank % 2, -rank) as InstanceType<typeof MPI.Intracomm>;
const halfSize = rank % 2 === 0 ? Math.ceil(size / 2) : Math.floor(size / 2);
assert.equal(half.size, halfSize);
assert.equal(half.rank, halfSize - 1 - Math.floor(rank / 2));
const next = (half.rank + 1) % half.size;
const prev = (half.rank - 1 + half.size) % half.size;
assert.equal(half.sendrecv(half.rank, next, 1, prev, 1), prev);
assert.equal(world.Split(rank === 0 ? MPI.UNDEFINED : 1, 0) === MPI.COMM_NULL, rank === 0);
const shared = world.Split_type(MPI.COMM_TYPE_SHARED);
// the ranks of one process share memory: all of them, or the process's block in process mode
const perProcess = process.env.WMPI_PROC_RANKS?.split(":").map(Number);
assert.equal(shared.size, perProcess ? perProcess[1] : size, "the ranks of one process share memory");
shared.Free();
const ev = world.Create(evens);
assert.equal(ev === MPI.COMM_NULL, rank % 2 === 1);
if (rank % 2 === 0) {
  assert.equal(ev.rank, rank / 2);
  ev.Free();
  const eg = world.Create_group(evens, 9);
  assert.equal(eg.size, evens.size);
  eg.Free();
}
const [idup, ireq] = world.Idup();
ireq.Wait();
assert.equal(idup.Compare(world), MPI.CONGRUENT);
idup.Free();
// Idup does not wait for the others: rank 0 starts it, then sends to rank 1, which receives first
if (size >= 2) {
  let pending: [InstanceType<typeof MPI.Intracomm>, InstanceType<typeof MPI.Request>] | undefined;
  if (rank === 0) {
    pending = world.Idup();
    assert.ok(pending[0].isNull(), "the new communicator is not there before the request completes");
    world.send("after idup", 1, 21);
  } else if (rank === 1) {
    assert.equal(world.recv(0, 21), "after idup");
    pending = world.Idup();
  } else pending = world.Idup();
  await pending[1].waitAsync();
  assert.equal(pending[0].Compare(world), MPI.CONGRUENT);
  pending[0].Free();
}

// ---- intercommunicators ----
if (size >= 2) {
  const low = rank < Math.floor(size / 2);
  const local = world.Split(low ? 0 : 1, rank) as InstanceType<typeof MPI.Intracomm>;
  const inter = local.Create_intercomm(0, world, low ? Math.floor(size / 2) : 0, 7);
  assert.ok(inter instanceof MPI.Intercomm && inter.is_inter);
  assert.equal(inter.remote_size, size - local.size);
  assert.equal(inter.Get_remote_group().Translate_ranks([0], wg)[0], low ? Math.floor(size / 2) : 0);
  if (inter.rank === 0) assert.equal(inter.sendrecv(`from ${low}`, 0, 3, 0, 3), `from ${!low}`);
  const merged = inter.Merge(!low);
  assert.equal(merged.rank, rank);
  assert.equal(merged.size, size);
  // Comm_create on the intercommunicator: each side keeps its rank 0 only
  const firsts = inter.Create(local.Get_group().Incl([0]));
  assert.equal(firsts === MPI.COMM_NULL, local.rank !== 0);
  if (local.rank === 0) {
    assert.ok(firsts instanceof MPI.Intercomm);
    assert.equal(firsts.remote_size, 1);
    assert.equal(firsts.sendrecv(rank, 0, 4, 0, 4), low ? Math.floor(size / 2) : 0);
    firsts.Free();
  }
  const idup2 = inter.Dup();
  assert.ok(idup2 instanceof MPI.Intercomm);
  idup2.Free();
  merged.Free();
  inter.Free();
  local.Free();
  expectMPIError(MPI.ERR_COMM, "MPI_Comm_remote_size", () => MPI.Intercomm.prototype.Get_remote_size.call(world));
}

// ---- attributes ----
assert.equal(world.Get_attr(MPI.TAG_UB), 0x7fffffff);
// wmpiexec's default universe: -n or the cores, whichever is more (--universe-size sets it)
assert.equal(world.Get_attr(MPI.UNIVERSE_SIZE), Math.max(size, os.availableParallelism()));
assert.equal(world.Get_attr(MPI.APPNUM), 0);
const deleted: unknown[] = [];
const kv = MPI.Comm.Create_keyval((_old, _kv, v) => ({ copied: v }), (_c, _kv, v) => void deleted.push(v));
const kvNoCopy = MPI.Comm.Create_keyval();
const c = world.Dup();
assert.equal(c.Get_attr(kv), undefined);
c.Set_attr(kv, { n: 1 });
c.Set_attr(kvNoCopy, "stays");
assert.deepEqual(c.Get_attr(kv), { n: 1 });
const d = c.Dup();
assert.deepEqual(d.Get_attr(kv), { copied: { n: 1 } });
assert.equal(d.Get_attr(kvNoCopy), undefined);
c.Set_attr(kv, [2]);
assert.deepEqual(deleted, [{ n: 1 }]);
c.Delete_attr(kv);
assert.deepEqual(deleted, [{ n: 1 }, [2]]);
d.Free();
assert.equal(deleted.length, 3);
assert.ok(d.isNull());
expectMPIError(MPI.ERR_COMM, "MPI_Comm_size", () => d.Get_size());
expectMPIError(MPI.ERR_KEYVAL, "MPI_Comm_set_attr", () => world.Set_attr(MPI.TAG_UB, 1));
assert.equal(MPI.Comm.Free_keyval(kvNoCopy), MPI.KEYVAL_INVALID);
c.Free();

// ---- info ----
const info = MPI.Info.Create({ cb_nodes: "4", host: "a" });
info.Set("cb_nodes", "8");
assert.equal(info.Get("cb_nodes"), "8");
assert.equal(info.Get("missing"), undefined);
assert.deepEqual(info.keys(), ["cb_nodes", "host"]);
const info2 = info.Dup();
info.Delete("host");
assert.equal(info.Get_nkeys(), 1);
assert.equal(info2.Get_nkeys(), 2);
expectMPIError(MPI.ERR_INFO_NOKEY, "MPI_Info_delete", () => info.Delete("host"));
const withInfo = world.Dup_with_info(info);
const hints = withInfo.Get_info();
assert.equal(hints.Get("cb_nodes"), "8", "Dup_with_info keeps the hints");
hints.Free();
withInfo.Set_info(MPI.Info.Create({ mpi_assert_no_any_tag: "true" }));
assert.equal(withInfo.info.Get("mpi_assert_no_any_tag"), "true");
assert.equal(withInfo.Dup().info.Get("mpi_assert_no_any_tag"), "true", "Dup carries the hints");
withInfo.Free();
info.Free();
info2.Free();
assert.ok(info.isNull());

// ---- errors ----
expectMPIError(MPI.ERR_COMM, "MPI_Comm_free", () => MPI.COMM_WORLD.Free());
expectMPIError(MPI.ERR_ARG, "MPI_Comm_split", () => world.Split(-4));
half.Free();
dup.Free();
done();
