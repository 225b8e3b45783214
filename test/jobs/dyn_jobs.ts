// Two independent jobs meet through a port (issue 9): run as
//   wmpiexec -n N dyn_jobs.ts server FILE [ROUNDS]   (opens a port, writes its name to FILE, accepts)
//   wmpiexec -n M dyn_jobs.ts client FILE [ROUNDS]   (reads FILE, connects)
//   wmpiexec -n 1 dyn_jobs.ts forged FILE            (connects with a wrong token: refused)
// With "--name SERVICE" instead of FILE, the port goes through the name service
// (wmpiexec --nameserver). Each round (connect-round.ts, which a page's ranks
// run too) connects, runs traffic of every kind across the two jobs, and
// disconnects; the next round connects again through the same port.
import assert from "node:assert/strict";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { MPI } from "wmpi";
import { connectRound } from "./connect-round.js";
import { done, expectMPIError } from "./util.js";

const [role, where, roundsArg] = process.argv.slice(2);
const byName = where === "--name";
const service = byName ? process.argv[4] : "";
const rounds = role === "forged" ? 0 : Number((byName ? process.argv[5] : roundsArg) ?? 2);
const server = role === "server";
const world = MPI.COMM_WORLD;
const rank = world.Get_rank();

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
  connectRound(inter, server, round);
  inter.Disconnect();
}
if (server && rank === 0) {
  if (byName) MPI.Unpublish_name(service, port);
  else rmSync(where, { force: true });
  MPI.Close_port(port);
}
done();
