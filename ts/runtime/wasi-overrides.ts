/**
 * Where @bjorn3/browser_wasi_shim falls short for real files (host-dir.ts),
 * its WASI functions are replaced for the file descriptors that can do
 * better, and left as they are for the others (the standard streams, its
 * in-memory files):
 * - path_rename: the shim moves in-memory inodes only; a directory that can
 *   rename (renameTo) does it.
 * - fd_read, fd_write, fd_pread, fd_pwrite: the shim stages every transfer
 *   in a fresh buffer and copies it again; a file that can (readInto /
 *   writeFrom) moves bytes straight between the file and the rank's memory.
 * - poll_oneoff (sleeping): wasi-poll.ts.
 */
import type { Fd, WASI } from "@bjorn3/browser_wasi_shim";
import { wasi as W } from "@bjorn3/browser_wasi_shim";
import { pollOneoff } from "./wasi-poll.js";

/** A directory that renames within its sandbox. */
export interface Renaming {
  renameTo(rel: string, to: Fd | undefined, newRel: string): number;
}

/** A file that reads into and writes from any bytes (a view of the rank's memory); `at` null: its own position. */
export interface DirectIo {
  readInto(into: Uint8Array, at: number | null): { ret: number; n: number };
  writeFrom(from: Uint8Array, at: number | null): { ret: number; n: number };
}

type Fn = (...args: number[]) => number;

export function overrideWasi(wasi: WASI, memory: WebAssembly.Memory): void {
  const imports = wasi.wasiImport as Record<string, Fn>;
  const text = new TextDecoder();
  const str = (ptr: number, len: number) => text.decode(new Uint8Array(memory.buffer).slice(ptr >>> 0, (ptr >>> 0) + len));

  imports.poll_oneoff = pollOneoff(memory);
  const shimRename = imports.path_rename;
  imports.path_rename = (fd, oldPtr, oldLen, newFd, newPtr, newLen) => {
    const dir = wasi.fds[fd] as Partial<Renaming> | undefined;
    if (typeof dir?.renameTo !== "function") return shimRename(fd, oldPtr, oldLen, newFd, newPtr, newLen);
    return wasi.fds[newFd] === undefined ? W.ERRNO_BADF : dir.renameTo(str(oldPtr, oldLen), wasi.fds[newFd], str(newPtr, newLen));
  };

  /** One transfer over the iovecs at iovs: each straight into or out of memory, stopping at a short one. */
  const transfer = (file: DirectIo, write: boolean, iovs: number, count: number, at: number | null, donePtr: number): number => {
    const dv = new DataView(memory.buffer);
    const u8 = new Uint8Array(memory.buffer);
    let done = 0;
    for (let i = 0; i < count; i++) {
      const buf = dv.getUint32(iovs + 8 * i, true);
      const len = dv.getUint32(iovs + 8 * i + 4, true);
      if (buf + len > u8.length) {
        dv.setUint32(donePtr, done, true);
        return W.ERRNO_FAULT; // not this rank's memory
      }
      const view = u8.subarray(buf, buf + len);
      const { ret, n } = write ? file.writeFrom(view, at === null ? null : at + done) : file.readInto(view, at === null ? null : at + done);
      if (ret !== W.ERRNO_SUCCESS) {
        dv.setUint32(donePtr, done, true);
        return ret;
      }
      done += n;
      if (n !== len) break;
    }
    dv.setUint32(donePtr, done, true);
    return W.ERRNO_SUCCESS;
  };
  const direct = (fd: number) => {
    const f = wasi.fds[fd] as Partial<DirectIo> | undefined;
    return typeof f?.readInto === "function" && typeof f.writeFrom === "function" ? (f as DirectIo) : undefined;
  };
  const { fd_read, fd_write, fd_pread, fd_pwrite } = imports;
  imports.fd_read = (fd, iovs, count, nread) => {
    const f = direct(fd);
    return f ? transfer(f, false, iovs >>> 0, count, null, nread >>> 0) : fd_read(fd, iovs, count, nread);
  };
  imports.fd_write = (fd, iovs, count, nwritten) => {
    const f = direct(fd);
    return f ? transfer(f, true, iovs >>> 0, count, null, nwritten >>> 0) : fd_write(fd, iovs, count, nwritten);
  };
  // offsets come as i64: BigInt
  const pread = fd_pread as unknown as (fd: number, iovs: number, count: number, at: bigint, n: number) => number;
  const pwrite = fd_pwrite as unknown as (fd: number, iovs: number, count: number, at: bigint, n: number) => number;
  (imports as unknown as Record<string, unknown>).fd_pread = (fd: number, iovs: number, count: number, at: bigint, nread: number) => {
    const f = direct(fd);
    return f ? transfer(f, false, iovs >>> 0, count, Number(at), nread >>> 0) : pread(fd, iovs, count, at, nread);
  };
  (imports as unknown as Record<string, unknown>).fd_pwrite = (fd: number, iovs: number, count: number, at: bigint, nwritten: number) => {
    const f = direct(fd);
    return f ? transfer(f, true, iovs >>> 0, count, Number(at), nwritten >>> 0) : pwrite(fd, iovs, count, at, nwritten);
  };
}
