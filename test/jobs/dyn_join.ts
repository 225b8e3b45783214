// MPI_Comm_join over a TCP socket (issue 9): run as
//   wmpiexec -n 2 dyn_join.ts pair                  (rank 0 listens, rank 1 dials; both join)
//   wmpiexec -n 1 dyn_join.ts listen FILE / dial FILE (two independent jobs; FILE carries the TCP port)
// The joined ranks exchange a message both ways, reduce over the intercommunicator and after Merge,
// and disconnect. Then the errors: a descriptor that is no socket, and one that is closed.
import assert from "node:assert/strict";
import { once } from "node:events";
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const [mode, file] = process.argv.slice(2);
const world = MPI.COMM_WORLD;
const rank = world.Get_rank();
const listens = mode === "pair" ? rank === 0 : mode === "listen";

let socket: net.Socket;
if (listens) {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as net.AddressInfo).port;
  if (mode === "pair") world.bcast(port, 0);
  else {
    writeFileSync(`${file}.tmp`, String(port));
    renameSync(`${file}.tmp`, file);
  }
  [socket] = (await once(server, "connection")) as [net.Socket];
  server.close();
} else {
  let port: number;
  if (mode === "pair") port = world.bcast(null, 0) as number;
  else {
    while (!existsSync(file)) await new Promise((r) => setTimeout(r, 20));
    port = Number(readFileSync(file, "utf8"));
  }
  socket = net.connect(port, "127.0.0.1");
  await once(socket, "connect");
}

const inter = MPI.Comm.Join(socket);
assert.ok(inter.Is_inter());
assert.equal(inter.Get_size(), 1);
assert.equal(inter.Get_remote_size(), 1);
const got = inter.sendrecv({ from: listens ? "listener" : "dialer" }, 0, 7, 0, 7);
assert.deepEqual(got, { from: listens ? "dialer" : "listener" });
assert.equal(inter.allreduce(listens ? 1 : 2), listens ? 2 : 1);
const merged = inter.Merge(!listens);
assert.equal(merged.Get_size(), 2);
assert.equal(merged.Get_rank(), listens ? 0 : 1);
assert.equal(merged.allreduce(merged.Get_rank() + 1), 3);
merged.Free();
inter.Disconnect();
socket.destroy();
if (mode === "listen") rmSync(file, { force: true });

// a regular file: its other end never answers (reading it ends at once)
const plain = path.join(os.tmpdir(), `wmpi-join-${process.pid}-${rank}`);
const fd = openSync(plain, "w+");
expectMPIError(MPI.ERR_ARG, "MPI_Comm_join", () => MPI.Comm.Join(fd));
closeSync(fd);
rmSync(plain);
expectMPIError(MPI.ERR_ARG, "MPI_Comm_join", () => MPI.Comm.Join(fd)); // closed now
done();
