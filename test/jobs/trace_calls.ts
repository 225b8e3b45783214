// A job whose MPI calls test/trace.test.ts counts in its trace: a ping-pong of ROUNDS messages
// each way between ranks 0 and 1, a ring (Isend, Recv from any source, Wait), a Bcast and an
// Allreduce. Every call here is one X event of the trace, and every message one flow pair.
import { MPI } from "wmpi";

const ROUNDS = Number(process.argv[2] ?? 5);
const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const size = comm.Get_size();

const ball = new Float64Array(16);
for (let i = 0; i < ROUNDS && size > 1; i++) {
  if (rank === 0) {
    comm.Send(ball, 1, 1);
    comm.Recv(ball, 1, 2);
  } else if (rank === 1) {
    comm.Recv(ball, 0, 1);
    comm.Send(ball, 0, 2);
  }
}

const mine = new Int32Array(4).fill(rank);
const incoming = new Int32Array(4);
const req = comm.Isend(mine, (rank + 1) % size, 3);
comm.Recv(incoming, MPI.ANY_SOURCE, 3);
req.Wait();

const root = new Int32Array([rank === 0 ? 42 : 0]);
comm.Bcast(root, 0);
const sum = new Int32Array(1);
comm.Allreduce(new Int32Array([rank]), sum, MPI.SUM);
const ok = incoming[0] === (rank + size - 1) % size && root[0] === 42 && sum[0] === (size * (size - 1)) / 2;
console.log(`rank ${rank}: ${ok ? "No Errors" : `wrong: ${incoming[0]} ${root[0]} ${sum[0]}`}`);
