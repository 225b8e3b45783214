/**
 * The buffer arguments of the collectives (plain, neighbourhood): blocks of equal
 * count, vector and w forms, checked against the buffer, and the staging
 * that runs one call blocking or nonblocking.
 */
import { Datatype } from "./datatype.js";
import { ErrorClass } from "./errorclasses.js";
import { fail, isList, listArg, type Ints } from "./int-arrays.js";
import { parseBuffer, Staged, type BufferLike, type BufSpec, type MessageBuffer } from "./msgbuffer.js";
import { Request } from "./request.js";

/**
 * A vector buffer: [buf, counts], [buf, counts, type], [buf, [counts, displs]],
 * [buf, [counts, displs], type] (mpi4py), or [buf, counts, displs(, type)] (as Alltoallv takes).
 */
export type VBufSpec =
  | [BufferLike, ArrayLike<number>]
  | [BufferLike, ArrayLike<number>, Datatype | string]
  | [BufferLike, [ArrayLike<number>, ArrayLike<number> | null]]
  | [BufferLike, [ArrayLike<number>, ArrayLike<number> | null], Datatype | string]
  | [BufferLike, ArrayLike<number>, ArrayLike<number>]
  | [BufferLike, ArrayLike<number>, ArrayLike<number>, Datatype | string];
/** An Alltoallw buffer: [buf, [counts, byte displacements], datatypes] (mpi4py) or [buf, counts, byte displacements, datatypes]. */
export type WBufSpec =
  | [BufferLike, [ArrayLike<number>, ArrayLike<number>], Datatype[]]
  | [BufferLike, ArrayLike<number>, ArrayLike<number>, Datatype[]];

/** The whole buffer of a spec whose second item says how to cut it. */
function wholeOf(spec: unknown[], fc: string, comm: number, arg: string): MessageBuffer {
  const whole = (spec.length === 3 ? [spec[0], spec[2]] : spec[0]) as BufSpec;
  return parseBuffer(whole, fc, comm, arg);
}

/**
 * A buffer of n blocks of equal count: an explicit count ([buf, count(, type)])
 * is the count of one block, otherwise the buffer is cut into n blocks.
 */
export function blocksOf(spec: BufSpec, n: number, fc: string, comm: number, arg: string): { mb: MessageBuffer; count: number } {
  if (Array.isArray(spec) && typeof spec[1] === "number") {
    const mb = wholeOf(spec, fc, comm, arg);
    const count = spec[1];
    if (!Number.isInteger(count) || count < 0) fail(comm, ErrorClass.ERR_COUNT, `${fc}: invalid count ${count} (${arg})`);
    if (count * n > mb.count)
      fail(comm, ErrorClass.ERR_COUNT, `${fc}: ${n} blocks of ${count} ${mb.datatype.name} need ${count * n} elements but the buffer has ${mb.count} (${arg})`);
    return { mb, count };
  }
  const mb = parseBuffer(spec, fc, comm, arg);
  if (n === 0) return { mb, count: 0 };
  if (mb.count % n !== 0)
    fail(comm, ErrorClass.ERR_BUFFER, `${fc}: ${mb.count} ${mb.datatype.name} do not split into ${n} equal blocks (${arg})`);
  return { mb, count: mb.count / n };
}

/** A vector buffer of n blocks: counts, displacements (in elements; packed when left out). */
export function vectorOf(spec: VBufSpec, n: number, fc: string, comm: number, arg: string): { mb: MessageBuffer; counts: number[]; displs: number[] } {
  if (!Array.isArray(spec) || spec.length < 2 || spec.length > 4)
    fail(comm, ErrorClass.ERR_ARG, `${fc}: expected [buf, counts], [buf, counts, type] or [buf, [counts, displs], type] (${arg})`);
  const items = spec as unknown[];
  let countsIn: unknown = items[1];
  let displsIn: unknown = null;
  let type: unknown;
  const cut = items[1];
  if (Array.isArray(cut) && cut.length === 2 && (isList(cut[0]) || cut[0] == null) && (isList(cut[1]) || cut[1] == null)) [countsIn, displsIn] = cut;
  for (const extra of items.slice(2)) {
    if (isList(extra)) displsIn = extra;
    else type = extra;
  }
  const mb = parseBuffer((type === undefined ? items[0] : [items[0], type]) as BufSpec, fc, comm, arg);
  const counts = Array.from(listArg(countsIn, fc, `${arg} counts`, comm));
  if (counts.length !== n) fail(comm, ErrorClass.ERR_ARG, `${fc}: ${counts.length} counts for ${n} blocks (${arg})`);
  let displs: number[];
  if (displsIn == null) {
    displs = [];
    let at = 0;
    for (const c of counts) {
      displs.push(at);
      at += c;
    }
  } else displs = Array.from(listArg(displsIn, fc, `${arg} displacements`, comm));
  if (displs.length !== n) fail(comm, ErrorClass.ERR_ARG, `${fc}: ${displs.length} displacements for ${n} blocks (${arg})`);
  for (let k = 0; k < n; k++) {
    const [c, d] = [counts[k], displs[k]];
    if (!Number.isInteger(c) || c < 0) fail(comm, ErrorClass.ERR_COUNT, `${fc}: invalid count ${c} of block ${k} (${arg})`);
    if (!Number.isInteger(d) || (c > 0 && (d < 0 || d + c > mb.count)))
      fail(comm, ErrorClass.ERR_ARG, `${fc}: block ${k} (${c} at ${d}) is outside the buffer of ${mb.count} ${mb.datatype.name} (${arg})`);
  }
  return { mb, counts, displs };
}

/** An Alltoallw buffer of n blocks. */
export function wvectorOf(spec: WBufSpec, n: number, fc: string, comm: number, arg: string): { mb: MessageBuffer; counts: number[]; displs: number[]; types: number[] } {
  const items = spec as unknown[];
  const paired = Array.isArray(items) && items.length === 3 && Array.isArray(items[1]) && items[1].length === 2 && Array.isArray(items[2]);
  const flat = Array.isArray(items) && items.length === 4 && Array.isArray(items[3]);
  if (!paired && !flat) fail(comm, ErrorClass.ERR_ARG, `${fc}: expected [buf, [counts, displs], datatypes] or [buf, counts, displs, datatypes] (${arg})`);
  const [countsIn, displsIn] = paired ? (items[1] as unknown[]) : [items[1], items[2]];
  const mb = parseBuffer(items[0] as BufSpec, fc, comm, arg);
  const counts = Array.from(listArg(countsIn, fc, `${arg} counts`, comm));
  const displs = Array.from(listArg(displsIn, fc, `${arg} displacements`, comm));
  const dtypes = (paired ? items[2] : items[3]) as Datatype[];
  if (counts.length !== n || displs.length !== n || dtypes.length !== n)
    fail(comm, ErrorClass.ERR_ARG, `${fc}: counts, displacements and datatypes must have one entry for each of the ${n} blocks (${arg})`);
  const types: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = dtypes[k];
    if (!(t instanceof Datatype)) fail(comm, ErrorClass.ERR_TYPE, `${fc}: datatypes[${k}] is not an MPI.Datatype (${arg})`);
    const [c, d] = [counts[k], displs[k]];
    if (!Number.isInteger(c) || c < 0) fail(comm, ErrorClass.ERR_COUNT, `${fc}: invalid count ${c} of block ${k} (${arg})`);
    if (!Number.isInteger(d) || (c > 0 && (d < 0 || d + c * t.Get_size() > mb.byteLength)))
      fail(comm, ErrorClass.ERR_ARG, `${fc}: block ${k} (${c} ${t.name} at byte ${d}) is outside the buffer of ${mb.byteLength} bytes (${arg})`);
    types.push(t.handle);
  }
  return { mb, counts, displs, types };
}

/**
 * Runs a collective on a staged send buffer and a staged receive buffer; the
 * receive staging starts with the user's contents, so blocks no neighbour
 * writes (PROC_NULL) keep them. Blocking (nb false): done when this returns;
 * nonblocking: the request's completion copies out and frees the staging and
 * the int arrays.
 */
export function exchange(nb: boolean, ints: Ints, send: MessageBuffer, recv: MessageBuffer, call: (sptr: number, rptr: number) => number): Request | undefined {
  let sb: Staged | undefined;
  let rb: Staged | undefined;
  const release = () => {
    rb?.release();
    sb?.release();
    ints.release();
  };
  let h: number;
  try {
    sb = Staged.of(send).fill();
    rb = Staged.of(recv).fill();
    const [sp, rp] = [sb.ptr, rb.ptr];
    h = call(sp, rp);
  } catch (e) {
    release();
    throw e;
  }
  if (!nb) {
    rb.drain(recv.byteLength);
    release();
    return undefined;
  }
  const r = rb;
  return new Request(h, () => {
    r.drain(recv.byteLength);
    release();
  });
}

