// Two pages and a Node job in one communicator (issue 10): `?role=b|c&port=NAME` on this module's
// URL. The Node job (test/jobs/three_jobs.ts a DIR pages) accepts page b on one port, then b and
// it accept page c on a second. Every rank of the three then exchanges with every other
// (connect-round.ts's allPairs): the pages cannot connect to each other, so their messages go
// through the Node job's processes (runtime/net-relay.ts).
import { MPI } from "wmpi";
import { allPairs } from "../../jobs/connect-round.js";

const query = new URL(import.meta.url).searchParams;
const role = query.get("role");
const port = query.get("port") ?? "";
const world = MPI.COMM_WORLD;
const rank = world.Get_rank();

const all =
  role === "b"
    ? world.Connect(port).Merge(true).Accept("", null, 0).Merge(false) // (the Node job's rank 0 holds the second port)
    : world.Connect(port).Merge(true);
console.log("joined");
allPairs(all, `${role}${rank}`);
all.Free();
console.log(`rank ${rank}: No Errors`);
