// Buffer point-to-point (mpi4py's test_p2p_buf): every call, every TypedArray kind, run on the
// communicator named by --comm. Ranks pass data to the next rank of a ring.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done, pattern } from "./util.js";

const comm = commFromArgs();
const rank = comm.Get_rank();
const size = comm.Get_size();
const next = (rank + 1) % size;
const prev = (rank - 1 + size) % size;
assert.equal(comm.rank, rank);
assert.equal(comm.size, size);

const kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array] as const;
const inferred = [MPI.SIGNED_CHAR, MPI.UNSIGNED_CHAR, MPI.UNSIGNED_CHAR, MPI.SHORT, MPI.UNSIGNED_SHORT, MPI.INT, MPI.UNSIGNED, MPI.FLOAT, MPI.DOUBLE, MPI.INT64_T, MPI.UINT64_T];

function filled(kind: (typeof kinds)[number], n: number, seed: number) {
  const a = new kind(n);
  const bytes = pattern(seed, a.byteLength);
  new Uint8Array(a.buffer).set(bytes);
  return a;
}

// Send / Recv (blocking receive posted after a nonblocking send) for every element type and several sizes
kinds.forEach((kind, k) => {
  for (const n of [0, 1, 7, 1000, 5000]) {
    const a = filled(kind, n, rank + k);
    const b = new kind(n);
    const st = new MPI.Status();
    const r = comm.Isend(a, next, k);
    comm.Recv(b, prev, k, st);
    r.Wait();
    assert.deepEqual(new Uint8Array(b.buffer), pattern(prev + k, b.byteLength), `${kind.name} x ${n}`);
    assert.equal(st.Get_source(), prev);
    assert.equal(st.Get_tag(), k);
    assert.equal(st.Get_count(inferred[k]), n);
    assert.equal(st.Get_count(), b.byteLength);
  }
});

// Explicit forms: [buf, type], [buf, count, type], DataView, ArrayBuffer
{
  const a = new Float64Array([1.5, 2.5, 3.5, 4.5]);
  const b = new Float64Array(4);
  const r = comm.Isend([a, 3, MPI.DOUBLE], next, 1);
  const st = new MPI.Status();
  comm.Recv([b, MPI.DOUBLE], prev, 1, st);
  r.Wait();
  assert.deepEqual(Array.from(b), [1.5, 2.5, 3.5, 0]);
  assert.equal(st.Get_count(MPI.DOUBLE), 3);
  assert.equal(st.Get_count(MPI.INT), 6);
  // mpi4py's other forms: [buf, count], typecodes
  const c = new Int32Array([1, 2, 3, 4]);
  const d = new Int32Array(4);
  const r3 = comm.Isend([c, 2], next, 3);
  comm.Recv([d, "i"], prev, 3, st);
  r3.Wait();
  assert.deepEqual(Array.from(d), [1, 2, 0, 0]);
  assert.equal(st.Get_count(MPI.INT), 2);
  const r4 = comm.Isend([new Float64Array([0.5, 1.5]), 1, "d"], next, 3);
  const e = new Float64Array(2);
  comm.Recv([e, "f8"], prev, 3);
  r4.Wait();
  assert.deepEqual(Array.from(e), [0.5, 0]);
  const dv = new DataView(new ArrayBuffer(16));
  dv.setUint32(0, 0xdeadbeef);
  const ab = new ArrayBuffer(16);
  const r2 = comm.Isend(dv, next, 2);
  comm.Recv(ab, prev, 2);
  r2.Wait();
  assert.equal(new DataView(ab).getUint32(0), 0xdeadbeef);
}

// Send modes: standard, synchronous, buffered, ready (the receive is posted first)
{
  const recv = new Int32Array(64);
  MPI.Attach_buffer(1 << 16);
  for (const [mode, tag] of [["Send", 10], ["Ssend", 11], ["Bsend", 12], ["Rsend", 13]] as const) {
    const r = comm.Irecv(recv, prev, tag);
    comm.Sendrecv(new Int32Array(1), next, 99, new Int32Array(1), prev, 99); // everyone has posted
    (comm[mode] as (b: Int32Array, d: number, t: number) => void)(new Int32Array(64).fill(rank + tag), next, tag);
    r.Wait();
    assert.ok(recv.every((v) => v === prev + tag), mode);
  }
  const reqs = [comm.Ibsend(new Int32Array(8).fill(7), next, 20), comm.Issend(new Int32Array(8).fill(8), next, 21), comm.Irsend(new Int32Array(0), MPI.PROC_NULL, 22)];
  const got = [new Int32Array(8), new Int32Array(8)];
  comm.Recv(got[0], prev, 20);
  comm.Recv(got[1], prev, 21);
  MPI.Request.Waitall(reqs);
  assert.ok(got[0].every((v) => v === 7) && got[1].every((v) => v === 8));
  assert.equal(MPI.Detach_buffer(), 1 << 16);
}

// Sendrecv and Sendrecv_replace
{
  const out = new Float32Array(100).fill(rank);
  const into = new Float32Array(100);
  const st = new MPI.Status();
  comm.Sendrecv(out, next, 3, into, prev, 3, st);
  assert.ok(into.every((v) => v === prev));
  assert.equal(st.Get_source(), prev);
  const buf = new Int16Array(50).fill(rank);
  comm.Sendrecv_replace(buf, next, 4, prev, 4);
  assert.ok(buf.every((v) => v === prev));
}

// Isendrecv and Isendrecv_replace: one request each, small and large
for (const n of [5, 100_000]) {
  const out = new Float64Array(n).fill(rank + 0.5);
  const into = new Float64Array(n);
  const st = new MPI.Status();
  comm.Isendrecv(out, next, 21, into, prev, 21).Wait(st);
  assert.ok(into.every((v) => v === prev + 0.5), `Isendrecv ${n}`);
  assert.equal(st.Get_source(), prev);
  assert.equal(st.Get_count(MPI.DOUBLE), n);
  const buf = new Int32Array(n).fill(rank);
  const r = comm.Isendrecv_replace(buf, next, 22, prev, 22);
  MPI.Request.Waitall([r]);
  assert.ok(buf.every((v) => v === prev), `Isendrecv_replace ${n}`);
}
{
  const st = new MPI.Status();
  comm.Isendrecv(new Int32Array(2), MPI.PROC_NULL, 0, new Int32Array(2), MPI.PROC_NULL, 0).Wait(st);
  assert.equal(st.Get_source(), MPI.PROC_NULL);
}

// Large messages (rendezvous) and Alloc_mem buffers moved without staging
for (const n of [1 << 16, 1 << 20, 3 * (1 << 20) + 5]) {
  const a = pattern(rank, n);
  const b = new Uint8Array(n);
  const r = comm.Irecv(b, prev, 5);
  comm.Send(a, next, 5);
  r.Wait();
  assert.deepEqual(b, pattern(prev, n));
  const m = MPI.Alloc_mem(Float64Array, n >> 3);
  const m2 = MPI.Alloc_mem(Float64Array, n >> 3);
  m.fill(rank + 0.25);
  const r2 = comm.Irecv(m2, prev, 6);
  comm.Send(m, next, 6);
  r2.Wait();
  assert.ok(m2.every((v) => v === prev + 0.25));
  MPI.Free_mem(m);
  MPI.Free_mem(m2);
}

// Persistent requests, restarted
{
  const sbuf = new Int32Array(10);
  const rbuf = new Int32Array(10);
  const sreq = comm.Send_init(sbuf, next, 30);
  const rreq = comm.Recv_init(rbuf, prev, 30);
  for (let i = 0; i < 20; i++) {
    sbuf.fill(rank * 100 + i);
    MPI.Prequest.Startall([rreq, sreq]);
    MPI.Request.Waitall([sreq, rreq]);
    assert.ok(rbuf.every((v) => v === prev * 100 + i), `round ${i}`);
  }
  assert.equal(rreq.Test(), true); // inactive: completes at once
  sreq.Free();
  rreq.Free();
  assert.ok(sreq.isNull());
}

// Probe, Iprobe, Mprobe, Improbe, Mrecv, Imrecv
{
  const st = new MPI.Status();
  const r = comm.Isend(new Uint16Array(33).fill(9), next, 40);
  assert.equal(comm.Probe(prev, 40, st), true);
  assert.equal(st.Get_count(MPI.UNSIGNED_SHORT), 33);
  assert.equal(comm.Iprobe(prev, 40), true);
  const msg = comm.Mprobe(prev, 40);
  assert.equal(comm.Iprobe(prev, 40), false); // taken out of the queue
  const b = new Uint16Array(33);
  msg.Recv(b, st);
  assert.ok(msg.isNull());
  assert.ok(b.every((v) => v === 9));
  r.Wait();
  assert.equal(comm.Improbe(prev, 4141), undefined); // no such message
  const r2 = comm.Isend(new Uint8Array(5).fill(3), next, 41);
  let m: ReturnType<typeof comm.Improbe>;
  while ((m = comm.Improbe(prev, 41)) === undefined);
  const b2 = new Uint8Array(5);
  m.Irecv(b2).Wait();
  assert.deepEqual(Array.from(b2), [3, 3, 3, 3, 3]);
  r2.Wait();
}

// Completion families: Waitany, Waitsome, Testany, Testsome, Testall, Get_status
{
  const n = 6;
  const bufs = Array.from({ length: n }, () => new Int32Array(4));
  const recvs = bufs.map((b, i) => comm.Irecv(b, prev, 50 + i));
  const sends = bufs.map((_, i) => comm.Isend(new Int32Array(4).fill(i), next, 50 + i));
  const seen = new Set<number>();
  const st = new MPI.Status();
  const first = MPI.Request.Waitany(recvs, st);
  seen.add(first);
  assert.equal(st.Get_tag(), 50 + first);
  while (seen.size < n) {
    const some = MPI.Request.Waitsome(recvs) ?? [];
    some.forEach((i) => seen.add(i));
  }
  assert.equal(MPI.Request.Waitsome(recvs), undefined); // all null now
  assert.equal(MPI.Request.Waitany(recvs), MPI.UNDEFINED);
  bufs.forEach((b, i) => assert.ok(b.every((v) => v === i)));
  while (!MPI.Request.Testall(sends));
  // prev sends tag 60 only after this rank says go (tag 61): until then nothing can complete r
  const r = comm.Irecv(new Int32Array(1), prev, 60);
  assert.equal(r.Get_status(), false);
  assert.equal(MPI.Request.Testall([r]), false);
  assert.deepEqual(MPI.Request.Testany([r]), [MPI.UNDEFINED, false]);
  assert.deepEqual(MPI.Request.Testsome([r]), []);
  comm.Send(new Int32Array(1), prev, 61);
  comm.Recv(new Int32Array(1), next, 61);
  comm.Send(new Int32Array(1), next, 60);
  while (!r.Get_status());
  assert.equal(r.Test(), true);
  assert.ok(r.isNull());
}

// Cancel: a receive nobody sends to
{
  const r = comm.Irecv(new Int32Array(1), prev, 70);
  r.Cancel();
  const st = new MPI.Status();
  r.Wait(st);
  assert.equal(st.Is_cancelled(), true);
}

// PROC_NULL
{
  const st = new MPI.Status();
  comm.Send(new Int32Array(4), MPI.PROC_NULL, 0);
  comm.Recv(new Int32Array(4), MPI.PROC_NULL, 0, st);
  assert.equal(st.Get_source(), MPI.PROC_NULL);
  assert.equal(st.Get_count(), 0);
  comm.Isend(new Int32Array(4), MPI.PROC_NULL).Wait();
}

// Wtime and attributes
{
  const t0 = MPI.Wtime();
  assert.ok(MPI.Wtime() >= t0 && MPI.Wtick() > 0);
  assert.equal(comm.Get_attr(MPI.TAG_UB), 2 ** 31 - 1);
}

done();
