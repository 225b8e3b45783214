// A ring: every rank passes a buffer to the next one, then the messages travel the whole ring.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const size = comm.Get_size();
const next = (rank + 1) % size;
const prev = (rank - 1 + size) % size;

// Each rank sends its rank to the next; the token goes round once.
const token = new Int32Array(1);
if (rank === 0) {
  token[0] = 0;
  comm.Send(token, next, 0);
  comm.Recv(token, prev, 0);
  console.log(`rank 0: the token came back after visiting ${token[0]} other ranks`);
} else {
  comm.Recv(token, prev, 0);
  token[0] += 1;
  comm.Send(token, next, 0);
}

// Nonblocking: pass a block of doubles around, shifting once per step.
const mine = new Float64Array(1000).fill(rank);
const incoming = new Float64Array(1000);
const status = new MPI.Status();
const req = comm.Isend(mine, next, 7);
comm.Recv(incoming, MPI.ANY_SOURCE, 7, status);
req.Wait();
console.log(`rank ${rank}: got ${status.Get_count(MPI.DOUBLE)} doubles of value ${incoming[0]} from rank ${status.Get_source()}`);
