// Two independent jobs meet through a port (issue 9): run as
//   wmpiexec -n N dyn_jobs.ts server FILE [ROUNDS]   (opens a port, writes its name to FILE, accepts)
//   wmpiexec -n M dyn_jobs.ts client FILE [ROUNDS]   (reads FILE, connects)
//   wmpiexec -n 1 dyn_jobs.ts forged FILE            (connects with a wrong token: refused)
// With "--name SERVICE" instead of FILE, the port goes through the name service
// (wmpiexec --nameserver). Each round: point-to-point both ways (eager and
// rendezvous sizes), collectives over the intercommunicator (allreduce, bcast
// from a root of each side, allgather), Merge with the server's ranks first
// and a collective and one-sided Put/Get on the merged communicator, then
// Disconnect; the next round connects again through the same port.
import assert from "node:assert/strict";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const [role, where, roundsArg] = process.argv.slice(2);
const byName = where === "--name";
const service = byName ? process.argv[4] : "";
const rounds = role === "forged" ? 0 : Number((byName ? process.argv[5] : roundsArg) ?? 2);
const server = role === "server";
const world = MPI.COMM_WORLD;
const rank = world.Get_rank(), size = world.Get_size();

let port = "";
if (server && rank === 0) {
  port = MPI.Open_port();
  assert.match(port, /^wmpi-port:[0-9a-f]{8}:\d+:\d+:[0-9a-f]{64}:/);
  if (byName) MPI.Publish_name(service, port);
  else {
    writeFileSync(`${where}.tmp`, port);
    renameSync(`${where}.tmp`, where);
  }
}
if (!server && rank === 0) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (byName) {
      try {
        port = MPI.Lookup_name(service);
        break;
      } catch {
        // not published yet
      }
    } else if (existsSync(where)) {
      port = readFileSync(where, "utf8");
      break;
    }
    assert.ok(Date.now() < deadline, "the server never said its port");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

if (role === "forged") {
  // the port with another token: the server's process refuses the connection, and Connect says so
  const forged = port.replace(/:[0-9a-f]{64}:/, `:${"0".repeat(64)}:`);
  assert.notEqual(forged, port);
  if (rank === 0) expectMPIError(MPI.ERR_PORT, "MPI_Comm_connect", () => MPI.COMM_SELF.Connect(forged));
}

for (let round = 0; round < rounds; round++) {
  const inter = server ? world.Accept(port) : world.Connect(port);
  const remote = inter.Get_remote_size();
  assert.ok(inter.Is_inter());
  // every rank sends its rank and side to remote rank 0, which answers each with an object
  inter.Send(new Int32Array([rank, server ? 1 : 2]), 0, 1);
  if (rank === 0) {
    const seen: number[] = [];
    for (let i = 0; i < remote; i++) {
      const v = new Int32Array(2);
      const st = new MPI.Status();
      inter.Recv(v, MPI.ANY_SOURCE, 1, st);
      assert.equal(v[1], server ? 2 : 1);
      assert.equal(v[0], st.Get_source());
      seen.push(v[0]);
      inter.send({ round, to: v[0], from: server ? "server" : "client" }, st.Get_source(), 2);
    }
    assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: remote }, (_, i) => i));
  }
  assert.deepEqual(inter.recv(0, 2), { round, to: rank, from: server ? "client" : "server" });
  // a rendezvous-sized message each way between the last ranks
  const big = new Float64Array(300_000);
  if (rank === size - 1) {
    const peer = remote - 1;
    const mine = big.map((_, i) => i * (server ? 1 : -1) + round);
    const theirs = new Float64Array(big.length);
    inter.Sendrecv(mine, peer, 3, theirs, peer, 3);
    assert.equal(theirs[12345], 12345 * (server ? -1 : 1) + round);
    assert.equal(theirs[big.length - 1], (big.length - 1) * (server ? -1 : 1) + round);
  }
  // collectives across the two jobs
  assert.equal(inter.allreduce(rank + 1), (remote * (remote + 1)) / 2);
  const fromServer = inter.bcast(server ? (rank === 0 ? { round, hello: "from the server" } : null) : null, server ? (rank === 0 ? MPI.ROOT : MPI.PROC_NULL) : 0);
  if (!server) assert.deepEqual(fromServer, { round, hello: "from the server" });
  const ints = new Int32Array(remote);
  inter.Allgather(new Int32Array([rank * 10 + (server ? 1 : 2)]), ints);
  assert.deepEqual([...ints], Array.from({ length: remote }, (_, i) => i * 10 + (server ? 2 : 1)));
  // one communicator of both jobs: the server's ranks first
  const merged = inter.Merge(!server);
  const nServer = server ? size : remote;
  const me = merged.Get_rank();
  assert.equal(me, server ? rank : nServer + rank);
  assert.equal(merged.Get_size(), size + remote);
  const all = merged.allgather(`${server ? "s" : "c"}${rank}`);
  assert.deepEqual(all.slice(0, nServer), Array.from({ length: nServer }, (_, i) => `s${i}`));
  // one-sided: each rank puts its merged rank into the next rank's window, then reads it back
  const n = merged.Get_size();
  const win = MPI.Win.Allocate(8, 4, null, merged);
  const mem = win.tomemory(Int32Array);
  win.Fence();
  win.Put(new Int32Array([me + 1000 * round]), (me + 1) % n, 0);
  win.Fence();
  assert.equal(mem[0], ((me - 1 + n) % n) + 1000 * round);
  const back = new Int32Array(1);
  win.Get(back, (me + 1) % n, 0);
  win.Fence();
  assert.equal(back[0], me + 1000 * round);
  win.Free();
  merged.Free();
  inter.Disconnect();
}
if (server && rank === 0) {
  if (byName) MPI.Unpublish_name(service, port);
  else rmSync(where, { force: true });
  MPI.Close_port(port);
}
done();
