/**
 * How a browser rank asks the job's file worker (file-server.ts) for file
 * operations, synchronously: a rank's WASI calls (MPI-IO's open, pread,
 * pwrite, ...) must return a result, while the file worker's storage (the
 * Origin Private File System) opens files asynchronously. Each rank has a
 * call block of its own, a SharedArrayBuffer both sides see: the rank writes
 * a request and sleeps on STATE; the file worker, which waits for it with
 * Atomics.waitAsync, answers and wakes it (call-block.ts). Data never travels through the
 * block: the file worker reads and writes the rank's shared memory itself.
 */

/** Bytes of one rank's call block. */
export const CALL_BLOCK_BYTES = 8192;

/** Int32 slots (slot 0 is call-block.ts's STATE). */
export const OP = 1;
export const ERRNO = 2; // the answer: a WASI errno (0: success)
export const PATH_LEN = 3; // bytes of the UTF-8 path at PATH_AT
export const HANDLE = 4; // an open file's number (OPEN answers it; READ, WRITE, ... name it)
export const FLAGS = 5; // OPEN: the O_* bits below
export const KIND = 6; // OPEN and STAT answer: FILE or DIR

/** Float64 slots (byte offset 32): offsets and sizes are below 2^53. */
export const F64_AT = 32;
export const AT = 0; // READ/WRITE: the file offset; TRUNCATE: the new size
export const PTR = 1; // READ/WRITE: where in the rank's memory
export const LEN = 2; // READ/WRITE: how many bytes
export const RESULT = 3; // READ/WRITE: bytes moved; STAT/FSTAT: the size

/** The path's bytes (UTF-8, relative to the job's root directory, '/'-separated, already resolved). */
export const PATH_AT = 128;
export const PATH_MAX = CALL_BLOCK_BYTES - PATH_AT;

export const enum Op {
  OPEN = 1,
  STAT,
  FSTAT,
  READ,
  WRITE,
  TRUNCATE,
  SYNC,
  CLOSE,
  UNLINK,
  MKDIR,
  RMDIR,
}

/** OPEN's flags. */
export const O_CREAT = 1;
export const O_EXCL = 2;
export const O_TRUNC = 4;
/** the path must be a directory */
export const O_DIRECTORY = 8;

/** What a path names. */
export const FILE = 1;
export const DIR = 2;

/** Where a job's files live: the origin's private file system, or the file worker's memory (gone with the job). */
export type FileStoreKind = "opfs" | "memory";

/** page -> file worker: serve these ranks' call blocks, reading and writing their memories. */
export interface FileWorkerStart {
  type: "start";
  /** the store wanted: "opfs" falls back to "memory" where the browser has no OPFS */
  store: FileStoreKind;
  /** the job's root below the store's root ('/'-separated; "" for the store's root); made if missing */
  directory: string;
  blocks: SharedArrayBuffer[];
  memories: WebAssembly.Memory[];
}

/** file worker -> page: serving (with the store it got, and why not the one asked for), or it could not start. */
export type FileWorkerReply = { type: "ready"; store: FileStoreKind; fallback?: string } | { type: "failed"; message: string };
