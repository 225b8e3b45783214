// Rank 1 sends to a rank that does not exist: the MPI.Exception fails the job with its text.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
if (comm.rank === 1) comm.Send(new Int32Array(1), comm.size + 3, 0);
console.log(`rank ${comm.rank} carries on`);
