import { Core } from "../abi/core.js";
import { platform } from "../runtime/platform.js";
import { HANDLE, THREAD_SERIALIZED } from "./constants.js";
import { ErrorClass } from "./errorclasses.js";

// Where the core comes from, the settings and the end of the program depend
// on the target (Node, a browser rank): runtime/platform-types.ts.

let theCore: Core | undefined;
const SHARED = Symbol.for("wmpi.core");

/**
 * This rank's core, instantiated on first use: in the job a launcher set up,
 * or as a 1-rank job. It is kept on globalThis too, so that a second copy of
 * this module in the same thread shares it instead of starting another core
 * on the same memory.
 */
export function core(): Core {
  const g = globalThis as Record<symbol, Core | undefined>;
  return (theCore ??= g[SHARED] ??= new Core(platform.instantiateRank()));
}

/** Settings read when wmpi is imported, like mpi4py.rc (from WMPI_RC_* environment variables). */
export const rc = {
  /** Initialize MPI when wmpi is imported (WMPI_RC_INITIALIZE=0 turns it off). */
  initialize: platform.getenv("WMPI_RC_INITIALIZE") !== "0",
  /** Finalize MPI when the program exits. */
  finalize: platform.getenv("WMPI_RC_FINALIZE") !== "0",
};

/**
 * MPI_Init: wmpi calls it when it is imported (unless WMPI_RC_INITIALIZE=0 or MPI.rc.initialize
 * is false), so a program calls it only after turning that off.
 * @throws {@link Exception} ERR_OTHER: MPI is initialized already, or finalized.
 * @example
 * ```ts
 * // WMPI_RC_INITIALIZE=0 npx wmpiexec -n 2 program.ts
 * if (!MPI.Is_initialized()) MPI.Init();
 * ```
 */
export function Init(): void {
  Init_thread(THREAD_SERIALIZED);
}

/**
 * MPI_Init_thread: Init, asking for a thread level. One rank is one JS thread, so wmpi provides at
 * most MPI.THREAD_SERIALIZED.
 * @param required MPI.THREAD_SINGLE, THREAD_FUNNELED, THREAD_SERIALIZED or THREAD_MULTIPLE
 * @returns the level provided
 * @throws {@link Exception} ERR_ARG (not a thread level), ERR_OTHER (initialized already, or finalized).
 * @example
 * ```ts
 * if (!MPI.Is_initialized()) console.log(MPI.Init_thread(MPI.THREAD_MULTIPLE) === MPI.THREAD_SERIALIZED);
 * ```
 */
export function Init_thread(required: number = THREAD_SERIALIZED): number {
  const provided = core().initThread(required);
  if (rc.finalize) platform.atExit(finalizeAtExit);
  return provided;
}

function finalizeAtExit(): void {
  if (Is_initialized() && !Is_finalized()) Finalize();
}
platform.connect(finalizeAtExit);

/** What MPI_Finalize does first, while MPI still works (the attributes of COMM_SELF and COMM_WORLD go). */
export const beforeFinalize: Array<() => void> = [];

/**
 * MPI_Finalize: deletes COMM_SELF's and COMM_WORLD's attributes (their delete_fn run), then ends
 * MPI for this rank; wmpi calls it when the program exits (unless WMPI_RC_FINALIZE=0). Collective
 * over COMM_WORLD in effect: every rank must call it.
 * @throws {@link Exception} ERR_OTHER: finalized already, or never initialized.
 * @example
 * ```ts
 * comm.Barrier();
 * MPI.Finalize();
 * console.log(MPI.Is_finalized()); // true
 * ```
 */
export function Finalize(): void {
  if (Is_initialized() && !Is_finalized()) for (const f of beforeFinalize) f();
  core().finalize();
  platform.finalized();
}

/**
 * MPI_Initialized: whether Init has run (also after Finalize).
 * @example
 * ```ts
 * console.log(MPI.Is_initialized()); // true: importing wmpi initialized it
 * ```
 */
export function Is_initialized(): boolean {
  return core().state() !== 0;
}

/**
 * MPI_Finalized: whether Finalize has run.
 * @example
 * ```ts
 * if (!MPI.Is_finalized()) comm.Barrier();
 * ```
 */
export function Is_finalized(): boolean {
  return core().state() === 2;
}

/**
 * MPI_Query_thread: the thread level Init provided (MPI.THREAD_SERIALIZED unless Init_thread asked for less).
 * @throws {@link Exception} ERR_OTHER: before Init or after Finalize.
 * @example
 * ```ts
 * console.log(MPI.Query_thread() === MPI.THREAD_SERIALIZED);
 * ```
 */
export function Query_thread(): number {
  return core().queryThread();
}

/**
 * MPI_Is_thread_main: a rank is one JS thread, so always true.
 * @example
 * ```ts
 * console.log(MPI.Is_thread_main()); // true
 * ```
 */
export function Is_thread_main(): boolean {
  return true;
}

/**
 * MPI_Wtime: seconds since an arbitrary moment (also before Init and after Finalize), comparable between the ranks of one host
 * (MPI.WTIME_IS_GLOBAL says whether across hosts too).
 * @example
 * ```ts
 * const t0 = MPI.Wtime();
 * comm.Barrier();
 * console.log(`barrier: ${(MPI.Wtime() - t0) * 1e6} us`);
 * ```
 */
export function Wtime(): number {
  return core().wtime();
}

/**
 * MPI_Wtick: the resolution of Wtime, in seconds.
 * @example
 * ```ts
 * console.log(MPI.Wtick()); // 0.000001
 * ```
 */
export function Wtick(): number {
  return core().wtick();
}

/**
 * MPI_Get_processor_name: the host's name (also before Init and after Finalize).
 * @example
 * ```ts
 * console.log(`rank ${rank} on ${MPI.Get_processor_name()}`);
 * ```
 */
export function Get_processor_name(): string {
  return core().processorName();
}

/**
 * MPI_Get_version: the version of the MPI standard wmpi implements.
 * @returns the pair [version, subversion], which is [4, 0]
 * @example
 * ```ts
 * const [version, subversion] = MPI.Get_version();
 * ```
 */
export function Get_version(): [number, number] {
  return [4, 0];
}

/**
 * MPI_Get_library_version: wmpi's version and how it was built (also before Init and after Finalize).
 * @example
 * ```ts
 * if (rank === 0) console.log(MPI.Get_library_version());
 * ```
 */
export function Get_library_version(): string {
  return core().libraryVersion();
}

/**
 * MPI_Error_string: the text of an error class (an Exception's own message says more:
 * {@link Exception.Get_error_string}).
 * @param errorcode an error class or code
 * @throws {@link Exception} ERR_ARG: not an error code.
 * @example
 * ```ts
 * console.log(MPI.Get_error_string(MPI.ERR_RANK));
 * ```
 */
export function Get_error_string(errorcode: number): string {
  return core().errorString(errorcode);
}

/**
 * MPI_Error_class: the class of an error code; every wmpi error code is its own class.
 * @param errorcode an error code
 * @throws {@link Exception} ERR_ARG: not an error code.
 * @example
 * ```ts
 * console.log(MPI.Get_error_class(MPI.ERR_TAG) === MPI.ERR_TAG); // true
 * ```
 */
export function Get_error_class(errorcode: number): number {
  core().errorString(errorcode);
  return errorcode;
}

type TypedArrayCtor<T> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

/**
 * MPI_Alloc_mem: a view of n elements in this rank's linear memory, the memory the core works in:
 * sending from it, or a window over it, needs no staging copy. Free it with Free_mem.
 * @param ctor the TypedArray class of the view
 * @param n how many elements
 * @throws {@link Exception} ERR_COUNT (n not a whole number >= 0), ERR_NO_MEM (no memory left),
 * ERR_OTHER (after MPI.Finalize).
 * @example
 * ```ts
 * const buf = MPI.Alloc_mem(Float64Array, 1 << 20);
 * comm.Send(buf, MPI.PROC_NULL);
 * MPI.Free_mem(buf);
 * ```
 */
export function Alloc_mem<T extends ArrayBufferView>(ctor: TypedArrayCtor<T>, n: number): T {
  if (!Number.isSafeInteger(n) || n < 0) throw core().raise(HANDLE.COMM_SELF, ErrorClass.ERR_COUNT, `MPI_Alloc_mem: ${n} is not a number of elements (size)`);
  const c = core();
  const ptr = c.allocMem(n * ctor.BYTES_PER_ELEMENT);
  allocated.add(ptr);
  return new ctor(c.u8.buffer, ptr, n);
}

/** Base addresses Alloc_mem handed out and Free_mem has not taken back. */
const allocated = new Set<number>();

/**
 * MPI_Free_mem: frees the memory of a view Alloc_mem returned (the view must not be used after).
 * @param view the view Alloc_mem returned, or one that starts where it does
 * @throws {@link Exception} ERR_BASE: not a view from Alloc_mem, or freed already.
 * @example
 * ```ts
 * const buf = MPI.Alloc_mem(Int32Array, 100);
 * MPI.Free_mem(buf);
 * ```
 */
export function Free_mem(view: ArrayBufferView): void {
  const c = core();
  if (!c.isLinear(view.buffer) || !allocated.delete(view.byteOffset))
    throw c.raise(HANDLE.COMM_SELF, ErrorClass.ERR_BASE, "MPI_Free_mem: not a view that MPI.Alloc_mem returned, or freed already (base)");
  c.freeMem(view.byteOffset);
}

let attached: { ptr: number; owned: boolean; user: ArrayBufferView | number } | undefined;

/**
 * MPI_Buffer_attach: the buffer that buffered sends (Bsend, Ibsend, bsend) copy their messages
 * into; each message takes its size plus MPI.BSEND_OVERHEAD.
 * @param buf a size in bytes (wmpi allocates it), or a view whose bytes are used
 * @throws {@link Exception} ERR_BUFFER (a buffer is attached already), ERR_SIZE (a negative size).
 * @example
 * ```ts
 * MPI.Attach_buffer(10 * (1024 + MPI.BSEND_OVERHEAD));   // room for ten 1 KiB messages
 * ```
 */
export function Attach_buffer(buf: ArrayBufferView | number): void {
  const c = core();
  const size = typeof buf === "number" ? buf : buf.byteLength;
  const linear = typeof buf !== "number" && c.isLinear(buf.buffer);
  const ptr = linear ? buf.byteOffset : c.malloc(size);
  try {
    c.bufferAttach(ptr, size);
  } catch (e) {
    if (!linear) c.free(ptr);
    throw e;
  }
  attached = { ptr, owned: !linear, user: buf };
}

/**
 * MPI_Buffer_detach: waits until the buffered messages have left, then detaches the buffer.
 * @returns what Attach_buffer was given (0 if nothing was attached)
 * @throws {@link Exception} only ERR_OTHER (before Init or after Finalize).
 * @example
 * ```ts
 * MPI.Attach_buffer(4096);
 * if (rank === 0) comm.bsend("done", MPI.PROC_NULL);
 * MPI.Detach_buffer();
 * ```
 */
export function Detach_buffer(): ArrayBufferView | number {
  const c = core();
  c.bufferDetach();
  const a = attached;
  attached = undefined;
  if (a === undefined) return 0;
  if (a.owned) c.free(a.ptr);
  return a.user;
}
