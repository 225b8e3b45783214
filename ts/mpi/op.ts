import { core } from "./environment.js";
import { HANDLE } from "./constants.js";
import { Datatype, Datatypes, datatypeOfHandle } from "./datatype.js";
import { ErrorClass } from "./errorclasses.js";
import { parseBuffer, Staged, type BufSpec, type MessageBuffer } from "./msgbuffer.js";
import { applyPredefined } from "./op-objects.js";

/** The views a JS op function gets: a TypedArray of the datatype's elements, or bytes. */
export type OpVector = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/**
 * A user-defined op function, mpi4py's signature. In buffer reductions it
 * gets views of the two buffers and the datatype, and updates inoutvec in
 * place (inoutvec[i] = invec[i] op inoutvec[i]). In object reductions
 * (`op.apply(x, y)`, comm.allreduce) it gets the two values and datatype
 * null, and returns the result.
 */
export type OpFunction = (invec: any, inoutvec: any, datatype: Datatype | null) => unknown;

type ViewCtor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): OpVector; new (length: number): OpVector; BYTES_PER_ELEMENT: number };

const D = Datatypes;
/** The TypedArray a JS op function sees for a predefined datatype, and its elements per MPI element (complex: 2). */
const views = new Map<number, [ViewCtor, number]>();
function view(ctor: ViewCtor, per: number, ...types: Datatype[]): void {
  for (const t of types) views.set(t.handle, [ctor, per]);
}
view(Int8Array, 1, D.SIGNED_CHAR, D.INT8_T);
view(Uint8Array, 1, D.CHAR, D.UNSIGNED_CHAR, D.BYTE, D.C_BOOL, D.UINT8_T);
view(Int16Array, 1, D.SHORT, D.INT16_T);
view(Uint16Array, 1, D.UNSIGNED_SHORT, D.UINT16_T);
view(Int32Array, 1, D.INT, D.LONG, D.INT32_T, D.AINT);
view(Uint32Array, 1, D.UNSIGNED, D.UNSIGNED_LONG, D.UINT32_T, D.WCHAR);
view(BigInt64Array, 1, D.LONG_LONG, D.INT64_T, D.OFFSET, D.COUNT);
view(BigUint64Array, 1, D.UNSIGNED_LONG_LONG, D.UINT64_T);
view(Float32Array, 1, D.FLOAT);
view(Float64Array, 1, D.DOUBLE);
view(Float32Array, 2, D.C_FLOAT_COMPLEX);
view(Float64Array, 2, D.C_DOUBLE_COMPLEX);

/**
 * The core's callback for a JS op function: views the two buffers (bytes
 * for datatypes with no TypedArray: pairs, long double, derived types) and
 * calls fn. A buffer not aligned for its view is copied to one that is.
 */
function bufferCallback(fn: OpFunction) {
  return (inPtr: number, inoutPtr: number, count: number, datatype: number): void => {
    const c = core();
    const [ctor, per] = views.get(datatype) ?? [Uint8Array, c.opTypeExtent(datatype)];
    const length = count * per;
    const memory = c.u8.buffer;
    const align = ctor.BYTES_PER_ELEMENT;
    const type = datatypeOfHandle(datatype);
    if (inPtr % align === 0 && inoutPtr % align === 0) {
      fn(new ctor(memory, inPtr, length), new ctor(memory, inoutPtr, length), type);
      return;
    }
    const bytes = length * align;
    const invec = new ctor(length);
    const inoutvec = new ctor(length);
    new Uint8Array(invec.buffer).set(c.u8.subarray(inPtr, inPtr + bytes));
    new Uint8Array(inoutvec.buffer).set(c.u8.subarray(inoutPtr, inoutPtr + bytes));
    fn(invec, inoutvec, type);
    c.u8.set(new Uint8Array(inoutvec.buffer), inoutPtr);
  };
}

/**
 * MPI_Op (MPI-4.0 section 6.9): a reduction operation. The predefined ones are MPI.MAX,
 * MPI.MIN, MPI.SUM, MPI.PROD, the logical and bitwise MPI.LAND ... MPI.BXOR, MPI.MAXLOC,
 * MPI.MINLOC, MPI.REPLACE and MPI.NO_OP; Op.Create makes one of a JS function. Buffer
 * reductions (Reduce, Allreduce, ...) run the op in the core; object reductions (reduce,
 * allreduce, ...) call {@link Op.apply} on JS values.
 *
 * Errors are thrown as {@link Exception} through MPI.COMM_SELF's error handler; a freed op raises ERR_OP.
 */
export class Op {
  /** @internal */
  constructor(
    /** the MPI handle the core knows this op by (MPICH's integer value; MPI.OP_NULL's once freed) */
    public handle: number,
    /** "MPI_SUM", ..., or "user-defined op" and the function's name */
    readonly name: string,
    private fn?: OpFunction,
  ) {}

  /**
   * MPI_Op_create with a JS function (mpi4py's Op.Create). In buffer reductions fn gets views of
   * the two buffers and the datatype and updates inoutvec in place (inoutvec[i] = invec[i] op
   * inoutvec[i]); in object reductions it gets two values and returns the result.
   * @param fn the function
   * @param commute whether fn(a, b) equals fn(b, a), which lets reductions reorder operands
   * @returns the op; Free it when done
   * @throws {@link Exception} ERR_ARG: fn is not a function.
   * @example
   * ```ts
   * const absMax = MPI.Op.Create((invec: Float64Array, inoutvec: Float64Array) => {
   *   for (let i = 0; i < invec.length; i++) inoutvec[i] = Math.max(Math.abs(invec[i]), Math.abs(inoutvec[i]));
   * }, true);
   * const result = new Float64Array(1);
   * comm.Allreduce(new Float64Array([rank % 2 ? -rank : rank]), result, absMax);
   * absMax.Free();
   * ```
   */
  static Create(fn: OpFunction, commute = false): Op {
    if (typeof fn !== "function")
      throw core().raise(HANDLE.COMM_NULL, ErrorClass.ERR_ARG, `MPI_Op_create: not a function (function): ${typeof fn}`);
    const handle = core().opCreateJs(bufferCallback(fn), commute);
    return new Op(handle, fn.name ? `user-defined op ${fn.name}` : "user-defined op", fn);
  }

  /**
   * MPI_Op_free: frees a user op (a reduction under way still finishes with it); the object then
   * holds MPI.OP_NULL.
   * @throws {@link Exception} ERR_OP: a predefined op, or one already freed.
   * @example
   * ```ts
   * const first = MPI.Op.Create((a: unknown) => a);
   * first.Free();
   * ```
   */
  Free(): void {
    core().opFree(this.handle);
    this.handle = HANDLE_OP_NULL;
    this.fn = undefined;
  }

  /**
   * MPI_Op_commutative: whether the op may take its operands in any order.
   * @throws {@link Exception} ERR_OP: freed.
   * @example
   * ```ts
   * console.log(MPI.SUM.Is_commutative(), MPI.Op.Create((a: unknown) => a).Is_commutative()); // true false
   * ```
   */
  Is_commutative(): boolean {
    return core().opCommutative(this.handle);
  }
  /** MPI_Op_commutative: {@link Op.Is_commutative} as a property. */
  get is_commutative(): boolean {
    return this.Is_commutative();
  }

  /** Whether this is a predefined op (MPI.SUM, ...), which MPI_Op_free refuses; see {@link Op.Free}. */
  get is_predefined(): boolean {
    return predefinedOps.has(this.handle);
  }

  /**
   * MPI_Reduce_local: inoutbuf[i] = inbuf[i] op inoutbuf[i], on this process only.
   * @param inbuf the left operands (the buffer forms of the other buffer calls)
   * @param inoutbuf the right operands, replaced by the results: the same datatype and count
   * @throws {@link Exception} ERR_TYPE (the datatypes differ), ERR_COUNT (the counts differ),
   * ERR_BUFFER (the buffers overlap), ERR_OP (the op is not defined for the datatype, or freed).
   * @example
   * ```ts
   * const acc = new Int32Array([1, 2, 3]);
   * MPI.PROD.Reduce_local(new Int32Array([2, 2, 2]), acc); // [2, 4, 6]
   * ```
   */
  Reduce_local(inbuf: BufSpec, inoutbuf: BufSpec): void {
    const fc = "MPI_Reduce_local";
    const c = core();
    const comm = HANDLE.COMM_NULL;
    const src = parseBuffer(inbuf, fc, comm, "inbuf");
    const dst = parseBuffer(inoutbuf, fc, comm, "inoutbuf");
    if (src.datatype.handle !== dst.datatype.handle)
      throw c.raise(comm, ErrorClass.ERR_TYPE, `${fc}: inbuf holds ${src.datatype.name} but inoutbuf ${dst.datatype.name} (inbuf)`);
    if (src.count !== dst.count)
      throw c.raise(comm, ErrorClass.ERR_COUNT, `${fc}: inbuf has ${src.count} elements but inoutbuf ${dst.count} (inbuf)`);
    if (overlap(src, dst))
      throw c.raise(comm, ErrorClass.ERR_BUFFER, `${fc}: inbuf and inoutbuf overlap (inoutbuf)`);
    const sin = Staged.of(src).fill();
    try {
      const sinout = Staged.of(dst).fill();
      try {
        c.reduceLocal(sin.ptr, sinout.ptr, dst.count, dst.datatype.handle, this.handle);
        sinout.drain(dst.byteLength);
      } finally {
        sinout.release();
      }
    } finally {
      sin.release();
    }
  }

  /**
   * The op on two JS values, x the earlier operand, as mpi4py's `op(x, y)`: what the object
   * reductions (comm.allreduce(v, MPI.SUM), ...) fold. A predefined op follows JS's types (SUM adds
   * numbers and bigints, concatenates strings and arrays; MAX compares; MAXLOC takes [value, index]
   * pairs; typed arrays go element by element); a user op returns fn(x, y, null). No MPI call:
   * MPI_Reduce_local is its buffer counterpart.
   * @param x the earlier operand
   * @param y the later operand
   * @throws TypeError, naming the op, for values it is not defined on (never an MPI.Exception).
   * @example
   * ```ts
   * MPI.SUM.apply([1], [2]);          // [1, 2]
   * MPI.MAXLOC.apply([3, 0], [5, 1]); // [5, 1]
   * ```
   */
  apply(x: unknown, y: unknown): unknown {
    if (this.fn) return this.fn(x, y, null);
    return applyPredefined(this.handle, this.name, x, y);
  }

  /**
   * The op's name ("MPI_SUM", "user-defined op f"), as MPI_Type_get_name gives a datatype's, for messages.
   * @example
   * ```ts
   * console.log(`${MPI.SUM}`); // MPI_SUM
   * ```
   */
  toString(): string {
    return this.name;
  }
}

/** What object reductions take as their op, as in mpi4py: an Op, or any function of two values. */
export type ObjectOp = Op | ((x: any, y: any) => unknown);

/** The function an object reduction folds values with (x: the operand of the lower rank). */
export function objectReducer(op: ObjectOp): (x: unknown, y: unknown) => unknown {
  if (op instanceof Op) return (x, y) => op.apply(x, y);
  if (typeof op === "function") return op;
  throw new TypeError(`not an MPI.Op or a function of two values: ${op === null ? "null" : typeof op}`);
}

function overlap(a: MessageBuffer, b: MessageBuffer): boolean {
  return a.buffer === b.buffer && a.byteLength > 0 && b.byteLength > 0 &&
    a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

const HANDLE_OP_NULL = 0x18000000;
const op = (handle: number, name: string) => new Op(handle, name);

/** The predefined ops, by their mpi4py names (MPICH's handle values). */
export const Ops = {
  OP_NULL: op(HANDLE_OP_NULL, "MPI_OP_NULL"),
  MAX: op(0x58000001, "MPI_MAX"),
  MIN: op(0x58000002, "MPI_MIN"),
  SUM: op(0x58000003, "MPI_SUM"),
  PROD: op(0x58000004, "MPI_PROD"),
  LAND: op(0x58000005, "MPI_LAND"),
  BAND: op(0x58000006, "MPI_BAND"),
  LOR: op(0x58000007, "MPI_LOR"),
  BOR: op(0x58000008, "MPI_BOR"),
  LXOR: op(0x58000009, "MPI_LXOR"),
  BXOR: op(0x5800000a, "MPI_BXOR"),
  MINLOC: op(0x5800000b, "MPI_MINLOC"),
  MAXLOC: op(0x5800000c, "MPI_MAXLOC"),
  REPLACE: op(0x5800000d, "MPI_REPLACE"),
  NO_OP: op(0x5800000e, "MPI_NO_OP"),
} as const;

const predefinedOps = new Set(Object.values(Ops).filter((o) => o !== Ops.OP_NULL).map((o) => o.handle));
