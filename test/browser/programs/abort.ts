// Rank 0 waits for a message that never comes; the last rank aborts with code 7, which ends the job.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
if (comm.rank === comm.size - 1) {
  console.log("about to abort");
  comm.Abort(7);
}
comm.Recv(new Int32Array(1), comm.size - 1, 99);
