// A rank's process dies mid-transfer (run in process mode, 3 ranks): rank 2 starts a 64 MiB
// rendezvous send to rank 0 and kills its own process at once (with --stop: stops it, as a host
// that stops answering, found by the network threads' heartbeat). Rank 0's receive of that
// message and rank 1's receive from rank 2 fail with MPI.ERR_PROC_ABORTED instead of hanging;
// both then go on (and report) unless the launcher ends the job first.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
assert.equal(comm.Get_size(), 3, "run with 3 ranks");
const N = 64 << 20;

if (rank === 2) {
  const data = MPI.Alloc_mem(Uint8Array, N);
  comm.Barrier();
  // what this rank sent for the barrier must be out before it dies, or the others' barrier fails too
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  comm.Isend(data, 0, 1);
  process.kill(process.pid, process.argv.includes("--stop") ? "SIGSTOP" : "SIGKILL");
} else if (rank === 0) {
  const into = MPI.Alloc_mem(Uint8Array, N);
  const r = comm.Irecv(into, 2, 1);
  comm.Barrier();
  expectMPIError(MPI.ERR_PROC_ABORTED, "MPI_Wait", () => r.Wait());
  // what needs rank 2 from now on fails at once; rank 1 is still there
  expectMPIError(MPI.ERR_PROC_ABORTED, "MPI_Send", () => comm.Send(new Uint8Array(8), 2, 3));
  comm.Send(new Int32Array([7]), 1, 4);
  done();
} else {
  comm.Barrier();
  expectMPIError(MPI.ERR_PROC_ABORTED, "MPI_Recv", () => comm.Recv(new Uint8Array(8), 2, 2));
  const got = new Int32Array(1);
  comm.Recv(got, 0, 4);
  assert.equal(got[0], 7);
  done();
}
