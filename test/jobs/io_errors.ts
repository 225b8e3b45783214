// MPI-IO errors through MPI.File: files return errors by default (MPI-4.0
// 9.3), so each bad call throws MPI.Exception with its class and a message
// naming the call: ERR_NO_SUCH_FILE, ERR_FILE_EXISTS, ERR_AMODE,
// ERR_READ_ONLY, ERR_ACCESS, ERR_BAD_FILE, ERR_FILE, ERR_NOT_SAME,
// ERR_UNSUPPORTED_DATAREP, ERR_TYPE, ERR_ARG, bad buffers, split collectives
// used out of order; and the error handlers of files and of MPI.FILE_NULL.
import assert from "node:assert/strict";
import fs from "node:fs";
import { MPI } from "wmpi";
import { fileName } from "./io_util.js";
import { commFromArgs, done, expectMPIError } from "./util.js";

const comm = commFromArgs();
const rank = comm.Get_rank();
const size = comm.Get_size();
const name = fileName("errors", comm);
const missing = `${name}.missing`;
const RW = MPI.MODE_RDWR | MPI.MODE_CREATE;

// ---- error handlers: files return errors unless told otherwise ----
assert.equal(MPI.FILE_NULL.Get_errhandler(), MPI.ERRORS_RETURN);
const fh = MPI.File.Open(comm, name, RW);
assert.equal(fh.Get_errhandler(), MPI.ERRORS_RETURN);
fh.Call_errhandler(MPI.ERR_OTHER); // ERRORS_RETURN: nothing happens
MPI.FILE_NULL.Set_errhandler(MPI.ERRORS_ARE_FATAL);
assert.equal(MPI.FILE_NULL.Get_errhandler(), MPI.ERRORS_ARE_FATAL);
const inherits = MPI.File.Open(comm, `${name}.2`, RW | MPI.MODE_DELETE_ON_CLOSE);
assert.equal(inherits.Get_errhandler(), MPI.ERRORS_ARE_FATAL, "a new file takes FILE_NULL's handler");
inherits.Set_errhandler(MPI.ERRORS_RETURN);
assert.equal(inherits.Get_errhandler(), MPI.ERRORS_RETURN);
inherits.Close();
MPI.FILE_NULL.Set_errhandler(MPI.ERRORS_RETURN);
assert.equal(fh.Get_errhandler(), MPI.ERRORS_RETURN, "an open file keeps its own handler");

// ---- opening and deleting ----
expectMPIError(MPI.ERR_NO_SUCH_FILE, "MPI_File_open", () => MPI.File.Open(comm, missing));
expectMPIError(MPI.ERR_NO_SUCH_FILE, "MPI_File_open", () => MPI.File.Open(comm, `no-such-dir/${name}`, RW));
expectMPIError(MPI.ERR_NO_SUCH_FILE, "MPI_File_delete", () => MPI.File.Delete(missing));
expectMPIError(MPI.ERR_FILE_EXISTS, "MPI_File_open", () => MPI.File.Open(comm, name, RW | MPI.MODE_EXCL));
expectMPIError(MPI.ERR_AMODE, "MPI_File_open", () => MPI.File.Open(comm, name, MPI.MODE_RDONLY | MPI.MODE_RDWR));
expectMPIError(MPI.ERR_AMODE, "MPI_File_open", () => MPI.File.Open(comm, name, MPI.MODE_RDONLY | MPI.MODE_CREATE));
expectMPIError(MPI.ERR_AMODE, "MPI_File_open", () => MPI.File.Open(comm, name, MPI.MODE_RDWR | MPI.MODE_SEQUENTIAL));
expectMPIError(MPI.ERR_AMODE, "MPI_File_open", () => MPI.File.Open(comm, name, MPI.MODE_CREATE));
expectMPIError(MPI.ERR_AMODE, "MPI_File_open", () => MPI.File.Open(comm, name, 0x10000 | MPI.MODE_RDONLY));
expectMPIError(MPI.ERR_AMODE, "MPI_File_open", () => MPI.File.Open(comm, name, 1.5));
expectMPIError(MPI.ERR_BAD_FILE, "MPI_File_open", () => MPI.File.Open(comm, ""));
expectMPIError(MPI.ERR_BAD_FILE, "MPI_File_open", () => MPI.File.Open(comm, 42 as unknown as string));
expectMPIError(MPI.ERR_BAD_FILE, "MPI_File_delete", () => MPI.File.Delete(null as unknown as string));
expectMPIError(MPI.ERR_BAD_FILE, "MPI_File_open", () => MPI.File.Open(comm, new URL("https://example.com/x")));
if (size > 1) {
  // every rank must ask for the same access mode
  expectMPIError(MPI.ERR_NOT_SAME, "MPI_File_open", () => MPI.File.Open(comm, name, rank === 0 ? RW : MPI.MODE_RDWR));
}
if (process.getuid?.() !== 0) {
  // permissions (root ignores them)
  const locked = `${name}.locked`;
  if (rank === 0) fs.writeFileSync(locked, "x", { mode: 0o000 });
  comm.Barrier();
  expectMPIError(MPI.ERR_ACCESS, "MPI_File_open", () => MPI.File.Open(comm, locked, MPI.MODE_RDONLY));
  comm.Barrier();
  if (rank === 0) fs.rmSync(locked);
}

// ---- access modes: ERR_READ_ONLY, ERR_ACCESS ----
fh.Write_at_all(rank, new Uint8Array([rank]));
fh.Close();
{
  const ro = MPI.File.Open(comm, name, MPI.MODE_RDONLY);
  expectMPIError(MPI.ERR_READ_ONLY, "MPI_File_write_at", () => ro.Write_at(0, new Uint8Array(1)));
  expectMPIError(MPI.ERR_READ_ONLY, "MPI_File_write_all", () => ro.Write_all(new Uint8Array(1)));
  expectMPIError(MPI.ERR_READ_ONLY, "MPI_File_iwrite_shared", () => ro.Iwrite_shared(new Uint8Array(1)));
  expectMPIError(MPI.ERR_READ_ONLY, "MPI_File_set_size", () => ro.Set_size(0));
  ro.Sync(); // allowed read-only: sync-barrier-sync is how a reader sees another handle's writes (MPI-4.0 14.6.1)
  const one = new Uint8Array(1);
  ro.Read_at(0, one); // reading is fine
  assert.equal(one[0], 0);
  ro.Close();

  const wo = MPI.File.Open(comm, name, MPI.MODE_WRONLY);
  expectMPIError(MPI.ERR_ACCESS, "MPI_File_read_at", () => wo.Read_at(0, new Uint8Array(1)));
  expectMPIError(MPI.ERR_ACCESS, "MPI_File_read_all", () => wo.Read_all(new Uint8Array(1)));
  expectMPIError(MPI.ERR_ACCESS, "MPI_File_iread", () => wo.Iread(new Uint8Array(1)));
  wo.Close();
}

// ---- a closed file ----
expectMPIError(MPI.ERR_FILE, "MPI_File_get_size", () => fh.Get_size());
expectMPIError(MPI.ERR_FILE, "MPI_File_write_at", () => fh.Write_at(0, new Uint8Array(1)));
expectMPIError(MPI.ERR_FILE, "MPI_File_close", () => fh.Close());

// ---- views, offsets, buffers ----
const f = MPI.File.Open(comm, name, MPI.MODE_RDWR);
expectMPIError(MPI.ERR_UNSUPPORTED_DATAREP, "MPI_File_set_view", () => f.Set_view(0, MPI.BYTE, MPI.BYTE, "big-endian"));
{
  const uncommitted = MPI.INT.Create_contiguous(2);
  expectMPIError(MPI.ERR_TYPE, "MPI_File_set_view", () => f.Set_view(0, MPI.INT, uncommitted));
  uncommitted.Free();
  const odd = MPI.BYTE.Create_contiguous(6).Commit();
  expectMPIError(MPI.ERR_TYPE, "MPI_File_set_view", () => f.Set_view(0, MPI.INT, odd)); // 6 bytes are not whole ints
  odd.Free();
}
expectMPIError(MPI.ERR_ARG, "MPI_File_set_view", () => f.Set_view(-8));
expectMPIError(MPI.ERR_ARG, "MPI_File_set_view", () => f.Set_view(MPI.DISPLACEMENT_CURRENT)); // not a sequential file
f.Set_view(0, MPI.INT);
expectMPIError(MPI.ERR_TYPE, "MPI_File_write_at", () => f.Write_at(0, new Uint8Array(3))); // 3 bytes, 4-byte etypes
expectMPIError(MPI.ERR_TYPE, "MPI_File_read_at_all", () => f.Read_at_all(0, new Uint8Array(6)));
expectMPIError(MPI.ERR_ARG, "MPI_File_read_at", () => f.Read_at(-1, new Int32Array(1)));
expectMPIError(MPI.ERR_ARG, "MPI_File_write_at", () => f.Write_at(0.5, new Int32Array(1)));
expectMPIError(MPI.ERR_ARG, "MPI_File_seek", () => f.Seek(0, 12345));
expectMPIError(MPI.ERR_ARG, "MPI_File_seek", () => f.Seek(-1, MPI.SEEK_SET));
expectMPIError(MPI.ERR_ARG, "MPI_File_get_byte_offset", () => f.Get_byte_offset(-3));
expectMPIError(MPI.ERR_BUFFER, "MPI_File_write", () => f.Write("not a buffer" as unknown as Int32Array));
expectMPIError(MPI.ERR_COUNT, "MPI_File_read", () => f.Read([new Int32Array(2), 5, MPI.INT]));
expectMPIError(MPI.ERR_TYPE, "MPI_File_iwrite_at", () => f.Iwrite_at(0, [new Int32Array(2), {} as InstanceType<typeof MPI.Datatype>]));
if (size > 1) expectMPIError(MPI.ERR_NOT_SAME, "MPI_File_set_size", () => f.Set_size(rank));

// ---- split collectives out of order ----
{
  const a = new Int32Array(2);
  const b = new Int32Array(2);
  expectMPIError(MPI.ERR_OTHER, "MPI_File_read_all_end", () => f.Read_all_end(a));
  f.Read_at_all_begin(0, a);
  expectMPIError(MPI.ERR_OTHER, "MPI_File_read_all_begin", () => f.Read_all_begin(a));
  expectMPIError(MPI.ERR_OTHER, "MPI_File_read_all_end", () => f.Read_all_end(a)); // begun as read_at_all
  expectMPIError(MPI.ERR_OTHER, "MPI_File_write_at_all_end", () => f.Write_at_all_end(a));
  expectMPIError(MPI.ERR_BUFFER, "MPI_File_read_at_all_end", () => f.Read_at_all_end(b));
  expectMPIError(MPI.ERR_OTHER, "MPI_File_set_view", () => f.Set_view());
  expectMPIError(MPI.ERR_OTHER, "MPI_File_close", () => f.Close());
  a.fill(-1);
  const st = new MPI.Status();
  f.Read_at_all_end(a, st); // the right buffer ends it
  assert.equal(st.Get_count(MPI.BYTE), Math.min(8, size), "the file holds one byte per rank");
  expectMPIError(MPI.ERR_OTHER, "MPI_File_read_at_all_end", () => f.Read_at_all_end(a));
}

f.Close();
comm.Barrier();
if (rank === 0) MPI.File.Delete(name);
done();
