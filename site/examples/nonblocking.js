// The deadlock fixed: Irecv and Isend only start the transfers
// and return at once with a request; Waitall then waits for both.
// Every rank has posted its receive before anyone waits, so every
// send finds its receiver.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const right = (rank + 1) % comm.size;
const left = (rank - 1 + comm.size) % comm.size;
const out = new Int32Array([rank]);
const got = new Int32Array(1);

const requests = [
  comm.Irecv(got, left, 0),
  comm.Issend(out, right, 0), // still synchronous, but it no longer blocks the rank
];
MPI.Request.Waitall(requests);
console.log(`rank ${rank}: got ${got[0]} from rank ${left}`);
