import { SendMode } from "./constants.js";
import { core } from "./environment.js";
import { PIPELINE_MIN, type MessageBuffer } from "./msgbuffer.js";

const CHUNK = 1 << 17;

/** A send under way from a staging copy; release() once the request has completed. */
export interface PipelinedSend {
  handle: number;
  release(): void;
}

/** Whether a send of mb should stage in chunks behind its rendezvous (large, outside linear memory, not buffered). */
export function pipelines(mode: SendMode, mb: MessageBuffer): boolean {
  return mode !== SendMode.Buffered && mb.byteLength >= PIPELINE_MIN && !core().isLinear(mb.buffer);
}

/**
 * Starts a send of an ordinary TypedArray by rendezvous first, then copies it
 * into linear memory a chunk at a time, publishing a staged-bytes counter:
 * the receiver copies each chunk out while the next one is staged, so the
 * two copies a JS-heap buffer needs take about the time of one (DESIGN.md 2.3).
 */
export function isendPipelined(mode: SendMode, mb: MessageBuffer, dest: number, tag: number, comm: number, blocking: boolean): PipelinedSend {
  const c = core();
  const n = mb.byteLength;
  const ptr = c.malloc(n + 8);
  const counter = ptr + ((n + 3) & ~3);
  Atomics.store(c.i32, counter >> 2, 0);
  let handle: number;
  try {
    handle = c.isendStaged(mode, ptr, mb.count, mb.datatype.handle, dest, tag, comm, counter, blocking);
  } catch (e) {
    c.free(ptr);
    throw e;
  }
  const src = new Uint8Array(mb.buffer, mb.byteOffset, n);
  const u8 = c.u8;
  const i32 = c.i32;
  for (let off = 0; off < n; off += CHUNK) {
    const end = Math.min(off + CHUNK, n);
    u8.set(src.subarray(off, end), ptr + off);
    Atomics.store(i32, counter >> 2, end);
  }
  return { handle, release: () => c.free(ptr) };
}
