// Run with WMPI_RC_INITIALIZE=0: calls before MPI.Init fail, then Init works.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { expectMPIError } from "./util.js";

assert.equal(MPI.Is_initialized(), false);
expectMPIError(MPI.ERR_OTHER, "MPI_Comm_rank", () => MPI.COMM_WORLD.Get_rank());
expectMPIError(MPI.ERR_OTHER, "MPI_Send", () => MPI.COMM_WORLD.Send(new Int32Array(1), 0));
expectMPIError(MPI.ERR_OTHER, "MPI_Recv", () => MPI.COMM_WORLD.recv());
const provided = MPI.Init_thread(MPI.THREAD_MULTIPLE);
assert.equal(provided, MPI.THREAD_SERIALIZED);
assert.equal(MPI.Query_thread(), MPI.THREAD_SERIALIZED);
assert.equal(MPI.Is_initialized(), true);
console.log(`rank ${MPI.COMM_WORLD.Get_rank()}: No Errors`);
