// Jobs that deadlock (issue 10, the deadlock detector): wmpiexec must end them with a report of
// who waits on whom instead of hanging. --mode ssend: each rank Ssends to the next (a ring of
// synchronous sends); recv: each receives from the previous first; coll: rank 0 waits for a
// message while the others are in a barrier; fixed: the nonblocking exchange that does not
// deadlock (and must not be reported), after a pause in which no rank is in MPI.
import { MPI } from "wmpi";

const c = MPI.COMM_WORLD;
const next = (c.rank + 1) % c.size;
const prev = (c.rank + c.size - 1) % c.size;
const mode = process.argv[process.argv.indexOf("--mode") + 1];
const buf = new Int32Array(4);
if (mode === "ssend") c.Ssend(buf, next, 7);
else if (mode === "recv") c.Recv(buf, prev, 3);
else if (mode === "coll") {
  if (c.rank === 0) c.Recv(buf, 1, 5);
  else c.Barrier();
} else {
  // a rank busy outside MPI while the others wait for it is no deadlock
  if (c.rank === 0) {
    const until = Date.now() + 4000;
    while (Date.now() < until);
  }
  const r = c.Irecv(new Int32Array(4), prev, 7);
  c.Ssend(buf, next, 7);
  r.Wait();
  console.log(`rank ${c.rank}: No Errors`);
}
