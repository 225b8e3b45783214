// Request lifecycles the review found wrong: freeing requests still under way, Get_status,
// restarting an active persistent request, Sendrecv with a bad destination, large counts in
// every mode, status after truncation, concurrent waitAsync.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done, expectMPIError } from "./util.js";

const comm = commFromArgs();
const rank = comm.Get_rank();
const size = comm.Get_size();
const next = (rank + 1) % size;
const prev = (rank - 1 + size) % size;
const sync = () => comm.Sendrecv(new Int32Array(1), next, 999, new Int32Array(1), prev, 999);

// a freed Irecv still delivers its data, a freed Isend still sends its own bytes
{
  const into = new Float64Array(512);
  comm.Irecv(into, prev, 1).Free();
  comm.Isend(new Float64Array(512).fill(rank + 42), next, 1).Free();
  for (let i = 0; i < 16; i++) comm.Isend(new Float64Array(4).fill(-1), next, 2).Wait(); // reuse freed memory
  for (let i = 0; i < 16; i++) comm.Recv(new Float64Array(4), prev, 2);
  sync();
  while (into[511] === 0) MPI.Request.Testall([]); // completion calls finish freed requests
  assert.ok(into.every((v) => v === prev + 42), "freed Irecv data");
}

// an object receive completed by Get_status, then freed: its buffer is freed once
for (let i = 0; i < 50; i++) {
  const r = comm.irecv(prev, 14);
  comm.send({ i, big: new Float64Array(2000) }, next, 14);
  while (!r.Get_status());
  r.Free();
}
sync();

// a persistent send freed while active still sends the data it was started with
{
  const data = new Float64Array(512).fill(rank + 7);
  const p = comm.Send_init(data, next, 3);
  p.Start();
  p.Free();
  const into = new Float64Array(512);
  for (let i = 0; i < 16; i++) comm.Isend(new Float64Array(4).fill(-1), next, 4).Wait();
  for (let i = 0; i < 16; i++) comm.Recv(new Float64Array(4), prev, 4);
  comm.Recv(into, prev, 3);
  assert.ok(into.every((v) => v === prev + 7), "freed active persistent send");
  sync();
  MPI.Request.Testall([]);
}

// Get_status true means the data is in place; restarting an active request changes nothing
{
  const into = new Int32Array(3);
  const r = comm.Irecv(into, prev, 5);
  comm.Send(new Int32Array([7, 8, 9]), next, 5);
  while (!r.Get_status());
  assert.deepEqual(Array.from(into), [7, 8, 9]);
  r.Wait();
  const a = new Int32Array(1).fill(1);
  const p = comm.Send_init(a, next, 6);
  const q = comm.Recv_init(new Int32Array(1), prev, 6);
  q.Start();
  sync();
  p.Start();
  a.fill(2);
  expectMPIError(MPI.ERR_REQUEST, "MPI_Start", () => p.Start());
  MPI.Request.Waitall([p, q]);
  const got = new Int32Array(1);
  q.Start();
  p.Start();
  MPI.Request.Waitall([p, q]);
  p.Free();
  q.Free();
  void got;
}

// Sendrecv with a bad destination takes no message
{
  const r = comm.Isend(new Int32Array([5]), next, 7);
  sync();
  const into = new Int32Array(1);
  expectMPIError(MPI.ERR_RANK, "MPI_Sendrecv", () => comm.Sendrecv(new Int32Array(1), size + 5, 0, into, prev, 7));
  assert.equal(into[0], 0);
  assert.equal(comm.Iprobe(prev, 7), true);
  comm.Recv(into, prev, 7);
  r.Wait();
  expectMPIError(MPI.ERR_RANK, "MPI_Isend", () => comm.sendrecv("x", size + 5, 0, prev, 8));
}

// a truncated receive still fills the status; a truncated Message.Recv still consumes the message
{
  const r = comm.Isend(new Int32Array(8), next, 9);
  const st = new MPI.Status();
  expectMPIError(MPI.ERR_TRUNCATE, "MPI_Recv", () => comm.Recv(new Int32Array(2), prev, 9, st));
  assert.equal(st.Get_source(), prev);
  assert.equal(st.Get_tag(), 9);
  assert.equal(st.Get_count(MPI.INT), 2);
  r.Wait();
  const r2 = comm.Isend(new Int32Array(8), next, 10);
  const m = comm.Mprobe(prev, 10);
  expectMPIError(MPI.ERR_TRUNCATE, "MPI_Mrecv", () => m.Recv(new Int32Array(2)));
  assert.ok(m.isNull());
  r2.Wait();
  assert.equal(MPI.MESSAGE_NO_PROC.recv(), undefined);
  assert.equal(MPI.MESSAGE_NO_PROC.isNull(), false);
}

// Waitall without statuses names the failed request
{
  const reqs = [comm.Irecv(new Int32Array(1), prev, 11), comm.Isend(new Int32Array(4), next, 11)];
  expectMPIError(MPI.ERR_IN_STATUS, "request 0: MPI_ERR_TRUNCATE", () => MPI.Request.Waitall(reqs));
}

// lowercase receive arguments must be numbers (an mpi4py buf in first place is caught)
expectMPIError(MPI.ERR_RANK, "MPI_Recv", () => comm.recv(null as never, 1));

// several waitAsync at once all wake up: the test job polls every 5 s (WMPI_WAITASYNC_POLL_MS), so a
// missed wake-up takes that long
{
  const a = comm.irecv(prev, 12);
  const b = comm.irecv(prev, 13);
  const t0 = MPI.Wtime();
  const both = Promise.all([a.waitAsync(), b.waitAsync()]);
  setTimeout(() => comm.send("a", next, 12), 2);
  setTimeout(() => comm.send("b", next, 13), 4);
  assert.deepEqual(await both, ["a", "b"]);
  assert.ok(MPI.Wtime() - t0 < 2.5, `waitAsync pair took ${MPI.Wtime() - t0} s: a wake-up was missed`);
}

done();
