import { core } from "./environment.js";
import { Comm } from "./comm.js";
import { Datatypes } from "./datatype.js";
import { ErrorClass } from "./errorclasses.js";
import { encodeObject, loadObject, stageObject } from "./pickle.js";
import { peers, type OpLike } from "./collective.js";
import { PROC_NULL, ROOT } from "./constants.js";
import { Ops } from "./op.js";

/**
 * Object collectives as mpi4py has them (lowercase: barrier, bcast, gather,
 * scatter, allgather, alltoall, reduce, allreduce, scan, exscan): values go
 * through MPI.serializer, sizes first, then the bytes with the buffer
 * collectives, so they work on intra- and intercommunicators alike.
 * Reductions fold op.apply(earlier, later) in rank order.
 */

/**
 * An op usable on JS values: MPI.SUM, ..., or MPI.Op.Create(fn). The object reductions (reduce,
 * allreduce, scan, exscan) fold apply(earlier, later) over the values in rank order.
 */
export interface ObjectOp extends OpLike {
  /** The op on two values: x from the lower rank. Throws TypeError for values it is not defined on. */
  apply(x: unknown, y: unknown): unknown;
}


/** Linear memory of n bytes, as an in-place buffer for the core; free with release(). */
function linear(n: number): { ptr: number; bytes: Uint8Array; release(): void } {
  const c = core();
  const ptr = c.malloc(Math.max(n, 1));
  return { ptr, bytes: new Uint8Array(c.u8.buffer, ptr, n), release: () => c.free(ptr) };
}

/** Several values encoded back to back in linear memory, with their sizes. */
function encodeAll(values: unknown[]): { buf: ReturnType<typeof linear>; sizes: number[] } {
  if (values.length === 1) {
    const e = encodeObject(values[0]);
    const buf = linear(e.size);
    let at = buf.ptr;
    for (const p of e.parts) core().u8.set(p, at), (at += p.byteLength);
    return { buf, sizes: [e.size] };
  }
  // an encoding's parts are valid until the next encode: keep copies
  const copies = values.map((v) => {
    const e = encodeObject(v);
    const out = new Uint8Array(e.size);
    let at = 0;
    for (const p of e.parts) out.set(p, at), (at += p.byteLength);
    return out;
  });
  const sizes = copies.map((c) => c.byteLength);
  const buf = linear(sizes.reduce((a, b) => a + b, 0));
  let at = buf.ptr;
  for (const c of copies) core().u8.set(c, at), (at += c.byteLength);
  return { buf, sizes };
}

function decodeAll(buf: { ptr: number }, sizes: number[]): unknown[] {
  const out: unknown[] = [];
  let at = buf.ptr;
  for (const n of sizes) out.push(loadObject(at, n)), (at += n);
  return out;
}

function fold(op: ObjectOp, values: unknown[]): unknown {
  let acc = values[0];
  for (let i = 1; i < values.length; i++) acc = op.apply(acc, values[i]);
  return acc;
}

function bcast(comm: Comm, obj: unknown, root: number): unknown {
  const inter = comm.Is_inter();
  if (inter && root === PROC_NULL) return undefined;
  const sending = inter ? root === ROOT : comm.Get_rank() === root;
  const size = new Float64Array(1);
  const staged = sending ? stageObject(encodeObject(obj)) : undefined;
  try {
    if (staged) size[0] = staged.size;
    comm.Bcast(size, root);
    if (sending) {
      comm.Bcast([new Uint8Array(core().u8.buffer, staged!.ptr, staged!.size), Datatypes.BYTE], root);
      return inter ? undefined : obj;
    }
    const buf = linear(size[0]);
    try {
      comm.Bcast([buf.bytes, Datatypes.BYTE], root);
      return loadObject(buf.ptr, size[0]);
    } finally {
      buf.release();
    }
  } finally {
    staged?.release();
  }
}

function gather(comm: Comm, obj: unknown, root: number): unknown[] | undefined {
  const inter = comm.Is_inter();
  const receiving = inter ? root === ROOT : comm.Get_rank() === root;
  const sending = inter ? root !== ROOT && root !== PROC_NULL : true;
  if (inter && root === PROC_NULL) return undefined;
  const n = receiving ? peers(comm) : 0;
  const sizes = new Float64Array(n);
  const mine = sending ? encodeAll([obj]) : undefined;
  try {
    comm.Gather(sending ? new Float64Array([mine!.sizes[0]]) : null, receiving ? sizes : null, root);
    const counts = Array.from(sizes);
    const all = receiving ? linear(counts.reduce((a, b) => a + b, 0)) : undefined;
    try {
      comm.Gatherv(sending ? [mine!.buf.bytes, Datatypes.BYTE] : null, receiving ? [all!.bytes, counts, Datatypes.BYTE] : null, root);
      return receiving ? decodeAll(all!, counts) : undefined;
    } finally {
      all?.release();
    }
  } finally {
    mine?.buf.release();
  }
}

function scatter(comm: Comm, values: unknown[] | undefined, root: number): unknown {
  const inter = comm.Is_inter();
  const sending = inter ? root === ROOT : comm.Get_rank() === root;
  const receiving = inter ? root !== ROOT && root !== PROC_NULL : true;
  if (inter && root === PROC_NULL) return undefined;
  const n = peers(comm);
  if (sending && (!Array.isArray(values) || values.length !== n))
    throw core().raise(comm.handle, ErrorClass.ERR_ARG, `scatter: the root needs a list of ${n} values (sendobj)`);
  const enc = sending ? encodeAll(values!) : undefined;
  try {
    const size = new Float64Array(1);
    comm.Scatter(sending ? new Float64Array(enc!.sizes) : null, receiving ? size : null, root);
    const buf = receiving ? linear(size[0]) : undefined;
    try {
      comm.Scatterv(sending ? [enc!.buf.bytes, enc!.sizes, Datatypes.BYTE] : null, receiving ? [buf!.bytes, Datatypes.BYTE] : null, root);
      return receiving ? loadObject(buf!.ptr, size[0]) : undefined;
    } finally {
      buf?.release();
    }
  } finally {
    enc?.buf.release();
  }
}

function allgather(comm: Comm, obj: unknown): unknown[] {
  const n = peers(comm);
  const mine = encodeAll([obj]);
  try {
    const sizes = new Float64Array(n);
    comm.Allgather(new Float64Array(mine.sizes), sizes);
    const counts = Array.from(sizes);
    const all = linear(counts.reduce((a, b) => a + b, 0));
    try {
      comm.Allgatherv([mine.buf.bytes, Datatypes.BYTE], [all.bytes, counts, Datatypes.BYTE]);
      return decodeAll(all, counts);
    } finally {
      all.release();
    }
  } finally {
    mine.buf.release();
  }
}

function alltoall(comm: Comm, values: unknown[]): unknown[] {
  const n = peers(comm);
  if (!Array.isArray(values) || values.length !== n)
    throw core().raise(comm.handle, ErrorClass.ERR_ARG, `alltoall: a list of ${n} values is needed (sendobj)`);
  const enc = encodeAll(values);
  try {
    const sizes = new Float64Array(n);
    comm.Alltoall(new Float64Array(enc.sizes), sizes);
    const counts = Array.from(sizes);
    const all = linear(counts.reduce((a, b) => a + b, 0));
    try {
      comm.Alltoallv([enc.buf.bytes, enc.sizes, Datatypes.BYTE], [all.bytes, counts, Datatypes.BYTE]);
      return decodeAll(all, counts);
    } finally {
      all.release();
    }
  } finally {
    enc.buf.release();
  }
}

declare module "./comm.js" {
  interface Comm {
    /**
     * MPI_Barrier under mpi4py's lowercase name: {@link Comm.Barrier}.
     * @throws {@link Exception} only as {@link Comm} says (ERR_COMM, ERR_OTHER).
     * @example
     * ```ts
     * comm.barrier();
     * ```
     */
    barrier(): void;
    /**
     * MPI_Bcast of a serialized value (mpi4py's bcast): every process gets the root's value.
     * @param obj the value at the root; ignored elsewhere
     * @param root the root's rank (default 0; on an Intercomm MPI.ROOT, which then gets undefined, MPI.PROC_NULL or the remote root)
     * @returns the root's value (a copy, at the other processes)
     * @throws {@link Exception} ERR_ROOT (root is not a rank); the serializer's Error for a value it cannot encode.
     * @example
     * ```ts
     * const config = comm.bcast(rank === 0 ? { steps: 100, dt: 0.01 } : undefined, 0);
     * ```
     */
    bcast<T>(obj: T, root?: number): T;
    /**
     * MPI_Gather of serialized values (their sizes first, then MPI_Gatherv of the bytes).
     * @param sendobj this process's value
     * @param root the root's rank (default 0)
     * @returns at the root, every process's value in rank order (on an Intercomm, the remote
     * group's); undefined elsewhere
     * @throws {@link Exception} ERR_ROOT (root is not a rank); the serializer's Error.
     * @example
     * ```ts
     * const names = comm.gather(MPI.Get_processor_name(), 0);
     * if (rank === 0) console.log(names);
     * ```
     */
    gather<T>(sendobj: T, root?: number): T[] | undefined;
    /**
     * MPI_Scatter of serialized values: item i of the root's list goes to rank i.
     * @param sendobj at the root, a list of size values; ignored elsewhere
     * @param root the root's rank (default 0)
     * @returns this process's item
     * @throws {@link Exception} ERR_ARG (the root's list does not have one value per process), ERR_ROOT; the serializer's Error.
     * @example
     * ```ts
     * const tasks = rank === 0 ? Array.from({ length: size }, (_, i) => ({ task: i })) : null;
     * const mine = comm.scatter(tasks, 0);
     * ```
     */
    scatter<T>(sendobj: T[] | undefined | null, root?: number): T;
    /**
     * MPI_Allgather of serialized values: every process gets every process's value.
     * @param sendobj this process's value
     * @returns the values in rank order (on an Intercomm, the remote group's)
     * @throws {@link Exception} only as {@link Comm} says; the serializer's Error.
     * @example
     * ```ts
     * const everyone = comm.allgather({ rank, host: MPI.Get_processor_name() });
     * ```
     */
    allgather<T>(sendobj: T): T[];
    /**
     * MPI_Alltoall of serialized values: item j of process i's list goes to process j, whose result
     * has it at index i.
     * @param sendobj a list of one value per process
     * @returns the values received, indexed by sender
     * @throws {@link Exception} ERR_ARG (the list does not have one value per process); the serializer's Error.
     * @example
     * ```ts
     * const got = comm.alltoall(Array.from({ length: size }, (_, j) => `${rank}->${j}`));
     * ```
     */
    alltoall<T>(sendobj: T[]): T[];
    /**
     * A reduction of values (mpi4py's reduce): the root gathers them (MPI_Gather) and folds op over
     * them in rank order.
     * @param sendobj this process's value
     * @param op the reduction (default MPI.SUM: numbers add, strings and lists concatenate); MPI.Op.Create(fn) for your own
     * @param root the root's rank (default 0)
     * @returns at the root, the result; undefined elsewhere
     * @throws {@link Exception} ERR_ROOT (root is not a rank); TypeError at the root for values op is
     * not defined on (MPI.SUM of an object); the serializer's Error.
     * @example
     * ```ts
     * const total = comm.reduce(rank, MPI.SUM, 0);
     * const longest = comm.reduce("x".repeat(rank), MPI.Op.Create((a, b) => ((a as string).length >= (b as string).length ? a : b)), 0);
     * ```
     */
    reduce<T>(sendobj: T, op?: ObjectOp, root?: number): T | undefined;
    /**
     * A reduction of values that every process gets (MPI_Allgather, then op folded in rank order; on
     * an Intercomm over the remote group's values).
     * @param sendobj this process's value
     * @param op the reduction (default MPI.SUM)
     * @returns the result
     * @throws {@link Exception} only as {@link Comm} says; TypeError for values op is not defined on; the serializer's Error.
     * @example
     * ```ts
     * const maxSteps = comm.allreduce(10 * rank, MPI.MAX);
     * ```
     */
    allreduce<T>(sendobj: T, op?: ObjectOp): T;
    /**
     * An inclusive prefix reduction of values, as MPI_Scan: rank r gets op folded over ranks 0..r.
     * @param sendobj this process's value
     * @param op the reduction (default MPI.SUM)
     * @returns the prefix
     * @throws {@link Exception} ERR_COMM (an Intercomm); TypeError for values op is not defined on; the serializer's Error.
     * @example
     * ```ts
     * const path = comm.scan([rank]);   // [0, 1, ..., rank]
     * ```
     */
    scan<T>(sendobj: T, op?: ObjectOp): T;
    /**
     * An exclusive prefix reduction of values, as MPI_Exscan: rank r gets op folded over ranks 0..r-1.
     * @param sendobj this process's value
     * @param op the reduction (default MPI.SUM)
     * @returns the prefix; undefined at rank 0
     * @throws {@link Exception} ERR_COMM (an Intercomm); TypeError for values op is not defined on; the serializer's Error.
     * @example
     * ```ts
     * const offset = comm.exscan(10 + rank) ?? 0;
     * ```
     */
    exscan<T>(sendobj: T, op?: ObjectOp): T | undefined;
  }
}

function opOr(op: ObjectOp | undefined): ObjectOp {
  return op ?? Ops.SUM;
}

const P = Comm.prototype;
P.barrier = function (this: Comm) {
  this.Barrier();
};
P.bcast = function <T>(this: Comm, obj: T, root = 0): T {
  return bcast(this, obj, root) as T;
};
P.gather = function <T>(this: Comm, obj: T, root = 0) {
  return gather(this, obj, root) as T[] | undefined;
};
P.scatter = function <T>(this: Comm, values: T[] | undefined | null, root = 0): T {
  return scatter(this, values ?? undefined, root) as T;
};
P.allgather = function <T>(this: Comm, obj: T): T[] {
  return allgather(this, obj) as T[];
};
P.alltoall = function <T>(this: Comm, values: T[]): T[] {
  return alltoall(this, values) as T[];
};
P.reduce = function <T>(this: Comm, obj: T, op?: ObjectOp, root = 0): T | undefined {
  const all = gather(this, obj, root);
  return all === undefined ? undefined : (fold(opOr(op), all) as T);
};
P.allreduce = function <T>(this: Comm, obj: T, op?: ObjectOp): T {
  return fold(opOr(op), allgather(this, obj)) as T;
};
/** Scan and Exscan are defined on intracommunicators only (MPI-4.0 6.11). */
function intraOnly(comm: Comm, fc: string): void {
  if (comm.Is_inter()) throw core().raise(comm.handle, ErrorClass.ERR_COMM, `${fc}: not an intracommunicator (comm)`);
}
P.scan = function <T>(this: Comm, obj: T, op?: ObjectOp): T {
  intraOnly(this, "scan");
  const all = allgather(this, obj);
  return fold(opOr(op), all.slice(0, this.Get_rank() + 1)) as T;
};
P.exscan = function <T>(this: Comm, obj: T, op?: ObjectOp): T | undefined {
  intraOnly(this, "exscan");
  const r = this.Get_rank();
  if (r === 0) {
    allgather(this, obj);
    return undefined;
  }
  return fold(opOr(op), allgather(this, obj).slice(0, r)) as T;
};
