/**
 * The file store of a browser job in the Origin Private File System: real
 * files of the origin, which outlive the job and the page (the page reads
 * them with navigator.storage.getDirectory()). Only a dedicated worker gets
 * synchronous access (FileSystemSyncAccessHandle), and only one access
 * handle per file at a time: so the file worker holds one per open file and
 * every rank's open of it shares that handle, counted, and the file worker
 * serialises every read and write (each one atomic, as MPI's atomic mode
 * wants). A file unlinked while open disappears from its name at once (POSIX)
 * and from the store at its last close.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";
import { O_CREAT, O_DIRECTORY, O_EXCL, O_TRUNC } from "./file-protocol.js";
import { errnoOf, type FileStore, type Stat, type StoreFile } from "./file-store.js";

/** The part of FileSystemSyncAccessHandle used here (TypeScript's DOM library lacks it). */
interface SyncAccess {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  getSize(): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

/** One file's access handle and the opens that share it. */
interface Opened {
  access: SyncAccess;
  parent: FileSystemDirectoryHandle;
  name: string;
  opens: number;
  unlinked: boolean;
}

/**
 * Whether the access handle takes views of shared memory (a rank's memory):
 * tried once, then copied through a private buffer if it does not.
 */
let sharedViews = true;

/**
 * The end past which Chromium's access handle (measured: Chromium 156 on
 * Debian) neither reads nor writes: at 4.5e9 write() answered 2^32 - 8 bytes
 * written and the file did not grow. A transfer reaching past it fails with
 * EFBIG (MPI_ERR_IO) instead of returning nonsense.
 */
const OPFS_END = 2 ** 32;

function transfer(f: (b: Uint8Array) => number, view: Uint8Array, at: number, copyIn: boolean): number {
  if (at + view.length > OPFS_END) throw new RangeError(`the file would reach past ${OPFS_END} bytes, the most this browser's OPFS keeps`);
  if (sharedViews) {
    try {
      return f(view);
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      sharedViews = false;
    }
  }
  const own = copyIn ? view.slice() : new Uint8Array(view.length);
  const n = f(own);
  if (!copyIn) view.set(own.subarray(0, n));
  return n;
}

class OpfsFile implements StoreFile {
  private closed = false;

  constructor(
    private readonly file: Opened,
    private readonly release: (f: Opened) => void,
  ) {}

  read(into: Uint8Array, at: number): number {
    return transfer((b) => this.file.access.read(b, { at }), into, at, false);
  }

  write(from: Uint8Array, at: number): number {
    return transfer((b) => this.file.access.write(b, { at }), from, at, true);
  }

  size(): number {
    return this.file.access.getSize();
  }

  truncate(size: number): void {
    if (size > OPFS_END) throw new RangeError(`a size past ${OPFS_END} bytes, the most this browser's OPFS keeps`);
    this.file.access.truncate(size);
  }

  flush(): void {
    this.file.access.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release(this.file);
  }
}

export class OpfsStore implements FileStore {
  readonly kind = "opfs";
  /** Open files by path; a file being opened is a promise every other open of it awaits. */
  private readonly opened = new Map<string, Promise<Opened>>();

  private constructor(private readonly root: FileSystemDirectoryHandle) {}

  /**
   * The origin's private file system, or why this browser offers none (an
   * insecure context, storage refused for the site, a browser without
   * synchronous access handles): then the job's files go to memory.
   */
  static async origin(): Promise<FileSystemDirectoryHandle | string> {
    if (typeof navigator.storage?.getDirectory !== "function") return "navigator.storage.getDirectory is missing";
    // a dedicated worker's handles have createSyncAccessHandle; without it this store cannot serve a rank
    if (typeof (FileSystemFileHandle.prototype as { createSyncAccessHandle?: unknown }).createSyncAccessHandle !== "function")
      return "this browser has no FileSystemSyncAccessHandle";
    try {
      return await navigator.storage.getDirectory();
    } catch (e) {
      return `navigator.storage.getDirectory() failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** The store at `directory` below `origin` (made if missing). */
  static async at(origin: FileSystemDirectoryHandle, directory: string): Promise<OpfsStore> {
    let dir = origin;
    for (const name of directory.split("/").filter((c) => c !== "")) {
      try {
        dir = await dir.getDirectoryHandle(name, { create: true });
      } catch (e) {
        throw new Error(`cannot make the directory "${directory}" in the origin's private file system: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return new OpfsStore(dir);
  }

  private async dir(path: string[]): Promise<FileSystemDirectoryHandle> {
    let d = this.root;
    for (const name of path) d = await d.getDirectoryHandle(name);
    return d;
  }

  /** What `name` in `parent` is: "dir", "file", or absent (undefined). */
  private async what(parent: FileSystemDirectoryHandle, name: string): Promise<"dir" | "file" | undefined> {
    try {
      await parent.getDirectoryHandle(name);
      return "dir";
    } catch (e) {
      if ((e as DOMException).name === "TypeMismatchError") return "file";
      if ((e as DOMException).name === "NotFoundError") return undefined;
      throw e;
    }
  }

  /** `path` that an open but unlinked file no longer names. */
  private async unlinkedAt(key: string): Promise<boolean> {
    const o = this.opened.get(key);
    return o !== undefined && (await o).unlinked;
  }

  async open(path: string[], flags: number): Promise<StoreFile | "dir" | number> {
    try {
      if (path.length === 0) return flags & O_CREAT && flags & O_EXCL ? wasi.ERRNO_EXIST : "dir";
      const key = path.join("/");
      const parent = await this.dir(path.slice(0, -1));
      const name = path[path.length - 1];
      if (await this.unlinkedAt(key)) return flags & O_CREAT ? wasi.ERRNO_BUSY : wasi.ERRNO_NOENT;
      const kind = await this.what(parent, name);
      if (kind === "dir") return flags & O_CREAT && flags & O_EXCL ? wasi.ERRNO_EXIST : "dir";
      if (flags & O_DIRECTORY) return kind ? wasi.ERRNO_NOTDIR : wasi.ERRNO_NOENT;
      if (kind === "file" && flags & O_CREAT && flags & O_EXCL) return wasi.ERRNO_EXIST;
      if (kind === undefined && !(flags & O_CREAT)) return wasi.ERRNO_NOENT;
      let opening = this.opened.get(key);
      if (opening === undefined) {
        opening = (async () => {
          const handle = await parent.getFileHandle(name, { create: true });
          const access = await (handle as unknown as { createSyncAccessHandle(): Promise<SyncAccess> }).createSyncAccessHandle();
          return { access, parent, name, opens: 0, unlinked: false };
        })();
        this.opened.set(key, opening);
        opening.catch(() => this.opened.delete(key));
      }
      const file = await opening;
      file.opens++;
      if (flags & O_TRUNC) file.access.truncate(0);
      return new OpfsFile(file, (f) => this.release(key, f));
    } catch (e) {
      return errnoOf(e);
    }
  }

  /** One open of `f` is over: the last closes its access handle (and removes it if it was unlinked). */
  private release(key: string, f: Opened): void {
    if (--f.opens > 0) return;
    f.access.close();
    this.opened.delete(key);
    if (f.unlinked) void f.parent.removeEntry(f.name).catch(() => {});
  }

  async stat(path: string[]): Promise<Stat | number> {
    try {
      if (path.length === 0) return { dir: true, size: 0 };
      const key = path.join("/");
      if (await this.unlinkedAt(key)) return wasi.ERRNO_NOENT;
      const open = this.opened.get(key);
      if (open !== undefined) return { dir: false, size: (await open).access.getSize() };
      const parent = await this.dir(path.slice(0, -1));
      const name = path[path.length - 1];
      if ((await this.what(parent, name)) === "dir") return { dir: true, size: 0 };
      return { dir: false, size: (await (await parent.getFileHandle(name)).getFile()).size };
    } catch (e) {
      return errnoOf(e);
    }
  }

  /** `f` on the entry `path` names (its directory, its name, what it is), or the errno of finding it. */
  private async onEntry(path: string[], f: (parent: FileSystemDirectoryHandle, name: string, kind: "dir" | "file" | undefined) => Promise<number>): Promise<number> {
    try {
      const parent = await this.dir(path.slice(0, -1));
      const name = path[path.length - 1];
      return await f(parent, name, await this.what(parent, name));
    } catch (e) {
      return errnoOf(e);
    }
  }

  async unlink(path: string[]): Promise<number> {
    if (path.length === 0) return wasi.ERRNO_ISDIR;
    const open = this.opened.get(path.join("/"));
    if (open !== undefined) {
      try {
        const f = await open;
        if (f.unlinked) return wasi.ERRNO_NOENT;
        f.unlinked = true; // gone from its name now; from the store at its last close
        return 0;
      } catch (e) {
        return errnoOf(e);
      }
    }
    return this.onEntry(path, async (parent, name, kind) => {
      if (kind === undefined) return wasi.ERRNO_NOENT;
      if (kind === "dir") return wasi.ERRNO_ISDIR;
      await parent.removeEntry(name);
      return 0;
    });
  }

  async mkdir(path: string[]): Promise<number> {
    if (path.length === 0) return wasi.ERRNO_EXIST;
    return this.onEntry(path, async (parent, name, kind) => {
      if (kind !== undefined) return wasi.ERRNO_EXIST;
      await parent.getDirectoryHandle(name, { create: true });
      return 0;
    });
  }

  async rmdir(path: string[]): Promise<number> {
    if (path.length === 0) return wasi.ERRNO_BUSY;
    return this.onEntry(path, async (parent, name, kind) => {
      if (kind === undefined) return wasi.ERRNO_NOENT;
      if (kind === "file") return wasi.ERRNO_NOTDIR;
      await parent.removeEntry(name); // not recursive: a directory with entries fails (InvalidModificationError)
      return 0;
    });
  }
}
