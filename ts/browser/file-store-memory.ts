/**
 * The file store of a browser job without the Origin Private File System:
 * files in the file worker's memory, shared by every rank of the job and gone
 * with it. POSIX semantics where MPI-IO meets them: an unlinked file stays
 * readable and writable through the opens it already has.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";
import { O_CREAT, O_DIRECTORY, O_EXCL, O_TRUNC } from "./file-protocol.js";
import type { FileStore, Stat, StoreFile } from "./file-store.js";

/** A file's bytes: `data` has room for more than `size`; bytes past `size` are always zero. */
class Node {
  data = new Uint8Array(0);
  size = 0;

  room(end: number): void {
    if (end <= this.data.length) return;
    const grown = new Uint8Array(Math.max(end, this.data.length * 2, 4096));
    grown.set(this.data.subarray(0, this.size));
    this.data = grown;
  }
}

class MemoryFile implements StoreFile {
  constructor(private readonly node: Node) {}

  read(into: Uint8Array, at: number): number {
    const n = Math.max(0, Math.min(into.length, this.node.size - at));
    into.set(this.node.data.subarray(at, at + n));
    return n;
  }

  write(from: Uint8Array, at: number): number {
    const end = at + from.length;
    this.node.room(end);
    this.node.data.set(from, at);
    this.node.size = Math.max(this.node.size, end);
    return from.length;
  }

  size(): number {
    return this.node.size;
  }

  truncate(size: number): void {
    const n = this.node;
    if (size < n.size) n.data.fill(0, size, n.size);
    else n.room(size);
    n.size = size;
  }

  flush(): void {}
  close(): void {}
}

export class MemoryStore implements FileStore {
  readonly kind = "memory";
  private readonly dirs = new Set<string>([""]);
  private readonly files = new Map<string, Node>();

  /** The parent of `path` as an errno if it is not a directory (0 when it is). */
  private parentProblem(path: string[]): number {
    const parent = path.slice(0, -1).join("/");
    if (this.dirs.has(parent)) return 0;
    // a file on the way, or nothing there
    for (let i = 1; i < path.length; i++) if (this.files.has(path.slice(0, i).join("/"))) return wasi.ERRNO_NOTDIR;
    return wasi.ERRNO_NOENT;
  }

  async open(path: string[], flags: number): Promise<StoreFile | "dir" | number> {
    const key = path.join("/");
    if (this.dirs.has(key)) return flags & O_CREAT && flags & O_EXCL ? wasi.ERRNO_EXIST : "dir";
    const problem = this.parentProblem(path);
    if (problem) return problem;
    let node = this.files.get(key);
    if (flags & O_DIRECTORY) return node ? wasi.ERRNO_NOTDIR : wasi.ERRNO_NOENT;
    if (node && flags & O_CREAT && flags & O_EXCL) return wasi.ERRNO_EXIST;
    if (!node) {
      if (!(flags & O_CREAT)) return wasi.ERRNO_NOENT;
      this.files.set(key, (node = new Node()));
    }
    const file = new MemoryFile(node);
    if (flags & O_TRUNC) file.truncate(0);
    return file;
  }

  async stat(path: string[]): Promise<Stat | number> {
    const key = path.join("/");
    if (this.dirs.has(key)) return { dir: true, size: 0 };
    const node = this.files.get(key);
    return node ? { dir: false, size: node.size } : this.parentProblem(path) || wasi.ERRNO_NOENT;
  }

  async unlink(path: string[]): Promise<number> {
    const key = path.join("/");
    if (this.dirs.has(key)) return wasi.ERRNO_ISDIR;
    if (!this.files.delete(key)) return this.parentProblem(path) || wasi.ERRNO_NOENT;
    return 0;
  }

  async mkdir(path: string[]): Promise<number> {
    const key = path.join("/");
    if (this.dirs.has(key) || this.files.has(key)) return wasi.ERRNO_EXIST;
    const problem = this.parentProblem(path);
    if (problem) return problem;
    this.dirs.add(key);
    return 0;
  }

  async rmdir(path: string[]): Promise<number> {
    const key = path.join("/");
    if (key === "") return wasi.ERRNO_BUSY;
    if (!this.dirs.has(key)) return this.files.has(key) ? wasi.ERRNO_NOTDIR : this.parentProblem(path) || wasi.ERRNO_NOENT;
    const inside = key + "/";
    for (const k of [...this.dirs, ...this.files.keys()]) if (k.startsWith(inside)) return wasi.ERRNO_NOTEMPTY;
    this.dirs.delete(key);
    return 0;
  }
}
