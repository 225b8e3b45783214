// Ports and names from the facade (issue 9): the lower half of COMM_WORLD opens a port and
// publishes it; the upper half looks it up and connects; they exchange across the
// intercommunicator, disconnect, and meet again (reconnect). Then the name service's errors.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const world = MPI.COMM_WORLD;
const rank = world.Get_rank(), size = world.Get_size();
const na = Math.floor(size / 2), inA = rank < na;
const half = world.Split(inA ? 0 : 1, rank);
const service = "wmpi-test-ports";

for (let round = 0; round < 2; round++) {
  let port = "";
  if (rank === 0) {
    port = MPI.Open_port();
    assert.match(port, /^wmpi-port:/);
    MPI.Publish_name(service, port);
  }
  world.Barrier();
  const found = MPI.Lookup_name(service);
  if (rank === 0) assert.equal(found, port);
  const inter = inA ? half.Accept(port) : half.Connect(found);
  assert.equal(inter.Get_remote_size(), inA ? size - na : na);
  // every rank sends its world rank to remote rank 0; remote rank 0 answers each with an object
  inter.Send(new Int32Array([rank]), 0, 1);
  if (inter.Get_rank() === 0) {
    const seen: number[] = [];
    for (let i = 0; i < inter.Get_remote_size(); i++) {
      const v = new Int32Array(1);
      const st = new MPI.Status();
      inter.Recv(v, MPI.ANY_SOURCE, 1, st);
      seen.push(v[0]);
      inter.send({ round, to: v[0] }, st.Get_source(), 2);
    }
    const expected = inA ? Array.from({ length: size - na }, (_, i) => na + i) : Array.from({ length: na }, (_, i) => i);
    assert.deepEqual(seen.sort((a, b) => a - b), expected);
  }
  assert.deepEqual(inter.recv(0, 2), { round, to: rank });
  assert.equal(inter.allreduce(1), inA ? size - na : na);
  inter.Disconnect();
  world.Barrier();
  if (rank === 0) {
    MPI.Unpublish_name(service, port);
    MPI.Close_port(port);
  }
  world.Barrier();
}
expectMPIError(MPI.ERR_NAME, "MPI_Lookup_name", () => MPI.Lookup_name(service));
// a port closed by another rank (in another process, with --ppn): nobody takes the connect, which
// ends with MPI.ERR_PORT once WMPI_CONNECT_TIMEOUT (1 s in the test) has passed
const closed = world.bcast(rank === 0 ? MPI.Open_port() : "", 0) as string;
if (rank === 0) MPI.Close_port(closed);
world.Barrier();
if (rank === size - 1) expectMPIError(MPI.ERR_PORT, "MPI_Comm_connect", () => MPI.COMM_SELF.Connect(closed));
if (rank === 0) {
  const port = MPI.Open_port();
  MPI.Publish_name(`${service}-again`, port);
  expectMPIError(MPI.ERR_SERVICE, "MPI_Publish_name", () => MPI.Publish_name(`${service}-again`, port));
  expectMPIError(MPI.ERR_SERVICE, "MPI_Unpublish_name", () => MPI.Unpublish_name("never-published", port));
  MPI.Unpublish_name(`${service}-again`, port);
  MPI.Close_port(port);
  expectMPIError(MPI.ERR_PORT, "MPI_Close_port", () => MPI.Close_port(port));
  expectMPIError(MPI.ERR_PORT, "MPI_Comm_connect", () => MPI.COMM_SELF.Connect(port));
  expectMPIError(MPI.ERR_PORT, "MPI_Comm_accept", () => MPI.COMM_SELF.Accept("wmpi-port:forged:0:0"));
}
half.Free();
done();
