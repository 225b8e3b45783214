// The shared file pointer through MPI.File: ordered calls place the ranks'
// data in rank order (with different counts per rank) and move the pointer
// past all of it; Write_shared from every rank at once, several records each,
// with atomicity off and on, leaves every record whole and none twice;
// Read_shared hands each record to exactly one rank; Seek_shared and views
// count etypes; MODE_SEQUENTIAL with MPI.DISPLACEMENT_CURRENT.
import assert from "node:assert/strict";
import fs from "node:fs";
import { MPI } from "wmpi";
import { fileName, syncAll } from "./io_util.js";
import { commFromArgs, done, expectMPIError } from "./util.js";

const comm = commFromArgs();
const rank = comm.Get_rank();
const size = comm.Get_size();
const name = fileName("shared", comm);

const ints = () => new Int32Array(new Uint8Array(fs.readFileSync(name)).buffer);
/** The ints rank r contributes to ordered round `k`: r + 1 of them. */
const piece = (r: number, k: number) => Int32Array.from({ length: r + 1 }, (_, i) => k * 10000 + r * 100 + i);
const total = (size * (size + 1)) / 2;

const fh = MPI.File.Open(comm, name, MPI.MODE_CREATE | MPI.MODE_RDWR);
fh.Set_size(0);
const st = new MPI.Status();

// ---- ordered: rank order, different counts, the pointer past everything ----
{
  fh.Set_view(4, MPI.INT); // a 4-byte displacement: offsets and pointers count ints after it
  fh.Write_ordered(piece(rank, 1), st);
  assert.equal(st.Get_count(MPI.INT), rank + 1);
  assert.equal(fh.Get_position_shared(), total);
  const second = piece(rank, 2);
  fh.Write_ordered_begin(second);
  fh.Write_ordered_end(second);
  assert.equal(fh.Get_position_shared(), 2 * total);
  assert.equal(fh.Get_position(), 0, "ordered calls leave the individual pointer alone");
  syncAll(fh, comm);
  const got = ints();
  const want = [0];
  for (const k of [1, 2]) for (let r = 0; r < size; r++) want.push(...piece(r, k));
  assert.deepEqual(Array.from(got), want);

  fh.Seek_shared(0);
  const mine = new Int32Array(rank + 1);
  fh.Read_ordered(mine, st);
  assert.deepEqual(mine, piece(rank, 1));
  assert.equal(fh.Get_position_shared(), total);
  fh.Read_ordered_begin(mine);
  fh.Read_ordered_end(mine, st);
  assert.deepEqual(mine, piece(rank, 2));
  assert.equal(st.Get_count(MPI.INT), rank + 1);

  fh.Seek_shared(0, MPI.SEEK_END);
  assert.equal(fh.Get_position_shared(), 2 * total);
  fh.Seek_shared(-total, MPI.SEEK_CUR);
  assert.equal(fh.Get_position_shared(), total);
  fh.Seek_shared(1, MPI.SEEK_SET);
  assert.equal(fh.Get_position_shared(), 1);
  comm.Barrier();
}

// ---- Write_shared from every rank at once: whole records, each exactly once ----
const REC = 6; // ints: rank, sequence number, payload
const PER_RANK = 8;
const record = (r: number, s: number) => Int32Array.from({ length: REC }, (_, i) => (i === 0 ? r : i === 1 ? s : r * 1000 + s * 10 + i));
function writeRecords(atomic: boolean): void {
  fh.Set_view();
  fh.Set_size(0);
  fh.Set_atomicity(atomic);
  fh.Seek_shared(0);
  for (let s = 0; s < PER_RANK; s++) fh.Write_shared(record(rank, s));
  comm.Barrier();
  assert.equal(fh.Get_position_shared(), size * PER_RANK * REC * 4);
  syncAll(fh, comm);
  const got = ints();
  assert.equal(got.length, size * PER_RANK * REC);
  const seen = new Set<string>();
  const lastSeq = new Array(size).fill(-1);
  for (let k = 0; k < got.length; k += REC) {
    const [r, s] = [got[k], got[k + 1]];
    assert.deepEqual(got.subarray(k, k + REC), record(r, s), `record at ${k} (atomic ${atomic}) is torn`);
    assert.ok(!seen.has(`${r}/${s}`), `record ${r}/${s} twice`);
    seen.add(`${r}/${s}`);
    // one rank's records keep its program order: each fetch-and-add comes after the last
    assert.ok(s > lastSeq[r], `rank ${r}'s records out of order`);
    lastSeq[r] = s;
  }
  assert.equal(seen.size, size * PER_RANK);
}
writeRecords(false);
writeRecords(true);
fh.Set_atomicity(false);

// ---- Read_shared: every record goes to exactly one rank ----
{
  fh.Seek_shared(0);
  const mineRead: number[][] = [];
  for (;;) {
    const rec = new Int32Array(REC);
    fh.Read_shared(rec, st);
    if (st.Get_count(MPI.INT) === 0) break;
    assert.equal(st.Get_count(MPI.INT), REC);
    mineRead.push(Array.from(rec));
  }
  const all = (comm.allgather(mineRead) as number[][][]).flat();
  assert.equal(all.length, size * PER_RANK);
  assert.equal(new Set(all.map((r) => `${r[0]}/${r[1]}`)).size, size * PER_RANK);
  for (const r of all) assert.deepEqual(r, Array.from(record(r[0], r[1])));
  // an Iread_shared at the end reads nothing
  const none = new Int32Array(REC);
  fh.Iread_shared(none).Wait(st);
  assert.equal(st.Get_count(MPI.INT), 0);
}

fh.Close();
comm.Barrier();

// ---- MODE_SEQUENTIAL: shared-pointer calls only; a view from where the pointer is ----
{
  if (rank === 0) MPI.File.Delete(name);
  const seq = MPI.File.Open(comm, name, MPI.MODE_CREATE | MPI.MODE_WRONLY | MPI.MODE_SEQUENTIAL);
  expectMPIError(MPI.ERR_UNSUPPORTED_OPERATION, "MPI_File_set_size", () => seq.Set_size(0));
  seq.Write_ordered(new Uint8Array([65 + rank, 65 + rank, 65 + rank]));
  expectMPIError(MPI.ERR_UNSUPPORTED_OPERATION, "MPI_File_seek", () => seq.Seek(0));
  expectMPIError(MPI.ERR_UNSUPPORTED_OPERATION, "MPI_File_write_at", () => seq.Write_at(0, new Uint8Array(1)));
  seq.Set_view(MPI.DISPLACEMENT_CURRENT, MPI.INT);
  assert.equal(seq.Get_view()[0], 3 * size);
  assert.equal(seq.Get_position_shared(), 0);
  seq.Write_ordered(Int32Array.of(rank));
  seq.Close();
  comm.Barrier();
  const got = fs.readFileSync(name);
  const letters = Array.from({ length: size }, (_, r) => [65 + r, 65 + r, 65 + r]).flat();
  assert.deepEqual(Array.from(got.subarray(0, 3 * size)), letters);
  assert.deepEqual(Array.from(new Int32Array(new Uint8Array(got.subarray(3 * size)).buffer)), Array.from({ length: size }, (_, r) => r));
}

comm.Barrier();
if (rank === 0) MPI.File.Delete(name);
done();
