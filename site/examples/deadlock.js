// A deadlock. Every rank sends to its right neighbour, then
// receives from its left one. Ssend (synchronous send) returns
// only once the receiver has started the matching receive, but
// every rank is stuck in its Ssend, so no rank ever reaches its
// Recv. Press Stop. The next example fixes this.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const right = (rank + 1) % comm.size;
const left = (rank - 1 + comm.size) % comm.size;
const out = new Int32Array([rank]);
const got = new Int32Array(1);

console.log(`rank ${rank}: Ssend to rank ${right}...`);
comm.Ssend(out, right, 0); // waits for rank `right` to call Recv: it never does
comm.Recv(got, left, 0);
console.log(`rank ${rank}: got ${got[0]} from rank ${left}`); // never printed
