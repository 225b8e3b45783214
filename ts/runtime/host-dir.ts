/**
 * A directory of the host given to a C program (wmpiexec --preopen, or the
 * job's scratch directory), as WASI file descriptors for
 * @bjorn3/browser_wasi_shim: the program reaches real files below it and
 * nothing else. Every path is resolved here again, whatever the C library
 * did: an absolute path, `..` past the top, or a symbolic link (anywhere on
 * the way) that leads outside fails with ENOTCAPABLE.
 *
 * Node only (node:fs, synchronous: a rank's WASI calls are synchronous).
 */
import fs from "node:fs";
import path from "node:path";
import { Fd, wasi } from "@bjorn3/browser_wasi_shim";
import type { FileAccess } from "./instance.js";
import type { DirectIo } from "./wasi-overrides.js";
import { WasiDirectory } from "./wasi-directory.js";
import { WasiFile } from "./wasi-file.js";
import { Filestat } from "./wasi-filestat.js";

const { ERRNO_SUCCESS: OK, ERRNO_NOTCAPABLE: NOTCAPABLE } = wasi;
/** WASI's lookupflags: follow a symbolic link at the end of the path */
const SYMLINK_FOLLOW = 1;

/** A Node error's code as a WASI errno. */
const ERRNO: Record<string, number> = {
  ENOENT: wasi.ERRNO_NOENT,
  EEXIST: wasi.ERRNO_EXIST,
  ENOTDIR: wasi.ERRNO_NOTDIR,
  EISDIR: wasi.ERRNO_ISDIR,
  EACCES: wasi.ERRNO_ACCES,
  EPERM: wasi.ERRNO_PERM,
  ENOTEMPTY: wasi.ERRNO_NOTEMPTY,
  EBADF: wasi.ERRNO_BADF,
  EINVAL: wasi.ERRNO_INVAL,
  ENOSPC: wasi.ERRNO_NOSPC,
  ELOOP: wasi.ERRNO_LOOP,
  ENAMETOOLONG: wasi.ERRNO_NAMETOOLONG,
  EXDEV: wasi.ERRNO_XDEV,
  EMFILE: wasi.ERRNO_MFILE,
  ENFILE: wasi.ERRNO_NFILE,
  EROFS: wasi.ERRNO_ROFS,
  EFBIG: wasi.ERRNO_FBIG,
  EBUSY: wasi.ERRNO_BUSY,
  EIO: wasi.ERRNO_IO,
};

function errno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code;
  return (code !== undefined && ERRNO[code]) || wasi.ERRNO_IO;
}

/** Runs a node:fs call; a thrown error becomes its errno. */
function attempt(f: () => void): number {
  try {
    f();
    return OK;
  } catch (e) {
    return errno(e);
  }
}

/** What a Stats or a Dirent says of a file's kind. */
type Kind = Pick<fs.Dirent, "isFile" | "isDirectory" | "isSymbolicLink" | "isCharacterDevice" | "isBlockDevice" | "isSocket">;

function filetype(st: Kind): number {
  if (st.isFile()) return wasi.FILETYPE_REGULAR_FILE;
  if (st.isDirectory()) return wasi.FILETYPE_DIRECTORY;
  if (st.isSymbolicLink()) return wasi.FILETYPE_SYMBOLIC_LINK;
  if (st.isCharacterDevice()) return wasi.FILETYPE_CHARACTER_DEVICE;
  if (st.isBlockDevice()) return wasi.FILETYPE_BLOCK_DEVICE;
  if (st.isSocket()) return wasi.FILETYPE_SOCKET_STREAM;
  return wasi.FILETYPE_UNKNOWN;
}

function filestat(st: fs.BigIntStats): wasi.Filestat {
  const f = new Filestat(st.ino, filetype(st), st.size);
  f.dev = st.dev;
  f.nlink = st.nlink;
  f.atim = st.atimeNs;
  f.mtim = st.mtimeNs;
  f.ctim = st.ctimeNs;
  return f;
}

/** Whether `p` is `root` or below it. */
function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** The whole file system, from the process's working directory: what a TypeScript program's core (MPI-IO) reaches, as the program itself does. */
export function wholeFileSystem(): FileAccess {
  return { dirs: [HostDirectory.preopen("/", "/")], cwd: process.cwd() };
}

/** A directory below (or at) the sandbox's root `root` (a real path). */
export class HostDirectory extends WasiDirectory {
  private entries: fs.Dirent[] | null = null;

  /** `guestName`: the name the program knows a preopened directory by (absent for one it opened itself). */
  constructor(
    private readonly root: string,
    private readonly dir: string,
    guestName?: string,
  ) {
    super(guestName);
  }

  /** A preopened directory: the host's `hostPath`, which the program names `guestName`. */
  static preopen(hostPath: string, guestName: string): HostDirectory {
    const real = fs.realpathSync(hostPath);
    return new HostDirectory(real, real, guestName);
  }

  /**
   * The host path `rel` names, or a WASI errno: ENOTCAPABLE when it leads
   * outside the sandbox (lexically, or through a link). `follow`: a link at
   * the end is followed (and must stay inside); else it is the link itself.
   */
  resolve(rel: string, follow: boolean): string | number {
    if (rel.includes("\0")) return wasi.ERRNO_INVAL;
    if (path.isAbsolute(rel)) return NOTCAPABLE;
    const target = path.resolve(this.dir, rel);
    if (!inside(this.root, target)) return NOTCAPABLE;
    if (target === this.root) return target;
    let parent: string;
    try {
      parent = fs.realpathSync(path.dirname(target));
    } catch (e) {
      return errno(e);
    }
    if (!inside(this.root, parent)) return NOTCAPABLE;
    const real = path.join(parent, path.basename(target));
    if (!follow) return real;
    try {
      const end = fs.realpathSync(real);
      return inside(this.root, end) ? end : NOTCAPABLE;
    } catch (e) {
      // a link to nowhere: following it would create outside; a name that does not exist yet is fine
      if (fs.lstatSync(real, { throwIfNoEntry: false })?.isSymbolicLink()) return NOTCAPABLE;
      return (e as NodeJS.ErrnoException).code === "ENOENT" ? real : errno(e);
    }
  }

  override fd_filestat_get() {
    try {
      return { ret: OK, filestat: filestat(fs.statSync(this.dir, { bigint: true })) };
    } catch (e) {
      return { ret: errno(e), filestat: null };
    }
  }

  /** Entry `cookie` ("." and ".." first), read when the listing starts. */
  override fd_readdir_single(cookie: bigint) {
    try {
      if (cookie === 0n || this.entries === null) this.entries = fs.readdirSync(this.dir, { withFileTypes: true });
    } catch (e) {
      return { ret: errno(e), dirent: null };
    }
    const i = Number(cookie);
    if (i < 2) return { ret: OK, dirent: new wasi.Dirent(cookie + 1n, 0n, i === 0 ? "." : "..", wasi.FILETYPE_DIRECTORY) };
    const d = this.entries[i - 2];
    if (d === undefined) return { ret: OK, dirent: null };
    return { ret: OK, dirent: new wasi.Dirent(cookie + 1n, 0n, d.name, filetype(d)) };
  }

  override path_open(dirflags: number, rel: string, oflags: number, rightsBase: bigint, _rightsInheriting: bigint, fdflags: number) {
    const follow = (dirflags & SYMLINK_FOLLOW) !== 0;
    const target = this.resolve(rel, follow);
    if (typeof target === "number") return { ret: target, fd_obj: null };
    const read = (rightsBase & BigInt(wasi.RIGHTS_FD_READ)) !== 0n;
    const write = (rightsBase & BigInt(wasi.RIGHTS_FD_WRITE)) !== 0n;
    const st = fs.lstatSync(target, { throwIfNoEntry: false });
    if (st?.isDirectory() || (oflags & wasi.OFLAGS_DIRECTORY) !== 0) {
      if (st === undefined) return { ret: (oflags & wasi.OFLAGS_CREAT) !== 0 ? wasi.ERRNO_INVAL : wasi.ERRNO_NOENT, fd_obj: null };
      if (!st.isDirectory()) return { ret: wasi.ERRNO_NOTDIR, fd_obj: null };
      if ((oflags & wasi.OFLAGS_EXCL) !== 0 && (oflags & wasi.OFLAGS_CREAT) !== 0) return { ret: wasi.ERRNO_EXIST, fd_obj: null };
      if (write) return { ret: wasi.ERRNO_ISDIR, fd_obj: null }; // as open(2) of a directory for writing
      return { ret: OK, fd_obj: new HostDirectory(this.root, target) };
    }
    const C = fs.constants;
    let flags = read && write ? C.O_RDWR : write ? C.O_WRONLY : C.O_RDONLY;
    if (oflags & wasi.OFLAGS_CREAT) flags |= C.O_CREAT;
    if (oflags & wasi.OFLAGS_EXCL) flags |= C.O_EXCL;
    if (oflags & wasi.OFLAGS_TRUNC) flags |= C.O_TRUNC;
    if (fdflags & wasi.FDFLAGS_APPEND) flags |= C.O_APPEND;
    if (fdflags & wasi.FDFLAGS_SYNC) flags |= C.O_SYNC;
    else if (fdflags & wasi.FDFLAGS_DSYNC) flags |= C.O_DSYNC;
    flags |= C.O_NOFOLLOW; // resolve() followed any link already: one swapped in since is not followed
    let fd: number;
    try {
      fd = fs.openSync(target, flags, 0o644);
    } catch (e) {
      return { ret: errno(e), fd_obj: null };
    }
    // a directory on the way renamed or swapped for a link since resolve(): where the file really is decides
    if (!this.openedInside(fd)) {
      fs.closeSync(fd);
      return { ret: NOTCAPABLE, fd_obj: null };
    }
    return { ret: OK, fd_obj: new HostFile(fd, (fdflags & wasi.FDFLAGS_APPEND) !== 0) };
  }

  /** Whether open file `fd` is below the root, by the path the system gives it (Linux: /proc/self/fd; elsewhere trusted). */
  private openedInside(fd: number): boolean {
    let real: string;
    try {
      real = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return true;
    }
    return inside(this.root, real);
  }

  override path_filestat_get(flags: number, rel: string) {
    const target = this.resolve(rel, (flags & SYMLINK_FOLLOW) !== 0);
    if (typeof target === "number") return { ret: target, filestat: null };
    try {
      return { ret: OK, filestat: filestat(fs.lstatSync(target, { bigint: true })) };
    } catch (e) {
      return { ret: errno(e), filestat: null };
    }
  }

  override path_create_directory(rel: string) {
    const target = this.resolve(rel, false);
    return typeof target === "number" ? target : attempt(() => fs.mkdirSync(target));
  }

  override path_remove_directory(rel: string) {
    const target = this.resolve(rel, false);
    if (typeof target === "number") return target;
    if (target === this.root) return wasi.ERRNO_BUSY;
    return attempt(() => fs.rmdirSync(target));
  }

  override path_unlink_file(rel: string) {
    const target = this.resolve(rel, false);
    if (typeof target === "number") return target;
    if (fs.lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) return wasi.ERRNO_ISDIR;
    return attempt(() => fs.unlinkSync(target));
  }

  override path_readlink(rel: string) {
    const target = this.resolve(rel, false);
    if (typeof target === "number") return { ret: target, data: null };
    try {
      return { ret: OK, data: fs.readlinkSync(target) };
    } catch (e) {
      return { ret: errno(e), data: null };
    }
  }

  /** rename(2) from `rel` here to `newRel` in `to` (both inside the sandbox). */
  renameTo(rel: string, to: Fd | undefined, newRel: string): number {
    if (!(to instanceof HostDirectory)) return wasi.ERRNO_XDEV;
    const from = this.resolve(rel, false);
    const dest = to.resolve(newRel, false);
    if (typeof from === "number") return from;
    if (typeof dest === "number") return dest;
    if (from === this.root || dest === to.root) return wasi.ERRNO_BUSY;
    return attempt(() => fs.renameSync(from, dest));
  }
}

/** An open file below a sandbox's root: node:fs calls at its own position; reads and writes go straight to and from the rank's memory (wasi-overrides.ts). */
export class HostFile extends WasiFile implements DirectIo {
  constructor(
    private readonly fd: number,
    private readonly append: boolean,
  ) {
    super();
  }

  override fd_fdstat_get() {
    return { ret: OK, fdstat: new wasi.Fdstat(wasi.FILETYPE_REGULAR_FILE, this.append ? wasi.FDFLAGS_APPEND : 0) };
  }

  override fd_filestat_get() {
    try {
      return { ret: OK, filestat: filestat(fs.fstatSync(this.fd, { bigint: true })) };
    } catch (e) {
      return { ret: errno(e), filestat: null };
    }
  }

  readInto(into: Uint8Array, at: number | null) {
    try {
      const n = fs.readSync(this.fd, into, 0, into.length, at ?? this.position);
      if (at === null) this.position += n;
      return { ret: OK, n };
    } catch (e) {
      return { ret: errno(e), n: 0 };
    }
  }

  writeFrom(from: Uint8Array, at: number | null) {
    try {
      // O_APPEND: the system puts every write at the end (position null), whatever the position says
      const n = fs.writeSync(this.fd, from, 0, from.length, this.append ? null : (at ?? this.position));
      if (at === null) this.position = this.append ? fs.fstatSync(this.fd).size : this.position + n;
      return { ret: OK, n };
    } catch (e) {
      return { ret: errno(e), n: 0 };
    }
  }

  override fd_read(size: number) {
    const data = new Uint8Array(size);
    try {
      const n = fs.readSync(this.fd, data, 0, size, this.position);
      this.position += n;
      return { ret: OK, data: data.subarray(0, n) };
    } catch (e) {
      return { ret: errno(e), data: new Uint8Array() };
    }
  }

  override fd_pread(size: number, offset: bigint) {
    const data = new Uint8Array(size);
    try {
      const n = fs.readSync(this.fd, data, 0, size, Number(offset));
      return { ret: OK, data: data.subarray(0, n) };
    } catch (e) {
      return { ret: errno(e), data: new Uint8Array() };
    }
  }

  override fd_write(data: Uint8Array) {
    try {
      // O_APPEND: the system puts every write at the end (position null), whatever the position says
      const n = fs.writeSync(this.fd, data, 0, data.length, this.append ? null : this.position);
      this.position = this.append ? fs.fstatSync(this.fd).size : this.position + n;
      return { ret: OK, nwritten: n };
    } catch (e) {
      return { ret: errno(e), nwritten: 0 };
    }
  }

  override fd_pwrite(data: Uint8Array, offset: bigint) {
    try {
      return { ret: OK, nwritten: fs.writeSync(this.fd, data, 0, data.length, Number(offset)) };
    } catch (e) {
      return { ret: errno(e), nwritten: 0 };
    }
  }

  protected end(): number | undefined {
    try {
      return fs.fstatSync(this.fd).size;
    } catch {
      return undefined;
    }
  }

  override fd_filestat_set_size(size: bigint) {
    return attempt(() => fs.ftruncateSync(this.fd, Number(size)));
  }

  override fd_allocate(offset: bigint, len: bigint) {
    const end = Number(offset + len);
    return attempt(() => {
      if (fs.fstatSync(this.fd).size < end) fs.ftruncateSync(this.fd, end);
    });
  }

  override fd_sync() {
    return attempt(() => fs.fsyncSync(this.fd));
  }

  override fd_close() {
    return attempt(() => fs.closeSync(this.fd));
  }
}
