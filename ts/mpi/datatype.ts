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
  /** The field's name, as given. */
  name?: string;
  /** Its datatype. */
  type: Datatype;
  /** Its byte offset from the start of the struct (given, or where C would place it). */
  offset: number;
  /** Elements of `type` in the field. */
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
 * MPI_Datatype (MPI-4.0 chapter 5): the layout of the elements a buffer call moves. The
 * predefined ones are MPI.DOUBLE, MPI.INT, ... (a typed array implies its own: Float64Array is
 * MPI.DOUBLE); derived ones come from the Create_* methods, as in mpi4py:
 * `MPI.DOUBLE.Create_vector(4, 1, 8).Commit()`. A derived type must be committed before a
 * communication uses it, and freed when done.
 *
 * Errors are thrown as {@link Exception} through MPI.COMM_SELF's error handler (MPI.ERRORS_RETURN
 * unless the program changes it). Every method raises ERR_TYPE on a freed datatype; the
 * constructors raise ERR_COUNT or ERR_ARG for a negative count or block length, and ERR_ARG for
 * arrays of different lengths.
 */
export class Datatype {
  private layoutCache?: TypeInfo;
  /** The fields of a struct type made by fromStruct. */
  fields?: readonly PlacedField[];

  /** @internal `predefinedName`: set for the predefined types. */
  constructor(
    /** the MPI handle the core knows this datatype by (MPICH's integer value; MPI.DATATYPE_NULL's once freed) */
    public handle: number,
    private predefinedName?: string,
  ) {}

  /** @internal What the core says of this type's layout (cached: a type's layout never changes). */
  layout(): TypeInfo {
    return (this.layoutCache ??= core().typeInfo(this.handle));
  }

  // ---- Datatype accessors ----

  /**
   * MPI_Type_size: the bytes of data in one element (gaps excluded).
   * @throws {@link Exception} ERR_TYPE: freed.
   * @example
   * ```ts
   * console.log(MPI.DOUBLE.Get_size(), MPI.DOUBLE.Create_vector(2, 1, 4).Get_size()); // 8 16
   * ```
   */
  Get_size(): number {
    return this.layout().size;
  }
  /** MPI_Type_size: {@link Datatype.Get_size} as a property. */
  get size(): number {
    return this.Get_size();
  }
  /**
   * MPI_Type_get_extent: where an element starts (lb) and how far the next one is (extent), in bytes.
   * @returns [lb, extent]
   * @throws {@link Exception} ERR_TYPE: freed.
   * @example
   * ```ts
   * const [lb, extent] = MPI.INT.Create_vector(2, 1, 3).Get_extent(); // 0, 16
   * ```
   */
  Get_extent(): [number, number] {
    const l = this.layout();
    return [l.lb, l.extent];
  }
  /** MPI_Type_get_extent's extent: {@link Datatype.Get_extent} as a property. */
  get extent(): number {
    return this.layout().extent;
  }
  /** MPI_Type_get_extent's lower bound: {@link Datatype.Get_extent} as a property. */
  get lb(): number {
    return this.layout().lb;
  }
  /** The upper bound, lb + extent of MPI_Type_get_extent ({@link Datatype.Get_extent}). */
  get ub(): number {
    return this.layout().lb + this.layout().extent;
  }
  /**
   * MPI_Type_get_true_extent: the span of the bytes really touched, ignoring a resized type's bounds.
   * @returns [true_lb, true_extent]
   * @throws {@link Exception} ERR_TYPE: freed.
   * @example
   * ```ts
   * const padded = MPI.INT.Create_resized(0, 16);
   * console.log(padded.Get_true_extent()); // [0, 4]
   * ```
   */
  Get_true_extent(): [number, number] {
    const l = this.layout();
    return [l.trueLb, l.trueExtent];
  }
  /** MPI_Type_get_true_extent's lower bound: {@link Datatype.Get_true_extent} as a property. */
  get true_lb(): number {
    return this.layout().trueLb;
  }
  /** MPI_Type_get_true_extent's extent: {@link Datatype.Get_true_extent} as a property. */
  get true_extent(): number {
    return this.layout().trueExtent;
  }
  /** true_lb + true_extent of MPI_Type_get_true_extent ({@link Datatype.Get_true_extent}). */
  get true_ub(): number {
    return this.layout().trueLb + this.layout().trueExtent;
  }
  /** Whether this is a predefined type (MPI.INT, ..., MPI.DATATYPE_NULL), which MPI_Type_free refuses; see {@link Datatype.Free}. */
  get is_predefined(): boolean {
    return this.predefinedName !== undefined;
  }

  // ---- Derived datatype constructors (new types are uncommitted) ----

  /**
   * MPI_Type_contiguous: count elements of this type, one after another.
   * @param count how many
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_COUNT (count < 0), ERR_TYPE (this type is freed).
   * @example
   * ```ts
   * const xyz = MPI.DOUBLE.Create_contiguous(3).Commit();
   * comm.Send([new Float64Array(30), 10, xyz], MPI.PROC_NULL);
   * ```
   */
  Create_contiguous(count: number): Datatype {
    return new Datatype(core().typeContiguous(count, this.handle));
  }
  /**
   * MPI_Type_vector: count blocks of blocklength elements, starting stride elements apart (a
   * column of a row-major matrix).
   * @param count how many blocks
   * @param blocklength elements per block
   * @param stride elements from the start of one block to the next
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_COUNT (count < 0), ERR_ARG (blocklength < 0), ERR_TYPE.
   * @example
   * ```ts
   * // column 0 of a 4x8 row-major matrix
   * const column = MPI.DOUBLE.Create_vector(4, 1, 8).Commit();
   * comm.Send([new Float64Array(32), 1, column], MPI.PROC_NULL);
   * ```
   */
  Create_vector(count: number, blocklength: number, stride: number): Datatype {
    return new Datatype(core().typeVector(count, blocklength, stride, this.handle));
  }
  /**
   * MPI_Type_create_hvector: Create_vector with the stride in bytes.
   * @param count how many blocks
   * @param blocklength elements per block
   * @param stride bytes from the start of one block to the next
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_COUNT (count < 0), ERR_ARG (blocklength < 0), ERR_TYPE.
   * @example
   * ```ts
   * const everyOther = MPI.INT.Create_hvector(4, 1, 8).Commit();
   * ```
   */
  Create_hvector(count: number, blocklength: number, stride: number): Datatype {
    return new Datatype(core().typeHvector(count, blocklength, stride, this.handle));
  }
  /**
   * MPI_Type_indexed: blocks of different lengths at displacements counted in elements.
   * @param blocklengths elements per block
   * @param displacements where each block starts, in elements of this type
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_ARG (arrays of different lengths, a negative block length), ERR_TYPE.
   * @example
   * ```ts
   * // the upper triangle of a 3x3 matrix
   * const upper = MPI.DOUBLE.Create_indexed([3, 2, 1], [0, 4, 8]).Commit();
   * ```
   */
  Create_indexed(blocklengths: ArrayLike<number>, displacements: ArrayLike<number>): Datatype {
    return new Datatype(core().typeIndexed(blocklengths, sameLength(blocklengths, displacements, "MPI_Type_indexed"), this.handle));
  }
  /**
   * MPI_Type_create_hindexed: Create_indexed with displacements in bytes.
   * @param blocklengths elements per block
   * @param displacements where each block starts, in bytes
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_ARG (arrays of different lengths, a negative block length), ERR_TYPE.
   * @example
   * ```ts
   * const picks = MPI.INT.Create_hindexed([1, 2], [0, 12]).Commit();
   * ```
   */
  Create_hindexed(blocklengths: ArrayLike<number>, displacements: ArrayLike<number>): Datatype {
    return new Datatype(core().typeHindexed(blocklengths, sameLength(blocklengths, displacements, "MPI_Type_create_hindexed"), this.handle));
  }
  /**
   * MPI_Type_create_indexed_block: blocks of one length at displacements counted in elements.
   * @param blocklength elements per block
   * @param displacements where each block starts, in elements
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_ARG (a negative block length), ERR_TYPE.
   * @example
   * ```ts
   * const corners = MPI.DOUBLE.Create_indexed_block(1, [0, 3, 12, 15]).Commit();
   * ```
   */
  Create_indexed_block(blocklength: number, displacements: ArrayLike<number>): Datatype {
    return new Datatype(core().typeIndexedBlock(blocklength, displacements, this.handle));
  }
  /**
   * MPI_Type_create_hindexed_block: Create_indexed_block with displacements in bytes.
   * @param blocklength elements per block
   * @param displacements where each block starts, in bytes
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_ARG (a negative block length), ERR_TYPE.
   * @example
   * ```ts
   * const pairs = MPI.INT.Create_hindexed_block(2, [0, 32]).Commit();
   * ```
   */
  Create_hindexed_block(blocklength: number, displacements: ArrayLike<number>): Datatype {
    return new Datatype(core().typeHindexedBlock(blocklength, displacements, this.handle));
  }
  /**
   * MPI_Type_create_struct: blocks of different types at byte displacements, as a C struct
   * (see {@link Datatype.fromStruct} for the same from a description of the fields).
   * @param blocklengths elements per block
   * @param displacements where each block starts, in bytes
   * @param datatypes each block's type
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_ARG (arrays of different lengths, a negative block length), ERR_TYPE (a freed type among datatypes).
   * @example
   * ```ts
   * // struct { double x; int n; } (16 bytes with C's padding)
   * const particle = MPI.Datatype.Create_struct([1, 1], [0, 8], [MPI.DOUBLE, MPI.INT]).Create_resized(0, 16).Commit();
   * ```
   */
  static Create_struct(blocklengths: ArrayLike<number>, displacements: ArrayLike<number>, datatypes: ArrayLike<Datatype>): Datatype {
    sameLength(blocklengths, displacements, "MPI_Type_create_struct");
    const handles = Array.from(sameLength(blocklengths, datatypes, "MPI_Type_create_struct"), (d) => d.handle);
    return new Datatype(core().typeStruct(blocklengths, displacements, handles));
  }
  /**
   * MPI_Type_create_subarray: a block of an n-dimensional array.
   * @param sizes the whole array's size in each dimension
   * @param subsizes the block's size in each dimension
   * @param starts where the block starts in each dimension
   * @param order MPI.ORDER_C (row-major, the default) or MPI.ORDER_FORTRAN
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_ARG (arrays of different lengths, a block outside the array, another order), ERR_TYPE.
   * @example
   * ```ts
   * // the 2x2 block at (1, 1) of a 4x4 grid
   * const block = MPI.DOUBLE.Create_subarray([4, 4], [2, 2], [1, 1]).Commit();
   * ```
   */
  Create_subarray(sizes: ArrayLike<number>, subsizes: ArrayLike<number>, starts: ArrayLike<number>, order: number = ORDER_C): Datatype {
    sameLength(sizes, subsizes, "MPI_Type_create_subarray");
    return new Datatype(core().typeSubarray(sizes, subsizes, sameLength(sizes, starts, "MPI_Type_create_subarray"), order, this.handle));
  }
  /**
   * MPI_Type_create_darray: the part of a distributed n-dimensional array that belongs to one
   * process of a process grid (HPF-style block and cyclic distributions); a File view's usual filetype.
   * @param size processes in the grid
   * @param rank the process whose part this is
   * @param gsizes the global array's size in each dimension
   * @param distribs MPI.DISTRIBUTE_BLOCK, MPI.DISTRIBUTE_CYCLIC or MPI.DISTRIBUTE_NONE per dimension
   * @param dargs the block size per dimension, or MPI.DISTRIBUTE_DFLT_DARG
   * @param psizes the process grid's size in each dimension (their product is size)
   * @param order MPI.ORDER_C (the default) or MPI.ORDER_FORTRAN
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_RANK (rank not in 0..size-1), ERR_ARG (arrays of different
   * lengths, psizes whose product is not size, a bad distribution), ERR_TYPE.
   * @example
   * ```ts
   * const mine = MPI.DOUBLE.Create_darray(size, rank, [8 * size], [MPI.DISTRIBUTE_BLOCK], [MPI.DISTRIBUTE_DFLT_DARG], [size]).Commit();
   * ```
   */
  Create_darray(size: number, rank: number, gsizes: ArrayLike<number>, distribs: ArrayLike<number>, dargs: ArrayLike<number>, psizes: ArrayLike<number>, order: number = ORDER_C): Datatype {
    const fc = "MPI_Type_create_darray";
    sameLength(gsizes, distribs, fc);
    sameLength(gsizes, dargs, fc);
    return new Datatype(core().typeDarray(size, rank, gsizes, distribs, dargs, sameLength(gsizes, psizes, fc), order, this.handle));
  }
  /**
   * MPI_Type_match_size: the predefined type of a class and size.
   * @param typeclass MPI.TYPECLASS_REAL, MPI.TYPECLASS_INTEGER or MPI.TYPECLASS_COMPLEX
   * @param size its size in bytes
   * @throws {@link Exception} ERR_ARG: an unknown class, or no type of that class and size.
   * @example
   * ```ts
   * const int64 = MPI.Datatype.Match_size(MPI.TYPECLASS_INTEGER, 8);
   * ```
   */
  static Match_size(typeclass: number, size: number): Datatype {
    return datatypeOfHandle(core().typeMatchSize(typeclass, size));
  }
  /**
   * MPI_Type_create_resized: the same data with another lower bound and extent (the stride of
   * consecutive elements, e.g. to match a C struct's padding).
   * @param lb the new lower bound, in bytes
   * @param extent the new extent, in bytes
   * @returns a new uncommitted type
   * @throws {@link Exception} ERR_TYPE: this type is freed.
   * @example
   * ```ts
   * const padded = MPI.INT.Create_resized(0, 8).Commit();   // one int every 8 bytes
   * ```
   */
  Create_resized(lb: number, extent: number): Datatype {
    return new Datatype(core().typeResized(this.handle, lb, extent));
  }
  /**
   * MPI_Type_dup: a copy, committed if this type is.
   * @throws {@link Exception} ERR_TYPE: freed.
   * @example
   * ```ts
   * const mine = MPI.DOUBLE.Dup();
   * mine.Set_name("temperature");
   * ```
   */
  Dup(): Datatype {
    return new Datatype(core().typeDup(this.handle));
  }
  /**
   * MPI_Type_commit: makes the type usable in communication.
   * @returns this, so that a constructor chains: `.Create_vector(...).Commit()`
   * @throws {@link Exception} ERR_TYPE: freed.
   * @example
   * ```ts
   * const row = MPI.FLOAT.Create_contiguous(16).Commit();
   * ```
   */
  Commit(): this {
    core().typeCommit(this.handle);
    return this;
  }
  /**
   * MPI_Type_free: frees a derived type (operations under way still finish with it); the object
   * then holds MPI.DATATYPE_NULL.
   * @throws {@link Exception} ERR_TYPE: a predefined type, or one already freed.
   * @example
   * ```ts
   * const pair = MPI.INT.Create_contiguous(2).Commit();
   * comm.Send([new Int32Array(2), 1, pair], MPI.PROC_NULL);
   * pair.Free();
   * ```
   */
  Free(): void {
    core().typeFree(this.handle);
    this.handle = Datatypes.DATATYPE_NULL.handle;
    this.layoutCache = undefined;
  }

  /**
   * A committed struct type (MPI_Type_create_struct, resized to C's size) from a description of
   * its fields, wmpi's shorthand for Create_struct. A field without an offset goes where C would
   * place it (predefined types only); `count` is its number of elements (default 1). Without
   * `options.extent` the extent is C's sizeof: the end of the last field rounded up to the widest
   * alignment. The placed fields are kept in the result's `fields`.
   * @param fields the fields, in order
   * @param options `extent`: the struct's size, if not C's
   * @throws {@link Exception} ERR_TYPE (a field's type is not a Datatype), ERR_ARG (a field of a derived type without an offset).
   * @example
   * ```ts
   * const particle = MPI.Datatype.fromStruct([{ name: "x", type: MPI.DOUBLE, count: 3 }, { name: "id", type: MPI.INT }]);
   * console.log(particle.extent, particle.fields?.map((f) => f.offset)); // 32 [0, 24]
   * ```
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

  /**
   * MPI_Type_get_envelope: how the type was made: the lengths of Get_contents' arrays and the combiner.
   * @returns [num_integers, num_addresses, num_datatypes, combiner (MPI.COMBINER_*)]
   * @throws {@link Exception} ERR_TYPE: freed.
   * @example
   * ```ts
   * const [, , , combiner] = MPI.INT.Create_vector(2, 1, 3).Get_envelope();
   * console.log(combiner === MPI.COMBINER_VECTOR); // true
   * ```
   */
  Get_envelope(): [number, number, number, number] {
    return core().typeEnvelope(this.handle);
  }
  /** MPI_Type_get_envelope: {@link Datatype.Get_envelope} as a property. */
  get envelope(): [number, number, number, number] {
    return this.Get_envelope();
  }
  /** The combiner of MPI_Type_get_envelope (MPI.COMBINER_NAMED, _VECTOR, ...): {@link Datatype.Get_envelope}'s last item. */
  get combiner(): number {
    return this.Get_envelope()[3];
  }
  /**
   * MPI_Type_get_contents: the arguments the type was made with (free the derived datatypes it returns).
   * @returns [integers, addresses, datatypes]
   * @throws {@link Exception} ERR_TYPE: a predefined type (it has no contents), or freed.
   * @example
   * ```ts
   * const [ints, , [base]] = MPI.DOUBLE.Create_vector(4, 1, 8).Get_contents(); // [4, 1, 8], MPI.DOUBLE
   * ```
   */
  Get_contents(): [number[], number[], Datatype[]] {
    const [ints, aints, handles] = core().typeContents(this.handle);
    return [ints, aints, handles.map(datatypeOfHandle)];
  }
  /** MPI_Type_get_contents: {@link Datatype.Get_contents} as a property. */
  get contents(): [number[], number[], Datatype[]] {
    return this.Get_contents();
  }
  /**
   * mpi4py's decoding of MPI_Type_get_envelope and MPI_Type_get_contents, with names:
   * `[MPI.DOUBLE, "VECTOR", {count: 4, blocklength: 1, stride: 8}]`; `[this, "NAMED", {}]` for a
   * predefined type; for STRUCT the base is the list of datatypes.
   * @returns [basetype, combiner name, parameters]
   * @throws {@link Exception} ERR_TYPE: freed.
   * @example
   * ```ts
   * const [base, combiner, params] = MPI.DOUBLE.Create_vector(4, 1, 8).decode();
   * console.log(combiner, params); // VECTOR { count: 4, blocklength: 1, stride: 8 }
   * ```
   */
  decode(): [Datatype | Datatype[], string, Record<string, unknown>] {
    return decodeType(this);
  }

  // ---- Names ----

  /**
   * MPI_Type_get_name: "MPI_DOUBLE" for a predefined type, the name Set_name gave, or "".
   * @throws {@link Exception} ERR_TYPE: freed.
   * @example
   * ```ts
   * console.log(MPI.DOUBLE.Get_name()); // MPI_DOUBLE
   * ```
   */
  Get_name(): string {
    return this.predefinedName ?? core().typeGetName(this.handle);
  }
  /**
   * MPI_Type_set_name: a name for messages and traces.
   * @param name the name
   * @throws {@link Exception} ERR_TYPE: freed.
   * @example
   * ```ts
   * const column = MPI.DOUBLE.Create_vector(4, 1, 8).Commit();
   * column.Set_name("column");
   * ```
   */
  Set_name(name: string): void {
    core().typeSetName(this.handle, name);
    if (this.predefinedName !== undefined) this.predefinedName = name;
  }
  /** MPI_Type_get_name and MPI_Type_set_name: {@link Datatype.Get_name} and {@link Datatype.Set_name} as a property (a freed type reads as its handle, and raises nothing). */
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
  /**
   * The type's name (MPI_Type_get_name), for template strings and messages; a freed type gives its handle.
   * @example
   * ```ts
   * console.log(`sending ${MPI.INT}`); // sending MPI_INT
   * ```
   */
  toString(): string {
    return this.name;
  }

  // ---- Pack and unpack (MPI-4.0 sections 5.2, 5.3) ----

  /**
   * MPI_Pack: packs the elements of inbuf (as many extents of this type as it holds) into outbuf
   * at position, to send MPI.PACKED bytes.
   * @param inbuf the data
   * @param outbuf where the packed bytes go
   * @param position the byte offset in outbuf to start at
   * @param comm the communicator the bytes will be sent on
   * @returns the position after the packed bytes
   * @throws {@link Exception} ERR_TRUNCATE (the bytes do not fit in outbuf at position), ERR_BUFFER (not a buffer), ERR_TYPE (freed or not committed).
   * @example
   * ```ts
   * const packed = new Uint8Array(MPI.INT.Pack_size(2, comm) + MPI.DOUBLE.Pack_size(1, comm));
   * let pos = MPI.INT.Pack(new Int32Array([1, 2]), packed, 0, comm);
   * pos = MPI.DOUBLE.Pack(new Float64Array([0.5]), packed, pos, comm);
   * comm.Send([packed, pos, MPI.PACKED], MPI.PROC_NULL);
   * ```
   */
  Pack(inbuf: BufferLike, outbuf: BufferLike, position: number, comm: HasHandle): number {
    return packInto(this, false, inbuf, outbuf, position, comm.handle);
  }
  /**
   * MPI_Unpack: unpacks elements of this type from inbuf at position into outbuf (as many
   * extents as outbuf holds).
   * @param inbuf the packed bytes
   * @param position the byte offset in inbuf to start at
   * @param outbuf where the elements go
   * @param comm the communicator the bytes came on
   * @returns the position after the bytes read
   * @throws {@link Exception} ERR_TRUNCATE (inbuf ends before outbuf is full), ERR_BUFFER, ERR_TYPE.
   * @example
   * ```ts
   * const packed = new Uint8Array(12);
   * MPI.INT.Pack(new Int32Array([1, 2, 3]), packed, 0, comm);
   * const ints = new Int32Array(3);
   * MPI.INT.Unpack(packed, 0, ints, comm);
   * ```
   */
  Unpack(inbuf: BufferLike, position: number, outbuf: BufferLike, comm: HasHandle): number {
    return unpackFrom(this, false, inbuf, position, outbuf, comm.handle);
  }
  /**
   * MPI_Pack_size: an upper bound of the bytes Pack needs for count elements.
   * @param count how many elements
   * @param comm the communicator
   * @throws {@link Exception} ERR_COUNT (count < 0), ERR_TYPE.
   * @example
   * ```ts
   * const room = new Uint8Array(MPI.DOUBLE.Pack_size(10, comm));
   * ```
   */
  Pack_size(count: number, comm: HasHandle): number {
    return core().packSize(false, count, this.handle, comm.handle);
  }
  /**
   * MPI_Pack_external: Pack into the portable "external32" representation (big-endian), for
   * files and other programs.
   * @param datarep "external32", the only representation
   * @param inbuf the data
   * @param outbuf where the packed bytes go
   * @param position the byte offset in outbuf to start at
   * @returns the position after the packed bytes
   * @throws {@link Exception} ERR_ARG (another datarep), ERR_TRUNCATE (the bytes do not fit), ERR_BUFFER, ERR_TYPE.
   * @example
   * ```ts
   * const out = new Uint8Array(8);
   * MPI.INT.Pack_external("external32", new Int32Array([1, 2]), out, 0);   // 00 00 00 01 00 00 00 02
   * ```
   */
  Pack_external(datarep: string, inbuf: BufferLike, outbuf: BufferLike, position: number): number {
    checkDatarep("MPI_Pack_external", datarep);
    return packInto(this, true, inbuf, outbuf, position, HANDLE.COMM_SELF);
  }
  /**
   * MPI_Unpack_external: Unpack from the "external32" representation.
   * @param datarep "external32"
   * @param inbuf the packed bytes
   * @param position the byte offset in inbuf to start at
   * @param outbuf where the elements go
   * @returns the position after the bytes read
   * @throws {@link Exception} ERR_ARG (another datarep), ERR_TRUNCATE (inbuf ends before outbuf is full), ERR_BUFFER, ERR_TYPE.
   * @example
   * ```ts
   * const ints = new Int32Array(1);
   * MPI.INT.Unpack_external("external32", new Uint8Array([0, 0, 1, 0]), 0, ints); // 256
   * ```
   */
  Unpack_external(datarep: string, inbuf: BufferLike, position: number, outbuf: BufferLike): number {
    checkDatarep("MPI_Unpack_external", datarep);
    return unpackFrom(this, true, inbuf, position, outbuf, HANDLE.COMM_SELF);
  }
  /**
   * MPI_Pack_external_size: the bytes Pack_external needs for count elements.
   * @param datarep "external32"
   * @param count how many elements
   * @throws {@link Exception} ERR_ARG (another datarep), ERR_COUNT, ERR_TYPE.
   * @example
   * ```ts
   * const bytes = MPI.DOUBLE.Pack_external_size("external32", 4); // 32
   * ```
   */
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
