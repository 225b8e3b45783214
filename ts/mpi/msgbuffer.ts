import { core } from "./environment.js";
import { Datatype, Datatypes, datatypeOf, datatypeOfCode } from "./datatype.js";
import { MPIException } from "./exception.js";
import { ErrorClass } from "./errorclasses.js";
import { readStatus, statusBytes, type Status } from "./status.js";
import { copyBytes } from "../runtime/copy-bytes.js";
import type { Redirect } from "../runtime/shm-channel.js";
import type { TypeInfo } from "../abi/core.js";

/** Buffers outside linear memory from this size on take the pipelined path (DESIGN.md 2.3). */
export const PIPELINE_MIN = 1 << 16;

/** Memory a buffer method can use: a TypedArray, DataView or ArrayBuffer. */
export type BufferLike = ArrayBufferView | ArrayBufferLike;
/** The buffer forms buffer methods take (mpi4py's message specifications): buf, [buf, type], [buf, count, type]. */
export type BufSpec =
  | BufferLike
  | [BufferLike, Datatype]
  | [BufferLike, number, Datatype]
  | [BufferLike, [number[], number[]], Datatype];

/** A parsed buffer: where its bytes are, how many elements of which datatype. */
export interface MessageBuffer {
  buffer: ArrayBufferLike;
  byteOffset: number;
  byteLength: number;
  count: number;
  datatype: Datatype;
  /** The bytes are this rank's linear memory (Alloc_mem): the core uses them in place. */
  linear: boolean;
  /**
   * The message is exactly the first byteLength bytes (a contiguous datatype
   * at offset 0). Otherwise byteLength spans every byte the datatype touches,
   * gaps included: a receive stages all of them and copies all of them back.
   */
  dense: boolean;
  /** A byte view of the buffer, made when first needed. */
  bytes?: Uint8Array;
}

/**
 * Runs a receive, then hands the number of bytes that arrived to `drain`:
 * also when the receive fails with ERR_TRUNCATE, whose status still counts
 * the bytes that fit.
 */
export function receiveThen(call: () => void, statusPtr: number, drain: (n: number) => void): void {
  try {
    call();
  } catch (e) {
    if (e instanceof MPIException && e.Get_error_class() === ErrorClass.ERR_TRUNCATE) drain(statusBytes(statusPtr));
    throw e;
  }
  drain(statusBytes(statusPtr));
}

/** The bytes of a parsed buffer. */
export function bytesOf(mb: MessageBuffer): Uint8Array {
  return (mb.bytes ??= new Uint8Array(mb.buffer, mb.byteOffset, mb.byteLength));
}

// A TypedArray's buffer and offset never change, and its length only by
// detaching; programs send and receive the same few arrays over and over.
// Reading those accessors costs more than the rest of a small send, so the
// last few parsed arrays are remembered (a ping-pong uses two).
const REMEMBERED = 4;
const seenViews: (ArrayBufferView | undefined)[] = new Array(REMEMBERED).fill(undefined);
const seenParsed: (MessageBuffer | undefined)[] = new Array(REMEMBERED).fill(undefined);
let nextSlot = 0;

/** Raises a bad buffer argument on comm's error handler (ERRORS_ARE_FATAL ends the job), then throws. */
function fail(errorclass: number, fc: string, text: string, comm: number): never {
  throw core().raise(comm, errorclass, `${fc}: ${text}`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

function isArrayBuffer(v: unknown): v is ArrayBufferLike {
  return v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer);
}

function layoutOf(datatype: Datatype, fc: string, arg: string, comm: number): TypeInfo {
  try {
    return datatype.layout();
  } catch {
    return fail(ErrorClass.ERR_TYPE, fc, `invalid datatype ${datatype.name} (${arg})`, comm);
  }
}

/**
 * A buffer spec with a datatype that is not one dense run (a derived type, a
 * padded pair type): the byte span its count elements touch from the start
 * of the buffer must lie inside the buffer.
 */
function spanned(buffer: ArrayBufferLike, byteOffset: number, available: number, count: number | undefined, datatype: Datatype, l: TypeInfo, fc: string, comm: number, arg: string): MessageBuffer {
  if (count === undefined) {
    if (l.extent <= 0 || available % l.extent !== 0)
      return fail(ErrorClass.ERR_BUFFER, fc, `${available} bytes is not a whole number of ${datatype.name} (extent ${l.extent}) (${arg})`, comm);
    count = available / l.extent;
  } else if (!Number.isInteger(count) || count < 0) {
    return fail(ErrorClass.ERR_COUNT, fc, `invalid count ${count} (${arg})`, comm);
  }
  let lo = 0;
  let hi = 0;
  if (count > 0 && l.size > 0) {
    const last = (count - 1) * l.extent;
    lo = Math.min(l.trueLb, l.trueLb + last);
    hi = Math.max(l.trueLb + l.trueExtent, l.trueLb + last + l.trueExtent);
  }
  if (lo < 0 || hi > available)
    return fail(ErrorClass.ERR_COUNT, fc, `count ${count} of ${datatype.name} touches bytes ${lo}..${hi} but the buffer has ${available} (${arg})`, comm);
  return { buffer, byteOffset, byteLength: hi, count, datatype, linear: core().isLinear(buffer), dense: false };
}

/**
 * Turns any accepted buffer form into (bytes, count, datatype), like mpi4py's
 * msgbuffer; a bad one is raised as call `fc`'s argument `arg` on `comm`.
 */
export function parseBuffer(spec: BufSpec, fc: string, comm: number, arg = "buf"): MessageBuffer {
  // the common case first: a TypedArray whose datatype is inferred
  if (ArrayBuffer.isView(spec)) {
    for (let i = 0; i < REMEMBERED; i++) {
      // linear memory cannot be detached, so only other buffers need their length checked
      if (seenViews[i] === spec && (seenParsed[i]!.linear || seenParsed[i]!.byteLength === spec.byteLength)) return seenParsed[i]!;
    }
    const byteLength = spec.byteLength;
    const datatype = datatypeOf(spec);
    const size = layoutOf(datatype, fc, arg, comm).size;
    if (byteLength % size !== 0)
      return fail(ErrorClass.ERR_BUFFER, fc, `${byteLength} bytes is not a whole number of ${datatype.name} (${size} bytes) (${arg})`, comm);
    const buffer = spec.buffer;
    const parsed = { buffer, byteOffset: spec.byteOffset, byteLength, count: byteLength / size, datatype, linear: core().isLinear(buffer), dense: true };
    seenViews[nextSlot] = spec;
    seenParsed[nextSlot] = parsed;
    nextSlot = (nextSlot + 1) % REMEMBERED;
    return parsed;
  }
  let buf: unknown = spec;
  let count: number | undefined;
  let type: unknown;
  if (Array.isArray(spec)) {
    const items = spec as unknown[];
    if (items.length === 2 && typeof items[1] === "number") [buf, count] = items as [unknown, number];
    else if (items.length === 2) [buf, type] = items;
    else if (items.length === 3) {
      if (Array.isArray(items[1])) return fail(ErrorClass.ERR_ARG, fc, `counts and displacements belong to vector collectives (${arg})`, comm);
      [buf, count, type] = items as [unknown, number, unknown];
    } else return fail(ErrorClass.ERR_BUFFER, fc, `a buffer list has 2 or 3 items, not ${items.length} (${arg})`, comm);
  }
  // no type: the TypedArray's own, or bytes; a string is a typecode ('d', 'i', 'f8', ...)
  const datatype = type === undefined ? (ArrayBuffer.isView(buf) ? datatypeOf(buf) : Datatypes.BYTE) : typeof type === "string" ? datatypeOfCode(type) : type;
  if (!(datatype instanceof Datatype)) return fail(ErrorClass.ERR_TYPE, fc, `not an MPI.Datatype or typecode (${arg}): ${describe(type)}`, comm);
  let buffer: ArrayBufferLike;
  let byteOffset = 0;
  let available: number;
  if (ArrayBuffer.isView(buf)) [buffer, byteOffset, available] = [buf.buffer, buf.byteOffset, buf.byteLength];
  else if (isArrayBuffer(buf)) [buffer, available] = [buf, buf.byteLength];
  else return fail(ErrorClass.ERR_BUFFER, fc, `not a buffer (${arg}): expected a TypedArray, DataView or ArrayBuffer, got ${describe(buf)}`, comm);
  const l = layoutOf(datatype, fc, arg, comm);
  if (!l.contig || l.trueLb !== 0) return spanned(buffer, byteOffset, available, count, datatype, l, fc, comm, arg);
  const size = l.size;
  if (count === undefined) {
    if (size === 0 || available % size !== 0)
      return fail(ErrorClass.ERR_BUFFER, fc, `${available} bytes is not a whole number of ${datatype.name} (${size} bytes) (${arg})`, comm);
    count = available / size;
  } else {
    if (!Number.isInteger(count)) return fail(ErrorClass.ERR_COUNT, fc, `count ${count} is not an integer (${arg})`, comm);
    if (count < 0) return fail(ErrorClass.ERR_COUNT, fc, `negative count ${count} (${arg})`, comm);
    if (count * size > available)
      return fail(ErrorClass.ERR_COUNT, fc, `count ${count} of ${datatype.name} needs ${count * size} bytes but the buffer has ${available} (${arg})`, comm);
  }
  return { buffer, byteOffset, byteLength: count * size, count, datatype, linear: core().isLinear(buffer), dense: true };
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
    private readonly user: MessageBuffer,
    /** the user's buffer is linear memory: no copies */
    private readonly inPlace: boolean,
    private readonly owned: boolean,
    /** rendezvous data may go straight to the user's buffer */
    private readonly redirect?: Redirect,
  ) {}

  /** Stages mb; `region` lends memory for calls that finish before they return. */
  static of(mb: MessageBuffer, region?: { get(n: number): number }): Staged {
    const c = core();
    if (mb.linear) return new Staged(mb.byteOffset, mb.count, mb.datatype, mb, true, false);
    const n = mb.byteLength;
    const lent = region ? region.get(n) : 0;
    const ptr = lent || c.malloc(n);
    return new Staged(ptr, mb.count, mb.datatype, mb, false, lent === 0);
  }

  /**
   * Stages a receive buffer. A large one outside linear memory is also
   * redirected: rendezvous data is copied from the sender straight into it.
   */
  static forRecv(mb: MessageBuffer, region?: { get(n: number): number }): Staged {
    const s = Staged.of(mb, region);
    if (!mb.dense) return s.fill(); // the gaps between the datatype's blocks go back as they were
    if (s.inPlace || mb.byteLength < PIPELINE_MIN) return s;
    return new Staged(s.ptr, s.count, s.datatype, mb, false, s.owned, core().instance.channel.redirect(s.ptr, bytesOf(mb)));
  }

  /** Copies the user's bytes in (before a send). */
  fill(): this {
    const n = this.user.byteLength;
    if (!this.inPlace && n > 0) copyBytes(core().u8, this.ptr, bytesOf(this.user), 0, n);
    return this;
  }

  /** Copies `n` received bytes out to the user's buffer. */
  drain(n: number): void {
    if (this.redirect?.delivered) {
      this.redirect.delivered = false;
      return;
    }
    n = this.user.dense ? Math.min(n, this.user.byteLength) : this.user.byteLength;
    if (!this.inPlace && n > 0) copyBytes(bytesOf(this.user), 0, core().u8, this.ptr, n);
  }

  /**
   * Runs a receive into this buffer, then drains what arrived and fills
   * `status`: also when it fails with ERR_TRUNCATE, whose status still counts
   * the bytes that fit.
   */
  receive(call: () => void, statusPtr: number, status?: Status): void {
    receiveThen(call, statusPtr, (n) => {
      this.drain(n);
      readStatus(statusPtr, status);
    });
  }

  /** Runs start() (which hands this staging to a request); if it throws, frees the staging first. */
  guard<T>(start: () => T): T {
    try {
      return start();
    } catch (e) {
      this.release();
      throw e;
    }
  }

  /** Frees staging memory this object allocated. */
  release(): void {
    if (this.redirect) core().instance.channel.unredirect(this.ptr);
    if (this.owned) core().free(this.ptr);
  }
}
