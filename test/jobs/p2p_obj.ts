// Object point-to-point (mpi4py's test_p2p_obj): any structured-cloneable value through MPI.serializer.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done } from "./util.js";

const comm = commFromArgs();
const rank = comm.Get_rank();
const size = comm.Get_size();
const next = (rank + 1) % size;
const prev = (rank - 1 + size) % size;

const cyclic: Record<string, unknown> = { name: "loop" };
cyclic.self = cyclic;
const values: unknown[] = [
  undefined, null, true, 0, -0, NaN, 1.5, -Infinity, 2n ** 70n, "", "wmpi ✓ 🚀",
  [1, [2, [3]]], { a: 1, b: [1, 2, 3] }, new Map<unknown, unknown>([["k", 1], [2, { v: 3 }]]), new Set([1, "two"]),
  new Date(1700000000000), /ab+c/gi, new Float64Array([1, 2, NaN]), new BigInt64Array([-1n, 2n]),
  { step: 1, data: new Float64Array(8).fill(rank) }, new Uint8Array(100_000).fill(7), cyclic,
];

function check(got: unknown, want: unknown, what: string): void {
  if (want === cyclic) {
    const g = got as Record<string, unknown>;
    assert.equal(g.self, g, what);
    return;
  }
  assert.deepEqual(got, want, what);
}

// send / recv of every value, with a status
values.forEach((v, i) => {
  const st = new MPI.Status();
  const r = comm.isend(v, next, i);
  const got = comm.recv(prev, i, st);
  r.wait();
  check(got, v === values[19] ? { step: 1, data: new Float64Array(8).fill(prev) } : v, `value ${i}`);
  assert.equal(st.Get_source(), prev);
  assert.equal(st.Get_tag(), i);
});

// irecv posted first, wildcard receive, ssend, bsend
{
  const r = comm.irecv(prev, 100);
  comm.ssend({ from: rank }, next, 100);
  assert.deepEqual(r.wait(), { from: prev });
  MPI.Attach_buffer(1 << 16);
  comm.bsend(["buffered", rank], next, 101);
  const st = new MPI.Status();
  assert.deepEqual(comm.recv(MPI.ANY_SOURCE, MPI.ANY_TAG, st), ["buffered", prev]);
  assert.equal(st.Get_tag(), 101);
  MPI.Detach_buffer();
  const reqs = [comm.issend("a", next, 102), comm.ibsend, comm.isend("c", next, 103)].filter((x) => x instanceof MPI.Request);
  assert.deepEqual(MPI.Request.waitall([comm.irecv(prev, 102), comm.irecv(prev, 103)]), ["a", "c"]);
  MPI.Request.waitall(reqs as InstanceType<typeof MPI.Request>[]);
}

// sendrecv, probe, mprobe / Message.recv, improbe / Message.irecv
{
  assert.deepEqual(comm.sendrecv({ r: rank }, next, 110, prev, 110), { r: prev });
  const r = comm.isend([rank, "probe"], next, 111);
  const st = new MPI.Status();
  assert.equal(comm.probe(prev, 111, st), true);
  assert.ok(st.Get_count() > 0);
  const msg = comm.mprobe(prev, 111);
  assert.deepEqual(msg.recv(), [prev, "probe"]);
  r.wait();
  const r2 = comm.isend(new Map([["big", new Float64Array(100_000).fill(1)]]), next, 112);
  let m;
  while ((m = comm.improbe(prev, 112)) === undefined);
  const got = m.irecv().wait() as Map<string, Float64Array>;
  assert.equal(got.get("big")!.length, 100_000);
  r2.wait();
  assert.equal(comm.iprobe(prev, 999), false);
}

// waitany / testall on object requests, test, waitAsync
{
  const recvs = [comm.irecv(prev, 120), comm.irecv(prev, 121)];
  const sends = [comm.isend("x", next, 120), comm.isend("y", next, 121)];
  const [i, obj] = MPI.Request.waitany(recvs);
  assert.equal(obj, ["x", "y"][i]);
  let flag = false;
  let objs: unknown[] | undefined;
  while (!flag) [flag, objs] = MPI.Request.testall(recvs);
  assert.deepEqual(objs![1 - i], ["x", "y"][1 - i]);
  MPI.Request.waitall(sends);
  const r = comm.irecv(prev, 122);
  comm.send("async", next, 122);
  assert.equal(await r.waitAsync(), "async");
  const [f, o] = comm.irecv(MPI.PROC_NULL).test();
  assert.equal(f, true);
  assert.equal(o, undefined);
  assert.equal(comm.recv(MPI.PROC_NULL), undefined);
  assert.equal(comm.mprobe(MPI.PROC_NULL).recv(), undefined);
}

// a pluggable serializer (JSON, as mpi4py lets you swap pickle)
{
  const saved = MPI.serializer;
  let used = 0;
  MPI.serializer = {
    dumps: (o) => (used++, new TextEncoder().encode(JSON.stringify(o))),
    loads: (b) => JSON.parse(new TextDecoder().decode(b)),
  };
  const r = comm.isend({ json: [1, 2] }, next, 130);
  assert.deepEqual(comm.recv(prev, 130), { json: [1, 2] });
  r.wait();
  MPI.serializer = saved;
  assert.equal(used, 1);
}

done();
