import { core } from "./environment.js";

/** An MPI datatype (MPI-4.0 chapter 5); the predefined ones are MPI.DOUBLE, MPI.INT, ... */
export class Datatype {
  private sizeCache = -1;
  constructor(readonly handle: number, readonly name: string) {}
  /** Size in bytes of one element. */
  Get_size(): number {
    if (this.sizeCache < 0) this.sizeCache = core().typeSize(this.handle);
    return this.sizeCache;
  }
  get size(): number {
    return this.Get_size();
  }
  Get_name(): string {
    return this.name;
  }
  toString(): string {
    return this.name;
  }
}

const t = (handle: number, name: string) => new Datatype(handle, name);

/** The predefined datatypes, by their mpi4py names. */
export const Datatypes = {
  DATATYPE_NULL: t(0x0c000000, "MPI_DATATYPE_NULL"),
  CHAR: t(0x4c000101, "MPI_CHAR"),
  SIGNED_CHAR: t(0x4c000102, "MPI_SIGNED_CHAR"),
  UNSIGNED_CHAR: t(0x4c000103, "MPI_UNSIGNED_CHAR"),
  BYTE: t(0x4c000104, "MPI_BYTE"),
  WCHAR: t(0x4c000405, "MPI_WCHAR"),
  SHORT: t(0x4c000206, "MPI_SHORT"),
  UNSIGNED_SHORT: t(0x4c000207, "MPI_UNSIGNED_SHORT"),
  INT: t(0x4c000408, "MPI_INT"),
  UNSIGNED: t(0x4c000409, "MPI_UNSIGNED"),
  LONG: t(0x4c00040a, "MPI_LONG"),
  UNSIGNED_LONG: t(0x4c00040b, "MPI_UNSIGNED_LONG"),
  LONG_LONG: t(0x4c00080c, "MPI_LONG_LONG"),
  UNSIGNED_LONG_LONG: t(0x4c00080d, "MPI_UNSIGNED_LONG_LONG"),
  FLOAT: t(0x4c00040e, "MPI_FLOAT"),
  DOUBLE: t(0x4c00080f, "MPI_DOUBLE"),
  LONG_DOUBLE: t(0x4c001010, "MPI_LONG_DOUBLE"),
  PACKED: t(0x4c000111, "MPI_PACKED"),
  C_BOOL: t(0x4c000112, "MPI_C_BOOL"),
  INT8_T: t(0x4c000113, "MPI_INT8_T"),
  INT16_T: t(0x4c000214, "MPI_INT16_T"),
  INT32_T: t(0x4c000415, "MPI_INT32_T"),
  INT64_T: t(0x4c000816, "MPI_INT64_T"),
  UINT8_T: t(0x4c000117, "MPI_UINT8_T"),
  UINT16_T: t(0x4c000218, "MPI_UINT16_T"),
  UINT32_T: t(0x4c000419, "MPI_UINT32_T"),
  UINT64_T: t(0x4c00081a, "MPI_UINT64_T"),
  AINT: t(0x4c00041b, "MPI_AINT"),
  OFFSET: t(0x4c00081c, "MPI_OFFSET"),
  COUNT: t(0x4c00081d, "MPI_COUNT"),
  C_FLOAT_COMPLEX: t(0x4c00081e, "MPI_C_FLOAT_COMPLEX"),
  C_DOUBLE_COMPLEX: t(0x4c00101f, "MPI_C_DOUBLE_COMPLEX"),
  C_LONG_DOUBLE_COMPLEX: t(0x4c002020, "MPI_C_LONG_DOUBLE_COMPLEX"),
  FLOAT_INT: t(0x4c000821, "MPI_FLOAT_INT"),
  DOUBLE_INT: t(0x4c001022, "MPI_DOUBLE_INT"),
  LONG_INT: t(0x4c000823, "MPI_LONG_INT"),
  TWOINT: t(0x4c000824, "MPI_2INT"),
  SHORT_INT: t(0x4c000825, "MPI_SHORT_INT"),
  LONG_DOUBLE_INT: t(0x4c002026, "MPI_LONG_DOUBLE_INT"),
} as const;

const inferred = new Map<unknown, Datatype>([
  [Float64Array, Datatypes.DOUBLE],
  [Float32Array, Datatypes.FLOAT],
  [Int32Array, Datatypes.INT],
  [Uint32Array, Datatypes.UNSIGNED],
  [Int16Array, Datatypes.SHORT],
  [Uint16Array, Datatypes.UNSIGNED_SHORT],
  [Int8Array, Datatypes.SIGNED_CHAR],
  [Uint8Array, Datatypes.UNSIGNED_CHAR],
  [Uint8ClampedArray, Datatypes.UNSIGNED_CHAR],
  [BigInt64Array, Datatypes.INT64_T],
  [BigUint64Array, Datatypes.UINT64_T],
]);

// programs send one kind of array over and over: remember the last answer
let lastCtor: unknown;
let lastType: Datatype = Datatypes.BYTE;

/** The datatype a TypedArray implies (mpi4py's typecode mapping); MPI.BYTE for a DataView. */
export function datatypeOf(view: ArrayBufferView): Datatype {
  const ctor = view.constructor;
  if (ctor === lastCtor) return lastType;
  const direct = inferred.get(ctor);
  if (direct) {
    lastCtor = ctor;
    lastType = direct;
    return direct;
  }
  // subclasses (Node's Buffer is a Uint8Array)
  for (const [ctor, type] of inferred) if (view instanceof (ctor as new () => ArrayBufferView)) return type;
  return Datatypes.BYTE;
}

/** mpi4py's typecodes (Python struct / NumPy characters) and their datatypes. */
const typecodes: Record<string, Datatype> = {
  c: Datatypes.CHAR,
  b: Datatypes.SIGNED_CHAR,
  B: Datatypes.UNSIGNED_CHAR,
  h: Datatypes.SHORT,
  H: Datatypes.UNSIGNED_SHORT,
  i: Datatypes.INT,
  I: Datatypes.UNSIGNED,
  l: Datatypes.LONG,
  L: Datatypes.UNSIGNED_LONG,
  q: Datatypes.LONG_LONG,
  Q: Datatypes.UNSIGNED_LONG_LONG,
  f: Datatypes.FLOAT,
  d: Datatypes.DOUBLE,
  g: Datatypes.LONG_DOUBLE,
  "?": Datatypes.C_BOOL,
  i1: Datatypes.INT8_T,
  i2: Datatypes.INT16_T,
  i4: Datatypes.INT32_T,
  i8: Datatypes.INT64_T,
  u1: Datatypes.UINT8_T,
  u2: Datatypes.UINT16_T,
  u4: Datatypes.UINT32_T,
  u8: Datatypes.UINT64_T,
  f4: Datatypes.FLOAT,
  f8: Datatypes.DOUBLE,
  F: Datatypes.C_FLOAT_COMPLEX,
  D: Datatypes.C_DOUBLE_COMPLEX,
};

/** The datatype of a typecode ('d' -> MPI.DOUBLE), or undefined. */
export function datatypeOfCode(code: string): Datatype | undefined {
  return Object.hasOwn(typecodes, code) ? typecodes[code] : undefined;
}
