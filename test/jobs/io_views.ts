// MPI-IO file views through MPI.File: a 2-D grid of doubles block-distributed
// over a process grid, written collectively through a subarray filetype
// after a header, checked byte for byte with node:fs and read back by a
// different decomposition (column stripes); the same grid through a darray
// filetype (block rows, cyclic columns); and an interleaved indexed filetype
// with an INT etype (offsets, file pointers and byte offsets in etypes);
// the external32 data representation.
import assert from "node:assert/strict";
import fs from "node:fs";
import { MPI } from "wmpi";
import { fileName, syncAll } from "./io_util.js";
import { commFromArgs, done } from "./util.js";

const comm = commFromArgs();
const rank = comm.Get_rank();
const size = comm.Get_size();
const name = fileName("views", comm);

const R = 7;
const C = 10;
const value = (i: number, j: number) => i * 1000 + j + 0.5;
const HEADER = 16;

/** The whole grid, row-major, as the file must hold it after `disp` bytes. */
function grid(): Float64Array {
  return Float64Array.from({ length: R * C }, (_, k) => value(Math.floor(k / C), k % C));
}
/** Rows (or columns) [start, start + count) of block `i` of `p` over n, remainders spread. */
function blockOf(i: number, p: number, n: number): [number, number] {
  const start = Math.floor((i * n) / p);
  return [start, Math.floor(((i + 1) * n) / p) - start];
}
function checkFile(disp: number, headerBytes?: Uint8Array): void {
  const got = fs.readFileSync(name);
  assert.equal(got.length, disp + R * C * 8);
  if (headerBytes) assert.deepEqual(Array.from(got.subarray(0, headerBytes.length)), Array.from(headerBytes));
  const want = new Uint8Array(grid().buffer);
  assert.ok(Buffer.compare(got.subarray(disp), Buffer.from(want)) === 0, "the grid in the file");
}

/** A subarray view of the block (pi, pj) of a pr x pc process grid: [filetype, local buffer filled or zero]. */
function subarrayBlock(pr: number, pc: number, pi: number, pj: number, fill: boolean): [InstanceType<typeof MPI.Datatype>, Float64Array, number[]] {
  const [sr, lr] = blockOf(pi, pr, R);
  const [sc, lc] = blockOf(pj, pc, C);
  const ft = MPI.DOUBLE.Create_subarray([R, C], [lr, lc], [sr, sc], MPI.ORDER_C).Commit();
  const local = new Float64Array(lr * lc);
  if (fill) for (let i = 0; i < lr; i++) for (let j = 0; j < lc; j++) local[i * lc + j] = value(sr + i, sc + j);
  return [ft, local, [sr, lr, sc, lc]];
}

const fh = MPI.File.Open(comm, name, MPI.MODE_CREATE | MPI.MODE_RDWR);
fh.Set_size(0);

// ---- a 2-D block-distributed grid through a subarray view, after a header ----
{
  const header = new Uint8Array(HEADER);
  new TextEncoder().encodeInto("WMPIGRID", header);
  new DataView(header.buffer).setInt32(8, R, true);
  new DataView(header.buffer).setInt32(12, C, true);
  if (rank === 0) fh.Write_at(0, header);

  const [pr, pc] = MPI.Compute_dims(size, 2);
  const [ft, local] = subarrayBlock(pr, pc, Math.floor(rank / pc), rank % pc, true);
  fh.Set_view(HEADER, MPI.DOUBLE, ft);
  assert.equal(fh.Get_position(), 0);
  assert.equal(fh.Get_type_extent(MPI.DOUBLE), 8);
  assert.equal(fh.Get_type_extent(ft), R * C * 8);
  fh.Write_all(local);
  assert.equal(fh.Get_position(), local.length);
  syncAll(fh, comm);
  checkFile(HEADER, header);
  ft.Free();

  // read back by column stripes: another decomposition of the same grid
  const [ft2, stripe, [sr, lr, sc, lc]] = subarrayBlock(1, size, 0, rank, false);
  fh.Set_view(HEADER, MPI.DOUBLE, ft2);
  const st = new MPI.Status();
  fh.Read_all(stripe, st);
  assert.equal(st.Get_count(MPI.DOUBLE), lr * lc);
  for (let i = 0; i < lr; i++) for (let j = 0; j < lc; j++) assert.equal(stripe[i * lc + j], value(sr + i, sc + j), `stripe (${i}, ${j})`);
  // and the stripe's second row alone, at an explicit offset in etypes, independently
  if (lr > 1 && lc > 0) {
    const row = new Float64Array(lc);
    fh.Read_at(lc, row);
    assert.deepEqual(Array.from(row), Array.from({ length: lc }, (_, j) => value(sr + 1, sc + j)));
  }
  const [disp, etype, filetype, datarep] = fh.Get_view();
  assert.equal(disp, HEADER);
  assert.equal(etype, MPI.DOUBLE);
  assert.equal(filetype.Get_size(), lr * lc * 8);
  assert.equal(filetype.extent, R * C * 8);
  assert.equal(datarep, "native");
  filetype.Free();
  ft2.Free();
  comm.Barrier();
}

// ---- the same grid through a darray filetype: block rows, cyclic(2) columns ----
{
  fh.Set_view(0, MPI.BYTE, MPI.BYTE);
  fh.Set_size(0);
  const [pr, pc] = MPI.Compute_dims(size, 2);
  const ft = MPI.DOUBLE.Create_darray(size, rank, [R, C], [MPI.DISTRIBUTE_BLOCK, MPI.DISTRIBUTE_CYCLIC], [MPI.DISTRIBUTE_DFLT_DARG, 2], [pr, pc], MPI.ORDER_C).Commit();
  // this rank's elements, in the order of the type map: row-major over its rows and columns
  const myRow = Math.floor(rank / pc);
  const myCol = rank % pc;
  const rowsPer = Math.ceil(R / pr);
  const mine: number[] = [];
  for (let i = myRow * rowsPer; i < Math.min(R, (myRow + 1) * rowsPer); i++)
    for (let j = 0; j < C; j++) if (Math.floor(j / 2) % pc === myCol) mine.push(value(i, j));
  assert.equal(ft.Get_size(), mine.length * 8);
  fh.Set_view(0, MPI.DOUBLE, ft);
  fh.Write_at_all(0, Float64Array.from(mine));
  syncAll(fh, comm);
  checkFile(0);
  // read it back through the same view, one element at a time past the first (explicit offsets)
  const back = new Float64Array(mine.length);
  fh.Read_at_all(0, back);
  assert.deepEqual(Array.from(back), mine);
  if (mine.length > 2) {
    const one = new Float64Array(1);
    fh.Read_at(2, one);
    assert.equal(one[0], mine[2]);
  }
  // and by contiguous row blocks through the default byte view
  fh.Set_view();
  const [sr, lr] = blockOf(rank, size, R);
  const rows = new Float64Array(lr * C);
  fh.Read_at_all(sr * C * 8, rows);
  for (let i = 0; i < lr; i++) for (let j = 0; j < C; j++) assert.equal(rows[i * C + j], value(sr + i, j));
  ft.Free();
  comm.Barrier();
}

// ---- an interleaved view: etype INT, each rank K ints of every n*K ----
{
  const K = 3;
  const M = 4; // tiles
  const DISP = 8;
  fh.Set_view();
  fh.Set_size(0);
  const block = MPI.INT.Create_indexed_block(K, [rank * K]);
  const ft = block.Create_resized(0, size * K * 4).Commit();
  block.Free();
  fh.Set_view(DISP, MPI.INT, ft);
  const data = Int32Array.from({ length: M * K }, (_, i) => rank * 1_000_000 + i);
  fh.Write_all(data);
  assert.equal(fh.Get_position(), M * K);
  assert.equal(fh.Get_byte_offset(0), DISP + rank * K * 4);
  assert.equal(fh.Get_byte_offset(K), DISP + (size * K + rank * K) * 4);
  syncAll(fh, comm);
  const got = new Int32Array(new Uint8Array(fs.readFileSync(name)).buffer);
  assert.equal(got.length, DISP / 4 + M * size * K);
  assert.deepEqual(Array.from(got.subarray(0, DISP / 4)), [0, 0], "the displacement's bytes are a hole");
  for (let t = 0; t < M; t++)
    for (let r = 0; r < size; r++)
      for (let i = 0; i < K; i++) assert.equal(got[DISP / 4 + (t * size + r) * K + i], r * 1_000_000 + t * K + i);
  // file pointers count etypes of this rank's view
  fh.Seek(0, MPI.SEEK_END);
  assert.equal(fh.Get_position(), M * K);
  fh.Seek(-2 * K, MPI.SEEK_END);
  const tail = new Int32Array(2 * K);
  fh.Read(tail);
  assert.deepEqual(Array.from(tail), Array.from(data.subarray((M - 2) * K)));
  fh.Seek(0);
  const back = new Int32Array(M * K);
  fh.Read(back);
  assert.deepEqual(back, data);
  const second = new Int32Array(K);
  fh.Read_at(K, second);
  assert.deepEqual(Array.from(second), Array.from(data.subarray(K, 2 * K)));
  const [disp, etype, filetype] = fh.Get_view();
  assert.equal(disp, DISP);
  assert.equal(etype, MPI.INT);
  assert.equal(filetype.extent, size * K * 4);
  filetype.Free();
  ft.Free();
}

// ---- external32: big-endian in the file, native in memory ----
{
  fh.Set_view();
  fh.Set_size(0);
  fh.Set_view(0, MPI.INT, MPI.INT, "external32");
  assert.equal(fh.Get_view()[3], "external32");
  fh.Write_at_all(2 * rank, Int32Array.of(0x01020304 + rank, -2));
  syncAll(fh, comm);
  const got = fs.readFileSync(name);
  for (let r = 0; r < size; r++) {
    assert.deepEqual(Array.from(got.subarray(8 * r, 8 * r + 4)), [1, 2, 3, 4 + r]);
    assert.deepEqual(Array.from(got.subarray(8 * r + 4, 8 * r + 8)), [0xff, 0xff, 0xff, 0xfe]);
  }
  const back = new Int32Array(2);
  fh.Read_at(2 * rank, back);
  assert.deepEqual(Array.from(back), [0x01020304 + rank, -2]);
}

fh.Close();
comm.Barrier();
if (rank === 0) MPI.File.Delete(name);
done();
