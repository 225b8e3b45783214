import type { TypeInfo } from "../abi/core.js";
import { HANDLE } from "./constants.js";
import { core } from "./environment.js";
import { ErrorClass } from "./errorclasses.js";
import type { BufferLike } from "./msgbuffer.js";
import { decodeType } from "./typedecode.js";
import { packInto, unpackFrom } from "./typepack.js";

/** Anything with a communicator handle (a Comm), for the pack calls. */
interface HasHandle {
  readonly handle: number;
}

/** MPI_ORDER_C / MPI_ORDER_FORTRAN and the darray distributions (MPICH's values). */
export const ORDER_C = 56;
export const ORDER_FORTRAN = 57;
export const DISTRIBUTE_BLOCK = 121;
export const DISTRIBUTE_CYCLIC = 122;
export const DISTRIBUTE_NONE = 123;
export const DISTRIBUTE_DFLT_DARG = -49767;
/** Type classes of Datatype.Match_size. */
export const TYPECLASS_REAL = 1;
export const TYPECLASS_INTEGER = 2;
export const TYPECLASS_COMPLEX = 3;

/** One field of Datatype.fromStruct. */
export interface StructField {
  /** A name for the field (kept in `fields`, not used by MPI). */
  name?: string;
  /** Its datatype. */
  type: Datatype;
  /** Byte offset from the start of the struct; omitted: the next offset aligned like C (predefined types only). */
  offset?: number;
  /** Elements of `type` in the field (default 1). */
  count?: number;
}

/** A field of a struct type built by Datatype.fromStruct, with its offset settled. */
export interface PlacedField {
  name?: string;
  type: Datatype;
  offset: number;
  count: number;
}

/** The C alignment of a predefined type: its size, a complex number's part, a pair's value. */
function alignmentOf(type: Datatype): number {
  const h = type.handle >>> 0;
  const size = (h >> 8) & 0xff;
  const index = h & 0xff;
  if (index >= 0x1e && index <= 0x20) return size / 2; // complex
  if (index >= 0x21) return Math.max(4, type.Get_size() - 4); // MAXLOC pairs: the value's alignment
  return Math.max(1, size);
}

/**
 * An MPI datatype (MPI-4.0 chapter 5). The predefined ones are MPI.DOUBLE,
 * MPI.INT, ...; derived ones come from the Create_* methods, as in mpi4py:
 * `MPI.DOUBLE.Create_vector(4, 1, 8).Commit()`. Free() them when done.
 */
export class Datatype {
  private layoutCache?: TypeInfo;
  /** The fields of a struct type made by fromStruct. */
  fields?: readonly PlacedField[];

  /** @internal `predefinedName`: set for the predefined types. */
  constructor(public handle: number, private predefinedName?: string) {}

  /** @internal What the core says of this type's layout (cached: a type's layout never changes). */
  layout(): TypeInfo {
    return (this.layoutCache ??= core().typeInfo(this.handle));
  }

  // ---- Datatype accessors ----

  /** MPI_Type_size: bytes of data in one element. */
  Get_size(): number {
    return this.layout().size;
  }
  get size(): number {
    return this.Get_size();
  }
  /** MPI_Type_get_extent: [lb, extent]. */
  Get_extent(): [number, number] {
    const l = this.layout();
    return [l.lb, l.extent];
  }
  get extent(): number {
    return this.layout().extent;
  }
  get lb(): number {
    return this.layout().lb;
  }
  get ub(): number {
    return this.layout().lb + this.layout().extent;
  }
  /** MPI_Type_get_true_extent: [true_lb, true_extent]. */
  Get_true_extent(): [number, number] {
    const l = this.layout();
    return [l.trueLb, l.trueExtent];
  }
  get true_lb(): number {
    return this.layout().trueLb;
  }
  get true_extent(): number {
    return this.layout().trueExtent;
  }
  get true_ub(): number {
    return this.layout().trueLb + this.layout().trueExtent;
  }
  /** True for the predefined types (and DATATYPE_NULL). */
  get is_predefined(): boolean {
    return this.predefinedName !== undefined;
  }

  // ---- Derived datatype constructors (new types are uncommitted) ----

  /** MPI_Type_contiguous. */
  Create_contiguous(count: number): Datatype {
    return new Datatype(core().typeContiguous(count, this.handle));
  }
  /** MPI_Type_vector: count blocks of blocklength elements, stride elements apart. */
  Create_vector(count: number, blocklength: number, stride: number): Datatype {
    return new Datatype(core().typeVector(count, blocklength, stride, this.handle));
  }
  /** MPI_Type_create_hvector: the stride in bytes. */
  Create_hvector(count: number, blocklength: number, stride: number): Datatype {
    return new Datatype(core().typeHvector(count, blocklength, stride, this.handle));
  }
  /** MPI_Type_indexed: displacements in elements. */
  Create_indexed(blocklengths: ArrayLike<number>, displacements: ArrayLike<number>): Datatype {
    return new Datatype(core().typeIndexed(blocklengths, sameLength(blocklengths, displacements, "MPI_Type_indexed"), this.handle));
  }
  /** MPI_Type_create_hindexed: displacements in bytes. */
  Create_hindexed(blocklengths: ArrayLike<number>, displacements: ArrayLike<number>): Datatype {
    return new Datatype(core().typeHindexed(blocklengths, sameLength(blocklengths, displacements, "MPI_Type_create_hindexed"), this.handle));
  }
  /** MPI_Type_create_indexed_block. */
  Create_indexed_block(blocklength: number, displacements: ArrayLike<number>): Datatype {
    return new Datatype(core().typeIndexedBlock(blocklength, displacements, this.handle));
  }
  /** MPI_Type_create_hindexed_block: displacements in bytes. */
  Create_hindexed_block(blocklength: number, displacements: ArrayLike<number>): Datatype {
    return new Datatype(core().typeHindexedBlock(blocklength, displacements, this.handle));
  }
  /** MPI_Type_create_struct (mpi4py: `MPI.Datatype.Create_struct(blocklengths, displacements, datatypes)`). */
  static Create_struct(blocklengths: ArrayLike<number>, displacements: ArrayLike<number>, datatypes: ArrayLike<Datatype>): Datatype {
    sameLength(blocklengths, displacements, "MPI_Type_create_struct");
    const handles = Array.from(sameLength(blocklengths, datatypes, "MPI_Type_create_struct"), (d) => d.handle);
    return new Datatype(core().typeStruct(blocklengths, displacements, handles));
  }
  /** MPI_Type_create_subarray. */
  Create_subarray(sizes: ArrayLike<number>, subsizes: ArrayLike<number>, starts: ArrayLike<number>, order: number = ORDER_C): Datatype {
    sameLength(sizes, subsizes, "MPI_Type_create_subarray");
    return new Datatype(core().typeSubarray(sizes, subsizes, sameLength(sizes, starts, "MPI_Type_create_subarray"), order, this.handle));
  }
  /**
   * MPI_Type_create_darray: this rank's part of a gsizes array distributed
   * over a psizes process grid (distribs: MPI.DISTRIBUTE_BLOCK / CYCLIC / NONE;
   * dargs: block sizes or MPI.DISTRIBUTE_DFLT_DARG).
   */
  Create_darray(size: number, rank: number, gsizes: ArrayLike<number>, distribs: ArrayLike<number>, dargs: ArrayLike<number>, psizes: ArrayLike<number>, order: number = ORDER_C): Datatype {
    const fc = "MPI_Type_create_darray";
    sameLength(gsizes, distribs, fc);
    sameLength(gsizes, dargs, fc);
    return new Datatype(core().typeDarray(size, rank, gsizes, distribs, dargs, sameLength(gsizes, psizes, fc), order, this.handle));
  }
  /** MPI_Type_match_size: the predefined type of a class (MPI.TYPECLASS_REAL, _INTEGER, _COMPLEX) and size in bytes. */
  static Match_size(typeclass: number, size: number): Datatype {
    return datatypeOfHandle(core().typeMatchSize(typeclass, size));
  }
  /** MPI_Type_create_resized. */
  Create_resized(lb: number, extent: number): Datatype {
    return new Datatype(core().typeResized(this.handle, lb, extent));
  }
  /** MPI_Type_dup (committed if this is). */
  Dup(): Datatype {
    return new Datatype(core().typeDup(this.handle));
  }
  /** MPI_Type_commit: returns this, so constructors chain (`.Create_vector(...).Commit()`). */
  Commit(): this {
    core().typeCommit(this.handle);
    return this;
  }
  /** MPI_Type_free: the handle becomes MPI.DATATYPE_NULL; pending operations finish with the type. */
  Free(): void {
    core().typeFree(this.handle);
    this.handle = Datatypes.DATATYPE_NULL.handle;
    this.layoutCache = undefined;
  }

  /**
   * A committed struct type from a JS description of its fields, e.g.
   * `Datatype.fromStruct([{name: "x", type: MPI.DOUBLE, offset: 0}, {name: "n", type: MPI.INT, offset: 8}], {extent: 16})`.
   * A field without an offset goes at the next offset aligned as C would
   * place it (predefined types only); `count` is its number of elements
   * (default 1). Without `extent` the type's extent is C's sizeof: the end of
   * the last field rounded up to the widest alignment. The placed fields are
   * kept in the result's `fields`.
   */
  static fromStruct(fields: readonly StructField[], options: { extent?: number } = {}): Datatype {
    const placed: PlacedField[] = [];
    let end = 0;
    let align = 1;
    for (const [i, f] of fields.entries()) {
      if (!(f.type instanceof Datatype)) throw core().raise(HANDLE.COMM_SELF, ErrorClass.ERR_TYPE, `MPI_Type_create_struct: fields[${i}].type is not an MPI.Datatype`);
      const count = f.count ?? 1;
      let offset = f.offset;
      if (offset === undefined) {
        if (!f.type.is_predefined) throw core().raise(HANDLE.COMM_SELF, ErrorClass.ERR_ARG, `MPI_Type_create_struct: fields[${i}] of derived type ${f.type.name} needs an offset`);
        const a = alignmentOf(f.type);
        align = Math.max(align, a);
        offset = Math.ceil(end / a) * a;
      } else if (f.type.is_predefined) {
        align = Math.max(align, alignmentOf(f.type));
      }
      placed.push({ name: f.name, type: f.type, offset, count });
      end = Math.max(end, offset + count * f.type.extent);
    }
    const st = Datatype.Create_struct(placed.map((f) => f.count), placed.map((f) => f.offset), placed.map((f) => f.type));
    const extent = options.extent ?? Math.ceil(end / align) * align;
    let result = st;
    if (extent !== st.extent || st.lb !== 0) {
      result = st.Create_resized(0, extent);
      st.Free();
    }
    result.Commit();
    result.fields = placed;
    return result;
  }

  // ---- Decoding ----

  /** MPI_Type_get_envelope: [num_integers, num_addresses, num_datatypes, combiner]. */
  Get_envelope(): [number, number, number, number] {
    return core().typeEnvelope(this.handle);
  }
  get envelope(): [number, number, number, number] {
    return this.Get_envelope();
  }
  /** The MPI.COMBINER_* constant this type was made with. */
  get combiner(): number {
    return this.Get_envelope()[3];
  }
  /** MPI_Type_get_contents: [integers, addresses, datatypes] (Free the derived datatypes it returns). */
  Get_contents(): [number[], number[], Datatype[]] {
    const [ints, aints, handles] = core().typeContents(this.handle);
    return [ints, aints, handles.map(datatypeOfHandle)];
  }
  get contents(): [number[], number[], Datatype[]] {
    return this.Get_contents();
  }
  /**
   * mpi4py's datatype decoding: [basetype, combiner name, parameters], e.g.
   * `[MPI.DOUBLE, "VECTOR", {count: 4, blocklength: 1, stride: 8}]`;
   * `[this, "NAMED", {}]` for a predefined type; for STRUCT the base is the list of datatypes.
   */
  decode(): [Datatype | Datatype[], string, Record<string, unknown>] {
    return decodeType(this);
  }

  // ---- Names ----

  /** MPI_Type_get_name. */
  Get_name(): string {
    return this.predefinedName ?? core().typeGetName(this.handle);
  }
  /** MPI_Type_set_name. */
  Set_name(name: string): void {
    core().typeSetName(this.handle, name);
    if (this.predefinedName !== undefined) this.predefinedName = name;
  }
  get name(): string {
    try {
      return this.Get_name();
    } catch {
      return `datatype 0x${(this.handle >>> 0).toString(16)}`;
    }
  }
  set name(name: string) {
    this.Set_name(name);
  }
  toString(): string {
    return this.name;
  }

  // ---- Pack and unpack (MPI-4.0 sections 5.2, 5.3) ----

  /** MPI_Pack: packs inbuf (as many elements as its bytes hold extents) into outbuf at position; returns the position after. */
  Pack(inbuf: BufferLike, outbuf: BufferLike, position: number, comm: HasHandle): number {
    return packInto(this, false, inbuf, outbuf, position, comm.handle);
  }
  /** MPI_Unpack: unpacks from inbuf at position into outbuf (as many elements as it holds extents); returns the position after. */
  Unpack(inbuf: BufferLike, position: number, outbuf: BufferLike, comm: HasHandle): number {
    return unpackFrom(this, false, inbuf, position, outbuf, comm.handle);
  }
  /** MPI_Pack_size: an upper bound of the bytes Pack needs for count elements. */
  Pack_size(count: number, comm: HasHandle): number {
    return core().packSize(false, count, this.handle, comm.handle);
  }
  /** MPI_Pack_external (datarep "external32": big-endian). */
  Pack_external(datarep: string, inbuf: BufferLike, outbuf: BufferLike, position: number): number {
    checkDatarep("MPI_Pack_external", datarep);
    return packInto(this, true, inbuf, outbuf, position, HANDLE.COMM_SELF);
  }
  /** MPI_Unpack_external. */
  Unpack_external(datarep: string, inbuf: BufferLike, position: number, outbuf: BufferLike): number {
    checkDatarep("MPI_Unpack_external", datarep);
    return unpackFrom(this, true, inbuf, position, outbuf, HANDLE.COMM_SELF);
  }
  /** MPI_Pack_external_size. */
  Pack_external_size(datarep: string, count: number): number {
    checkDatarep("MPI_Pack_external_size", datarep);
    return core().packSize(true, count, this.handle, HANDLE.COMM_SELF);
  }
}

function sameLength<T>(a: ArrayLike<unknown>, b: ArrayLike<T>, fc: string): ArrayLike<T> {
  if (a.length !== b.length) throw core().raise(HANDLE.COMM_SELF, ErrorClass.ERR_ARG, `${fc}: arrays of ${a.length} and ${b.length} items: they must have the same length`);
  return b;
}

function checkDatarep(fc: string, datarep: string): void {
  if (datarep !== "external32") throw core().raise(HANDLE.COMM_SELF, ErrorClass.ERR_ARG, `${fc}: unknown data representation "${datarep}": only "external32" (datarep)`);
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

/** The Datatype object of a handle the core returned: the predefined object, or a new one. */
export function datatypeOfHandle(handle: number): Datatype {
  for (const d of Object.values(Datatypes)) if (d.handle === handle) return d;
  return new Datatype(handle);
}
