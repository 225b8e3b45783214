import { core } from "./environment.js";
import { DISPLACEMENT_CURRENT, FILE_NULL_HANDLE, HANDLE, MODE_RDONLY, SEEK_SET } from "./constants.js";
import type { Comm } from "./comm.js";
import { Datatype, Datatypes, datatypeOfHandle } from "./datatype.js";
import { Errhandler, errhandlerOf } from "./errhandler.js";
import { ErrorClass } from "./errorclasses.js";
import { MPIException } from "./exception.js";
import { Group } from "./group.js";
import { Info, INFO_NULL } from "./info.js";
import { parseBuffer, Staged, type BufSpec, type MessageBuffer } from "./msgbuffer.js";
import { Request } from "./request.js";
import { scratch } from "./scratch.js";
import { Status, readStatus, statusBytes } from "./status.js";

/** A file name: a path (relative paths count from the working directory) as a string or UTF-8 bytes, or a file: URL. */
export type FileName = string | Uint8Array | URL;

/**
 * Positioning and coordination of a data-access call (MPI-4.0 14.4.1), as
 * wasm/abi/file_abi.c numbers them: a call is (where << 1) | write.
 */
const Where = { AT: 0, AT_ALL: 1, INDIVIDUAL: 2, ALL: 3, SHARED: 4, ORDERED: 5 } as const;
type Where = (typeof Where)[keyof typeof Where];
/** The C names of the blocking calls, [where][write]. */
const CALLS: readonly (readonly [string, string])[] = [
  ["read_at", "write_at"],
  ["read_at_all", "write_at_all"],
  ["read", "write"],
  ["read_all", "write_all"],
  ["read_shared", "write_shared"],
  ["read_ordered", "write_ordered"],
];

/** What a nonblocking call or a split collective left to do: the staged buffer, drained into the user's on a read. */
interface Pending {
  access: number;
  staged: Staged;
  user: MessageBuffer;
}

/**
 * MPI_File: a file opened by every rank of a communicator (MPI-4.0 chapter
 * 14), as mpi4py's File. Data-access methods take the buffer forms of Send
 * and Recv (a TypedArray, `[buf, datatype]`, `[buf, count, datatype]`, ...);
 * offsets count etypes of the current view. Errors throw MPI.Exception; a
 * file's error handler is MPI.ERRORS_RETURN unless changed (Set_errhandler,
 * or MPI.FILE_NULL.Set_errhandler for the default of new files).
 *
 * @example
 * ```ts
 * import { MPI } from "wmpi";
 * const comm = MPI.COMM_WORLD;
 * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_WRONLY | MPI.MODE_CREATE);
 * const block = new Int32Array(10).fill(comm.rank);
 * fh.Write_at_all(comm.rank * block.byteLength, block);   // collective, each rank at its offset
 * fh.Close();
 * ```
 */
export class File {
  /** The split collective begun and not yet ended. */
  private split?: Pending;

  /** @internal */
  constructor(public handle: number) {}

  /** True for MPI.FILE_NULL (a closed file). */
  isNull(): boolean {
    return this.handle === FILE_NULL_HANDLE;
  }

  // ---- File manipulation (MPI-4.0 14.2) ----

  /** MPI_File_open (collective over comm): amode or-s MPI.MODE_* flags; every rank gives the same name and amode. */
  static Open(comm: Comm, filename: FileName, amode: number = MODE_RDONLY, info: Info = INFO_NULL): File {
    const fc = "MPI_File_open";
    const name = pathOf(filename, fc);
    if (!Number.isInteger(amode)) throw core().fileRaise(FILE_NULL_HANDLE, ErrorClass.ERR_AMODE, `${fc}: amode ${String(amode)} is not an integer (amode)`);
    return new File(core().fileOpen(comm.handle, name, amode, info.handle));
  }

  /** MPI_File_close (collective): the object becomes MPI.FILE_NULL; a MODE_DELETE_ON_CLOSE file is deleted. */
  Close(): void {
    core().fileClose(this.handle);
    this.handle = FILE_NULL_HANDLE;
  }

  /** MPI_File_delete: deletes a file no rank has open (MPI.ERR_NO_SUCH_FILE if there is none). */
  static Delete(filename: FileName, info: Info = INFO_NULL): void {
    core().fileDelete(pathOf(filename, "MPI_File_delete"), info.handle);
  }

  /** MPI_File_set_size (collective): truncates or extends the file to size bytes. */
  Set_size(size: number): void {
    core().fileSetSize(this.handle, this.integer(size, "MPI_File_set_size", "size"), false);
  }
  /** MPI_File_preallocate (collective): the file grows to at least size bytes. */
  Preallocate(size: number): void {
    core().fileSetSize(this.handle, this.integer(size, "MPI_File_preallocate", "size"), true);
  }
  /** MPI_File_get_size: bytes in the file. */
  Get_size(): number {
    return core().fileGetSize(this.handle);
  }
  get size(): number {
    return this.Get_size();
  }
  /** MPI_File_get_group: the ranks that opened the file (a new Group). */
  Get_group(): Group {
    return new Group(core().fileGetGroup(this.handle));
  }
  get group(): Group {
    return this.Get_group();
  }
  /** The number of ranks that opened the file. */
  get group_size(): number {
    const g = this.Get_group();
    try {
      return g.Get_size();
    } finally {
      g.Free();
    }
  }
  /** This rank's rank among them. */
  get group_rank(): number {
    const g = this.Get_group();
    try {
      return g.Get_rank();
    } finally {
      g.Free();
    }
  }
  /** MPI_File_get_amode. */
  Get_amode(): number {
    return core().fileGetAmode(this.handle);
  }
  get amode(): number {
    return this.Get_amode();
  }
  /** MPI_File_set_info (collective): hints such as cb_buffer_size and cb_nodes. */
  Set_info(info: Info): void {
    core().fileSetInfo(this.handle, info.handle);
  }
  /** MPI_File_get_info: the hints in use (a new Info; free it when done). */
  Get_info(): Info {
    return new Info(core().fileGetInfo(this.handle));
  }
  get info(): Info {
    return this.Get_info();
  }
  set info(info: Info) {
    this.Set_info(info);
  }

  // ---- File views (MPI-4.0 14.3) ----

  /**
   * MPI_File_set_view (collective): this rank sees the file from byte disp on
   * as copies of filetype (default: etype), counting offsets in etypes; the
   * file pointers go back to 0. datarep: "native" (the bytes as in memory)
   * or "external32" (big-endian, MPI's portable representation).
   */
  Set_view(disp = 0, etype: Datatype = Datatypes.BYTE, filetype?: Datatype, datarep = "native", info: Info = INFO_NULL): void {
    const fc = "MPI_File_set_view";
    if (disp !== DISPLACEMENT_CURRENT) this.integer(disp, fc, "disp");
    core().fileSetView(this.handle, disp, etype.handle, (filetype ?? etype).handle, datarep, info.handle);
  }
  /** MPI_File_get_view: [disp, etype, filetype, datarep] (a derived etype or filetype is a new Datatype to Free). */
  Get_view(): [number, Datatype, Datatype, string] {
    const [disp, etype, filetype, datarep] = core().fileGetView(this.handle);
    return [disp, datatypeOfHandle(etype), datatypeOfHandle(filetype), datarep];
  }
  /** MPI_File_get_type_extent: bytes one element of datatype spans in the file. */
  Get_type_extent(datatype: Datatype): number {
    return core().fileGetTypeExtent(this.handle, datatype.handle);
  }

  // ---- Data access with explicit offsets (MPI-4.0 14.4.2) ----

  /** MPI_File_read_at. */
  Read_at(offset: number, buf: BufSpec, status?: Status): void {
    this.blocking(Where.AT, false, offset, buf, status);
  }
  /** MPI_File_read_at_all (collective). */
  Read_at_all(offset: number, buf: BufSpec, status?: Status): void {
    this.blocking(Where.AT_ALL, false, offset, buf, status);
  }
  /** MPI_File_write_at. */
  Write_at(offset: number, buf: BufSpec, status?: Status): void {
    this.blocking(Where.AT, true, offset, buf, status);
  }
  /** MPI_File_write_at_all (collective, two-phase). */
  Write_at_all(offset: number, buf: BufSpec, status?: Status): void {
    this.blocking(Where.AT_ALL, true, offset, buf, status);
  }
  /** MPI_File_iread_at. */
  Iread_at(offset: number, buf: BufSpec): Request {
    return this.nonblocking(Where.AT, false, offset, buf);
  }
  /** MPI_File_iread_at_all (collective). */
  Iread_at_all(offset: number, buf: BufSpec): Request {
    return this.nonblocking(Where.AT_ALL, false, offset, buf);
  }
  /** MPI_File_iwrite_at. */
  Iwrite_at(offset: number, buf: BufSpec): Request {
    return this.nonblocking(Where.AT, true, offset, buf);
  }
  /** MPI_File_iwrite_at_all (collective). */
  Iwrite_at_all(offset: number, buf: BufSpec): Request {
    return this.nonblocking(Where.AT_ALL, true, offset, buf);
  }

  // ---- Data access with individual file pointers (MPI-4.0 14.4.3) ----

  /** MPI_File_read. */
  Read(buf: BufSpec, status?: Status): void {
    this.blocking(Where.INDIVIDUAL, false, 0, buf, status);
  }
  /** MPI_File_read_all (collective). */
  Read_all(buf: BufSpec, status?: Status): void {
    this.blocking(Where.ALL, false, 0, buf, status);
  }
  /** MPI_File_write. */
  Write(buf: BufSpec, status?: Status): void {
    this.blocking(Where.INDIVIDUAL, true, 0, buf, status);
  }
  /** MPI_File_write_all (collective, two-phase). */
  Write_all(buf: BufSpec, status?: Status): void {
    this.blocking(Where.ALL, true, 0, buf, status);
  }
  /** MPI_File_iread. */
  Iread(buf: BufSpec): Request {
    return this.nonblocking(Where.INDIVIDUAL, false, 0, buf);
  }
  /** MPI_File_iread_all (collective). */
  Iread_all(buf: BufSpec): Request {
    return this.nonblocking(Where.ALL, false, 0, buf);
  }
  /** MPI_File_iwrite. */
  Iwrite(buf: BufSpec): Request {
    return this.nonblocking(Where.INDIVIDUAL, true, 0, buf);
  }
  /** MPI_File_iwrite_all (collective). */
  Iwrite_all(buf: BufSpec): Request {
    return this.nonblocking(Where.ALL, true, 0, buf);
  }
  /** MPI_File_seek: moves the individual file pointer (whence: MPI.SEEK_SET, SEEK_CUR or SEEK_END). */
  Seek(offset: number, whence: number = SEEK_SET): void {
    core().fileSeek(this.handle, this.integer(offset, "MPI_File_seek", "offset"), whence, false);
  }
  /** MPI_File_get_position: the individual file pointer, in etypes. */
  Get_position(): number {
    return core().fileGetPosition(this.handle, false);
  }
  /** MPI_File_get_byte_offset: the byte in the file of view offset `offset`. */
  Get_byte_offset(offset: number): number {
    return core().fileGetByteOffset(this.handle, this.integer(offset, "MPI_File_get_byte_offset", "offset"));
  }

  // ---- Data access with shared file pointers (MPI-4.0 14.4.4) ----

  /** MPI_File_read_shared. */
  Read_shared(buf: BufSpec, status?: Status): void {
    this.blocking(Where.SHARED, false, 0, buf, status);
  }
  /** MPI_File_write_shared. */
  Write_shared(buf: BufSpec, status?: Status): void {
    this.blocking(Where.SHARED, true, 0, buf, status);
  }
  /** MPI_File_iread_shared. */
  Iread_shared(buf: BufSpec): Request {
    return this.nonblocking(Where.SHARED, false, 0, buf);
  }
  /** MPI_File_iwrite_shared. */
  Iwrite_shared(buf: BufSpec): Request {
    return this.nonblocking(Where.SHARED, true, 0, buf);
  }
  /** MPI_File_read_ordered (collective): the ranks read one after another, in rank order, from the shared file pointer. */
  Read_ordered(buf: BufSpec, status?: Status): void {
    this.blocking(Where.ORDERED, false, 0, buf, status);
  }
  /** MPI_File_write_ordered (collective): the ranks' data lands in rank order at the shared file pointer. */
  Write_ordered(buf: BufSpec, status?: Status): void {
    this.blocking(Where.ORDERED, true, 0, buf, status);
  }
  /** MPI_File_seek_shared (collective: every rank gives the same offset and whence). */
  Seek_shared(offset: number, whence: number = SEEK_SET): void {
    core().fileSeek(this.handle, this.integer(offset, "MPI_File_seek_shared", "offset"), whence, true);
  }
  /** MPI_File_get_position_shared: the shared file pointer, in etypes. */
  Get_position_shared(): number {
    return core().fileGetPosition(this.handle, true);
  }

  // ---- Split collective data access (MPI-4.0 14.4.5): _end takes the buffer _begin took ----

  /** MPI_File_read_at_all_begin. */
  Read_at_all_begin(offset: number, buf: BufSpec): void {
    this.begin(Where.AT_ALL, false, offset, buf);
  }
  /** MPI_File_read_at_all_end: the data is in buf after it. */
  Read_at_all_end(buf: BufSpec, status?: Status): void {
    this.end(Where.AT_ALL, false, buf, status);
  }
  /** MPI_File_write_at_all_begin. */
  Write_at_all_begin(offset: number, buf: BufSpec): void {
    this.begin(Where.AT_ALL, true, offset, buf);
  }
  /** MPI_File_write_at_all_end. */
  Write_at_all_end(buf: BufSpec, status?: Status): void {
    this.end(Where.AT_ALL, true, buf, status);
  }
  /** MPI_File_read_all_begin. */
  Read_all_begin(buf: BufSpec): void {
    this.begin(Where.ALL, false, 0, buf);
  }
  /** MPI_File_read_all_end. */
  Read_all_end(buf: BufSpec, status?: Status): void {
    this.end(Where.ALL, false, buf, status);
  }
  /** MPI_File_write_all_begin. */
  Write_all_begin(buf: BufSpec): void {
    this.begin(Where.ALL, true, 0, buf);
  }
  /** MPI_File_write_all_end. */
  Write_all_end(buf: BufSpec, status?: Status): void {
    this.end(Where.ALL, true, buf, status);
  }
  /** MPI_File_read_ordered_begin. */
  Read_ordered_begin(buf: BufSpec): void {
    this.begin(Where.ORDERED, false, 0, buf);
  }
  /** MPI_File_read_ordered_end. */
  Read_ordered_end(buf: BufSpec, status?: Status): void {
    this.end(Where.ORDERED, false, buf, status);
  }
  /** MPI_File_write_ordered_begin. */
  Write_ordered_begin(buf: BufSpec): void {
    this.begin(Where.ORDERED, true, 0, buf);
  }
  /** MPI_File_write_ordered_end. */
  Write_ordered_end(buf: BufSpec, status?: Status): void {
    this.end(Where.ORDERED, true, buf, status);
  }

  // ---- Consistency and semantics (MPI-4.0 14.6) ----

  /** MPI_File_set_atomicity (collective): in atomic mode every access is one indivisible step against the others. */
  Set_atomicity(flag: boolean): void {
    core().fileSetAtomicity(this.handle, flag);
  }
  /** MPI_File_get_atomicity. */
  Get_atomicity(): boolean {
    return core().fileGetAtomicity(this.handle);
  }
  get atomicity(): boolean {
    return this.Get_atomicity();
  }
  set atomicity(flag: boolean) {
    this.Set_atomicity(flag);
  }
  /** MPI_File_sync (collective): what this rank wrote reaches storage, and what any rank wrote is visible to all. */
  Sync(): void {
    core().fileSync(this.handle);
  }

  // ---- Error handling (MPI-4.0 9.3) ----

  /** MPI_File_set_errhandler; on MPI.FILE_NULL it sets the handler of Open, Delete and files opened later. */
  Set_errhandler(errhandler: Errhandler): void {
    core().fileSetErrhandler(this.handle, errhandler.handle);
  }
  /** MPI_File_get_errhandler. */
  Get_errhandler(): Errhandler {
    return errhandlerOf(core().fileGetErrhandler(this.handle));
  }
  /** MPI_File_call_errhandler: raises errorcode on the file's error handler. */
  Call_errhandler(errorcode: number): void {
    core().fileCallErrhandler(this.handle, errorcode);
  }

  // ---- the machinery ----

  /** A blocking access: stage the buffer (in reusable scratch memory), call, copy a read back. */
  private blocking(where: Where, write: boolean, offset: number, buf: BufSpec, status?: Status): void {
    const fc = `MPI_File_${CALLS[where][write ? 1 : 0]}`;
    const [access, at, mb] = this.prepare(fc, where, write, offset, buf);
    const sb = stage(mb, write, write ? scratch.sendRegion : scratch.recvRegion);
    const st = scratch.status();
    try {
      core().fileRw(access, this.handle, at, sb.ptr, sb.count, sb.datatype.handle, st);
      if (!write) sb.drain(statusBytes(st));
      readStatus(st, status);
    } finally {
      sb.release();
    }
  }

  /** A nonblocking access: the Request holds the staging and copies a read back when it completes. */
  private nonblocking(where: Where, write: boolean, offset: number, buf: BufSpec): Request {
    const fc = `MPI_File_i${CALLS[where][write ? 1 : 0]}`;
    const [access, at, mb] = this.prepare(fc, where, write, offset, buf);
    const sb = stage(mb, write);
    const h = sb.guard(() => core().fileIrw(access, this.handle, at, sb.ptr, sb.count, sb.datatype.handle));
    return new Request(h, (st) => {
      if (!write) sb.drain(statusBytes(st));
      sb.release();
    });
  }

  /** A split collective's _begin: the staging lives until _end. */
  private begin(where: Where, write: boolean, offset: number, buf: BufSpec): void {
    const fc = `MPI_File_${CALLS[where][write ? 1 : 0]}_begin`;
    const [access, at, mb] = this.prepare(fc, where, write, offset, buf);
    if (this.split)
      throw core().fileRaise(this.handle, ErrorClass.ERR_OTHER, `${fc}: a split collective is under way already: end it first (fh)`);
    const sb = stage(mb, write);
    sb.guard(() => core().fileRwBegin(access, this.handle, at, sb.ptr, sb.count, sb.datatype.handle));
    this.split = { access, staged: sb, user: mb };
  }

  /** A split collective's _end: the same buffer as _begin (its staging goes to the core again), then a read's copy-back. */
  private end(where: Where, write: boolean, buf: BufSpec, status?: Status): void {
    const fc = `MPI_File_${CALLS[where][write ? 1 : 0]}_end`;
    const access = (where << 1) | (write ? 1 : 0);
    const mb = this.parse(buf, fc);
    const p = this.split;
    if (p && p.access !== access && (p.access & 1) === (access & 1))
      throw core().fileRaise(this.handle, ErrorClass.ERR_OTHER, `${fc}: the split collective under way was begun by MPI_File_${CALLS[p.access >> 1][p.access & 1]}_begin (fh)`);
    const same = p !== undefined && p.access === access && mb.buffer === p.user.buffer && mb.byteOffset === p.user.byteOffset;
    // another buffer: the core names the mismatch (or that no split collective was begun)
    const ptr = same ? p.staged.ptr : mb.linear ? mb.byteOffset : 0;
    const st = scratch.status();
    try {
      core().fileRwEnd(access, this.handle, ptr, st);
      if (same && !write) p.staged.drain(statusBytes(st));
      readStatus(st, status);
    } finally {
      // with its own buffer the core has ended the split collective, also when the access failed
      if (same) {
        this.split = undefined;
        p.staged.release();
      }
    }
  }

  /** Checks and parses a data access's arguments: [access number, offset, buffer]. */
  private prepare(fc: string, where: Where, write: boolean, offset: number, buf: BufSpec): [number, number, MessageBuffer] {
    const at = where === Where.AT || where === Where.AT_ALL ? this.integer(offset, fc, "offset") : 0;
    const mb = this.parse(buf, fc);
    if (mb.count > 0x7fffffff)
      throw core().fileRaise(this.handle, ErrorClass.ERR_COUNT, `${fc}: count ${mb.count} is larger than MPI-IO's int counts (buf)`);
    return [(where << 1) | (write ? 1 : 0), at, mb];
  }

  /**
   * Parses a buffer argument. parseBuffer raises a bad one on a communicator's
   * error handler; COMM_SELF's returns by default, and the error (the core's
   * last message) is raised again on this file's: files have their own.
   */
  private parse(buf: BufSpec, fc: string): MessageBuffer {
    try {
      return parseBuffer(buf, fc, HANDLE.COMM_SELF);
    } catch (e) {
      if (!(e instanceof MPIException)) throw e;
      const c = core();
      throw c.fileRaise(this.handle, e.Get_error_class(), c.cString(c.lastErrorMessage()));
    }
  }

  /** An offset or size argument: a whole number (offsets past 2^53 do not fit a number exactly). */
  private integer(v: number, fc: string, arg: string): number {
    if (Number.isSafeInteger(v)) return v;
    throw core().fileRaise(this.handle, ErrorClass.ERR_ARG, `${fc}: ${String(v)} is not an integer (${arg})`);
  }
}

/**
 * Stages a buffer for the core: a write copies the user's bytes in; a read
 * of a datatype with gaps copies them in too, so that copying its whole span
 * back leaves the gaps as they were.
 */
function stage(mb: MessageBuffer, write: boolean, region?: { get(n: number): number }): Staged {
  const sb = Staged.of(mb, region);
  return write || !mb.dense ? sb.fill() : sb;
}

/** A file name as the core takes it. */
function pathOf(filename: FileName, fc: string): string {
  if (typeof filename === "string") return filename;
  if (filename instanceof Uint8Array) return new TextDecoder().decode(filename);
  if (filename instanceof URL && filename.protocol === "file:") return decodeURIComponent(filename.pathname);
  throw core().fileRaise(FILE_NULL_HANDLE, ErrorClass.ERR_BAD_FILE, `${fc}: not a file name (filename): expected a string, bytes or a file: URL, got ${filename === null ? "null" : typeof filename === "object" ? (filename as object).constructor?.name : typeof filename}`);
}

/** MPI.FILE_NULL. */
export const FILE_NULL = new File(FILE_NULL_HANDLE);
