import { core } from "./environment.js";
import * as K from "./constants.js";
import { FlushKind, type RmaTarget } from "../abi/core.js";
import { BOTTOM } from "./collective.js";
import { Datatype, datatypeOfCode } from "./datatype.js";
import { Errhandler, errhandlerOf } from "./errhandler.js";
import { ErrorClass } from "./errorclasses.js";
import { MPIException } from "./exception.js";
import { Group } from "./group.js";
import { Info } from "./info.js";
import { parseBuffer, Staged, type BufSpec, type MessageBuffer } from "./msgbuffer.js";
import { Op, Ops } from "./op.js";
import { Request } from "./request.js";
import { copyBytes } from "../runtime/copy-bytes.js";

/**
 * Where an RMA operation acts in the target's window, as mpi4py spells it: a
 * displacement (in the target's disp_unit), or [disp, count, datatype] (any
 * prefix of it). What is left out defaults to displacement 0 and the
 * origin's count and datatype.
 */
export type TargetSpec = number | [] | [number] | [number, number] | [number, number, Datatype | string];

/** The memory a window is created over or a dynamic window attaches. */
export type WinMemory = ArrayBufferView | ArrayBufferLike;

/** Something with a communicator handle (an Intracomm). */
interface HasHandle {
  handle: number;
}

type ViewCtor<T> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

/** Largest count and displacement the RMA calls take (int counts, MPI_Aint 32-bit on wasm32). */
const INT_MAX = 2 ** 31 - 1;

/** The bytes of a window memory argument, or undefined if it is not one. */
function bytesOfMemory(memory: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(memory)) return new Uint8Array(memory.buffer, memory.byteOffset, memory.byteLength);
  if (memory instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && memory instanceof SharedArrayBuffer))
    return new Uint8Array(memory);
  return undefined;
}

/**
 * Memory the core can address for a window: the user's own bytes when they
 * are linear memory (MPI.Alloc_mem), else a linear-memory copy made now and
 * copied back into the user's bytes by release().
 */
class WindowMemory {
  private constructor(
    readonly ptr: number,
    readonly size: number,
    private readonly user: Uint8Array | undefined,
  ) {}

  static of(bytes: Uint8Array): WindowMemory {
    const c = core();
    if (c.isLinear(bytes.buffer)) return new WindowMemory(bytes.byteOffset, bytes.byteLength, undefined);
    const ptr = c.malloc(bytes.byteLength);
    copyBytes(c.u8, ptr, bytes, 0, bytes.byteLength);
    return new WindowMemory(ptr, bytes.byteLength, bytes);
  }

  /** Copies the window's bytes back into the user's and frees the copy (nothing for linear memory). */
  release(): void {
    if (this.user === undefined) return;
    const c = core();
    copyBytes(this.user, 0, c.u8, this.ptr, this.size);
    c.free(this.ptr);
  }

  /** Frees the copy without copying back (the window was never made). */
  discard(): void {
    if (this.user !== undefined) core().free(this.ptr);
  }
}

/**
 * Buffers of RMA operations waiting for the synchronization that completes
 * them: results copied into the user's arrays then, staging freed then. MPI
 * says a Get's data is in place when the epoch ends (or a flush, or the
 * request, completes it), and the core may read an origin until then.
 */
interface Pending {
  /** target rank in the window's group */
  rank: number;
  /** copy results out, free staging (once: an R-form's request may have done it already) */
  settle(): void;
  settled(): boolean;
}

/** A buffer of one operation made addressable: staged unless it is linear memory. */
interface OpBuffer {
  ptr: number;
  count: number;
  datatype: Datatype;
  staged?: Staged;
  mb: MessageBuffer;
}

/**
 * MPI_Win: a window of memory other ranks access with one-sided operations
 * (MPI-4.0 chapter 12), as mpi4py's Win. Windows report errors to the
 * program (MPI.Exception), as mpi4py sets MPI.ERRORS_RETURN on each one.
 *
 * Memory: a window the core allocates (Allocate, Allocate_shared) or one
 * created over a TypedArray from MPI.Alloc_mem is used in place, and
 * `tomemory()` views it. Any other TypedArray is copied into linear memory
 * when the window is created, and that copy is the window for its whole
 * life: read and write it through `tomemory()`. The window's final contents
 * are copied back into the array by Free().
 *
 * Origin and result buffers may be any buffer spec. An ordinary TypedArray
 * is staged in linear memory; a Get's (or Get_accumulate's, ...) result is
 * copied into it by the synchronization that completes the operation
 * (Fence, Complete, Unlock, Unlock_all, a Flush) or, for an R-form, when its
 * request completes, whichever comes first.
 *
 * Errors: every method raises ERR_WIN on a freed window (MPI.WIN_NULL). "RMA errors" in an
 * operation's `@throws` are ERR_RMA_SYNC (no epoch open to the target that allows the
 * operation), ERR_RANK (a target not in the window's group), ERR_DISP (a negative
 * displacement), ERR_RMA_RANGE (bytes outside the target's window) and the buffer errors of
 * {@link Comm}.
 *
 * @example
 * ```ts
 * import { MPI } from "wmpi";
 * const comm = MPI.COMM_WORLD;
 * const win = MPI.Win.Allocate(8, 8, MPI.INFO_NULL, comm);   // one double per rank
 * win.tomemory(Float64Array)[0] = 0;
 * win.Fence();
 * win.Accumulate(new Float64Array([comm.rank]), 0, [0, 1, MPI.DOUBLE], MPI.SUM);
 * win.Fence();
 * win.Free();
 * ```
 */
export class Win {
  /** Memory this object made addressable for the window (Create, Attach), by base address. */
  private readonly memories = new Map<number, WindowMemory>();
  /** Attach's user memory -> its base address. */
  private readonly attached = new Map<WinMemory, number>();
  private pending: Pending[] = [];
  /** The window's local memory: [base, size]. */
  private local: [number, number] = [0, 0];

  /** @internal */
  constructor(
    /** the MPI handle the core knows this window by (MPICH's integer value; MPI.WIN_NULL's once freed) */
    public handle: number = K.WIN_NULL_HANDLE,
  ) {}

  /**
   * Whether this is MPI.WIN_NULL, as MPI_Win_free leaves a window.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * win.Free();
   * console.log(win.isNull()); // true
   * ```
   */
  isNull(): boolean {
    return this.handle === K.WIN_NULL_HANDLE;
  }

  // ---- Window creation ----

  /**
   * MPI_Win_create: a window over memory this rank already has. A view of linear memory
   * (MPI.Alloc_mem) is used in place; any other array is copied in now and back at Free(): use
   * tomemory() meanwhile. Collective over comm.
   * @param memory the window's memory; null or MPI.BOTTOM for none
   * @param disp_unit the bytes one unit of a target displacement stands for (the element size, usually)
   * @param info hints
   * @param comm the ranks that share the window (default MPI.COMM_SELF)
   * @throws {@link Exception} ERR_BUFFER (memory is not a buffer), ERR_DISP (disp_unit not a positive integer).
   * @example
   * ```ts
   * const local = MPI.Alloc_mem(Float64Array, 10);   // used in place
   * const win = MPI.Win.Create(local, 8, null, comm);
   * ```
   */
  static Create(memory: WinMemory | null | typeof BOTTOM, disp_unit = 1, info: Info | null = null, comm: HasHandle = { handle: K.HANDLE.COMM_SELF }): Win {
    const c = core();
    let mem: WindowMemory | undefined;
    if (memory !== null && memory !== BOTTOM) {
      const bytes = bytesOfMemory(memory);
      if (bytes === undefined)
        throw c.raise(comm.handle, ErrorClass.ERR_BUFFER, `MPI_Win_create: not a buffer (base): expected a TypedArray, DataView or ArrayBuffer, got ${describe(memory)}`);
      mem = WindowMemory.of(bytes);
    }
    let handle: number;
    try {
      checkDispUnit("MPI_Win_create", disp_unit, comm);
      handle = c.winCreate(mem?.ptr ?? 0, mem?.size ?? 0, disp_unit, infoHandle(info), comm.handle);
    } catch (e) {
      mem?.discard();
      throw e;
    }
    const win = new Win(handle);
    if (mem) win.memories.set(mem.ptr, mem);
    win.local = [mem?.ptr ?? 0, mem?.size ?? 0];
    return win;
  }

  /**
   * MPI_Win_allocate: a window over size bytes the core allocates (tomemory() views them). Collective over comm.
   * @param size this rank's bytes
   * @param disp_unit the bytes one unit of a target displacement stands for
   * @param info hints
   * @param comm the ranks that share the window (default MPI.COMM_SELF)
   * @throws {@link Exception} ERR_SIZE (size not a byte count from 0 to 2^31-1), ERR_DISP.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(4 * 100, 4, null, comm);   // 100 ints per rank
   * const mine = win.tomemory(Int32Array);
   * ```
   */
  static Allocate(size: number, disp_unit = 1, info: Info | null = null, comm: HasHandle = { handle: K.HANDLE.COMM_SELF }): Win {
    return Win.allocate(false, "MPI_Win_allocate", size, disp_unit, info, comm);
  }

  /**
   * MPI_Win_allocate_shared: like Allocate, and every rank can load and store any rank's segment
   * directly (Shared_query). The ranks of comm must share memory: those of one process,
   * Split_type(MPI.COMM_TYPE_SHARED). Collective over comm.
   * @param size this rank's bytes
   * @param disp_unit the bytes one unit of a target displacement stands for
   * @param info hints
   * @param comm ranks that share memory (default MPI.COMM_SELF)
   * @throws {@link Exception} ERR_SIZE, ERR_DISP (as {@link Win.Allocate}); ERR_RMA_SHARED if the ranks do not share memory.
   * @example
   * ```ts
   * const node = comm.Split_type(MPI.COMM_TYPE_SHARED);
   * const win = MPI.Win.Allocate_shared(8, 8, null, node);
   * const [first] = win.Shared_query(0, Float64Array);   // rank 0's double, loaded directly
   * ```
   */
  static Allocate_shared(size: number, disp_unit = 1, info: Info | null = null, comm: HasHandle = { handle: K.HANDLE.COMM_SELF }): Win {
    return Win.allocate(true, "MPI_Win_allocate_shared", size, disp_unit, info, comm);
  }

  private static allocate(shared: boolean, fc: string, size: number, disp_unit: number, info: Info | null, comm: HasHandle): Win {
    const c = core();
    if (!Number.isInteger(size) || size < 0 || size > INT_MAX)
      throw c.raise(comm.handle, ErrorClass.ERR_SIZE, `${fc}: invalid size ${size} (size): not a number of bytes from 0 to ${INT_MAX}`);
    checkDispUnit(fc, disp_unit, comm);
    const [handle, base] = c.winAllocate(shared, size, disp_unit, infoHandle(info), comm.handle);
    const win = new Win(handle);
    win.local = [base, size];
    return win;
  }

  /**
   * MPI_Win_create_dynamic: a window with no memory until Attach; target displacements are the
   * addresses Attach returns. Collective over comm.
   * @param info hints
   * @param comm the ranks that share the window (default MPI.COMM_SELF)
   * @throws {@link Exception} only as {@link Comm} says for comm.
   * @example
   * ```ts
   * const win = MPI.Win.Create_dynamic(null, comm);
   * const address = win.Attach(new Float64Array(16));
   * const addresses = comm.allgather(address);   // where each rank's memory is
   * ```
   */
  static Create_dynamic(info: Info | null = null, comm: HasHandle = { handle: K.HANDLE.COMM_SELF }): Win {
    return new Win(core().winCreateDynamic(infoHandle(info), comm.handle));
  }

  /**
   * MPI_Win_attach: exposes memory in a dynamic window. An array outside linear memory is copied
   * in, and back at Detach().
   * @param memory the memory
   * @returns its address: the displacement other ranks use for it (send it to them)
   * @throws {@link Exception} ERR_RMA_FLAVOR (not a dynamic window), ERR_BUFFER (not a buffer).
   * @example
   * ```ts
   * const win = MPI.Win.Create_dynamic(null, comm);
   * const data = new Int32Array(8);
   * const address = win.Attach(data);
   * ```
   */
  Attach(memory: WinMemory): number {
    const c = core();
    const bytes = bytesOfMemory(memory);
    if (bytes === undefined)
      throw c.winRaise(this.handle, ErrorClass.ERR_BUFFER, `MPI_Win_attach: not a buffer (base): got ${describe(memory)}`);
    if (this.attached.has(memory)) throw c.winRaise(this.handle, ErrorClass.ERR_RMA_ATTACH, "MPI_Win_attach: this memory is attached already (base)");
    const mem = WindowMemory.of(bytes);
    try {
      c.winAttach(this.handle, mem.ptr, mem.size);
    } catch (e) {
      mem.discard();
      throw e;
    }
    this.memories.set(mem.ptr, mem);
    this.attached.set(memory, mem.ptr);
    return mem.ptr;
  }

  /**
   * MPI_Win_detach: the memory leaves the window (a copy's contents go back into it). Linear memory
   * may be named by any view that starts where it does.
   * @param memory what Attach was given
   * @throws {@link Exception} ERR_RMA_ATTACH: the memory is not attached.
   * @example
   * ```ts
   * const win = MPI.Win.Create_dynamic(null, comm);
   * const data = new Int32Array(8);
   * win.Attach(data);
   * win.Detach(data);
   * ```
   */
  Detach(memory: WinMemory): void {
    const c = core();
    const bytes = bytesOfMemory(memory);
    const base = this.attached.get(memory) ?? (bytes && c.isLinear(bytes.buffer) ? bytes.byteOffset : undefined);
    if (base === undefined) throw c.winRaise(this.handle, ErrorClass.ERR_RMA_ATTACH, "MPI_Win_detach: this memory is not attached to the window (base)");
    c.winDetach(this.handle, base);
    for (const [m, b] of this.attached) if (b === base) this.attached.delete(m);
    this.memories.get(base)?.release();
    this.memories.delete(base);
  }

  /**
   * MPI_Win_free (collective): memory that Create or Attach copied is copied back into the user's
   * arrays; memory the core allocated is gone, with every view tomemory() or Shared_query() gave
   * of it. The object then holds MPI.WIN_NULL.
   * @throws {@link Exception} ERR_WIN (already freed), ERR_RMA_SYNC (an epoch is still open).
   * @example
   * ```ts
   * const data = new Float64Array(4);
   * const win = MPI.Win.Create(data, 8, null, comm);
   * win.Fence();
   * win.Fence();
   * win.Free();   // data now holds what the window held
   * ```
   */
  Free(): void {
    core().winFree(this.handle);
    this.settle();
    for (const m of this.memories.values()) m.release();
    this.memories.clear();
    this.attached.clear();
    this.local = [0, 0];
    this.handle = K.WIN_NULL_HANDLE;
  }

  // ---- Window memory ----

  /**
   * The window's local memory, live (mpi4py's tomemory; the memory of MPI_Win_get_attr's
   * MPI.WIN_BASE and MPI.WIN_SIZE): a view of linear memory, in bytes or in elements of ctor. For a
   * window created over an ordinary array this is the copy the window works on. Empty for a
   * dynamic window.
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(16, 1, null, comm);
   * win.tomemory().fill(0);
   * const asInts = win.tomemory(Int32Array);
   * ```
   */
  tomemory(): Uint8Array;
  /**
   * The window's local memory as elements of ctor: {@link Win.tomemory} with a view of another kind.
   * @param ctor a TypedArray class
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(80, 8, null, comm);
   * win.tomemory(Float64Array).fill(rank);
   * ```
   */
  tomemory<T>(ctor: ViewCtor<T>): T;
  tomemory<T>(ctor?: ViewCtor<T>): T | Uint8Array {
    const [base, size] = this.local;
    return this.view("Win.tomemory", core().u8.buffer, base, size, ctor);
  }

  /**
   * MPI_Win_shared_query: a view of another rank's segment of a shared window, which this rank
   * loads and stores directly (its stores are what that rank sees).
   * @param rank the segment's rank (MPI.PROC_NULL: the lowest rank with memory)
   * @returns [a view of its bytes, that rank's disp_unit]
   * @throws {@link Exception} ERR_RMA_FLAVOR (not a window of Allocate_shared), ERR_RANK.
   * @example
   * ```ts
   * const node = comm.Split_type(MPI.COMM_TYPE_SHARED);
   * const win = MPI.Win.Allocate_shared(4, 4, null, node);
   * const [neighbour, unit] = win.Shared_query((node.rank + 1) % node.size, Int32Array);
   * ```
   */
  Shared_query(rank: number): [Uint8Array, number];
  /**
   * MPI_Win_shared_query, the segment as elements of ctor: {@link Win.Shared_query} with a view of another kind.
   * @param rank the segment's rank (MPI.PROC_NULL: the lowest rank with memory)
   * @param ctor a TypedArray class
   * @returns [the view, that rank's disp_unit]
   * @throws {@link Exception} ERR_RMA_FLAVOR (not a window of Allocate_shared), ERR_RANK.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate_shared(8, 8, null, MPI.COMM_SELF);
   * const [mine] = win.Shared_query(0, Float64Array);
   * ```
   */
  Shared_query<T>(rank: number, ctor: ViewCtor<T>): [T, number];
  Shared_query<T>(rank: number, ctor?: ViewCtor<T>): [T | Uint8Array, number] {
    const c = core();
    const [size, dispUnit, base, owner, jobRank] = c.winSharedQuery(this.handle, rank);
    const memory = c.instance.memoryOf(jobRank);
    // the core refuses a shared window over ranks of several processes; this guards the view all the same
    if (memory === undefined)
      throw c.winRaise(this.handle, ErrorClass.ERR_RMA_SHARED, `MPI_Win_shared_query: rank ${owner} runs in another process: its memory cannot be viewed (rank)`);
    return [this.view("MPI_Win_shared_query", memory.buffer, base, size, ctor), dispUnit];
  }

  private view<T>(fc: string, buffer: ArrayBufferLike, base: number, size: number, ctor?: ViewCtor<T>): T | Uint8Array {
    if (ctor === undefined) return new Uint8Array(buffer, base, size);
    if (base % ctor.BYTES_PER_ELEMENT !== 0)
      throw core().winRaise(this.handle, ErrorClass.ERR_ARG, `${fc}: the memory at ${base} is not aligned for ${ctor.name ?? "the view"} (ctor)`);
    return new ctor(buffer, base, Math.floor(size / ctor.BYTES_PER_ELEMENT));
  }

  // ---- Window group, attributes, name, info ----

  /**
   * MPI_Win_get_group: the group of the communicator the window was made on (free it when done).
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * const others = win.Get_group().Excl([rank]);
   * ```
   */
  Get_group(): Group {
    return new Group(core().winGetGroup(this.handle));
  }
  /** MPI_Win_get_group: {@link Win.Get_group} as a property. */
  get group(): Group {
    return this.Get_group();
  }
  /**
   * The size of the window's group: MPI_Group_size of MPI_Win_get_group.
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * console.log(win.Get_group_size() === size); // true
   * ```
   */
  Get_group_size(): number {
    return this.groupQuery((g) => core().groupSize(g));
  }
  /** MPI_Group_size of the window's group: {@link Win.Get_group_size} as a property. */
  get group_size(): number {
    return this.Get_group_size();
  }
  /** This rank's rank in the window's group (MPI_Group_rank of MPI_Win_get_group), as {@link Win.Get_group}. */
  get group_rank(): number {
    return this.groupQuery((g) => core().groupRank(g));
  }
  private groupQuery(fn: (g: number) => number): number {
    const g = core().winGetGroup(this.handle);
    try {
      return fn(g);
    } finally {
      core().groupFree(g);
    }
  }

  /**
   * MPI_Win_get_attr of a predefined key.
   * @param keyval MPI.WIN_BASE (an address), MPI.WIN_SIZE, MPI.WIN_DISP_UNIT, MPI.WIN_CREATE_FLAVOR or MPI.WIN_MODEL
   * @returns the value, or undefined if unset
   * @throws {@link Exception} ERR_KEYVAL (not a window attribute), ERR_WIN.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(64, 8, null, comm);
   * console.log(win.Get_attr(MPI.WIN_SIZE), win.Get_attr(MPI.WIN_DISP_UNIT)); // 64 8
   * ```
   */
  Get_attr(keyval: number): number | undefined {
    const [flag, value] = core().winGetAttr(this.handle, keyval);
    if (!flag) return undefined;
    return keyval === K.WIN_DISP_UNIT || keyval === K.WIN_CREATE_FLAVOR || keyval === K.WIN_MODEL ? value | 0 : value;
  }
  /** [base address, size in bytes, disp_unit] from MPI_Win_get_attr, as mpi4py's Win.attrs ({@link Win.Get_attr}). */
  get attrs(): [number, number, number] {
    return [this.Get_attr(K.WIN_BASE) ?? 0, this.Get_attr(K.WIN_SIZE) ?? 0, this.Get_attr(K.WIN_DISP_UNIT) ?? 1];
  }
  /** MPI_Win_get_attr of MPI.WIN_CREATE_FLAVOR: MPI.WIN_FLAVOR_CREATE, _ALLOCATE, _DYNAMIC or _SHARED ({@link Win.Get_attr}). */
  get flavor(): number {
    return this.Get_attr(K.WIN_CREATE_FLAVOR) ?? K.WIN_FLAVOR_CREATE;
  }
  /** MPI_Win_get_attr of MPI.WIN_MODEL: MPI.WIN_UNIFIED or MPI.WIN_SEPARATE ({@link Win.Get_attr}). */
  get model(): number {
    return this.Get_attr(K.WIN_MODEL) ?? K.WIN_SEPARATE;
  }
  /**
   * MPI_Win_get_name: the name Set_name gave, or "".
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * console.log(JSON.stringify(win.Get_name()));
   * ```
   */
  Get_name(): string {
    return core().winGetName(this.handle);
  }
  /**
   * MPI_Win_set_name: a name for messages and traces.
   * @param name the name
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * win.Set_name("halo");
   * ```
   */
  Set_name(name: string): void {
    core().winSetName(this.handle, name);
  }
  /** MPI_Win_get_name and MPI_Win_set_name: {@link Win.Get_name} and {@link Win.Set_name} as a property. */
  get name(): string {
    return this.Get_name();
  }
  set name(name: string) {
    this.Set_name(name);
  }
  /**
   * MPI_Win_set_info: hints (kept; wmpi acts on none).
   * @param info the hints
   * @throws {@link Exception} ERR_WIN: freed (a freed info counts as MPI.INFO_NULL).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * win.Set_info(MPI.Info.Create({ no_locks: "true" }));
   * ```
   */
  Set_info(info: Info): void {
    core().winSetInfo(this.handle, info.handle);
  }
  /**
   * MPI_Win_get_info: a new Info with the hints in use (free it when done).
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * const hints = win.Get_info().items();
   * ```
   */
  Get_info(): Info {
    return new Info(core().winGetInfo(this.handle));
  }
  /** MPI_Win_get_info and MPI_Win_set_info: {@link Win.Get_info} and {@link Win.Set_info} as a property. */
  get info(): Info {
    return this.Get_info();
  }
  set info(info: Info) {
    this.Set_info(info);
  }

  // ---- Error handling ----

  /**
   * MPI_Win_set_errhandler: what a failing call on the window does (MPI.ERRORS_ARE_FATAL: an RMA
   * error ends the job; the default, MPI.ERRORS_RETURN, throws).
   * @param errhandler one of the predefined error handlers
   * @throws {@link Exception} ERR_ARG (not an error handler), ERR_WIN.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * win.Set_errhandler(MPI.ERRORS_ARE_FATAL);
   * ```
   */
  Set_errhandler(errhandler: Errhandler): void {
    core().winSetErrhandler(this.handle, errhandler.handle);
  }
  /**
   * MPI_Win_get_errhandler: the window's error handler.
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * console.log(win.Get_errhandler() === MPI.ERRORS_RETURN); // true
   * ```
   */
  Get_errhandler(): Errhandler {
    return errhandlerOf(core().winGetErrhandler(this.handle));
  }
  /**
   * MPI_Win_call_errhandler: runs the window's error handler as if a call had failed with
   * errorcode (nothing under MPI.ERRORS_RETURN).
   * @param errorcode an error class
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 1, null, comm);
   * win.Call_errhandler(MPI.ERR_OTHER);
   * ```
   */
  Call_errhandler(errorcode: number): void {
    core().winCallErrhandler(this.handle, errorcode);
  }

  // ---- Communication operations ----

  /**
   * MPI_Put: writes origin's data into target_rank's window. Complete it with the epoch's
   * synchronization (Fence, Complete, Unlock, a Flush) before reusing origin.
   * @param origin the data
   * @param target_rank the target's rank in the window's group
   * @param target a displacement (in the target's disp_unit), or [disp, count, datatype]; default: displacement 0, origin's count and datatype
   * @throws {@link Exception} RMA errors ({@link Win}).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8 * size, 8, null, comm);
   * win.Fence();
   * win.Put(new Float64Array([rank]), 0, rank);   // into slot rank of rank 0's window
   * win.Fence();
   * ```
   */
  Put(origin: BufSpec, target_rank: number, target?: TargetSpec): void {
    this.putLike(false, "MPI_Put", origin, target_rank, target);
  }
  /**
   * MPI_Get: reads target_rank's window into origin; the data is there once the epoch's
   * synchronization (or a Flush) completes the operation.
   * @param origin where the data goes
   * @param target_rank the target's rank in the window's group
   * @param target a displacement, or [disp, count, datatype]
   * @throws {@link Exception} RMA errors ({@link Win}).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.tomemory(Float64Array)[0] = rank;
   * const got = new Float64Array(1);
   * win.Fence();
   * win.Get(got, (rank + 1) % size, 0);
   * win.Fence();   // got[0] is the next rank's number now
   * ```
   */
  Get(origin: BufSpec, target_rank: number, target?: TargetSpec): void {
    this.getLike(false, "MPI_Get", origin, target_rank, target);
  }
  /**
   * MPI_Accumulate: combines origin into the target's data with op, element by element and
   * atomically per element (MPI.REPLACE: an atomic Put).
   * @param origin the operands
   * @param target_rank the target's rank in the window's group
   * @param target a displacement, or [disp, count, datatype]
   * @param op a predefined op (default MPI.SUM); user ops are not allowed in one-sided accumulates
   * @throws {@link Exception} ERR_OP (a user op, or one not defined for the datatype); RMA errors ({@link Win}).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(4, 4, null, comm);
   * win.Fence();
   * win.Accumulate(new Int32Array([1]), 0, 0, MPI.SUM);   // rank 0's counter += 1 from everyone
   * win.Fence();
   * ```
   */
  Accumulate(origin: BufSpec, target_rank: number, target?: TargetSpec, op: Op = Ops.SUM): void {
    this.accLike(false, "MPI_Accumulate", origin, target_rank, target, op);
  }
  /**
   * MPI_Get_accumulate: result gets the target's data, which origin is then combined into with op,
   * atomically per element (MPI.NO_OP: an atomic Get, origin may be null).
   * @param origin the operands, or null with MPI.NO_OP
   * @param result where the target's previous data goes
   * @param target_rank the target's rank in the window's group
   * @param target a displacement, or [disp, count, datatype]
   * @param op a predefined op (default MPI.SUM)
   * @throws {@link Exception} ERR_OP; RMA errors ({@link Win}).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(4, 4, null, comm);
   * const before = new Int32Array(1);
   * win.Lock(0);
   * win.Get_accumulate(new Int32Array([1]), before, 0, 0, MPI.SUM);
   * win.Unlock(0);   // before[0]: the counter as this rank found it
   * ```
   */
  Get_accumulate(origin: BufSpec | null, result: BufSpec, target_rank: number, target?: TargetSpec, op: Op = Ops.SUM): void {
    this.getAccLike(false, "MPI_Get_accumulate", origin, result, target_rank, target, op);
  }
  /**
   * MPI_Rput: a Put whose Request completes when origin may be reused. Only in a passive-target
   * epoch (Lock, Lock_all).
   * @param origin the data
   * @param target_rank the target's rank in the window's group
   * @param target a displacement, or [disp, count, datatype]
   * @throws {@link Exception} ERR_RMA_SYNC (no Lock or Lock_all epoch to the target); RMA errors ({@link Win}).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.Lock_all();
   * win.Rput(new Float64Array([rank]), 0, 0).Wait();
   * win.Unlock_all();
   * ```
   */
  Rput(origin: BufSpec, target_rank: number, target?: TargetSpec): Request {
    return this.putLike(true, "MPI_Rput", origin, target_rank, target);
  }
  /**
   * MPI_Rget: a Get whose Request completes when the data is in origin. Only in a passive-target epoch.
   * @param origin where the data goes
   * @param target_rank the target's rank in the window's group
   * @param target a displacement, or [disp, count, datatype]
   * @throws {@link Exception} ERR_RMA_SYNC (no Lock or Lock_all epoch to the target); RMA errors ({@link Win}).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * const got = new Float64Array(1);
   * win.Lock(0, MPI.LOCK_SHARED);
   * win.Rget(got, 0, 0).Wait();
   * win.Unlock(0);
   * ```
   */
  Rget(origin: BufSpec, target_rank: number, target?: TargetSpec): Request {
    return this.getLike(true, "MPI_Rget", origin, target_rank, target);
  }
  /**
   * MPI_Raccumulate: an Accumulate whose Request completes when origin may be reused. Only in a
   * passive-target epoch.
   * @param origin the operands
   * @param target_rank the target's rank in the window's group
   * @param target a displacement, or [disp, count, datatype]
   * @param op a predefined op (default MPI.SUM)
   * @throws {@link Exception} ERR_OP, ERR_RMA_SYNC; RMA errors ({@link Win}).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(4, 4, null, comm);
   * win.Lock_all();
   * win.Raccumulate(new Int32Array([1]), 0, 0, MPI.SUM).Wait();
   * win.Unlock_all();
   * ```
   */
  Raccumulate(origin: BufSpec, target_rank: number, target?: TargetSpec, op: Op = Ops.SUM): Request {
    return this.accLike(true, "MPI_Raccumulate", origin, target_rank, target, op);
  }
  /**
   * MPI_Rget_accumulate: a Get_accumulate whose Request completes when the data is in result.
   * Only in a passive-target epoch.
   * @param origin the operands, or null with MPI.NO_OP
   * @param result where the target's previous data goes
   * @param target_rank the target's rank in the window's group
   * @param target a displacement, or [disp, count, datatype]
   * @param op a predefined op (default MPI.SUM)
   * @throws {@link Exception} ERR_OP, ERR_RMA_SYNC; RMA errors ({@link Win}).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(4, 4, null, comm);
   * const before = new Int32Array(1);
   * win.Lock_all();
   * win.Rget_accumulate(null, before, 0, 0, MPI.NO_OP).Wait();
   * win.Unlock_all();
   * ```
   */
  Rget_accumulate(origin: BufSpec | null, result: BufSpec, target_rank: number, target?: TargetSpec, op: Op = Ops.SUM): Request {
    return this.getAccLike(true, "MPI_Rget_accumulate", origin, result, target_rank, target, op);
  }

  /**
   * MPI_Fetch_and_op: on one element, atomically: result gets the target's value, which becomes
   * value op origin. A shared counter's fetch-and-add.
   * @param origin one element
   * @param result one element of the same datatype
   * @param target_rank the target's rank in the window's group
   * @param target_disp the displacement (in the target's disp_unit)
   * @param op a predefined op (default MPI.SUM)
   * @throws {@link Exception} ERR_COUNT (origin or result is not one element), ERR_TYPE (their datatypes differ), ERR_OP; RMA errors ({@link Win}).
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(4, 4, null, comm);
   * const ticket = new Int32Array(1);
   * win.Lock(0);
   * win.Fetch_and_op(new Int32Array([1]), ticket, 0, 0, MPI.SUM);
   * win.Unlock(0);   // every rank got a different ticket
   * ```
   */
  Fetch_and_op(origin: BufSpec, result: BufSpec, target_rank: number, target_disp = 0, op: Op = Ops.SUM): void {
    const fc = "MPI_Fetch_and_op";
    const o = this.stage(fc, origin, "origin", true);
    const r = this.stage(fc, result, "result", false, o);
    this.run([o, r], target_rank, () => {
      this.checkSingle(fc, [o, "origin"], [r, "result"]);
      core().fetchAndOp(o.ptr, r.ptr, o.datatype.handle, target_rank, this.disp(fc, target_disp), op.handle, this.handle);
    }, false, [r]);
  }

  /**
   * MPI_Compare_and_swap: on one element, atomically: result gets the target's value, which
   * becomes origin if it equalled compare.
   * @param origin the new value (one element)
   * @param compare the expected value
   * @param result where the target's previous value goes
   * @param target_rank the target's rank in the window's group
   * @param target_disp the displacement (in the target's disp_unit)
   * @throws {@link Exception} ERR_COUNT (not one element each), ERR_TYPE (datatypes that differ); RMA errors ({@link Win}).
   * @example
   * ```ts
   * // a lock word at rank 0: 0 free, else its holder + 1
   * const win = MPI.Win.Allocate(4, 4, null, comm);
   * const seen = new Int32Array(1);
   * win.Lock(0);
   * win.Compare_and_swap(new Int32Array([rank + 1]), new Int32Array([0]), seen, 0, 0);
   * win.Unlock(0);   // seen[0] === 0: this rank took it
   * ```
   */
  Compare_and_swap(origin: BufSpec, compare: BufSpec, result: BufSpec, target_rank: number, target_disp = 0): void {
    const fc = "MPI_Compare_and_swap";
    const o = this.stage(fc, origin, "origin", true);
    const cmp = this.stage(fc, compare, "compare", true, o);
    const r = this.stage(fc, result, "result", false, o, cmp);
    this.run([o, cmp, r], target_rank, () => {
      this.checkSingle(fc, [o, "origin"], [cmp, "compare"], [r, "result"]);
      core().compareAndSwap(o.ptr, cmp.ptr, r.ptr, o.datatype.handle, target_rank, this.disp(fc, target_disp), this.handle);
    }, false, [r]);
  }

  private putLike(nb: true, fc: string, origin: BufSpec, rank: number, target?: TargetSpec): Request;
  private putLike(nb: false, fc: string, origin: BufSpec, rank: number, target?: TargetSpec): void;
  private putLike(nb: boolean, fc: string, origin: BufSpec, rank: number, target?: TargetSpec): Request | void {
    const o = this.stage(fc, origin, "origin", true);
    return this.run([o], rank, () => core().put(nb, o.ptr, o.count, o.datatype.handle, this.target(fc, rank, target, o), this.handle), nb, []);
  }
  private getLike(nb: true, fc: string, origin: BufSpec, rank: number, target?: TargetSpec): Request;
  private getLike(nb: false, fc: string, origin: BufSpec, rank: number, target?: TargetSpec): void;
  private getLike(nb: boolean, fc: string, origin: BufSpec, rank: number, target?: TargetSpec): Request | void {
    const o = this.stage(fc, origin, "origin", false);
    return this.run([o], rank, () => core().get(nb, o.ptr, o.count, o.datatype.handle, this.target(fc, rank, target, o), this.handle), nb, [o]);
  }
  private accLike(nb: true, fc: string, origin: BufSpec, rank: number, target: TargetSpec | undefined, op: Op): Request;
  private accLike(nb: false, fc: string, origin: BufSpec, rank: number, target: TargetSpec | undefined, op: Op): void;
  private accLike(nb: boolean, fc: string, origin: BufSpec, rank: number, target: TargetSpec | undefined, op: Op): Request | void {
    const o = this.stage(fc, origin, "origin", true);
    return this.run([o], rank, () => core().accumulate(nb, o.ptr, o.count, o.datatype.handle, this.target(fc, rank, target, o), op.handle, this.handle), nb, []);
  }
  private getAccLike(nb: true, fc: string, origin: BufSpec | null, result: BufSpec, rank: number, target: TargetSpec | undefined, op: Op): Request;
  private getAccLike(nb: false, fc: string, origin: BufSpec | null, result: BufSpec, rank: number, target: TargetSpec | undefined, op: Op): void;
  private getAccLike(nb: boolean, fc: string, origin: BufSpec | null, result: BufSpec, rank: number, target: TargetSpec | undefined, op: Op): Request | void {
    const o = origin === null ? undefined : this.stage(fc, origin, "origin", true);
    const r = this.stage(fc, result, "result", false, ...(o ? [o] : []));
    const bufs = o ? [o, r] : [r];
    return this.run(bufs, rank, () => {
      // the target defaults to the result's shape when there is no origin (MPI.NO_OP)
      const t = this.target(fc, rank, target, o ?? r);
      core().getAccumulate(nb, o?.ptr ?? 0, o?.count ?? 0, (o ?? r).datatype.handle, r.ptr, r.count, r.datatype.handle, t, op.handle, this.handle);
    }, nb, [r]);
  }

  /**
   * Makes a buffer addressable: in place for linear memory, else staged (an
   * origin filled now; a result filled too when its datatype leaves gaps,
   * which must come back as they were). `others` are freed if this throws.
   */
  private stage(fc: string, spec: BufSpec, arg: string, isOrigin: boolean, ...others: OpBuffer[]): OpBuffer {
    let mb: MessageBuffer;
    try {
      mb = parseBuffer(spec, fc, K.HANDLE.COMM_SELF, arg);
    } catch (e) {
      for (const b of others) b.staged?.release();
      // the parser raised it on COMM_SELF (which returns it); it belongs to the window's handler
      if (e instanceof MPIException) throw core().winRaise(this.handle, e.Get_error_class(), e.message.replace(/ \[MPI_ERR_\w+\]$/, ""));
      throw e;
    }
    if (mb.count > INT_MAX) {
      for (const b of others) b.staged?.release();
      throw core().winRaise(this.handle, ErrorClass.ERR_COUNT, `${fc}: count ${mb.count} is more than an int holds (${arg})`);
    }
    if (mb.linear) return { ptr: mb.byteOffset, count: mb.count, datatype: mb.datatype, mb };
    const staged = Staged.of(mb);
    if (isOrigin || !mb.dense) staged.fill();
    return { ptr: staged.ptr, count: mb.count, datatype: mb.datatype, staged, mb };
  }

  /**
   * Runs an operation on staged buffers. Its staging lives until the
   * operation completes, which copies `results` out: the synchronization
   * that completes operations to `rank`, or for an R-form also its
   * request's completion, whichever comes first. If the call fails, the
   * staging goes at once.
   */
  private run(bufs: OpBuffer[], rank: number, call: () => number | void, nb: boolean, results: OpBuffer[]): Request | void {
    let handle: number | void;
    try {
      handle = call();
    } catch (e) {
      for (const b of bufs) b.staged?.release();
      throw e;
    }
    const staged = bufs.filter((b) => b.staged !== undefined);
    // an operation on MPI.PROC_NULL does nothing: its result arrays keep their contents
    const drained = rank === K.PROC_NULL ? [] : results;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      for (const r of drained) r.staged?.drain(r.mb.byteLength);
      for (const b of staged) b.staged!.release();
    };
    if (staged.length === 0) return nb ? new Request(handle as number) : undefined;
    if (rank !== K.PROC_NULL) {
      // R-forms whose requests completed leave settled entries: drop them now and then in a long epoch
      if (this.pending.length >= 256) this.pending = this.pending.filter((p) => !p.settled());
      this.pending.push({ rank, settle: finish, settled: () => finished });
    } else if (!nb) {
      finish(); // nothing to wait for
    }
    if (nb) return new Request(handle as number, finish);
  }

  /** Finishes the pending operations to `rank` (all of them when undefined): the synchronization completed them. */
  private settle(rank?: number): void {
    if (this.pending.length === 0) return;
    const done = rank === undefined ? this.pending : this.pending.filter((p) => p.rank === rank);
    this.pending = rank === undefined ? [] : this.pending.filter((p) => p.rank !== rank);
    for (const p of done) p.settle();
  }

  /** The target of an operation from mpi4py's spec (defaults: displacement 0, the origin's count and datatype). */
  private target(fc: string, rank: number, spec: TargetSpec | undefined, origin: OpBuffer): RmaTarget {
    let disp = 0;
    let count = origin.count;
    let type = origin.datatype;
    if (typeof spec === "number") disp = spec;
    else if (Array.isArray(spec)) {
      if (spec.length > 3) throw core().winRaise(this.handle, ErrorClass.ERR_ARG, `${fc}: a target list has at most 3 items [disp, count, datatype], not ${spec.length} (target)`);
      if (spec.length >= 1) disp = spec[0]!;
      if (spec.length >= 2) count = spec[1]!;
      if (spec.length >= 3) {
        const t = spec[2]!;
        const d = typeof t === "string" ? datatypeOfCode(t) : t;
        if (!(d instanceof Datatype)) throw core().winRaise(this.handle, ErrorClass.ERR_TYPE, `${fc}: not an MPI.Datatype or typecode (target datatype): ${describe(t)}`);
        type = d;
      }
    } else if (spec !== undefined && spec !== null) {
      throw core().winRaise(this.handle, ErrorClass.ERR_ARG, `${fc}: a target is a displacement or [disp, count, datatype], not ${describe(spec)} (target)`);
    }
    if (!Number.isInteger(count) || count < 0 || count > INT_MAX)
      throw core().winRaise(this.handle, ErrorClass.ERR_COUNT, `${fc}: invalid target count ${count} (target_count)`);
    return { rank, disp: this.disp(fc, disp), count, type: type.handle };
  }

  /** A target displacement: a non-negative MPI_Aint (32-bit on wasm32). */
  private disp(fc: string, disp: number): number {
    if (!Number.isInteger(disp) || disp < 0 || disp > INT_MAX)
      throw core().winRaise(this.handle, ErrorClass.ERR_DISP, `${fc}: invalid target displacement ${disp} (target_disp): not an integer from 0 to ${INT_MAX}`);
    return disp;
  }

  /** Fetch_and_op and Compare_and_swap move exactly one element of one datatype. */
  private checkSingle(fc: string, ...bufs: [OpBuffer, string][]): void {
    const type = bufs[0][0].datatype;
    for (const [b, arg] of bufs) {
      if (b.count !== 1) throw core().winRaise(this.handle, ErrorClass.ERR_COUNT, `${fc}: ${arg} holds ${b.count} elements, not 1 (${arg})`);
      if (b.datatype.handle !== type.handle)
        throw core().winRaise(this.handle, ErrorClass.ERR_TYPE, `${fc}: ${arg} is ${b.datatype.name} but origin is ${type.name} (${arg})`);
    }
  }

  // ---- Synchronization: active target ----

  /**
   * MPI_Win_fence: ends the epoch (this rank's operations are complete, results in place) and
   * starts the next one; collective over the window's group.
   * @param assertion MPI.MODE_NOPRECEDE, MPI.MODE_NOSUCCEED, MPI.MODE_NOSTORE, MPI.MODE_NOPUT, or'ed (hints)
   * @throws {@link Exception} ERR_RMA_SYNC (another kind of epoch is open), ERR_WIN.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.Fence(MPI.MODE_NOPRECEDE);
   * win.Put(new Float64Array([1]), (rank + 1) % size);
   * win.Fence(MPI.MODE_NOSUCCEED);
   * ```
   */
  Fence(assertion = 0): void {
    core().winFence(assertion, this.handle);
    this.settle();
  }
  /**
   * MPI_Win_start: an access epoch to the ranks of group, which call Post (general active
   * target synchronization); end it with Complete.
   * @param group the targets
   * @param assertion MPI.MODE_NOCHECK or 0
   * @throws {@link Exception} ERR_RMA_SYNC (an epoch is already open), ERR_GROUP, ERR_WIN.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * const peer = comm.Get_group().Incl([(rank + 1) % size]), from = comm.Get_group().Incl([(rank - 1 + size) % size]);
   * win.Post(from);
   * win.Start(peer);
   * win.Put(new Float64Array([rank]), (rank + 1) % size);
   * win.Complete();
   * win.Wait();
   * ```
   */
  Start(group: Group, assertion = 0): void {
    core().winStart(group.handle, assertion, this.handle);
  }
  /**
   * MPI_Win_complete: ends the access epoch Start began (this rank's operations complete, results in place).
   * @throws {@link Exception} ERR_RMA_SYNC: no Start epoch is open.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * const self = comm.Get_group().Incl([rank]);
   * win.Post(self);
   * win.Start(self);
   * win.Complete();
   * win.Wait();
   * ```
   */
  Complete(): void {
    core().winComplete(this.handle);
    this.settle();
  }
  /**
   * MPI_Win_post: an exposure epoch to the ranks of group, which call Start; end it with Wait or Test.
   * @param group the origins
   * @param assertion MPI.MODE_NOCHECK, MPI.MODE_NOSTORE, MPI.MODE_NOPUT, or'ed
   * @throws {@link Exception} ERR_RMA_SYNC (an exposure epoch is already open), ERR_GROUP, ERR_WIN.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.Post(comm.Get_group().Incl([(rank - 1 + size) % size]));
   * ```
   */
  Post(group: Group, assertion = 0): void {
    core().winPost(group.handle, assertion, this.handle);
  }
  /**
   * MPI_Win_wait: ends the exposure epoch Post began, once every origin has called Complete.
   * @returns true
   * @throws {@link Exception} ERR_RMA_SYNC: no Post epoch is open.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * const self = comm.Get_group().Incl([rank]);
   * win.Post(self);
   * win.Start(self);
   * win.Complete();
   * win.Wait();
   * ```
   */
  Wait(): true {
    core().winWait(this.handle);
    return true;
  }
  /**
   * MPI_Win_test: Wait if it would not block.
   * @returns true once the exposure epoch has ended
   * @throws {@link Exception} ERR_RMA_SYNC: no Post epoch is open.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * const self = comm.Get_group().Incl([rank]);
   * win.Post(self);
   * win.Start(self);
   * win.Complete();
   * while (!win.Test()) { }
   * ```
   */
  Test(): boolean {
    return core().winTest(this.handle);
  }

  // ---- Synchronization: passive target ----

  /**
   * MPI_Win_lock: a passive-target access epoch to one rank, which takes no part.
   * @param rank the target
   * @param lock_type MPI.LOCK_EXCLUSIVE (the default) or MPI.LOCK_SHARED
   * @param assertion MPI.MODE_NOCHECK or 0
   * @throws {@link Exception} ERR_LOCKTYPE (another lock type), ERR_RMA_SYNC (rank is locked by this rank already), ERR_RANK, ERR_WIN.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.Lock(0, MPI.LOCK_EXCLUSIVE);
   * win.Put(new Float64Array([rank]), 0);
   * win.Unlock(0);
   * ```
   */
  Lock(rank: number, lock_type: number = K.LOCK_EXCLUSIVE, assertion = 0): void {
    core().winLock(lock_type, rank, assertion, this.handle);
  }
  /**
   * MPI_Win_unlock: completes the operations to rank (at both ends, results in place) and ends the epoch.
   * @param rank the target Lock named
   * @throws {@link Exception} ERR_RMA_SYNC: rank is not locked by Lock.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * const got = new Float64Array(1);
   * win.Lock(0, MPI.LOCK_SHARED);
   * win.Get(got, 0);
   * win.Unlock(0);   // got holds rank 0's value
   * ```
   */
  Unlock(rank: number): void {
    core().winUnlock(rank, this.handle);
    this.settle(rank);
  }
  /**
   * MPI_Win_lock_all: a shared passive-target epoch to every rank of the window.
   * @param assertion MPI.MODE_NOCHECK or 0
   * @throws {@link Exception} ERR_RMA_SYNC (an epoch is already open), ERR_WIN.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.Lock_all();
   * for (let r = 0; r < size; r++) win.Accumulate(new Float64Array([1]), r, 0, MPI.SUM);
   * win.Unlock_all();
   * ```
   */
  Lock_all(assertion = 0): void {
    core().winLockAll(assertion, this.handle);
  }
  /**
   * MPI_Win_unlock_all: completes every operation of the Lock_all epoch and ends it.
   * @throws {@link Exception} ERR_RMA_SYNC: the window is not locked by Lock_all.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.Lock_all();
   * win.Unlock_all();
   * ```
   */
  Unlock_all(): void {
    core().winUnlockAll(this.handle);
    this.settle();
  }
  /**
   * MPI_Win_flush: completes the operations to rank, at both ends (results in place); the
   * passive-target epoch goes on.
   * @param rank the target
   * @throws {@link Exception} ERR_RMA_SYNC (no Lock or Lock_all epoch is open), ERR_RANK.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.Lock_all();
   * win.Put(new Float64Array([rank]), 0);
   * win.Flush(0);   // visible at rank 0 now
   * win.Unlock_all();
   * ```
   */
  Flush(rank: number): void {
    core().winFlush(FlushKind.Rank, rank, this.handle);
    this.settle(rank);
  }
  /**
   * MPI_Win_flush_all: Flush to every rank.
   * @throws {@link Exception} ERR_RMA_SYNC: no Lock or Lock_all epoch is open.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.Lock_all();
   * win.Flush_all();
   * win.Unlock_all();
   * ```
   */
  Flush_all(): void {
    core().winFlush(FlushKind.All, 0, this.handle);
    this.settle();
  }
  /**
   * MPI_Win_flush_local: completes the operations to rank at this end (origins reusable, results in place).
   * @param rank the target
   * @throws {@link Exception} ERR_RMA_SYNC (no Lock or Lock_all epoch is open), ERR_RANK.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * const out = new Float64Array([1]);
   * win.Lock(0);
   * win.Put(out, 0);
   * win.Flush_local(0);
   * out[0] = 2;   // safe: the Put has its data
   * win.Unlock(0);
   * ```
   */
  Flush_local(rank: number): void {
    core().winFlush(FlushKind.LocalRank, rank, this.handle);
    this.settle(rank);
  }
  /**
   * MPI_Win_flush_local_all: Flush_local to every rank.
   * @throws {@link Exception} ERR_RMA_SYNC: no Lock or Lock_all epoch is open.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate(8, 8, null, comm);
   * win.Lock_all();
   * win.Flush_local_all();
   * win.Unlock_all();
   * ```
   */
  Flush_local_all(): void {
    core().winFlush(FlushKind.LocalAll, 0, this.handle);
    this.settle();
  }
  /**
   * MPI_Win_sync: makes this rank's loads and stores of its window memory and the window's public
   * copy agree (for shared windows and the separate model).
   * @throws {@link Exception} ERR_WIN: freed.
   * @example
   * ```ts
   * const win = MPI.Win.Allocate_shared(4, 4, null, MPI.COMM_SELF);
   * win.Lock_all();
   * win.tomemory(Int32Array)[0] = 1;
   * win.Sync();
   * win.Unlock_all();
   * ```
   */
  Sync(): void {
    core().winSync(this.handle);
  }
}

/** MPI.WIN_NULL. */
export const WIN_NULL = new Win(K.WIN_NULL_HANDLE);

/** disp_unit crosses as a C int: a fraction would be cut silently (the core checks that it is positive). */
function checkDispUnit(fc: string, disp_unit: number, comm: HasHandle): void {
  if (!Number.isInteger(disp_unit) || disp_unit > INT_MAX)
    throw core().raise(comm.handle, ErrorClass.ERR_DISP, `${fc}: invalid displacement unit ${disp_unit} (disp_unit): not an int`);
}

function infoHandle(info: Info | null): number {
  return info ? info.handle : K.HANDLE4.INFO_NULL;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}
