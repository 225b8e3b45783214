import { core } from "./environment.js";
import { ErrorClass } from "./errorclasses.js";
import type { Datatype } from "./datatype.js";
import type { BufferLike } from "./msgbuffer.js";

/** A buffer argument's bytes. */
function bytesOfBuffer(buf: BufferLike, fc: string, arg: string): Uint8Array {
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && buf instanceof SharedArrayBuffer)) return new Uint8Array(buf);
  throw core().raise(0x44000001, ErrorClass.ERR_BUFFER, `${fc}: not a buffer (${arg}): expected a TypedArray, DataView or ArrayBuffer`);
}

/** Bytes in linear memory for the duration of fn: the buffer itself if it lives there, else a copy (copied back if `out`). */
function inLinear<T>(bytes: Uint8Array, out: boolean, fn: (ptr: number) => T): T {
  const c = core();
  if (c.isLinear(bytes.buffer)) return fn(bytes.byteOffset);
  const ptr = c.malloc(bytes.byteLength);
  try {
    c.u8.set(bytes, ptr);
    const r = fn(ptr);
    if (out) bytes.set(c.u8.subarray(ptr, ptr + bytes.byteLength));
    return r;
  } finally {
    c.free(ptr);
  }
}

/** Elements of type a buffer of n bytes holds (mpi4py: its length over the extent), all of whose data lies inside it. */
function elementsIn(type: Datatype, n: number, fc: string): number {
  const { extent, trueLb, trueExtent } = type.layout();
  if (trueLb < 0) throw core().raise(0x44000001, ErrorClass.ERR_BUFFER, `${fc}: datatype ${type.name} has data before its buffer's start (true lb ${trueLb})`);
  if (extent <= 0 || n < trueLb + trueExtent) return 0;
  return Math.min(Math.floor(n / extent), Math.floor((n - trueLb - trueExtent) / extent) + 1);
}

/** MPI_Pack / MPI_Pack_external from a buffer into another; returns the position after. */
export function packInto(type: Datatype, external: boolean, inbuf: BufferLike, outbuf: BufferLike, position: number, comm: number): number {
  const fc = external ? "MPI_Pack_external" : "MPI_Pack";
  const src = bytesOfBuffer(inbuf, fc, "inbuf");
  const dst = bytesOfBuffer(outbuf, fc, "outbuf");
  const count = elementsIn(type, src.byteLength, fc);
  return inLinear(src, false, (ip) => inLinear(dst, true, (op) => core().pack(external, ip, count, type.handle, op, dst.byteLength, position, comm)));
}

/** MPI_Unpack / MPI_Unpack_external; returns the position after. */
export function unpackFrom(type: Datatype, external: boolean, inbuf: BufferLike, position: number, outbuf: BufferLike, comm: number): number {
  const fc = external ? "MPI_Unpack_external" : "MPI_Unpack";
  const src = bytesOfBuffer(inbuf, fc, "inbuf");
  const dst = bytesOfBuffer(outbuf, fc, "outbuf");
  const count = elementsIn(type, dst.byteLength, fc);
  return inLinear(src, false, (ip) => inLinear(dst, true, (op) => core().unpack(external, ip, src.byteLength, position, op, count, type.handle, comm)));
}
