import { core } from "./environment.js";
import { Datatype, Datatypes, datatypeOf } from "./datatype.js";
import { MPIException } from "./exception.js";
import { ErrorClass } from "./errorclasses.js";
import { statusBytes } from "./status.js";

/** The buffer forms buffer methods take (mpi4py's message specifications). */
export type BufferLike = ArrayBufferView | ArrayBufferLike;
export type BufSpec =
  | BufferLike
  | [BufferLike, Datatype]
  | [BufferLike, number, Datatype]
  | [BufferLike, [number[], number[]], Datatype];

/** A parsed buffer: its bytes, element count and datatype. */
export interface MessageBuffer {
  bytes: Uint8Array;
  count: number;
  datatype: Datatype;
}

function fail(errorclass: number, fc: string, text: string): never {
  throw new MPIException(errorclass, `${fc}: ${text}`);
}

function bytesOf(buf: unknown, fc: string, arg: string): Uint8Array {
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && buf instanceof SharedArrayBuffer))
    return new Uint8Array(buf);
  return fail(ErrorClass.ERR_BUFFER, fc, `not a buffer (${arg}): expected a TypedArray, DataView or ArrayBuffer, got ${describe(buf)}`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

/** Turns any accepted buffer form into (bytes, count, datatype), like mpi4py's msgbuffer. */
export function parseBuffer(spec: BufSpec, fc: string, arg = "buf"): MessageBuffer {
  let buf: unknown = spec;
  let count: number | undefined;
  let datatype: Datatype | undefined;
  if (Array.isArray(spec)) {
    const items = spec as unknown[];
    if (items.length === 2) [buf, datatype] = spec as [BufferLike, Datatype];
    else if (spec.length === 3) {
      const c = spec[1];
      if (Array.isArray(c)) return fail(ErrorClass.ERR_ARG, fc, `counts and displacements belong to vector collectives (${arg})`);
      [buf, count, datatype] = [spec[0], c as number, spec[2] as Datatype];
    } else return fail(ErrorClass.ERR_BUFFER, fc, `a buffer list has 2 or 3 items, not ${items.length} (${arg})`);
  }
  const bytes = bytesOf(buf, fc, arg);
  if (datatype === undefined) datatype = ArrayBuffer.isView(buf) ? datatypeOf(buf) : Datatypes.BYTE;
  if (!(datatype instanceof Datatype)) return fail(ErrorClass.ERR_TYPE, fc, `not an MPI.Datatype (${arg}): ${describe(datatype)}`);
  let size: number;
  try {
    size = datatype.Get_size();
  } catch {
    return fail(ErrorClass.ERR_TYPE, fc, `invalid datatype ${datatype.name} (${arg})`);
  }
  if (count === undefined) {
    if (size === 0 || bytes.byteLength % size !== 0)
      return fail(ErrorClass.ERR_BUFFER, fc, `${bytes.byteLength} bytes is not a whole number of ${datatype.name} (${size} bytes) (${arg})`);
    count = bytes.byteLength / size;
  } else {
    if (!Number.isInteger(count)) return fail(ErrorClass.ERR_COUNT, fc, `count ${count} is not an integer (${arg})`);
    if (count < 0) return fail(ErrorClass.ERR_COUNT, fc, `negative count ${count} (${arg})`);
    if (count * size > bytes.byteLength)
      return fail(ErrorClass.ERR_COUNT, fc, `count ${count} of ${datatype.name} needs ${count * size} bytes but the buffer has ${bytes.byteLength} (${arg})`);
  }
  return { bytes: bytes.subarray(0, count * size), count, datatype };
}

/**
 * A message buffer made addressable by the core: in place when it already
 * lives in linear memory (Alloc_mem), otherwise a staging copy that is
 * filled before a send and drained after a receive.
 */
export class Staged {
  private constructor(
    readonly ptr: number,
    readonly count: number,
    readonly datatype: Datatype,
    private readonly user: Uint8Array,
    /** the user's buffer is linear memory: no copies */
    private readonly inPlace: boolean,
    private readonly owned: boolean,
  ) {}

  /** Stages mb; `region` lends memory for calls that finish before they return. */
  static of(mb: MessageBuffer, region?: { get(n: number): number }): Staged {
    const c = core();
    if (c.isLinear(mb.bytes.buffer)) return new Staged(mb.bytes.byteOffset, mb.count, mb.datatype, mb.bytes, true, false);
    const n = mb.bytes.byteLength;
    const lent = region ? region.get(n) : 0;
    const ptr = lent || c.malloc(n);
    return new Staged(ptr, mb.count, mb.datatype, mb.bytes, false, lent === 0);
  }

  /** Copies the user's bytes in (before a send). */
  fill(): this {
    if (!this.inPlace) core().u8.set(this.user, this.ptr);
    return this;
  }

  /** Copies `n` received bytes out to the user's buffer. */
  drain(n: number): void {
    if (!this.inPlace && n > 0) this.user.set(core().u8.subarray(this.ptr, this.ptr + Math.min(n, this.user.byteLength)));
  }

  /**
   * Runs a receive into this buffer, then drains what arrived: also when it
   * fails with ERR_TRUNCATE, whose status still counts the bytes that fit.
   */
  receive(call: () => void, statusPtr: number): void {
    try {
      call();
    } catch (e) {
      if (e instanceof MPIException && e.Get_error_class() === ErrorClass.ERR_TRUNCATE) this.drain(statusBytes(statusPtr));
      throw e;
    }
    this.drain(statusBytes(statusPtr));
  }

  /** Frees staging memory this object allocated. */
  release(): void {
    if (this.owned) core().free(this.ptr);
  }
}
