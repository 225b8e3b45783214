// MPI-IO data access through MPI.File (mpi4py's test_io): every positioning
// (explicit offsets, individual and shared file pointers) x coordination
// (independent, collective, ordered) x synchronism (blocking, nonblocking,
// split collective) on the communicator named by --comm. Each case writes
// every rank's block, checks the file byte for byte with node:fs after
// Sync-Barrier-Sync, and reads it back with the matching read call. Files are
// named relative to the working directory (the test's temporary directory).
import assert from "node:assert/strict";
import fs from "node:fs";
import { MPI } from "wmpi";
import { fileName, syncAll } from "./io_util.js";
import { commFromArgs, done } from "./util.js";

type File = InstanceType<typeof MPI.File>;

const comm = commFromArgs();
const rank = comm.Get_rank();
const size = comm.Get_size();
const name = fileName("access", comm);

const K = 5; // doubles a rank writes per case
const B = 8 * K; // its bytes
let round = 0;

/** This rank's block of a case: K doubles no other rank or round has. */
function block(r = rank): Float64Array {
  return Float64Array.from({ length: K }, (_, i) => round * 10000 + r * 100 + i + 0.25);
}
/** The file the cases expect: every rank's block in rank order. */
function expected(): Uint8Array {
  const all = new Float64Array(K * size);
  for (let r = 0; r < size; r++) all.set(block(r), r * K);
  return new Uint8Array(all.buffer);
}
function checkFile(want: Uint8Array): void {
  const got = fs.readFileSync(name);
  assert.equal(got.length, want.length, `file size in case ${round}`);
  assert.ok(Buffer.compare(got, Buffer.from(want.buffer, want.byteOffset, want.length)) === 0, `file bytes in case ${round}`);
}
function checkCount(st: InstanceType<typeof MPI.Status>, n = K): void {
  assert.equal(st.Get_count(MPI.DOUBLE), n);
  assert.equal(st.Get_count(MPI.BYTE), 8 * n);
}

/** One case: fresh file contents, write, check the bytes, read back, check the data. */
function check(label: string, write: (fh: File, data: Float64Array) => void, read: (fh: File, into: Float64Array) => void, ordered = true): void {
  round++;
  fh.Set_size(0);
  fh.Seek_shared(0);
  fh.Seek(0);
  write(fh, block());
  syncAll(fh, comm);
  if (ordered) checkFile(expected());
  else checkSharedFile();
  fh.Seek_shared(0);
  fh.Seek(0);
  const into = new Float64Array(K);
  read(fh, into);
  if (ordered) assert.deepEqual(Array.from(into), Array.from(block()), label);
  else checkSharedRead(into, label);
  comm.Barrier();
}

/** Shared-pointer writes land in any rank order: the file holds each rank's block exactly once. */
function checkSharedFile(): void {
  const got = new Float64Array(new Uint8Array(fs.readFileSync(name)).buffer);
  assert.equal(got.length, K * size);
  const owners = new Set<number>();
  for (let b = 0; b < size; b++) {
    const r = Math.round((got[b * K] - 0.25 - round * 10000) / 100);
    assert.deepEqual(Array.from(got.subarray(b * K, b * K + K)), Array.from(block(r)));
    owners.add(r);
  }
  assert.equal(owners.size, size);
}
/** Shared-pointer reads: each rank got some rank's block, and together every block once. */
function checkSharedRead(into: Float64Array, label: string): void {
  const got = comm.allgather(Array.from(into)) as number[][];
  const seen = got.map((b) => Math.round((b[0] - 0.25 - round * 10000) / 100)).sort((a, b) => a - b);
  assert.deepEqual(seen, Array.from({ length: size }, (_, i) => i), label);
  for (const b of got) assert.deepEqual(b, Array.from(block(Math.round((b[0] - 0.25 - round * 10000) / 100))), label);
}

const fh = MPI.File.Open(comm, name, MPI.MODE_CREATE | MPI.MODE_RDWR);
assert.equal(fh.Get_amode(), MPI.MODE_CREATE | MPI.MODE_RDWR);
assert.equal(fh.amode, MPI.MODE_CREATE | MPI.MODE_RDWR);
assert.equal(fh.group_size, size);
assert.equal(fh.group_rank, rank);
assert.equal(fh.Get_group().Compare(comm.Get_group()), MPI.IDENT);
assert.equal(fh.isNull(), false);
const st = new MPI.Status();

// ---- explicit offsets ----
check("Write_at / Read_at", (f, d) => {
  f.Write_at(rank * B, d, st);
  checkCount(st);
}, (f, into) => {
  f.Read_at(rank * B, into, st);
  checkCount(st);
});
check("Write_at_all / Read_at_all", (f, d) => {
  f.Write_at_all(rank * B, [d, MPI.DOUBLE], st);
  checkCount(st);
}, (f, into) => {
  f.Read_at_all(rank * B, [into, K, MPI.DOUBLE], st);
  checkCount(st);
});
check("Iwrite_at / Iread_at", (f, d) => {
  const req = f.Iwrite_at(rank * B, d);
  req.Wait(st);
  checkCount(st);
  assert.ok(req.isNull());
}, (f, into) => {
  const req = f.Iread_at(rank * B, [into, "d"]);
  assert.equal(req.Test(st), true);
  checkCount(st);
});
check("Iwrite_at_all / Iread_at_all", (f, d) => {
  MPI.Request.Waitall([f.Iwrite_at_all(rank * B, d)]);
}, (f, into) => {
  f.Iread_at_all(rank * B, into).Wait(st);
  checkCount(st);
});
check("Write_at_all_begin / _end, Read_at_all_begin / _end", (f, d) => {
  f.Write_at_all_begin(rank * B, d);
  f.Write_at_all_end(d, st);
  checkCount(st);
}, (f, into) => {
  f.Read_at_all_begin(rank * B, into);
  f.Read_at_all_end(into, st);
  checkCount(st);
});

// ---- individual file pointers (two accesses each: the pointer moves on) ----
const half = (d: Float64Array): [Float64Array, Float64Array] => [d.subarray(0, 2), d.subarray(2)];
check("Write / Read", (f, d) => {
  f.Seek(rank * B);
  assert.equal(f.Get_position(), rank * B);
  const [a, b] = half(d);
  f.Write(a);
  f.Write(b, st);
  checkCount(st, K - 2);
  assert.equal(f.Get_position(), rank * B + B);
  f.Seek(-B, MPI.SEEK_CUR);
  assert.equal(f.Get_position(), rank * B);
}, (f, into) => {
  f.Seek(rank * B, MPI.SEEK_SET);
  const [a, b] = half(into);
  f.Read(a, st);
  checkCount(st, 2);
  f.Read(b);
  assert.equal(f.Get_position(), rank * B + B);
});
check("Write_all / Read_all", (f, d) => {
  f.Seek(rank * B);
  const [a, b] = half(d);
  f.Write_all(a);
  f.Write_all(b);
  assert.equal(f.Get_position(), rank * B + B);
}, (f, into) => {
  f.Seek(rank * B);
  f.Read_all(into, st);
  checkCount(st);
});
check("Iwrite / Iread", (f, d) => {
  f.Seek(rank * B);
  const [a, b] = half(d);
  MPI.Request.Waitall([f.Iwrite(a), f.Iwrite(b)]);
}, (f, into) => {
  f.Seek(rank * B);
  const [a, b] = half(into);
  const reqs = [f.Iread(a), f.Iread(b)];
  const sts = [new MPI.Status(), new MPI.Status()];
  MPI.Request.Waitall(reqs, sts);
  assert.equal(sts[1].Get_count(MPI.DOUBLE), K - 2);
});
check("Iwrite_all / Iread_all", (f, d) => {
  f.Seek(rank * B);
  f.Iwrite_all(d).Wait();
}, (f, into) => {
  f.Seek(rank * B);
  const req = f.Iread_all(into);
  while (!req.Test(st));
  checkCount(st);
});
check("Write_all_begin / _end, Read_all_begin / _end", (f, d) => {
  f.Seek(rank * B);
  f.Write_all_begin([d, MPI.DOUBLE]);
  f.Write_all_end([d, MPI.DOUBLE]);
  assert.equal(f.Get_position(), rank * B + B);
}, (f, into) => {
  f.Seek(rank * B);
  f.Read_all_begin(into);
  f.Read_all_end(into, st);
  checkCount(st);
});

// ---- the shared file pointer ----
check("Write_shared / Read_shared", (f, d) => {
  f.Write_shared(d, st);
  checkCount(st);
  comm.Barrier();
  assert.equal(f.Get_position_shared(), B * size);
}, (f, into) => f.Read_shared(into), false);
check("Iwrite_shared / Iread_shared", (f, d) => {
  f.Iwrite_shared(d).Wait();
}, (f, into) => f.Iread_shared(into).Wait(st), false);
check("Write_ordered / Read_ordered", (f, d) => {
  f.Write_ordered(d, st);
  checkCount(st);
  assert.equal(f.Get_position_shared(), B * size);
}, (f, into) => {
  f.Read_ordered(into, st);
  checkCount(st);
  assert.equal(f.Get_position_shared(), B * size);
});
check("Write_ordered_begin / _end, Read_ordered_begin / _end", (f, d) => {
  f.Write_ordered_begin(d);
  f.Write_ordered_end(d, st);
  checkCount(st);
}, (f, into) => {
  f.Read_ordered_begin(into);
  f.Read_ordered_end(into);
});

// ---- buffer forms: linear memory, a strided memory datatype, bytes ----
{
  const lin = MPI.Alloc_mem(Float64Array, K);
  check("Alloc_mem buffers", (f, d) => {
    lin.set(d);
    f.Write_at_all(rank * B, lin);
  }, (f, into) => {
    lin.fill(0);
    f.Read_at(rank * B, lin);
    into.set(lin);
  });
  MPI.Free_mem(lin);

  // every other double of a 2K array; a read leaves the gaps as they were
  const strided = MPI.DOUBLE.Create_vector(K, 1, 2).Commit();
  check("a strided memory datatype", (f, d) => {
    const wide = new Float64Array(2 * K).fill(-1);
    d.forEach((v, i) => (wide[2 * i] = v));
    f.Write_at(rank * B, [wide, 1, strided]);
  }, (f, into) => {
    const wide = new Float64Array(2 * K).fill(-7);
    f.Read_at_all(rank * B, [wide, 1, strided], st);
    checkCount(st);
    for (let i = 0; i < K; i++) {
      into[i] = wide[2 * i];
      if (i < K - 1) assert.equal(wide[2 * i + 1], -7, "a gap of the memory datatype was written");
    }
  });
  strided.Free();

  check("bytes through a DataView and an ArrayBuffer", (f, d) => {
    f.Write_at(rank * B, new DataView(d.buffer));
  }, (f, into) => {
    const ab = new ArrayBuffer(B);
    f.Read_at(rank * B, ab);
    into.set(new Float64Array(ab));
  });
}

// ---- large buffers: staged outside the scratch memory, several two-phase rounds ----
{
  const N = 3 << 17; // doubles per rank: 3 MiB
  const hints = MPI.Info.Create({ cb_buffer_size: String(1 << 20) });
  fh.Set_info(hints);
  hints.Free();
  fh.Set_size(0);
  const big = Float64Array.from({ length: N }, (_, i) => rank * N + i);
  fh.Write_at_all(rank * N * 8, big);
  syncAll(fh, comm);
  const file = new Float64Array(new Uint8Array(fs.readFileSync(name)).buffer);
  assert.equal(file.length, N * size);
  for (let k = 0; k < file.length; k++) if (file[k] !== k) assert.fail(`large file: double ${k} is ${file[k]}`);
  // read back the next rank's part, nonblocking, and this rank's through the individual pointer
  const next = (rank + 1) % size;
  const into = new Float64Array(N);
  fh.Iread_at_all(next * N * 8, into).Wait(st);
  assert.equal(st.Get_count(MPI.DOUBLE), N);
  for (let i = 0; i < N; i++) if (into[i] !== next * N + i) assert.fail(`large read: double ${i} is ${into[i]}`);
  fh.Seek(rank * N * 8);
  fh.Read(into);
  assert.deepEqual(into, big);
  comm.Barrier();
}

// ---- a read past the end: the status counts what was there ----
{
  fh.Set_size(0);
  syncAll(fh, comm);
  if (rank === 0) fh.Write_at(0, new Uint8Array([1, 2, 3]));
  syncAll(fh, comm);
  const into = new Uint8Array(8).fill(9);
  fh.Read_at(1, into, st);
  assert.equal(st.Get_count(MPI.BYTE), 2);
  assert.deepEqual(Array.from(into.subarray(0, 2)), [2, 3]);
  fh.Read_at_all(0, into, st);
  assert.equal(st.Get_count(MPI.BYTE), 3);
  comm.Barrier();
}

// ---- sizes, hints, atomic mode ----
{
  fh.Set_size(100);
  assert.equal(fh.Get_size(), 100);
  fh.Preallocate(50); // never shrinks
  assert.equal(fh.size, 100);
  fh.Preallocate(200);
  assert.equal(fh.Get_size(), 200);
  fh.Set_size(10);
  assert.equal(fh.Get_size(), 10);

  const hints = MPI.Info.Create({ cb_buffer_size: "64", cb_nodes: "2" });
  fh.Set_info(hints);
  hints.Free();
  const used = fh.Get_info();
  assert.equal(used.Get("cb_buffer_size"), "64");
  assert.equal(used.Get("cb_nodes"), String(Math.min(2, size)));
  used.Free();
  // two-phase with 64-byte rounds and two aggregators still writes every byte
  check("Write_at_all with small collective buffers", (f, d) => f.Write_at_all(rank * B, d), (f, into) => f.Read_at_all(rank * B, into));

  assert.equal(fh.Get_atomicity(), false);
  fh.Set_atomicity(true);
  assert.equal(fh.atomicity, true);
  check("atomic mode: Write_at_all / Read_at", (f, d) => f.Write_at_all(rank * B, d), (f, into) => f.Read_at(rank * B, into));
  check("atomic mode: Write_shared / Read_shared", (f, d) => f.Write_shared(d), (f, into) => f.Read_shared(into), false);
  fh.atomicity = false;
  assert.equal(fh.Get_atomicity(), false);
}

fh.Close();
assert.ok(fh.isNull());
assert.equal(fh.handle, MPI.FILE_NULL.handle);
comm.Barrier();

// ---- open modes: MODE_APPEND, MODE_DELETE_ON_CLOSE, MODE_UNIQUE_OPEN, MODE_WRONLY, a file: URL ----
{
  const before = fs.statSync(name).size;
  const app = MPI.File.Open(comm, new URL(`file://${process.cwd()}/${name}`), MPI.MODE_WRONLY | MPI.MODE_APPEND);
  assert.equal(app.Get_position(), before);
  assert.equal(app.Get_position_shared(), before);
  app.Write_ordered(new Uint8Array([rank]));
  app.Close();
  comm.Barrier();
  const got = fs.readFileSync(name);
  assert.deepEqual(Array.from(got.subarray(before)), Array.from({ length: size }, (_, r) => r));

  const tmp = `${name}.tmp`;
  const del = MPI.File.Open(comm, tmp, MPI.MODE_CREATE | MPI.MODE_RDWR | MPI.MODE_DELETE_ON_CLOSE | MPI.MODE_UNIQUE_OPEN);
  del.Write_at_all(rank, new Uint8Array([rank]));
  del.Sync();
  comm.Barrier();
  assert.ok(fs.existsSync(tmp));
  del.Close();
  comm.Barrier();
  assert.equal(fs.existsSync(tmp), false, "MODE_DELETE_ON_CLOSE left the file");
}

comm.Barrier();
if (rank === 0) MPI.File.Delete(new TextEncoder().encode(name)); // a path as bytes, as mpi4py takes them
done();
