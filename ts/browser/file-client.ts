/**
 * A browser rank's files: the job's root directory as a WASI preopen ("/",
 * also the working directory), whose files the job's file worker keeps
 * (file-server.ts; the Origin Private File System or memory). MPI-IO in the
 * core, and a C program's own stdio, open and read them with the same WASI
 * calls as on Node (host-dir.ts is the Node twin). Each call asks the file
 * worker through this rank's call block and sleeps until it answers; reads
 * and writes name a range of the rank's memory, which the file worker moves
 * the bytes into or out of directly.
 *
 * Paths are resolved here: `..` past the root fails with ENOTCAPABLE, as
 * under wmpiexec --preopen. There are no links, and no listing (fd_readdir).
 */
import { wasi } from "@bjorn3/browser_wasi_shim";
import type { FileAccess } from "../runtime/instance.js";
import { WasiDirectory } from "../runtime/wasi-directory.js";
import { WasiFile } from "../runtime/wasi-file.js";
import { Filestat } from "../runtime/wasi-filestat.js";
import type { DirectIo } from "../runtime/wasi-overrides.js";
import { callAndWait } from "./call-block.js";
import * as P from "./file-protocol.js";

const OK = wasi.ERRNO_SUCCESS;

/** This rank's line to the file worker. */
class FileCalls {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly path: Uint8Array;
  private readonly utf8 = new TextEncoder();

  constructor(block: SharedArrayBuffer) {
    this.i32 = new Int32Array(block);
    this.f64 = new Float64Array(block, P.F64_AT, 4);
    this.path = new Uint8Array(block, P.PATH_AT, P.PATH_MAX);
  }

  /** One call: `fill` writes its arguments; the answer is the errno (results stay in i32/f64 until the next call). */
  call(op: P.Op, path: string[] | null, fill?: (i32: Int32Array, f64: Float64Array) => void): number {
    const { i32 } = this;
    if (path !== null) {
      const bytes = this.utf8.encode(path.join("/")); // (encodeInto refuses shared memory)
      if (bytes.length > this.path.length) return wasi.ERRNO_NAMETOOLONG;
      this.path.set(bytes);
      i32[P.PATH_LEN] = bytes.length;
    }
    i32[P.OP] = op;
    fill?.(i32, this.f64);
    return callAndWait(i32, () => i32[P.ERRNO]);
  }

  get kind(): number {
    return this.i32[P.KIND];
  }
  get handle(): number {
    return this.i32[P.HANDLE];
  }
  get result(): number {
    return this.f64[P.RESULT];
  }
}

function filestat(dir: boolean, size: number): Filestat {
  return new Filestat(0n, dir ? wasi.FILETYPE_DIRECTORY : wasi.FILETYPE_REGULAR_FILE, BigInt(size));
}

/** The job's files as a C program's or the core's WASI sees them: the root preopened as "/", which is also the working directory. */
export function remoteFiles(block: SharedArrayBuffer, memory: WebAssembly.Memory): FileAccess {
  return { dirs: [new RemoteDirectory(new FileCalls(block), memory, [], "/")], cwd: "/" };
}

/** A directory of the job's files: `path` from the root. */
class RemoteDirectory extends WasiDirectory {
  constructor(
    private readonly calls: FileCalls,
    private readonly memory: WebAssembly.Memory,
    private readonly path: string[],
    guestName?: string,
  ) {
    super(guestName);
  }

  /** The components `rel` names from the root, or an errno: absolute, or `..` past the root, is ENOTCAPABLE. */
  private resolve(rel: string): string[] | number {
    if (rel.includes("\0")) return wasi.ERRNO_INVAL;
    if (rel.startsWith("/")) return wasi.ERRNO_NOTCAPABLE;
    const out = [...this.path];
    for (const c of rel.split("/")) {
      if (c === "" || c === ".") continue;
      if (c === "..") {
        if (out.length === 0) return wasi.ERRNO_NOTCAPABLE;
        out.pop();
      } else out.push(c);
    }
    return out;
  }

  override fd_filestat_get() {
    const ret = this.calls.call(P.Op.STAT, this.path);
    return ret === OK ? { ret, filestat: filestat(true, 0) } : { ret, filestat: null };
  }

  override path_open(_dirflags: number, rel: string, oflags: number, rightsBase: bigint, _rightsInheriting: bigint, fdflags: number) {
    const path = this.resolve(rel);
    if (typeof path === "number") return { ret: path, fd_obj: null };
    const read = (rightsBase & BigInt(wasi.RIGHTS_FD_READ)) !== 0n;
    const write = (rightsBase & BigInt(wasi.RIGHTS_FD_WRITE)) !== 0n;
    let flags = 0;
    if (oflags & wasi.OFLAGS_CREAT) flags |= P.O_CREAT;
    if (oflags & wasi.OFLAGS_EXCL) flags |= P.O_EXCL;
    if (oflags & wasi.OFLAGS_TRUNC) flags |= P.O_TRUNC;
    if (oflags & wasi.OFLAGS_DIRECTORY) flags |= P.O_DIRECTORY;
    const ret = this.calls.call(P.Op.OPEN, path, (i32) => (i32[P.FLAGS] = flags));
    if (ret !== OK) return { ret, fd_obj: null };
    if (this.calls.kind === P.DIR) {
      if (write) return { ret: wasi.ERRNO_ISDIR, fd_obj: null }; // as open(2) of a directory for writing
      return { ret: OK, fd_obj: new RemoteDirectory(this.calls, this.memory, path) };
    }
    const append = (fdflags & wasi.FDFLAGS_APPEND) !== 0;
    return { ret: OK, fd_obj: new RemoteFile(this.calls, this.memory, this.calls.handle, read, write, append) };
  }

  override path_filestat_get(_flags: number, rel: string) {
    const path = this.resolve(rel);
    if (typeof path === "number") return { ret: path, filestat: null };
    const ret = this.calls.call(P.Op.STAT, path);
    return ret === OK ? { ret, filestat: filestat(this.calls.kind === P.DIR, this.calls.result) } : { ret, filestat: null };
  }

  private onPath(op: P.Op, rel: string): number {
    const path = this.resolve(rel);
    return typeof path === "number" ? path : this.calls.call(op, path);
  }

  override path_create_directory(rel: string) {
    return this.onPath(P.Op.MKDIR, rel);
  }

  override path_remove_directory(rel: string) {
    return this.onPath(P.Op.RMDIR, rel);
  }

  override path_unlink_file(rel: string) {
    return this.onPath(P.Op.UNLINK, rel);
  }
}

/** An open file of the job: reads and writes at offsets, by the file worker, straight between the file and the rank's memory. */
class RemoteFile extends WasiFile implements DirectIo {
  constructor(
    private readonly calls: FileCalls,
    private readonly memory: WebAssembly.Memory,
    private readonly handle: number,
    private readonly readable: boolean,
    private readonly writable: boolean,
    private readonly append: boolean,
  ) {
    super();
  }

  protected end(): number | undefined {
    return this.size();
  }

  private size(): number | undefined {
    return this.calls.call(P.Op.FSTAT, null, (i32) => (i32[P.HANDLE] = this.handle)) === OK ? this.calls.result : undefined;
  }

  /** Moves `view` (of the rank's memory) to or from the file at `at`, or at the position (moving it). */
  private move(op: P.Op.READ | P.Op.WRITE, view: Uint8Array, at: number | null) {
    if (!(op === P.Op.READ ? this.readable : this.writable)) return { ret: wasi.ERRNO_BADF, n: 0 };
    if (view.buffer !== this.memory.buffer) return { ret: wasi.ERRNO_FAULT, n: 0 }; // the file worker reaches this rank's memory only
    let where = at ?? this.position;
    if (op === P.Op.WRITE && this.append) {
      const end = this.size(); // O_APPEND: every write at the end, whatever the position says
      if (end === undefined) return { ret: wasi.ERRNO_IO, n: 0 };
      where = end;
    }
    const ret = this.calls.call(op, null, (i32, f64) => {
      i32[P.HANDLE] = this.handle;
      f64[P.PTR] = view.byteOffset;
      f64[P.LEN] = view.length;
      f64[P.AT] = where;
    });
    if (ret !== OK) return { ret, n: 0 };
    const n = this.calls.result;
    if (at === null) this.position = where + n;
    return { ret: OK, n };
  }

  readInto(into: Uint8Array, at: number | null) {
    return this.move(P.Op.READ, into, at);
  }

  writeFrom(from: Uint8Array, at: number | null) {
    return this.move(P.Op.WRITE, from, at);
  }

  override fd_fdstat_get() {
    return { ret: OK, fdstat: new wasi.Fdstat(wasi.FILETYPE_REGULAR_FILE, this.append ? wasi.FDFLAGS_APPEND : 0) };
  }

  override fd_filestat_get() {
    const size = this.size();
    return size === undefined ? { ret: wasi.ERRNO_IO, filestat: null } : { ret: OK, filestat: filestat(false, size) };
  }

  private truncate(size: number): number {
    if (!this.writable) return wasi.ERRNO_INVAL; // ftruncate(2) of a file not open for writing
    return this.calls.call(P.Op.TRUNCATE, null, (i32, f64) => {
      i32[P.HANDLE] = this.handle;
      f64[P.AT] = size;
    });
  }

  override fd_filestat_set_size(size: bigint) {
    return this.truncate(Number(size));
  }

  override fd_allocate(offset: bigint, len: bigint) {
    const end = Number(offset + len);
    const size = this.size();
    if (size === undefined) return wasi.ERRNO_IO;
    return size < end ? this.truncate(end) : OK;
  }

  override fd_sync() {
    return this.calls.call(P.Op.SYNC, null, (i32) => (i32[P.HANDLE] = this.handle));
  }

  override fd_close() {
    return this.calls.call(P.Op.CLOSE, null, (i32) => (i32[P.HANDLE] = this.handle));
  }
}
