// A page's ranks join a Node job (issue 10): `?port=NAME&rounds=N&first=K` on this module's URL
// names the Node job's port (wmpiexec --net ws, running test/jobs/dyn_jobs.ts as the server), and
// which of its rounds are this page's (K .. K+N-1; another page may take the others). First a
// connect with a forged token is refused; then each round connects, runs connect-round.ts (the
// same traffic two wmpiexec jobs exchange) and disconnects.
import { MPI } from "wmpi";
import { connectRound } from "../../jobs/connect-round.js";

const query = new URL(import.meta.url).searchParams;
const port = query.get("port") ?? "";
const rounds = Number(query.get("rounds") ?? 1);
const first = Number(query.get("first") ?? 0);
const world = MPI.COMM_WORLD;

if (world.Get_rank() === 0) {
  const forged = port.replace(/:[0-9a-f]{64}:/, `:${"0".repeat(64)}:`);
  try {
    MPI.COMM_SELF.Connect(forged);
    throw new Error("a port with a forged token was accepted");
  } catch (e) {
    if (!(e instanceof MPI.Exception) || e.Get_error_class() !== MPI.ERR_PORT) throw e;
    console.log(`forged: ${e.message}`);
  }
}
for (let round = first; round < first + rounds; round++) {
  const inter = world.Connect(port);
  console.log(`connected ${round}`);
  connectRound(inter, false, round);
  inter.Disconnect();
  console.log(`round ${round} done`);
}
console.log(`rank ${world.Get_rank()}: No Errors`);
