// A token goes once round a ring of ranks: 0 -> 1 -> ... ->
// size-1 -> 0. Each rank adds its own rank number before passing
// the token on.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const next = (rank + 1) % comm.size;
const prev = (rank - 1 + comm.size) % comm.size;
const token = new Int32Array(1);

if (rank === 0) {
  token[0] = 0;
  comm.Send(token, next, 0); // rank 0 starts the token...
  comm.Recv(token, prev, 0); // ...and waits for it to come back
  console.log(`rank 0: the token came back holding ${token[0]}`);
} else {
  comm.Recv(token, prev, 0); // wait for the left neighbour
  console.log(`rank ${rank}: got ${token[0]} from rank ${prev}`);
  token[0] += rank;
  comm.Send(token, next, 0);
}
