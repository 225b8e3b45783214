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

/** MPI_Init. */
export function Init(): void {
  Init_thread(THREAD_SERIALIZED);
}

/** MPI_Init_thread: returns the thread level provided (at most THREAD_SERIALIZED: one rank is one JS thread). */
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

/** MPI_Finalize. */
export function Finalize(): void {
  if (Is_initialized() && !Is_finalized()) for (const f of beforeFinalize) f();
  core().finalize();
  platform.finalized();
}

/** MPI_Initialized. */
export function Is_initialized(): boolean {
  return core().state() !== 0;
}

/** MPI_Finalized. */
export function Is_finalized(): boolean {
  return core().state() === 2;
}

/** MPI_Query_thread. */
export function Query_thread(): number {
  return core().queryThread();
}

/** MPI_Is_thread_main: a rank is one JS thread, so always true. */
export function Is_thread_main(): boolean {
  return true;
}

/** MPI_Wtime: seconds, comparable between the ranks of one host. */
export function Wtime(): number {
  return core().wtime();
}

/** MPI_Wtick. */
export function Wtick(): number {
  return core().wtick();
}

/** MPI_Get_processor_name. */
export function Get_processor_name(): string {
  return core().processorName();
}

/** MPI_Get_version: [version, subversion]. */
export function Get_version(): [number, number] {
  return [4, 0];
}

/** MPI_Get_library_version. */
export function Get_library_version(): string {
  return core().libraryVersion();
}

/** MPI_Error_string. */
export function Get_error_string(errorcode: number): string {
  return core().errorString(errorcode);
}

/** MPI_Error_class: every wmpi error code is its own class. */
export function Get_error_class(errorcode: number): number {
  core().errorString(errorcode);
  return errorcode;
}

type TypedArrayCtor<T> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

/** MPI_Alloc_mem: a view of n elements in this rank's linear memory; sending it needs no staging copy. */
export function Alloc_mem<T extends ArrayBufferView>(ctor: TypedArrayCtor<T>, n: number): T {
  if (!Number.isSafeInteger(n) || n < 0) throw core().raise(HANDLE.COMM_SELF, ErrorClass.ERR_COUNT, `MPI_Alloc_mem: ${n} is not a number of elements (size)`);
  const c = core();
  const ptr = c.allocMem(n * ctor.BYTES_PER_ELEMENT);
  allocated.add(ptr);
  return new ctor(c.u8.buffer, ptr, n);
}

/** Base addresses Alloc_mem handed out and Free_mem has not taken back. */
const allocated = new Set<number>();

/** MPI_Free_mem for a view from Alloc_mem. */
export function Free_mem(view: ArrayBufferView): void {
  const c = core();
  if (!c.isLinear(view.buffer) || !allocated.delete(view.byteOffset))
    throw c.raise(HANDLE.COMM_SELF, ErrorClass.ERR_BASE, "MPI_Free_mem: not a view that MPI.Alloc_mem returned, or freed already (base)");
  c.freeMem(view.byteOffset);
}

let attached: { ptr: number; owned: boolean; user: ArrayBufferView | number } | undefined;

/** MPI_Buffer_attach: the buffer for buffered sends (a size in bytes, or a view whose size is used). */
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

/** MPI_Buffer_detach: waits for buffered messages to leave, returns what was attached. */
export function Detach_buffer(): ArrayBufferView | number {
  const c = core();
  c.bufferDetach();
  const a = attached;
  attached = undefined;
  if (a === undefined) return 0;
  if (a.owned) c.free(a.ptr);
  return a.user;
}
