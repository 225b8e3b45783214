/**
 * Where a browser job's files live, as the file worker (file-server.ts) sees
 * them: a tree of directories and files below the job's root, named by path
 * components already checked by the rank (file-client.ts). Two stores:
 * file-store-opfs.ts (the origin's private file system: files outlive the
 * job and the page) and file-store-memory.ts (the file worker's memory, when
 * the browser has no OPFS). Failures are WASI errnos, so the C library in
 * the rank sets errno as it would on Node.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";
import type { FileStoreKind } from "./file-protocol.js";

/** One open of a file. Reads and writes are at explicit offsets (the rank keeps any file position). */
export interface StoreFile {
  /** Bytes read into `into` from `at` (fewer at the end of the file). */
  read(into: Uint8Array, at: number): number;
  /** Writes all of `from` at `at`, growing the file (a hole reads as zeros). */
  write(from: Uint8Array, at: number): number;
  size(): number;
  truncate(size: number): void;
  flush(): void;
  /** This open is over; the file itself stays (unless it was unlinked and this was its last open). */
  close(): void;
}

export interface Stat {
  dir: boolean;
  size: number;
}

export interface FileStore {
  readonly kind: FileStoreKind;
  /** Opens (O_* flags of file-protocol.ts): a file, "dir" for a directory, or an errno. */
  open(path: string[], flags: number): Promise<StoreFile | "dir" | number>;
  stat(path: string[]): Promise<Stat | number>;
  unlink(path: string[]): Promise<number>;
  mkdir(path: string[]): Promise<number>;
  rmdir(path: string[]): Promise<number>;
}

/** An exception of the browser's file system (a DOMException) as a WASI errno. */
export function errnoOf(e: unknown): number {
  const name = (e as { name?: string } | null)?.name;
  switch (name) {
    case "NotFoundError":
      return wasi.ERRNO_NOENT;
    case "TypeMismatchError":
      return wasi.ERRNO_NOTDIR;
    case "NoModificationAllowedError":
      return wasi.ERRNO_BUSY; // another open holds the file's access handle
    case "InvalidModificationError":
      return wasi.ERRNO_NOTEMPTY;
    case "QuotaExceededError":
      return wasi.ERRNO_NOSPC;
    case "NotAllowedError":
    case "SecurityError":
      return wasi.ERRNO_ACCES;
    case "RangeError":
      return wasi.ERRNO_FBIG;
    default:
      return wasi.ERRNO_IO;
  }
}
