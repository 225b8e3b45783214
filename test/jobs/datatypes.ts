// Derived datatypes through the facade (mpi4py's test_datatype and test_pack,
// with derived types in point-to-point): constructors against layouts worked
// out by hand, decoding, Pack/Unpack and external32, fromStruct, and sends and
// receives of non-contiguous data around a ring (of the communicator named by
// --comm), eager and rendezvous.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done, expectMPIError } from "./util.js";

const comm = commFromArgs();
const rank = comm.Get_rank();
const size = comm.Get_size();
const next = (rank + 1) % size;
const prev = (rank - 1 + size) % size;
type Layout = [size: number, lb: number, extent: number, trueLb: number, trueExtent: number];

function layout(t: InstanceType<typeof MPI.Datatype>): Layout {
  const [lb, extent] = t.Get_extent();
  const [tlb, text] = t.Get_true_extent();
  assert.equal(t.lb, lb);
  assert.equal(t.ub, lb + extent);
  assert.equal(t.extent, extent);
  assert.equal(t.true_lb, tlb);
  assert.equal(t.true_extent, text);
  return [t.size, lb, extent, tlb, text];
}

/** The doubles at `indices` of an array where a[i] = i, packed by one element of t. */
function packedIndices(t: InstanceType<typeof MPI.Datatype>, n = 64): number[] {
  const src = Float64Array.from({ length: n }, (_, i) => i);
  const out = new Float64Array(t.size / 8);
  // Pack takes as many elements as the buffer holds extents: give it room for one
  const span = new Float64Array(src.buffer, 0, Math.ceil(Math.max(t.extent, t.true_lb + t.true_extent) / 8));
  const pos = t.Pack(span, out, 0, comm);
  assert.equal(pos, t.size);
  return Array.from(out);
}

// ---- constructors ----
{
  const vec = MPI.DOUBLE.Create_vector(4, 1, 8).Commit();
  assert.deepEqual(layout(vec), [32, 0, 200, 0, 200]);
  assert.deepEqual(packedIndices(vec), [0, 8, 16, 24]);
  assert.deepEqual(vec.decode(), [MPI.DOUBLE, "VECTOR", { count: 4, blocklength: 1, stride: 8 }]);
  assert.deepEqual(vec.Get_envelope(), [3, 0, 1, MPI.COMBINER_VECTOR]);
  assert.equal(vec.combiner, MPI.COMBINER_VECTOR);
  vec.Free();
  assert.equal(vec.handle, MPI.DATATYPE_NULL.handle);

  const cont = MPI.DOUBLE.Create_contiguous(3).Commit();
  assert.deepEqual(layout(cont), [24, 0, 24, 0, 24]);
  assert.deepEqual(cont.decode(), [MPI.DOUBLE, "CONTIGUOUS", { count: 3 }]);
  const hv = cont.Create_hvector(2, 1, 40).Commit();
  assert.deepEqual(layout(hv), [48, 0, 64, 0, 64]);
  assert.deepEqual(packedIndices(hv), [0, 1, 2, 5, 6, 7]);
  const [base, name, params] = hv.decode();
  assert.equal(name, "HVECTOR");
  assert.deepEqual(params, { count: 2, blocklength: 1, stride: 40 });
  assert.deepEqual(layout(base as InstanceType<typeof MPI.Datatype>), [24, 0, 24, 0, 24]);
  (base as InstanceType<typeof MPI.Datatype>).Free(); // Get_contents hands out a reference
  hv.Free();
  cont.Free();

  const idx = MPI.DOUBLE.Create_indexed([2, 1], [5, 0]).Commit();
  assert.deepEqual(layout(idx), [24, 0, 56, 0, 56]);
  assert.deepEqual(packedIndices(idx), [5, 6, 0]);
  assert.deepEqual(idx.decode(), [MPI.DOUBLE, "INDEXED", { blocklengths: [2, 1], displacements: [5, 0] }]);
  idx.Free();
  const hidx = MPI.DOUBLE.Create_hindexed([1, 1], [24, 8]).Commit();
  assert.deepEqual(packedIndices(hidx), [3, 1]);
  assert.deepEqual(layout(hidx), [16, 8, 24, 8, 24]);
  assert.deepEqual(hidx.decode()[2], { blocklengths: [1, 1], displacements: [24, 8] });
  hidx.Free();
  const blk = MPI.DOUBLE.Create_indexed_block(2, [0, 4, 9]).Commit();
  assert.deepEqual(packedIndices(blk), [0, 1, 4, 5, 9, 10]);
  assert.deepEqual(blk.decode()[2], { blocklength: 2, displacements: [0, 4, 9] });
  blk.Free();
  const hblk = MPI.DOUBLE.Create_hindexed_block(1, [16, 0]).Commit();
  assert.deepEqual(packedIndices(hblk), [2, 0]);
  assert.equal(hblk.decode()[1], "HINDEXED_BLOCK");
  hblk.Free();

  const st = MPI.Datatype.Create_struct([1, 2], [0, 8], [MPI.INT, MPI.DOUBLE]).Commit();
  assert.deepEqual(layout(st), [20, 0, 24, 0, 24]);
  const [types, sname, sparams] = st.decode();
  assert.equal(sname, "STRUCT");
  assert.deepEqual(types, [MPI.INT, MPI.DOUBLE]);
  assert.deepEqual(sparams, { blocklengths: [1, 2], displacements: [0, 8], datatypes: [MPI.INT, MPI.DOUBLE] });
  st.Free();

  const sub = MPI.DOUBLE.Create_subarray([4, 5], [2, 3], [1, 2]).Commit();
  assert.deepEqual(layout(sub), [48, 0, 160, 56, 64]);
  assert.deepEqual(packedIndices(sub), [7, 8, 9, 12, 13, 14]);
  assert.deepEqual(sub.decode()[2], { sizes: [4, 5], subsizes: [2, 3], starts: [1, 2], order: MPI.ORDER_C });
  sub.Free();
  const subf = MPI.DOUBLE.Create_subarray([4, 5], [2, 3], [1, 2], MPI.ORDER_FORTRAN).Commit();
  assert.deepEqual(packedIndices(subf), [9, 10, 13, 14, 17, 18]);
  subf.Free();

  const da = MPI.DOUBLE.Create_darray(4, 3, [4, 6], [MPI.DISTRIBUTE_BLOCK, MPI.DISTRIBUTE_CYCLIC], [MPI.DISTRIBUTE_DFLT_DARG, 2], [2, 2]).Commit();
  assert.deepEqual(packedIndices(da), [14, 15, 20, 21]);
  assert.deepEqual(layout(da), [32, 0, 192, 112, 64]);
  assert.equal(da.decode()[1], "DARRAY");
  da.Free();

  const rs = MPI.INT.Create_resized(-4, 16);
  assert.deepEqual(layout(rs), [4, -4, 16, 0, 4]);
  assert.deepEqual(rs.decode(), [MPI.INT, "RESIZED", { lb: -4, extent: 16 }]);
  const dup = rs.Dup();
  assert.deepEqual(layout(dup), [4, -4, 16, 0, 4]);
  assert.equal(dup.decode()[1], "DUP");
  dup.Free();
  rs.Free();

  assert.deepEqual(MPI.DOUBLE.decode(), [MPI.DOUBLE, "NAMED", {}]);
  assert.equal(MPI.Datatype.Match_size(MPI.TYPECLASS_REAL, 8), MPI.DOUBLE);
  assert.equal(MPI.Datatype.Match_size(MPI.TYPECLASS_INTEGER, 2), MPI.INT16_T);
  expectMPIError(MPI.ERR_ARG, "MPI_Type_match_size", () => MPI.Datatype.Match_size(MPI.TYPECLASS_COMPLEX, 3));
  assert.equal(MPI.DOUBLE.name, "MPI_DOUBLE");
  assert.equal(MPI.DOUBLE_INT.size, 12);
  assert.equal(MPI.DOUBLE_INT.extent, 16);
  const named = MPI.INT.Create_contiguous(2);
  named.Set_name("two ints");
  assert.equal(named.Get_name(), "two ints");
  named.name = "pair";
  assert.equal(named.name, "pair");
  named.Free();
}

// ---- Pack, Unpack, external32 ----
{
  const vec = MPI.INT.Create_vector(3, 1, 2).Commit();
  const src = Int32Array.from([1, -1, 2, -1, 3]);
  const packed = new Uint8Array(64);
  let pos = vec.Pack(src, packed, 4, comm);
  assert.equal(pos, 16);
  assert.deepEqual(Array.from(new Int32Array(packed.buffer, 4, 3)), [1, 2, 3]);
  assert.equal(vec.Pack_size(2, comm), 24);
  const back = Int32Array.from([0, 9, 0, 9, 0]);
  pos = vec.Unpack(packed, 4, back, comm);
  assert.equal(pos, 16);
  assert.deepEqual(Array.from(back), [1, 9, 2, 9, 3]);
  const ext = new Uint8Array(12);
  assert.equal(vec.Pack_external("external32", src, ext, 0), 12);
  assert.deepEqual(Array.from(ext), [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]);
  assert.equal(vec.Pack_external_size("external32", 2), 24);
  const back2 = new Int32Array(5);
  assert.equal(vec.Unpack_external("external32", ext, 0, back2), 12);
  assert.deepEqual(Array.from(back2), [1, 0, 2, 0, 3]);
  const d = new Uint8Array(8);
  MPI.DOUBLE.Pack_external("external32", new Float64Array([1]), d, 0);
  assert.deepEqual(Array.from(d), [0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
  expectMPIError(MPI.ERR_ARG, "MPI_Pack_external", () => vec.Pack_external("native", src, ext, 0));
  expectMPIError(MPI.ERR_TRUNCATE, "MPI_Pack", () => vec.Pack(src, new Uint8Array(8), 0, comm));
  vec.Free();
}

// ---- fromStruct: an array of {x: double, n: int} records sent around the ring ----
{
  const rec = MPI.Datatype.fromStruct([{ name: "x", type: MPI.DOUBLE, offset: 0 }, { name: "n", type: MPI.INT, offset: 8, count: 1 }], { extent: 16 });
  assert.deepEqual(layout(rec), [12, 0, 16, 0, 12]);
  assert.deepEqual(rec.fields?.map((f) => [f.name, f.offset, f.count]), [["x", 0, 1], ["n", 8, 1]]);
  const auto = MPI.Datatype.fromStruct([{ type: MPI.CHAR }, { type: MPI.DOUBLE }, { type: MPI.SHORT, count: 3 }]);
  assert.deepEqual(auto.fields?.map((f) => f.offset), [0, 8, 16]);
  assert.equal(auto.extent, 24); // C's sizeof(struct {char; double; short[3];})
  assert.equal(auto.size, 1 + 8 + 6);
  auto.Free();
  const n = 5;
  const out = new DataView(new ArrayBuffer(16 * n));
  for (let i = 0; i < n; i++) {
    out.setFloat64(16 * i, rank + i / 4, true);
    out.setInt32(16 * i + 8, rank * 100 + i, true);
    out.setInt32(16 * i + 12, -7, true); // padding: not sent
  }
  const inb = new DataView(new ArrayBuffer(16 * n));
  for (let i = 0; i < n; i++) inb.setInt32(16 * i + 12, 42, true);
  const st = new MPI.Status();
  comm.Sendrecv([out, n, rec], next, 5, [inb, rec], prev, 5, st);
  for (let i = 0; i < n; i++) {
    assert.equal(inb.getFloat64(16 * i, true), prev + i / 4);
    assert.equal(inb.getInt32(16 * i + 8, true), prev * 100 + i);
    assert.equal(inb.getInt32(16 * i + 12, true), 42, "the padding stays as it was");
  }
  assert.equal(st.Get_count(rec), n);
  assert.equal(st.Get_elements(rec), 2 * n);
  assert.equal(st.Get_count(), 12 * n);
  rec.Free();
}

// ---- point-to-point with a vector: eager, rendezvous and pipelined, every path ----
// 100000 doubles (800 KB packed) go through a pipelined rendezvous
for (const n of [10, 20000, 100000]) {
  const vec = MPI.DOUBLE.Create_vector(n, 1, 3).Commit();
  const span = 3 * (n - 1) + 1;
  const src = Float64Array.from({ length: span }, (_, i) => rank * 1e6 + i);
  const fresh = () => new Float64Array(span).fill(-1);
  const check = (got: Float64Array, from: number, what: string) => {
    for (let i = 0; i < span; i++) {
      const want = i % 3 === 0 ? from * 1e6 + i : -1;
      if (got[i] !== want) assert.fail(`${what}, n=${n}: element ${i} is ${got[i]}, want ${want}`);
    }
  };
  // vector both sides, blocking
  let got = fresh();
  const r = comm.Isend([src, 1, vec], next, 1);
  comm.Recv([got, 1, vec], prev, 1);
  r.Wait();
  check(got, prev, "Isend/Recv");
  // vector sent, contiguous received; contiguous sent, vector received
  const flat = new Float64Array(n);
  const st = new MPI.Status();
  comm.Sendrecv([src, 1, vec], next, 2, [flat, n, MPI.DOUBLE], prev, 2, st);
  for (let k = 0; k < n; k++) assert.equal(flat[k], prev * 1e6 + 3 * k);
  assert.equal(st.Get_count(vec), 1);
  assert.equal(st.Get_elements(vec), n);
  got = fresh();
  const contiguous = Float64Array.from({ length: n }, (_, k) => rank * 1e6 + 3 * k);
  const rr = comm.Irecv([got, vec], prev, 3);
  comm.Send(contiguous, next, 3);
  rr.Wait();
  check(got, prev, "contiguous into a vector");
  // Sendrecv_replace and Isendrecv
  got = Float64Array.from(src);
  comm.Sendrecv_replace([got, 1, vec], next, 4, prev, 4);
  for (let i = 0; i < span; i++) assert.equal(got[i], (i % 3 === 0 ? prev : rank) * 1e6 + i);
  got = fresh();
  comm.Isendrecv([src, 1, vec], next, 5, [got, 1, vec], prev, 5).Wait();
  check(got, prev, "Isendrecv");
  // persistent: the receive buffer's gaps change between starts and stay as the user left them
  got = fresh();
  const pr = comm.Recv_init([got, 1, vec], prev, 6);
  const ps = comm.Send_init([src, 1, vec], next, 6);
  for (let round = 0; round < 2; round++) {
    got.fill(-1);
    MPI.Prequest.Startall([pr, ps]);
    MPI.Request.Waitall([pr, ps]);
    check(got, prev, `persistent round ${round}`);
  }
  pr.Free();
  ps.Free();
  // a matched probe, and Alloc_mem memory received into in place
  const sr = comm.Isend([src, 1, vec], next, 7);
  const msg = comm.Mprobe(prev, 7, st);
  assert.equal(st.Get_count(vec), 1);
  const mem = MPI.Alloc_mem(Float64Array, span);
  mem.fill(-1);
  msg.Recv([mem, 1, vec]);
  sr.Wait();
  check(mem, prev, "Mrecv into Alloc_mem");
  MPI.Free_mem(mem);
  // synchronous and buffered modes, Isendrecv_replace, a nonblocking matched receive
  got = fresh();
  const rs = comm.Irecv([got, 1, vec], prev, 10);
  comm.Ssend([src, 1, vec], next, 10);
  rs.Wait();
  check(got, prev, "Ssend");
  MPI.Attach_buffer(8 * n + MPI.BSEND_OVERHEAD);
  comm.Bsend([src, 1, vec], next, 11);
  got = fresh();
  comm.Recv([got, 1, vec], prev, 11);
  MPI.Detach_buffer();
  check(got, prev, "Bsend");
  got = Float64Array.from(src);
  comm.Isendrecv_replace([got, 1, vec], next, 12, prev, 12).Wait();
  for (let i = 0; i < span; i++) assert.equal(got[i], (i % 3 === 0 ? prev : rank) * 1e6 + i);
  const sm = comm.Isend([src, 1, vec], next, 13);
  const m2 = comm.Mprobe(prev, 13);
  got = fresh();
  m2.Irecv([got, 1, vec]).Wait();
  sm.Wait();
  check(got, prev, "Message.Irecv");
  // freed while the receive is pending: the type lives until it completes
  const tmp = MPI.DOUBLE.Create_vector(n, 1, 3).Commit();
  got = fresh();
  const pending = comm.Irecv([got, 1, tmp], prev, 8);
  tmp.Free();
  comm.Send([src, 1, vec], next, 8);
  pending.Wait();
  check(got, prev, "receive with a freed type");
  vec.Free();
}

// ---- darray: every rank sends its block-cyclic piece of a global array; rank 0 puts the pieces together ----
{
  const gsizes = [7, 9];
  const distribs = [MPI.DISTRIBUTE_CYCLIC, MPI.DISTRIBUTE_BLOCK];
  const dargs = [2, MPI.DISTRIBUTE_DFLT_DARG];
  const psizes = [size, 1];
  const global = Float64Array.from({ length: 63 }, (_, i) => i + 0.5);
  const mine = MPI.DOUBLE.Create_darray(size, rank, gsizes, distribs, dargs, psizes).Commit();
  const sreq = comm.Isend([global, 1, mine], 0, 9);
  if (rank === 0) {
    const result = new Float64Array(63).fill(-1);
    for (let r = 0; r < size; r++) {
      const theirs = MPI.DOUBLE.Create_darray(size, r, gsizes, distribs, dargs, psizes).Commit();
      comm.Recv([result, 1, theirs], r, 9);
      theirs.Free();
    }
    assert.deepEqual(Array.from(result), Array.from(global));
  }
  sreq.Wait();
  mine.Free();
}

// ---- collectives with derived datatypes: a vector broadcast and reduced, matrix columns gathered ----
{
  const vec = MPI.DOUBLE.Create_vector(4, 1, 3).Commit();
  const a = new Float64Array(10).fill(-1);
  if (rank === 0) for (let i = 0; i < 10; i++) a[i] = i;
  comm.Bcast([a, 1, vec], 0);
  for (let i = 0; i < 10; i++) assert.equal(a[i], rank === 0 || i % 3 === 0 ? i : -1, `Bcast of a vector: element ${i}`);
  const sum = new Float64Array(10).fill(-1);
  comm.Allreduce([a, 1, vec], [sum, 1, vec], MPI.SUM);
  for (let i = 0; i < 10; i++) assert.equal(sum[i], i % 3 === 0 ? size * i : -1, `Allreduce of a vector: element ${i}`);
  // each rank's 3 values become column `rank` of a 3 x size row-major matrix
  const col = MPI.DOUBLE.Create_vector(3, 1, size).Create_resized(0, 8).Commit();
  const mine = Float64Array.from([rank, rank + 10, rank + 20]);
  const m = new Float64Array(3 * size).fill(-1);
  comm.Gather(mine, [m, size, col], 0);
  if (rank === 0) for (let r = 0; r < 3; r++) for (let c = 0; c < size; c++) assert.equal(m[r * size + c], c + 10 * r);
  const all = new Float64Array(3 * size).fill(-1);
  comm.Allgather([mine, 3, MPI.DOUBLE], [all, size, col]);
  for (let r = 0; r < 3; r++) for (let c = 0; c < size; c++) assert.equal(all[r * size + c], c + 10 * r);
  col.Free();
  vec.Free();
}

// ---- errors ----
{
  const unc = MPI.INT.Create_contiguous(2);
  expectMPIError(MPI.ERR_TYPE, "MPI_Send", () => comm.Send([new Int32Array(2), 1, unc], next, 0));
  unc.Free();
  expectMPIError(MPI.ERR_TYPE, "MPI_Send", () => comm.Send([new Int32Array(2), 1, unc], next, 0));
  expectMPIError(MPI.ERR_COUNT, "MPI_Type_contiguous", () => MPI.INT.Create_contiguous(-1));
  expectMPIError(MPI.ERR_ARG, "MPI_Type_vector", () => MPI.INT.Create_vector(2, -1, 3));
  expectMPIError(MPI.ERR_ARG, "MPI_Type_indexed", () => MPI.INT.Create_indexed([1, 2], [0]));
  expectMPIError(MPI.ERR_TYPE, "MPI_Type_free", () => MPI.INT.Free());
  const v = MPI.INT.Create_vector(3, 1, 4).Commit();
  expectMPIError(MPI.ERR_COUNT, "MPI_Isend", () => comm.Isend([new Int32Array(8), 1, v], next, 0));
  expectMPIError(MPI.ERR_COUNT, "MPI_Recv", () => comm.Recv([new Int32Array(20), 3, v], prev, 0));
  v.Free();
}

done();
