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
 * Data access comes in three kinds of positioning (an explicit offset: `_at`; this rank's
 * file pointer; the pointer shared by all ranks: `_shared`, `_ordered`), blocking or nonblocking
 * (I-forms return a Request), and independent or collective (`_all`, `_ordered`, and the split
 * `_begin`/`_end` pairs). A read past the end of the file reads what there is (the status's
 * Get_count tells how much). "Access errors" in a method's `@throws` are ERR_FILE (the file is
 * closed), ERR_ACCESS (a read of a file opened MPI.MODE_WRONLY), ERR_READ_ONLY (a write to one
 * opened MPI.MODE_RDONLY), ERR_ARG (an offset that is negative or not a whole number), ERR_TYPE
 * (a buffer that is not a whole number of the view's etypes), ERR_UNSUPPORTED_OPERATION (an
 * individual file pointer or explicit offset on a MPI.MODE_SEQUENTIAL file) and the buffer
 * errors of {@link Comm}.
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
  constructor(
    /** the MPI handle the core knows this file by (MPICH's integer value; MPI.FILE_NULL's once freed) */
    public handle: number,
  ) {}

  /**
   * Whether this is MPI.FILE_NULL, as MPI_File_close leaves a file.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Close();
   * console.log(fh.isNull()); // true
   * ```
   */
  isNull(): boolean {
    return this.handle === FILE_NULL_HANDLE;
  }

  // ---- File manipulation (MPI-4.0 14.2) ----

  /**
   * MPI_File_open: opens a file on every rank of comm (collective: each gives the same name and amode).
   * @param comm the ranks that open it
   * @param filename a path (relative to the working directory), UTF-8 bytes, or a file: URL
   * @param amode MPI.MODE_RDONLY, MPI.MODE_WRONLY or MPI.MODE_RDWR, or'ed with MPI.MODE_CREATE, MODE_EXCL, MODE_APPEND, MODE_DELETE_ON_CLOSE, MODE_UNIQUE_OPEN, MODE_SEQUENTIAL
   * @param info hints
   * @throws {@link Exception} ERR_NO_SUCH_FILE (no such file, without MPI.MODE_CREATE), ERR_FILE_EXISTS (MPI.MODE_EXCL and the file exists), ERR_AMODE (not exactly one of RDONLY, WRONLY, RDWR; RDONLY with CREATE or EXCL; RDWR with SEQUENTIAL), ERR_BAD_FILE (not a file name), ERR_ACCESS or ERR_IO from the file system. Raised through MPI.FILE_NULL's error handler.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "out.bin", MPI.MODE_WRONLY | MPI.MODE_CREATE);
   * ```
   */
  static Open(comm: Comm, filename: FileName, amode: number = MODE_RDONLY, info: Info = INFO_NULL): File {
    const fc = "MPI_File_open";
    const name = pathOf(filename, fc);
    if (!Number.isInteger(amode)) throw core().fileRaise(FILE_NULL_HANDLE, ErrorClass.ERR_AMODE, `${fc}: amode ${String(amode)} is not an integer (amode)`);
    return new File(core().fileOpen(comm.handle, name, amode, info.handle));
  }

  /**
   * MPI_File_close (collective): the object then holds MPI.FILE_NULL; a MPI.MODE_DELETE_ON_CLOSE file is deleted.
   * @throws {@link Exception} ERR_FILE: already closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Close();
   * ```
   */
  Close(): void {
    core().fileClose(this.handle);
    this.handle = FILE_NULL_HANDLE;
  }

  /**
   * MPI_File_delete: deletes a file no rank has open.
   * @param filename the file
   * @param info hints
   * @throws {@link Exception} ERR_NO_SUCH_FILE (there is none), ERR_BAD_FILE (not a file name), ERR_ACCESS or ERR_IO from the file system.
   * @example
   * ```ts
   * MPI.File.Open(comm, "scratch.bin", MPI.MODE_WRONLY | MPI.MODE_CREATE).Close();
   * if (rank === 0) MPI.File.Delete("scratch.bin");
   * ```
   */
  static Delete(filename: FileName, info: Info = INFO_NULL): void {
    core().fileDelete(pathOf(filename, "MPI_File_delete"), info.handle);
  }

  /**
   * MPI_File_set_size (collective): truncates or extends the file to size bytes.
   * @param size the new size, in bytes
   * @throws {@link Exception} ERR_ARG (a negative size), ERR_READ_ONLY, ERR_FILE.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Set_size(0);   // empty it
   * ```
   */
  Set_size(size: number): void {
    core().fileSetSize(this.handle, this.integer(size, "MPI_File_set_size", "size"), false);
  }
  /**
   * MPI_File_preallocate (collective): the file grows to at least size bytes (never shrinks).
   * @param size the bytes to reserve
   * @throws {@link Exception} ERR_ARG (a negative size), ERR_READ_ONLY, ERR_FILE.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Preallocate(1 << 20);
   * ```
   */
  Preallocate(size: number): void {
    core().fileSetSize(this.handle, this.integer(size, "MPI_File_preallocate", "size"), true);
  }
  /**
   * MPI_File_get_size: the bytes in the file.
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const bytes = fh.Get_size();
   * ```
   */
  Get_size(): number {
    return core().fileGetSize(this.handle);
  }
  /** MPI_File_get_size: {@link File.Get_size} as a property. */
  get size(): number {
    return this.Get_size();
  }
  /**
   * MPI_File_get_group: the ranks that opened the file (a new Group; free it when done).
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const group = fh.Get_group();
   * ```
   */
  Get_group(): Group {
    return new Group(core().fileGetGroup(this.handle));
  }
  /** MPI_File_get_group: {@link File.Get_group} as a property. */
  get group(): Group {
    return this.Get_group();
  }
  /** The number of ranks that opened the file: MPI_Group_size of {@link File.Get_group}. */
  get group_size(): number {
    const g = this.Get_group();
    try {
      return g.Get_size();
    } finally {
      g.Free();
    }
  }
  /** This rank's rank among them: MPI_Group_rank of {@link File.Get_group}. */
  get group_rank(): number {
    const g = this.Get_group();
    try {
      return g.Get_rank();
    } finally {
      g.Free();
    }
  }
  /**
   * MPI_File_get_amode: the MPI.MODE_* flags the file was opened with.
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const writable = (fh.Get_amode() & MPI.MODE_RDONLY) === 0;
   * ```
   */
  Get_amode(): number {
    return core().fileGetAmode(this.handle);
  }
  /** MPI_File_get_amode: {@link File.Get_amode} as a property. */
  get amode(): number {
    return this.Get_amode();
  }
  /**
   * MPI_File_set_info (collective): hints such as cb_buffer_size and cb_nodes (kept; read back with Get_info).
   * @param info the hints
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Set_info(MPI.Info.Create({ cb_nodes: "2" }));
   * ```
   */
  Set_info(info: Info): void {
    core().fileSetInfo(this.handle, info.handle);
  }
  /**
   * MPI_File_get_info: the hints in use (a new Info; free it when done).
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const hints = fh.Get_info().items();
   * ```
   */
  Get_info(): Info {
    return new Info(core().fileGetInfo(this.handle));
  }
  /** MPI_File_get_info and MPI_File_set_info: {@link File.Get_info} and {@link File.Set_info} as a property. */
  get info(): Info {
    return this.Get_info();
  }
  set info(info: Info) {
    this.Set_info(info);
  }

  // ---- File views (MPI-4.0 14.3) ----

  /**
   * MPI_File_set_view (collective): this rank sees the file from byte disp on as copies of filetype, counting offsets in etypes;
   * the file pointers go back to 0. Ranks with different filetypes see interleaved parts of one file.
   * @param disp the byte where the view starts
   * @param etype the unit of offsets and of the data accessed (default MPI.BYTE)
   * @param filetype the pattern of etypes this rank sees (default: etype): committed, a whole number of etypes
   * @param datarep "native" (the bytes as in memory), "internal" (the same here) or "external32" (big-endian, MPI's portable representation)
   * @param info hints
   * @throws {@link Exception} ERR_ARG (a negative disp), ERR_TYPE (a filetype not committed, or not a whole number of etypes), ERR_UNSUPPORTED_DATAREP (another datarep), ERR_FILE.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * // rank r sees ints r, r + size, r + 2 size, ...
   * const slot = MPI.INT.Create_resized(0, 4 * size).Commit();
   * fh.Set_view(4 * rank, MPI.INT, slot);
   * fh.Write_all(new Int32Array(3).fill(rank));
   * ```
   */
  Set_view(disp = 0, etype: Datatype = Datatypes.BYTE, filetype?: Datatype, datarep = "native", info: Info = INFO_NULL): void {
    const fc = "MPI_File_set_view";
    if (disp !== DISPLACEMENT_CURRENT) this.integer(disp, fc, "disp");
    core().fileSetView(this.handle, disp, etype.handle, (filetype ?? etype).handle, datarep, info.handle);
  }
  /**
   * MPI_File_get_view: the view Set_view set (a derived etype or filetype is a new Datatype to Free).
   * @returns [disp, etype, filetype, datarep]
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const [disp, etype, filetype, datarep] = fh.Get_view(); // 0, MPI.BYTE, MPI.BYTE, "native"
   * ```
   */
  Get_view(): [number, Datatype, Datatype, string] {
    const [disp, etype, filetype, datarep] = core().fileGetView(this.handle);
    return [disp, datatypeOfHandle(etype), datatypeOfHandle(filetype), datarep];
  }
  /**
   * MPI_File_get_type_extent: the bytes one element of datatype spans in the file (its extent in the view's datarep).
   * @param datatype the type
   * @throws {@link Exception} ERR_TYPE (datatype freed), ERR_FILE.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const bytes = fh.Get_type_extent(MPI.DOUBLE); // 8
   * ```
   */
  Get_type_extent(datatype: Datatype): number {
    return core().fileGetTypeExtent(this.handle, datatype.handle);
  }

  // ---- Data access with explicit offsets (MPI-4.0 14.4.2) ----

  /**
   * MPI_File_read_at: reads at an explicit offset (the file pointers stay).
   * @param offset where, in etypes of the view
   * @param buf where the data goes
   * @param status filled with the count read
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Float64Array(4);
   * fh.Read_at(4 * rank, buf);
   * ```
   */
  Read_at(offset: number, buf: BufSpec, status?: Status): void {
    this.blocking(Where.AT, false, offset, buf, status);
  }
  /**
   * MPI_File_read_at_all: the collective Read_at: every rank reads at its offset. Collective.
   * @param offset where, in etypes of the view
   * @param buf where the data goes
   * @param status filled with the count read
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Int32Array(10);
   * fh.Read_at_all(rank * buf.byteLength, buf);
   * ```
   */
  Read_at_all(offset: number, buf: BufSpec, status?: Status): void {
    this.blocking(Where.AT_ALL, false, offset, buf, status);
  }
  /**
   * MPI_File_write_at: writes at an explicit offset (the file pointers stay).
   * @param offset where, in etypes of the view
   * @param buf the data
   * @param status filled with the count written
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Write_at(8 * rank, new Float64Array([rank]));
   * ```
   */
  Write_at(offset: number, buf: BufSpec, status?: Status): void {
    this.blocking(Where.AT, true, offset, buf, status);
  }
  /**
   * MPI_File_write_at_all: the collective Write_at, two-phase: the ranks' pieces are gathered into large contiguous writes. Collective.
   * @param offset where, in etypes of the view
   * @param buf the data
   * @param status filled with the count written
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const block = new Int32Array(10).fill(rank);
   * fh.Write_at_all(rank * block.byteLength, block);
   * ```
   */
  Write_at_all(offset: number, buf: BufSpec, status?: Status): void {
    this.blocking(Where.AT_ALL, true, offset, buf, status);
  }
  /**
   * MPI_File_iread_at: a nonblocking Read_at.
   * @param offset where, in etypes of the view
   * @param buf where the data goes (read it once the request completes)
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Uint8Array(64);
   * const req = fh.Iread_at(0, buf);
   * req.Wait();
   * ```
   */
  Iread_at(offset: number, buf: BufSpec): Request {
    return this.nonblocking(Where.AT, false, offset, buf);
  }
  /**
   * MPI_File_iread_at_all: a nonblocking Read_at_all. Collective.
   * @param offset where, in etypes of the view
   * @param buf where the data goes (read it once the request completes)
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Int32Array(10);
   * fh.Iread_at_all(rank * 40, buf).Wait();
   * ```
   */
  Iread_at_all(offset: number, buf: BufSpec): Request {
    return this.nonblocking(Where.AT_ALL, false, offset, buf);
  }
  /**
   * MPI_File_iwrite_at: a nonblocking Write_at: buf must stay untouched until the request completes.
   * @param offset where, in etypes of the view
   * @param buf the data
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const req = fh.Iwrite_at(4 * rank, new Int32Array([rank]));
   * req.Wait();
   * ```
   */
  Iwrite_at(offset: number, buf: BufSpec): Request {
    return this.nonblocking(Where.AT, true, offset, buf);
  }
  /**
   * MPI_File_iwrite_at_all: a nonblocking Write_at_all. Collective.
   * @param offset where, in etypes of the view
   * @param buf the data
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Iwrite_at_all(4 * rank, new Int32Array([rank])).Wait();
   * ```
   */
  Iwrite_at_all(offset: number, buf: BufSpec): Request {
    return this.nonblocking(Where.AT_ALL, true, offset, buf);
  }

  // ---- Data access with individual file pointers (MPI-4.0 14.4.3) ----

  /**
   * MPI_File_read: reads at this rank's file pointer, which moves past what was read.
   * @param buf where the data goes
   * @param status filled with the count read
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const header = new Uint8Array(16), st = new MPI.Status();
   * fh.Read(header, st);
   * const got = st.Get_count();   // fewer than 16 at the end of the file
   * ```
   */
  Read(buf: BufSpec, status?: Status): void {
    this.blocking(Where.INDIVIDUAL, false, 0, buf, status);
  }
  /**
   * MPI_File_read_all: the collective Read: each rank at its own file pointer. Collective.
   * @param buf where the data goes
   * @param status filled with the count read
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Set_view(40 * rank, MPI.INT);
   * const mine = new Int32Array(10);
   * fh.Read_all(mine);
   * ```
   */
  Read_all(buf: BufSpec, status?: Status): void {
    this.blocking(Where.ALL, false, 0, buf, status);
  }
  /**
   * MPI_File_write: writes at this rank's file pointer, which moves past what was written.
   * @param buf the data
   * @param status filled with the count written
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Write(new TextEncoder().encode("header\n"));
   * ```
   */
  Write(buf: BufSpec, status?: Status): void {
    this.blocking(Where.INDIVIDUAL, true, 0, buf, status);
  }
  /**
   * MPI_File_write_all: the collective Write, two-phase: each rank at its own file pointer. Collective.
   * @param buf the data
   * @param status filled with the count written
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Set_view(40 * rank, MPI.INT);
   * fh.Write_all(new Int32Array(10).fill(rank));
   * ```
   */
  Write_all(buf: BufSpec, status?: Status): void {
    this.blocking(Where.ALL, true, 0, buf, status);
  }
  /**
   * MPI_File_iread: a nonblocking Read (the file pointer moves at once).
   * @param buf where the data goes (read it once the request completes)
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Uint8Array(100);
   * fh.Iread(buf).Wait();
   * ```
   */
  Iread(buf: BufSpec): Request {
    return this.nonblocking(Where.INDIVIDUAL, false, 0, buf);
  }
  /**
   * MPI_File_iread_all: a nonblocking Read_all. Collective.
   * @param buf where the data goes (read it once the request completes)
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Uint8Array(100);
   * fh.Iread_all(buf).Wait();
   * ```
   */
  Iread_all(buf: BufSpec): Request {
    return this.nonblocking(Where.ALL, false, 0, buf);
  }
  /**
   * MPI_File_iwrite: a nonblocking Write (the file pointer moves at once).
   * @param buf the data
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Iwrite(new Uint8Array(100)).Wait();
   * ```
   */
  Iwrite(buf: BufSpec): Request {
    return this.nonblocking(Where.INDIVIDUAL, true, 0, buf);
  }
  /**
   * MPI_File_iwrite_all: a nonblocking Write_all. Collective.
   * @param buf the data
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Iwrite_all(new Uint8Array(100)).Wait();
   * ```
   */
  Iwrite_all(buf: BufSpec): Request {
    return this.nonblocking(Where.ALL, true, 0, buf);
  }
  /**
   * MPI_File_seek: moves this rank's file pointer.
   * @param offset in etypes of the view
   * @param whence MPI.SEEK_SET (from the start of the view), MPI.SEEK_CUR or MPI.SEEK_END
   * @throws {@link Exception} ERR_ARG (another whence, or a position that would be negative), ERR_UNSUPPORTED_OPERATION (a MPI.MODE_SEQUENTIAL file), ERR_FILE.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Seek(0, MPI.SEEK_END);
   * fh.Write(new Uint8Array([1]));   // appends
   * ```
   */
  Seek(offset: number, whence: number = SEEK_SET): void {
    core().fileSeek(this.handle, this.integer(offset, "MPI_File_seek", "offset"), whence, false);
  }
  /**
   * MPI_File_get_position: this rank's file pointer.
   * @returns the position, in etypes of the view
   * @throws {@link Exception} ERR_FILE (closed), ERR_UNSUPPORTED_OPERATION (a MPI.MODE_SEQUENTIAL file).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Write(new Uint8Array(10));
   * console.log(fh.Get_position()); // 10
   * ```
   */
  Get_position(): number {
    return core().fileGetPosition(this.handle, false);
  }
  /**
   * MPI_File_get_byte_offset: the byte in the file where an offset of the view falls.
   * @param offset in etypes of the view
   * @throws {@link Exception} ERR_ARG (a negative or fractional offset), ERR_FILE.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Set_view(100, MPI.DOUBLE);
   * console.log(fh.Get_byte_offset(2)); // 116
   * ```
   */
  Get_byte_offset(offset: number): number {
    return core().fileGetByteOffset(this.handle, this.integer(offset, "MPI_File_get_byte_offset", "offset"));
  }

  // ---- Data access with shared file pointers (MPI-4.0 14.4.4) ----

  /**
   * MPI_File_read_shared: reads at the file pointer shared by every rank of the file, which moves past what was read (ranks take turns in no set order).
   * @param buf where the data goes
   * @param status filled with the count read
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const record = new Uint8Array(32);
   * fh.Read_shared(record);   // the next record nobody has taken
   * ```
   */
  Read_shared(buf: BufSpec, status?: Status): void {
    this.blocking(Where.SHARED, false, 0, buf, status);
  }
  /**
   * MPI_File_write_shared: writes at the shared file pointer, which moves past what was written: a log that ranks append to.
   * @param buf the data
   * @param status filled with the count written
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Write_shared(new TextEncoder().encode(`rank ${rank} done\n`));
   * ```
   */
  Write_shared(buf: BufSpec, status?: Status): void {
    this.blocking(Where.SHARED, true, 0, buf, status);
  }
  /**
   * MPI_File_iread_shared: a nonblocking Read_shared.
   * @param buf where the data goes (read it once the request completes)
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const record = new Uint8Array(32);
   * fh.Iread_shared(record).Wait();
   * ```
   */
  Iread_shared(buf: BufSpec): Request {
    return this.nonblocking(Where.SHARED, false, 0, buf);
  }
  /**
   * MPI_File_iwrite_shared: a nonblocking Write_shared.
   * @param buf the data
   * @throws {@link Exception} access errors ({@link File}); a nonblocking call raises them when it starts.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Iwrite_shared(new Uint8Array([rank])).Wait();
   * ```
   */
  Iwrite_shared(buf: BufSpec): Request {
    return this.nonblocking(Where.SHARED, true, 0, buf);
  }
  /**
   * MPI_File_read_ordered: the ranks read one after another, in rank order, from the shared file pointer. Collective.
   * @param buf where the data goes
   * @param status filled with the count read
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const mine = new Int32Array(10);
   * fh.Read_ordered(mine);   // rank r gets the r-th block of 10 ints
   * ```
   */
  Read_ordered(buf: BufSpec, status?: Status): void {
    this.blocking(Where.ORDERED, false, 0, buf, status);
  }
  /**
   * MPI_File_write_ordered: the ranks' data lands in rank order at the shared file pointer. Collective.
   * @param buf the data
   * @param status filled with the count written
   * @throws {@link Exception} access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Write_ordered(new TextEncoder().encode(`line from ${rank}\n`));
   * ```
   */
  Write_ordered(buf: BufSpec, status?: Status): void {
    this.blocking(Where.ORDERED, true, 0, buf, status);
  }
  /**
   * MPI_File_seek_shared (collective: every rank gives the same offset and whence): moves the shared file pointer.
   * @param offset in etypes of the view
   * @param whence MPI.SEEK_SET, MPI.SEEK_CUR or MPI.SEEK_END
   * @throws {@link Exception} ERR_ARG (another whence, a negative position), ERR_FILE.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Seek_shared(0, MPI.SEEK_END);
   * ```
   */
  Seek_shared(offset: number, whence: number = SEEK_SET): void {
    core().fileSeek(this.handle, this.integer(offset, "MPI_File_seek_shared", "offset"), whence, true);
  }
  /**
   * MPI_File_get_position_shared: the shared file pointer.
   * @returns the position, in etypes of the view
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const next = fh.Get_position_shared();
   * ```
   */
  Get_position_shared(): number {
    return core().fileGetPosition(this.handle, true);
  }

  // ---- Split collective data access (MPI-4.0 14.4.5): _end takes the buffer _begin took ----

  /**
   * MPI_File_read_at_all_begin (collective): starts a split Read_at_all; the data is in buf after Read_at_all_end. One split collective at a time per file.
   * @param offset where, in etypes of the view
   * @param buf where the data goes
   * @throws {@link Exception} access errors ({@link File}); ERR_OTHER (a split collective is under way already).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Int32Array(10);
   * fh.Read_at_all_begin(40 * rank, buf);
   * // ... work ...
   * fh.Read_at_all_end(buf);
   * ```
   */
  Read_at_all_begin(offset: number, buf: BufSpec): void {
    this.begin(Where.AT_ALL, false, offset, buf);
  }
  /**
   * MPI_File_read_at_all_end (collective): ends the split Read_at_all begun on the same buffer; the data is in buf after it.
   * @param buf where the data goes (the same buffer as the _begin call)
   * @param status filled with the count read
   * @throws {@link Exception} ERR_OTHER (no split collective of this kind was begun), ERR_BUFFER (not the buffer given to the _begin call); access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Int32Array(10);
   * fh.Read_at_all_begin(0, buf);
   * fh.Read_at_all_end(buf);
   * ```
   */
  Read_at_all_end(buf: BufSpec, status?: Status): void {
    this.end(Where.AT_ALL, false, buf, status);
  }
  /**
   * MPI_File_write_at_all_begin (collective): starts a split Write_at_all; buf must stay untouched until Write_at_all_end.
   * @param offset where, in etypes of the view
   * @param buf the data
   * @throws {@link Exception} access errors ({@link File}); ERR_OTHER (a split collective is under way already).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const block = new Int32Array(10).fill(rank);
   * fh.Write_at_all_begin(40 * rank, block);
   * fh.Write_at_all_end(block);
   * ```
   */
  Write_at_all_begin(offset: number, buf: BufSpec): void {
    this.begin(Where.AT_ALL, true, offset, buf);
  }
  /**
   * MPI_File_write_at_all_end (collective): ends the split Write_at_all begun on the same buffer.
   * @param buf the data (the same buffer as the _begin call)
   * @param status filled with the count written
   * @throws {@link Exception} ERR_OTHER (no split collective of this kind was begun), ERR_BUFFER (not the buffer given to the _begin call); access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const block = new Int32Array(10);
   * fh.Write_at_all_begin(40 * rank, block);
   * fh.Write_at_all_end(block);
   * ```
   */
  Write_at_all_end(buf: BufSpec, status?: Status): void {
    this.end(Where.AT_ALL, true, buf, status);
  }
  /**
   * MPI_File_read_all_begin (collective): starts a split Read_all at this rank's file pointer.
   * @param buf where the data goes
   * @throws {@link Exception} access errors ({@link File}); ERR_OTHER (a split collective is under way already).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Uint8Array(16);
   * fh.Read_all_begin(buf);
   * fh.Read_all_end(buf);
   * ```
   */
  Read_all_begin(buf: BufSpec): void {
    this.begin(Where.ALL, false, 0, buf);
  }
  /**
   * MPI_File_read_all_end (collective): ends the split Read_all begun on the same buffer; the data is in buf after it.
   * @param buf where the data goes (the same buffer as the _begin call)
   * @param status filled with the count read
   * @throws {@link Exception} ERR_OTHER (no split collective of this kind was begun), ERR_BUFFER (not the buffer given to the _begin call); access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Uint8Array(16);
   * fh.Read_all_begin(buf);
   * fh.Read_all_end(buf);
   * ```
   */
  Read_all_end(buf: BufSpec, status?: Status): void {
    this.end(Where.ALL, false, buf, status);
  }
  /**
   * MPI_File_write_all_begin (collective): starts a split Write_all at this rank's file pointer.
   * @param buf the data
   * @throws {@link Exception} access errors ({@link File}); ERR_OTHER (a split collective is under way already).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Uint8Array(16).fill(rank);
   * fh.Write_all_begin(buf);
   * fh.Write_all_end(buf);
   * ```
   */
  Write_all_begin(buf: BufSpec): void {
    this.begin(Where.ALL, true, 0, buf);
  }
  /**
   * MPI_File_write_all_end (collective): ends the split Write_all begun on the same buffer.
   * @param buf the data (the same buffer as the _begin call)
   * @param status filled with the count written
   * @throws {@link Exception} ERR_OTHER (no split collective of this kind was begun), ERR_BUFFER (not the buffer given to the _begin call); access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Uint8Array(16);
   * fh.Write_all_begin(buf);
   * fh.Write_all_end(buf);
   * ```
   */
  Write_all_end(buf: BufSpec, status?: Status): void {
    this.end(Where.ALL, true, buf, status);
  }
  /**
   * MPI_File_read_ordered_begin (collective): starts a split Read_ordered.
   * @param buf where the data goes
   * @throws {@link Exception} access errors ({@link File}); ERR_OTHER (a split collective is under way already).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Int32Array(4);
   * fh.Read_ordered_begin(buf);
   * fh.Read_ordered_end(buf);
   * ```
   */
  Read_ordered_begin(buf: BufSpec): void {
    this.begin(Where.ORDERED, false, 0, buf);
  }
  /**
   * MPI_File_read_ordered_end (collective): ends the split Read_ordered begun on the same buffer; the data is in buf after it.
   * @param buf where the data goes (the same buffer as the _begin call)
   * @param status filled with the count read
   * @throws {@link Exception} ERR_OTHER (no split collective of this kind was begun), ERR_BUFFER (not the buffer given to the _begin call); access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Int32Array(4);
   * fh.Read_ordered_begin(buf);
   * fh.Read_ordered_end(buf);
   * ```
   */
  Read_ordered_end(buf: BufSpec, status?: Status): void {
    this.end(Where.ORDERED, false, buf, status);
  }
  /**
   * MPI_File_write_ordered_begin (collective): starts a split Write_ordered.
   * @param buf the data
   * @throws {@link Exception} access errors ({@link File}); ERR_OTHER (a split collective is under way already).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Int32Array([rank]);
   * fh.Write_ordered_begin(buf);
   * fh.Write_ordered_end(buf);
   * ```
   */
  Write_ordered_begin(buf: BufSpec): void {
    this.begin(Where.ORDERED, true, 0, buf);
  }
  /**
   * MPI_File_write_ordered_end (collective): ends the split Write_ordered begun on the same buffer.
   * @param buf the data (the same buffer as the _begin call)
   * @param status filled with the count written
   * @throws {@link Exception} ERR_OTHER (no split collective of this kind was begun), ERR_BUFFER (not the buffer given to the _begin call); access errors ({@link File}).
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * const buf = new Int32Array([rank]);
   * fh.Write_ordered_begin(buf);
   * fh.Write_ordered_end(buf);
   * ```
   */
  Write_ordered_end(buf: BufSpec, status?: Status): void {
    this.end(Where.ORDERED, true, buf, status);
  }

  // ---- Consistency and semantics (MPI-4.0 14.6) ----

  /**
   * MPI_File_set_atomicity (collective): in atomic mode every access is one indivisible step against the others' accesses to the same bytes.
   * @param flag atomic or not (the default)
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Set_atomicity(true);
   * ```
   */
  Set_atomicity(flag: boolean): void {
    core().fileSetAtomicity(this.handle, flag);
  }
  /**
   * MPI_File_get_atomicity.
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * console.log(fh.Get_atomicity()); // false
   * ```
   */
  Get_atomicity(): boolean {
    return core().fileGetAtomicity(this.handle);
  }
  /** MPI_File_get_atomicity and MPI_File_set_atomicity: {@link File.Get_atomicity} and {@link File.Set_atomicity} as a property. */
  get atomicity(): boolean {
    return this.Get_atomicity();
  }
  set atomicity(flag: boolean) {
    this.Set_atomicity(flag);
  }
  /**
   * MPI_File_sync (collective): what this rank wrote reaches storage, and what any rank wrote becomes visible to all.
   * @throws {@link Exception} ERR_FILE (closed), ERR_IO from the file system.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Write_at(0, new Int32Array([rank]));
   * fh.Sync();
   * comm.Barrier();
   * fh.Sync();   // now every rank reads what the others wrote
   * ```
   */
  Sync(): void {
    core().fileSync(this.handle);
  }

  // ---- Error handling (MPI-4.0 9.3) ----

  /**
   * MPI_File_set_errhandler; on MPI.FILE_NULL it sets the handler of Open, Delete and the files opened later.
   * @param errhandler one of the predefined error handlers
   * @throws {@link Exception} ERR_ARG (not an error handler), ERR_FILE.
   * @example
   * ```ts
   * MPI.FILE_NULL.Set_errhandler(MPI.ERRORS_ARE_FATAL);   // every file error ends the job
   * ```
   */
  Set_errhandler(errhandler: Errhandler): void {
    core().fileSetErrhandler(this.handle, errhandler.handle);
  }
  /**
   * MPI_File_get_errhandler.
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * console.log(fh.Get_errhandler() === MPI.ERRORS_RETURN); // true
   * ```
   */
  Get_errhandler(): Errhandler {
    return errhandlerOf(core().fileGetErrhandler(this.handle));
  }
  /**
   * MPI_File_call_errhandler: runs the file's error handler as if a call had failed with errorcode (nothing under MPI.ERRORS_RETURN).
   * @param errorcode an error class
   * @throws {@link Exception} ERR_FILE: closed.
   * @example
   * ```ts
   * const fh = MPI.File.Open(comm, "data.bin", MPI.MODE_RDWR | MPI.MODE_CREATE);
   * fh.Call_errhandler(MPI.ERR_IO);
   * ```
   */
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
