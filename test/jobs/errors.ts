// Bad input: every error class the point-to-point calls raise, each naming the call.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done, expectMPIError } from "./util.js";

const comm = commFromArgs();
const rank = comm.Get_rank();
const size = comm.Get_size();
const next = (rank + 1) % size;
const prev = (rank - 1 + size) % size;
const buf = new Int32Array(4);

// ranks, tags
expectMPIError(MPI.ERR_RANK, "MPI_Send", () => comm.Send(buf, size));
expectMPIError(MPI.ERR_RANK, "MPI_Send", () => comm.Send(buf, -7));
expectMPIError(MPI.ERR_RANK, "MPI_Recv", () => comm.Recv(buf, size + 3));
expectMPIError(MPI.ERR_RANK, "MPI_Isend", () => comm.Isend(buf, size));
expectMPIError(MPI.ERR_RANK, "MPI_Probe", () => comm.Probe(size));
expectMPIError(MPI.ERR_RANK, "MPI_Send", () => comm.send({}, size));
expectMPIError(MPI.ERR_TAG, "MPI_Send", () => comm.Send(buf, next, -1));
expectMPIError(MPI.ERR_TAG, "MPI_Recv", () => comm.Recv(buf, prev, -5));
expectMPIError(MPI.ERR_TAG, "MPI_Irecv", () => comm.irecv(prev, 2 ** 31));

// counts, datatypes, buffers
expectMPIError(MPI.ERR_COUNT, "MPI_Send", () => comm.Send([buf, -1, MPI.INT], next));
expectMPIError(MPI.ERR_COUNT, "MPI_Send", () => comm.Send([buf, 5, MPI.INT], next));
expectMPIError(MPI.ERR_COUNT, "MPI_Recv", () => comm.Recv([buf, 3, MPI.DOUBLE], prev));
expectMPIError(MPI.ERR_TYPE, "MPI_Send", () => comm.Send([buf, "int" as never], next));
expectMPIError(MPI.ERR_TYPE, "MPI_Send", () => comm.Send([buf, 1, new MPI.Datatype(0x4c00ff77, "bogus")], next));
expectMPIError(MPI.ERR_BUFFER, "MPI_Send", () => comm.Send("text" as never, next));
expectMPIError(MPI.ERR_BUFFER, "MPI_Recv", () => comm.Recv([new Uint8Array(7), MPI.DOUBLE], prev));
expectMPIError(MPI.ERR_BUFFER, "MPI_Bsend", () => comm.Bsend(buf, next)); // nothing attached

// communicators
expectMPIError(MPI.ERR_COMM, "MPI_Send", () => MPI.COMM_NULL.Send(buf, 0));
expectMPIError(MPI.ERR_COMM, "MPI_Comm_rank", () => new MPI.Comm(0x44000077).Get_rank());
expectMPIError(MPI.ERR_COMM, "MPI_Recv", () => new MPI.Intracomm(0x12345).recv());

// requests: freed, active persistent, message handles
{
  const r = comm.Isend(buf, next, 1);
  const stale = r.handle;
  r.Wait();
  comm.Recv(new Int32Array(4), prev, 1);
  expectMPIError(MPI.ERR_REQUEST, "MPI_Wait", () => new MPI.Request(stale).Wait());
  expectMPIError(MPI.ERR_REQUEST, "MPI_Request_free", () => new MPI.Request(stale).Free());
  expectMPIError(MPI.ERR_REQUEST, "MPI_Cancel", () => new MPI.Request(0x2c000000 | 0x80000000 | 99999).Cancel());
  const p = comm.Recv_init(new Int32Array(4), prev, 2);
  p.Start();
  expectMPIError(MPI.ERR_REQUEST, "MPI_Start", () => p.Start());
  comm.Send(buf, next, 2);
  p.Wait();
  p.Free();
  expectMPIError(MPI.ERR_REQUEST, "MPI_Mrecv", () => new MPI.Message(stale, 4).Recv(buf));
}

// truncation: the error, the bytes that fit, nothing written past the buffer
{
  const big = new Int32Array(8).fill(5);
  const whole = new Int32Array(8).fill(-1);
  const view = whole.subarray(0, 4);
  const r = comm.Isend(big, next, 3);
  expectMPIError(MPI.ERR_TRUNCATE, "MPI_Recv", () => comm.Recv(view, prev, 3));
  r.Wait();
  assert.deepEqual(Array.from(whole), [5, 5, 5, 5, -1, -1, -1, -1]);
  const rr = comm.Irecv(new Int32Array(2), prev, 4);
  comm.Send(big, next, 4);
  expectMPIError(MPI.ERR_TRUNCATE, "MPI_Wait", () => rr.Wait());
  assert.ok(rr.isNull());
  // a large message (rendezvous, staged in chunks, copied straight into the receive buffer)
  const large = new Float64Array(40_000).fill(rank + 0.5);
  const into = new Float64Array(30_000).fill(-1);
  const whole2 = new Float64Array(30_001).fill(-2);
  const rl = comm.Isend(large, next, 6);
  expectMPIError(MPI.ERR_TRUNCATE, "MPI_Recv", () => comm.Recv(into, prev, 6));
  rl.Wait();
  assert.ok(into.every((v) => v === prev + 0.5));
  const rl2 = comm.Isend(large, next, 7);
  expectMPIError(MPI.ERR_TRUNCATE, "MPI_Recv", () => comm.Recv(whole2.subarray(0, 30_000), prev, 7));
  rl2.Wait();
  assert.equal(whole2[30_000], -2);
  // Waitall: one receive truncated -> ERR_IN_STATUS, the per-request errors in the statuses
  const sts = [new MPI.Status(), new MPI.Status()];
  const reqs = [comm.Irecv(new Int32Array(2), prev, 8), comm.Isend(big, next, 8)];
  expectMPIError(MPI.ERR_IN_STATUS, "MPI_Waitall", () => MPI.Request.Waitall(reqs, sts));
  assert.equal(sts[0].Get_error(), MPI.ERR_TRUNCATE);
  assert.equal(sts[1].Get_error(), MPI.SUCCESS);
  assert.ok(reqs.every((r) => r.isNull()));
  // the job still works afterwards
  const r3 = comm.Isend(big, next, 5);
  comm.Recv(whole, prev, 5);
  r3.Wait();
  assert.ok(whole.every((v) => v === 5));
}

// error classes and strings
assert.equal(MPI.Get_error_string(MPI.ERR_RANK), "invalid rank");
assert.equal(MPI.Get_error_class(MPI.ERR_TRUNCATE), MPI.ERR_TRUNCATE);
expectMPIError(MPI.ERR_ARG, "MPI_Error_string", () => MPI.Get_error_string(100000));
assert.equal(comm.Get_errhandler(), MPI.ERRORS_RETURN);
try {
  comm.Send(buf, size);
} catch (e) {
  assert.ok(e instanceof MPI.Exception);
  assert.equal((e as InstanceType<typeof MPI.Exception>).Get_error_class(), MPI.ERR_RANK);
  assert.match((e as Error).message, /MPI_Send: invalid rank \d+ \(dest\)/);
}

// Init twice, then calls after Finalize
expectMPIError(MPI.ERR_OTHER, "MPI_Init", () => MPI.Init());
done();
MPI.Finalize();
assert.equal(MPI.Is_finalized(), true);
expectMPIError(MPI.ERR_OTHER, "MPI_Comm_rank", () => comm.Get_rank());
expectMPIError(MPI.ERR_OTHER, "MPI_Send", () => comm.Send(buf, 0));
expectMPIError(MPI.ERR_OTHER, "MPI_Finalize", () => MPI.Finalize());
expectMPIError(MPI.ERR_OTHER, "MPI_Alloc_mem", () => MPI.Alloc_mem(Int32Array, 4));
