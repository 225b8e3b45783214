/**
 * The file worker's side of file-protocol.ts: it answers every rank's calls
 * from its call block, one rank at a time in the order they come (each
 * answered call is done: a write another rank reads next is there), reading
 * and writing the ranks' memories directly.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";
import {
  AT,
  DIR,
  ERRNO,
  F64_AT,
  FILE,
  FLAGS,
  HANDLE,
  KIND,
  LEN,
  Op,
  OP,
  PATH_AT,
  PATH_LEN,
  PTR,
  RESULT,
} from "./file-protocol.js";
import { serveBlock } from "./call-block.js";
import { errnoOf, type FileStore, type StoreFile } from "./file-store.js";

export interface FileServer {
  /** Stops answering (the job is over) and closes every file still open. */
  stop(): void;
}

export function serveFiles(store: FileStore, blocks: SharedArrayBuffer[], memories: WebAssembly.Memory[]): FileServer {
  const open = new Map<number, StoreFile>();
  let next = 1;
  let stopped = false;
  const utf8 = new TextDecoder();

  /** One call of rank `r`: its answer goes into the block; the errno is returned. */
  async function answer(r: number, i32: Int32Array, f64: Float64Array): Promise<number> {
    const op = i32[OP] as Op;
    const path = () => {
      const bytes = new Uint8Array(blocks[r], PATH_AT, i32[PATH_LEN]).slice();
      return utf8.decode(bytes).split("/").filter((c) => c !== "");
    };
    const file = () => open.get(i32[HANDLE]);
    switch (op) {
      case Op.OPEN: {
        const got = await store.open(path(), i32[FLAGS]);
        if (typeof got === "number") return got;
        i32[KIND] = got === "dir" ? DIR : FILE;
        if (got !== "dir") {
          i32[HANDLE] = next;
          open.set(next++, got);
        }
        return 0;
      }
      case Op.STAT: {
        const st = await store.stat(path());
        if (typeof st === "number") return st;
        i32[KIND] = st.dir ? DIR : FILE;
        f64[RESULT] = st.size;
        return 0;
      }
      case Op.MKDIR:
        return store.mkdir(path());
      case Op.RMDIR:
        return store.rmdir(path());
      case Op.UNLINK:
        return store.unlink(path());
    }
    const f = file();
    if (f === undefined) return wasi.ERRNO_BADF;
    switch (op) {
      case Op.FSTAT:
        f64[RESULT] = f.size();
        return 0;
      case Op.READ:
      case Op.WRITE: {
        const memory = memories[r].buffer;
        const ptr = f64[PTR];
        const len = f64[LEN];
        if (ptr + len > memory.byteLength) return wasi.ERRNO_FAULT;
        const view = new Uint8Array(memory, ptr, len);
        f64[RESULT] = op === Op.READ ? f.read(view, f64[AT]) : f.write(view, f64[AT]);
        return 0;
      }
      case Op.TRUNCATE:
        f.truncate(f64[AT]);
        return 0;
      case Op.SYNC:
        f.flush();
        return 0;
      case Op.CLOSE:
        open.delete(i32[HANDLE]);
        f.close();
        return 0;
      default:
        return wasi.ERRNO_NOSYS;
    }
  }

  function serve(r: number): Promise<void> {
    const i32 = new Int32Array(blocks[r]);
    const f64 = new Float64Array(blocks[r], F64_AT, 4);
    return serveBlock(i32, () => stopped, async () => {
      let errno: number;
      try {
        errno = await answer(r, i32, f64);
      } catch (e) {
        errno = errnoOf(e);
      }
      i32[ERRNO] = errno;
    });
  }

  blocks.forEach((_, r) => void serve(r));
  return {
    stop() {
      stopped = true;
      for (const f of open.values()) f.close();
      open.clear();
    },
  };
}
