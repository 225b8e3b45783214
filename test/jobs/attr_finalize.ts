// MPI.Finalize deletes the attributes of COMM_SELF, then of COMM_WORLD, through their
// delete callbacks (MPI-4.0 11.2.4): mpi4py programs hang clean-up on COMM_SELF this way.
import assert from "node:assert/strict";
import { MPI } from "wmpi";

const rank = MPI.COMM_WORLD.Get_rank();
const calls: string[] = [];
const kv = MPI.Comm.Create_keyval(undefined, (comm, _k, value) => {
  assert.equal(MPI.Is_finalized(), false, "delete callback after MPI_Finalize");
  calls.push(`${comm === MPI.COMM_SELF ? "self" : comm === MPI.COMM_WORLD ? "world" : "other"}:${value}`);
});
MPI.COMM_WORLD.Set_attr(kv, "w");
MPI.COMM_SELF.Set_attr(kv, "s");
MPI.Finalize();
assert.deepEqual(calls, ["self:s", "world:w"]);
console.log(`rank ${rank}: No Errors`);
