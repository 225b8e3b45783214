import { SendMode } from "./constants.js";
import { core } from "./environment.js";
import { scratch } from "./scratch.js";
import { bytesOf, PIPELINE_MIN, type MessageBuffer } from "./msgbuffer.js";
import type { Datatype } from "./datatype.js";

/** Chunks: about eight a message (so that the copies overlap), 16 KiB to 256 KiB each. */
function chunkFor(n: number): number {
  return Math.min(1 << 18, Math.max(1 << 14, Math.ceil(n / 8 / 4096) * 4096));
}

/** A send under way from a staging copy; release() once the request has completed. */
export interface PipelinedSend {
  handle: number;
  release(): void;
}

/** Completes a blocking send started pipelined, then frees its staging. */
export function waitPipelined(p: PipelinedSend): void {
  try {
    core().check(core().wait(p.handle, scratch.status()));
  } finally {
    p.release();
  }
}

/** Whether a send of mb should stage in chunks behind its rendezvous (large, outside linear memory, not buffered, a dense datatype the core need not pack). */
export function pipelines(mode: SendMode, mb: MessageBuffer): boolean {
  return mode !== SendMode.Buffered && mb.byteLength >= PIPELINE_MIN && !mb.linear && mb.dense;
}

/**
 * Starts a send of an ordinary TypedArray by rendezvous first, then copies it
 * into linear memory a chunk at a time, publishing a staged-bytes counter:
 * the receiver copies each chunk out while the next one is staged, so the
 * two copies a JS-heap buffer needs take about the time of one (DESIGN.md 2.3).
 */
export function isendPipelined(mode: SendMode, mb: MessageBuffer, dest: number, tag: number, comm: number, blocking: boolean): PipelinedSend {
  return isendChunks(mode, [bytesOf(mb)], mb.count, mb.datatype, dest, tag, comm, blocking);
}

/** The same for a message made of several parts (an encoded object's chunks), sent as one. */
export function isendChunks(mode: SendMode, parts: Uint8Array[], count: number, datatype: Datatype, dest: number, tag: number, comm: number, blocking: boolean): PipelinedSend {
  const c = core();
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const ptr = c.malloc(n + 8);
  const counter = ptr + ((n + 3) & ~3);
  Atomics.store(c.i32, counter >> 2, 0);
  let handle: number;
  try {
    handle = c.isendStaged(mode, ptr, count, datatype.handle, dest, tag, comm, counter, blocking);
  } catch (e) {
    c.free(ptr);
    throw e;
  }
  const u8 = c.u8;
  const i32 = c.i32;
  const chunk = chunkFor(n);
  let at = 0;
  for (const src of parts) {
    for (let off = 0; off < src.byteLength; off += chunk) {
      const end = Math.min(off + chunk, src.byteLength);
      u8.set(src.subarray(off, end), ptr + at + off);
      Atomics.store(i32, counter >> 2, at + end);
      Atomics.notify(i32, counter >> 2); // a receiver may sleep on the counter
    }
    at += src.byteLength;
  }
  return { handle, release: () => c.free(ptr) };
}
