import { core } from "./environment.js";
import { ANY_SOURCE, ANY_TAG, HANDLE, HANDLE4, SendMode } from "./constants.js";
import * as attributes from "./attributes.js";
import { Group } from "./group.js";
import { Info } from "./info.js";
import { Datatypes } from "./datatype.js";
import { ErrorClass } from "./errorclasses.js";
import { Errhandler, errhandlerOf } from "./errhandler.js";
import { Message } from "./message.js";
import { bytesOf, parseBuffer, PIPELINE_MIN, receiveThen, Staged, type BufSpec } from "./msgbuffer.js";
import { copyBytes } from "../runtime/copy-bytes.js";

/** Up to this size blocking sends and receives copy through scratch memory without a staging object. */
const SMALL = 256;
import { isendChunks, isendPipelined, pipelines, waitPipelined } from "./pipeline.js";
import { encodeObject, objectFromStatus, stageObject } from "./pickle.js";
import { Prequest, Request } from "./request.js";
import { scratch } from "./scratch.js";
import { Status, readStatus, statusBytes } from "./status.js";

/**
 * MPI_Comm (MPI-4.0 chapters 3 and 7): a group of processes and a context to communicate in.
 * mpi4py's Comm, with the same methods; Intracomm and Intercomm add what only one kind has.
 *
 * **Buffers and objects.** Capitalised methods (Send, Bcast, ...) move typed arrays with no
 * serialization: a buffer is a {@link BufSpec} (a typed array, `[buffer, datatype]` or `[buffer, count, datatype]`),
 * whose MPI datatype follows from the array's kind unless given. Lowercase methods (send, bcast,
 * ...) move any value {@link MPI}.serializer can encode and return what they receive.
 *
 * **Ranks and tags.** `dest` and `source` are ranks of this communicator (of the remote group, on an
 * Intercomm) or MPI.PROC_NULL; a receive also takes MPI.ANY_SOURCE and MPI.ANY_TAG. A tag is a
 * whole number from 0 to the MPI.TAG_UB attribute.
 *
 * **Errors.** A failing call throws {@link Exception} (MPI.Exception) whose Get_error_class() is
 * the class its `@throws` names. Errors follow the communicator's error handler (Set_errhandler):
 * COMM_WORLD and COMM_SELF have MPI.ERRORS_RETURN, which throws, and a communicator made from
 * another inherits its handler; under MPI.ERRORS_ARE_FATAL the job aborts instead. Besides what a
 * method lists, every method raises ERR_COMM on a freed or null communicator and ERR_OTHER before
 * MPI.Init or after MPI.Finalize. "Buffer errors" in a method's `@throws` are those of any buffer
 * argument: ERR_BUFFER (not a buffer, or bytes that are not a whole number of elements), ERR_TYPE
 * (not a datatype, or one not committed) and ERR_COUNT (a count the buffer does not hold).
 *
 * **Collectives** (Barrier, Bcast, ... and bcast, ...) are called by every process of the
 * communicator with matching arguments; a `root` is a rank (on an Intercomm: MPI.ROOT at the root,
 * MPI.PROC_NULL at its group's other processes, the root's rank in the other group). The I-forms
 * return a Request and their buffers must stay untouched until it completes. "Collective errors"
 * in their `@throws` are buffer errors, ERR_ROOT (root is not a rank or not a whole number),
 * ERR_TRUNCATE (a block arrives that is larger than its place in recvbuf) and ERR_BUFFER
 * (MPI.IN_PLACE where the call does not take it); reductions add ERR_OP (an op that is not an
 * MPI.Op, or not defined for the datatype, as MPI.BAND for MPI.DOUBLE).
 *
 * The examples of this reference are fragments of a program that starts with
 * `import { MPI } from "wmpi"`, `const comm = MPI.COMM_WORLD` and `rank`, `size` of comm.
 *
 * @example
 * ```ts
 * import { MPI } from "wmpi";
 * const comm = MPI.COMM_WORLD;
 * if (comm.rank === 0) {
 *   comm.send({ step: 1 }, 1, 11);                   // MPI_Send of a serialized object
 *   comm.Send(new Float64Array([1, 2, 3]), 1, 12);   // MPI_Send of the array's bytes, MPI.DOUBLE
 * } else if (comm.rank === 1) {
 *   const obj = comm.recv(0, 11);
 *   const buf = new Float64Array(3);
 *   comm.Recv(buf, 0, 12);
 * }
 * ```
 */
export class Comm {
  /** @internal */
  constructor(
    /** the MPI handle the core knows this communicator by (MPICH's integer value; MPI.COMM_NULL's once freed) */
    public handle: number,
  ) {}

  // ---- Environment and attributes ----

  /**
   * MPI_Comm_rank: this process's rank, from 0 to Get_size() - 1 (in the local group of an Intercomm).
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * if (comm.Get_rank() === 0) console.log("I am the root");
   * ```
   */
  Get_rank(): number {
    return core().commRank(this.handle);
  }
  /**
   * MPI_Comm_size: how many processes (of the local group, on an Intercomm).
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * const last = comm.Get_size() - 1;
   * ```
   */
  Get_size(): number {
    return core().commSize(this.handle);
  }
  /** MPI_Comm_rank: {@link Comm.Get_rank} as a property, as mpi4py's `comm.rank`. */
  get rank(): number {
    return this.Get_rank();
  }
  /** MPI_Comm_size: {@link Comm.Get_size} as a property, as mpi4py's `comm.size`. */
  get size(): number {
    return this.Get_size();
  }
  /**
   * MPI_Comm_get_attr: a predefined attribute (MPI.TAG_UB, MPI.UNIVERSE_SIZE, ...) or the value
   * Set_attr cached under keyval.
   * @param keyval a predefined key or one from Create_keyval
   * @returns the value, or undefined if none is set
   * @throws {@link Exception} ERR_KEYVAL: keyval is not a key (or was freed).
   * @example
   * ```ts
   * const tagUb = comm.Get_attr(MPI.TAG_UB) as number;
   * ```
   */
  Get_attr(keyval: number): unknown {
    return attributes.getAttr(this.handle, keyval);
  }
  /**
   * MPI_Comm_set_attr: caches any value on this communicator; a value already there goes through
   * the keyval's delete_fn first.
   * @param keyval a key from Create_keyval
   * @param value any value
   * @throws {@link Exception} ERR_KEYVAL: keyval is not a key of Create_keyval.
   * @example
   * ```ts
   * const key = MPI.Comm.Create_keyval();
   * comm.Set_attr(key, { createdAt: MPI.Wtime() });
   * ```
   */
  Set_attr(keyval: number, value: unknown): void {
    attributes.setAttr(this, this.handle, keyval, value);
  }
  /**
   * MPI_Comm_delete_attr: removes the value cached under keyval, through its delete_fn.
   * @param keyval a key from Create_keyval
   * @throws {@link Exception} ERR_KEYVAL: keyval is not a key.
   * @example
   * ```ts
   * const key = MPI.Comm.Create_keyval();
   * comm.Set_attr(key, "cached");
   * comm.Delete_attr(key);
   * ```
   */
  Delete_attr(keyval: number): void {
    attributes.deleteAttr(this, this.handle, keyval);
  }
  /**
   * MPI_Comm_create_keyval: a new attribute key.
   * @param copy_fn what Dup copies: undefined copies nothing, true the same value, a function what it returns
   * @param delete_fn called with the value when it is deleted, replaced or its communicator freed
   * @returns the key, for Set_attr, Get_attr and Delete_attr
   * @throws {@link Exception} ERR_OTHER before MPI.Init or after MPI.Finalize.
   * @example
   * ```ts
   * const key = MPI.Comm.Create_keyval(true, (c, k, value) => console.log("dropped", value));
   * ```
   */
  static Create_keyval(copy_fn?: attributes.CopyFn<Comm>, delete_fn?: attributes.DeleteFn<Comm>): number {
    return attributes.createKeyval(copy_fn as attributes.CopyFn<unknown>, delete_fn as attributes.DeleteFn<unknown>);
  }
  /**
   * MPI_Comm_free_keyval: frees a key of Create_keyval (values cached under it stay until deleted).
   * @param keyval the key
   * @returns MPI.KEYVAL_INVALID, to overwrite the variable that held the key
   * @throws {@link Exception} ERR_KEYVAL: keyval is not a key of Create_keyval.
   * @example
   * ```ts
   * let key = MPI.Comm.Create_keyval();
   * key = MPI.Comm.Free_keyval(key);
   * ```
   */
  static Free_keyval(keyval: number): number {
    return attributes.freeKeyval(keyval);
  }

  // ---- Groups, names, comparison, lifetime (MPI-4.0 chapter 7) ----

  /**
   * MPI_Comm_group: the group of this communicator (the local group, on an Intercomm); free it when done.
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * const group = comm.Get_group();
   * const evens = group.Incl([0]);
   * group.Free();
   * ```
   */
  Get_group(): Group {
    return new Group(core().commGroup(this.handle, false));
  }
  /** MPI_Comm_group: {@link Comm.Get_group} as a property. */
  get group(): Group {
    return this.Get_group();
  }
  /**
   * MPI_Comm_get_name: "MPI_COMM_WORLD", "MPI_COMM_SELF", the name Set_name gave, or "".
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * console.log(comm.Get_name()); // MPI_COMM_WORLD
   * ```
   */
  Get_name(): string {
    return core().commGetName(this.handle);
  }
  /**
   * MPI_Comm_set_name: a name for messages and traces (a longer one is cut to MPI_MAX_OBJECT_NAME).
   * @param name the name
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * const rows = comm.Split(rank % 2);
   * rows.Set_name("rows");
   * ```
   */
  Set_name(name: string): void {
    core().commSetName(this.handle, name);
  }
  /** MPI_Comm_get_name and MPI_Comm_set_name: {@link Comm.Get_name} and {@link Comm.Set_name} as a property. */
  get name(): string {
    return this.Get_name();
  }
  set name(name: string) {
    this.Set_name(name);
  }
  /**
   * MPI_Comm_set_info: hints for the implementation (wmpi keeps them and acts on none).
   * @param info the hints
   * @throws {@link Exception} ERR_INFO: info is freed or null.
   * @example
   * ```ts
   * const info = MPI.Info.Create();
   * info.Set("mpi_assert_no_any_tag", "true");
   * comm.Set_info(info);
   * info.Free();
   * ```
   */
  Set_info(info: Info): void {
    core().commSetInfo(this.handle, info.handle);
  }
  /**
   * MPI_Comm_get_info: a new Info holding the hints set (free it when done).
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * const info = comm.Get_info();
   * console.log(info.keys());
   * info.Free();
   * ```
   */
  Get_info(): Info {
    return new Info(core().commGetInfo(this.handle));
  }
  /** MPI_Comm_get_info and MPI_Comm_set_info: {@link Comm.Get_info} and {@link Comm.Set_info} as a property. */
  get info(): Info {
    return this.Get_info();
  }
  set info(info: Info) {
    this.Set_info(info);
  }
  /**
   * MPI_Comm_compare: MPI.IDENT (the same communicator), MPI.CONGRUENT (same group and order,
   * another context), MPI.SIMILAR (same members, another order) or MPI.UNEQUAL.
   * @param comm the communicator to compare with
   * @throws {@link Exception} ERR_COMM: either communicator is freed or null.
   * @example
   * ```ts
   * const copy = comm.Dup();
   * console.log(comm.Compare(copy) === MPI.CONGRUENT); // true
   * ```
   */
  Compare(comm: Comm): number {
    return core().commCompare(this.handle, comm.handle);
  }
  /**
   * MPI_Comm_test_inter: whether this is an intercommunicator.
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * if (!comm.Is_inter()) comm.Scan(new Int32Array([rank]), new Int32Array(1));
   * ```
   */
  Is_inter(): boolean {
    if (this.interOf !== this.handle) {
      this.inter = core().commTestInter(this.handle);
      this.interOf = this.handle;
    }
    return this.inter;
  }
  private inter = false;
  private interOf = 0;
  /**
   * The negation of MPI_Comm_test_inter (mpi4py's Is_intra).
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * console.log(comm.Is_intra()); // true for COMM_WORLD
   * ```
   */
  Is_intra(): boolean {
    return !this.Is_inter();
  }
  /** MPI_Comm_test_inter: {@link Comm.Is_inter} as a property. */
  get is_inter(): boolean {
    return this.Is_inter();
  }
  /** The negation of MPI_Comm_test_inter: {@link Comm.Is_intra} as a property. */
  get is_intra(): boolean {
    return !this.Is_inter();
  }
  /** The same kind of object over another handle (Dup keeps Cartcomm a Cartcomm). */
  protected like(handle: number): this {
    return new (this.constructor as new (h: number) => this)(handle);
  }
  /**
   * MPI_Comm_dup (MPI_Comm_dup_with_info when given info): the same group in a new context, so that
   * its messages never match this communicator's; attributes are copied through their copy_fn, the
   * error handler too. A Cartcomm's copy is a Cartcomm. Collective.
   * @param info hints for the copy (by default: this communicator's; a freed Info counts as MPI.INFO_NULL)
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * const library = comm.Dup();   // a library's own messages cannot meet the program's
   * library.Free();
   * ```
   */
  Dup(info?: Info): this {
    const c = this.like(core().commDup(this.handle, info ? info.handle : HANDLE4.INFO_NULL));
    attributes.copyAll(this, this.handle, c, c.handle);
    return c;
  }
  /**
   * MPI_Comm_dup_with_info: {@link Comm.Dup} with hints for the copy.
   * @param info the hints (MPI.INFO_NULL: none)
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * const copy = comm.Dup_with_info(MPI.INFO_NULL);
   * ```
   */
  Dup_with_info(info: Info): this {
    return this.Dup(info);
  }
  /**
   * MPI_Comm_dup under mpi4py's other name: {@link Comm.Dup}.
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * const copy = comm.Clone();
   * ```
   */
  Clone(): this {
    return this.Dup();
  }
  /**
   * MPI_Comm_idup: a nonblocking Dup. The communicator holds MPI.COMM_NULL's handle until the
   * request completes (Wait, Test, waitAsync); on an Intercomm it completes before Idup returns.
   * @returns the new communicator and the request that completes it
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * const [copy, req] = comm.Idup();
   * req.Wait();
   * copy.Barrier();
   * ```
   */
  Idup(): [this, Request] {
    const c = core();
    const slot = c.malloc(4);
    let r: number;
    try {
      r = c.commIdup(this.handle, slot);
    } catch (e) {
      c.free(slot);
      throw e;
    }
    const comm = this.like(HANDLE.COMM_NULL);
    return [comm, new Request(r, () => {
      comm.handle = c.i32[slot >> 2];
      c.free(slot);
      attributes.copyAll(this, this.handle, comm, comm.handle);
    })];
  }
  /**
   * MPI_Comm_split: processes that pass the same color form a new communicator, ordered by key
   * (then by rank here). Collective.
   * @param color a whole number >= 0, or MPI.UNDEFINED to get MPI.COMM_NULL
   * @param key the order within a color
   * @throws {@link Exception} ERR_ARG: color or key is not a 32-bit integer.
   * @example
   * ```ts
   * const row = comm.Split(Math.floor(rank / 2), rank);   // pairs of neighbours
   * ```
   */
  Split(color = 0, key = 0): Comm {
    for (const [v, name] of [[color, "color"], [key, "key"]] as const)
      if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
        throw core().raise(this.handle, ErrorClass.ERR_ARG, `MPI_Comm_split: invalid ${name} ${v} (${name}): not an integer`);
    return commOf(core().commSplit(this.handle, color, key));
  }
  /**
   * MPI_Comm_split_type: MPI.COMM_TYPE_SHARED groups the processes that can share memory (a Node
   * process's worker-thread ranks); MPI.UNDEFINED gives MPI.COMM_NULL. Collective.
   * @param split_type MPI.COMM_TYPE_SHARED, MPI.COMM_TYPE_HW_GUIDED, MPI.COMM_TYPE_HW_UNGUIDED or MPI.UNDEFINED
   * @param key the order within each part
   * @param info hints
   * @throws {@link Exception} ERR_ARG: split_type is none of those.
   * @example
   * ```ts
   * const node = comm.Split_type(MPI.COMM_TYPE_SHARED);
   * console.log(`${node.size} ranks share memory with me`);
   * ```
   */
  Split_type(split_type: number, key = 0, info?: Info): Comm {
    return commOf(core().commSplitType(this.handle, split_type, key, info ? info.handle : HANDLE4.INFO_NULL));
  }
  /**
   * MPI_Comm_free: deletes the attributes (through their delete_fn) and frees the communicator; the
   * object then holds MPI.COMM_NULL. Pending messages still complete.
   * @throws {@link Exception} ERR_COMM: MPI.COMM_WORLD, MPI.COMM_SELF or an already freed communicator.
   * @example
   * ```ts
   * const work = comm.Dup();
   * work.Free();
   * console.log(work.isNull()); // true
   * ```
   */
  Free(): void {
    attributes.deleteAll(this, this.handle);
    core().commFree(this.handle);
    this.handle = HANDLE.COMM_NULL;
  }
  /**
   * MPI_Comm_disconnect: like Free, but first waits until every pending message of the
   * communicator has completed on both sides; how a program detaches from a job it spawned or
   * connected to. Collective.
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * const parent = MPI.Comm.Get_parent();
   * if (!parent.isNull()) parent.Disconnect();
   * ```
   */
  Disconnect(): void {
    attributes.deleteAll(this, this.handle);
    core().commDisconnect(this.handle);
    this.handle = HANDLE.COMM_NULL;
  }
  /**
   * MPI_Abort: ends every process of the job (the launcher exits with errorcode); it does not return.
   * @param errorcode the job's exit code
   * @example
   * ```ts
   * if (size < 2) comm.Abort(1);
   * ```
   */
  Abort(errorcode = 0): never {
    core().abort(this.handle, errorcode);
    throw new Error("MPI_Abort returned");
  }

  // ---- Error handling ----

  /**
   * MPI_Comm_set_errhandler: what a failing call on this communicator does: MPI.ERRORS_RETURN
   * throws MPI.Exception, MPI.ERRORS_ARE_FATAL and MPI.ERRORS_ABORT end the job.
   * @param errhandler one of the predefined error handlers
   * @throws {@link Exception} ERR_ARG: errhandler is MPI.ERRHANDLER_NULL or not an error handler.
   * @example
   * ```ts
   * const strict = comm.Dup();
   * strict.Set_errhandler(MPI.ERRORS_ARE_FATAL);
   * ```
   */
  Set_errhandler(errhandler: Errhandler): void {
    core().commSetErrhandler(this.handle, errhandler.handle);
  }
  /**
   * MPI_Comm_get_errhandler: the communicator's error handler.
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * console.log(comm.Get_errhandler() === MPI.ERRORS_RETURN); // true
   * ```
   */
  Get_errhandler(): Errhandler {
    return errhandlerOf(core().commGetErrhandler(this.handle));
  }
  /**
   * MPI_Comm_call_errhandler: runs the error handler as if a call had failed with errorcode (under
   * MPI.ERRORS_RETURN it does nothing; under MPI.ERRORS_ARE_FATAL the job ends).
   * @param errorcode an error class (MPI.ERR_OTHER, ...)
   * @throws {@link Exception} only as the class says (ERR_COMM, ERR_OTHER).
   * @example
   * ```ts
   * comm.Call_errhandler(MPI.ERR_OTHER);
   * ```
   */
  Call_errhandler(errorcode: number): void {
    core().commCallErrhandler(this.handle, errorcode);
  }

  // ---- Blocking point-to-point, buffers ----

  private sendBuffer(fc: string, mode: SendMode, buf: BufSpec, dest: number, tag: number): void {
    const mb = parseBuffer(buf, fc, this.handle);
    // an Alloc_mem buffer goes as it is: no staging object on the latency path
    if (mb.linear) return core().send(mode, mb.byteOffset, mb.count, mb.datatype.handle, dest, tag, this.handle);
    if (pipelines(mode, mb)) return waitPipelined(isendPipelined(mode, mb, dest, tag, this.handle, true));
    // a small array is copied into scratch memory the call gives back before it returns
    if (mb.byteLength <= SMALL) {
      const c = core();
      const ptr = scratch.sendRegion.get(mb.byteLength);
      copyBytes(c.u8, ptr, bytesOf(mb), 0, mb.byteLength);
      return c.send(mode, ptr, mb.count, mb.datatype.handle, dest, tag, this.handle);
    }
    const sb = Staged.of(mb, scratch.sendRegion).fill();
    try {
      core().send(mode, sb.ptr, sb.count, sb.datatype.handle, dest, tag, this.handle);
    } finally {
      sb.release();
    }
  }

  /**
   * MPI_Send: sends the buffer to dest; returns once the buffer may be reused (small messages
   * are copied out at once, large ones once the receiver has matched).
   * @param buf the data: a typed array, `[buffer, datatype]` or `[buffer, count, datatype]`
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK (dest is not a rank), ERR_TAG (tag out of range), buffer errors.
   * @example
   * ```ts
   * if (rank === 0) comm.Send(new Float64Array([1.5, 2.5]), 1, 7);
   * else if (rank === 1) comm.Recv(new Float64Array(2), 0, 7);
   * ```
   */
  Send(buf: BufSpec, dest: number, tag = 0): void {
    this.sendBuffer("MPI_Send", SendMode.Standard, buf, dest, tag);
  }
  /**
   * MPI_Ssend: a synchronous send, which returns only once the matching receive has started.
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors (as {@link Comm.Send}).
   * @example
   * ```ts
   * if (rank === 0) comm.Ssend(new Int32Array([42]), 1);   // rank 1 has reached its Recv
   * else if (rank === 1) comm.Recv(new Int32Array(1), 0);
   * ```
   */
  Ssend(buf: BufSpec, dest: number, tag = 0): void {
    this.sendBuffer("MPI_Ssend", SendMode.Synchronous, buf, dest, tag);
  }
  /**
   * MPI_Bsend: a buffered send, which copies the message into the buffer given to
   * MPI.Attach_buffer and returns at once.
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_BUFFER (no room in the attached buffer: each message takes its
   * size plus MPI.BSEND_OVERHEAD), ERR_RANK, ERR_TAG, buffer errors.
   * @example
   * ```ts
   * MPI.Attach_buffer(1024 + MPI.BSEND_OVERHEAD);
   * if (rank === 0) comm.Bsend(new Uint8Array(1024), 1);
   * else if (rank === 1) comm.Recv(new Uint8Array(1024), 0);
   * MPI.Detach_buffer();
   * ```
   */
  Bsend(buf: BufSpec, dest: number, tag = 0): void {
    this.sendBuffer("MPI_Bsend", SendMode.Buffered, buf, dest, tag);
  }
  /**
   * MPI_Rsend: a ready send; the program promises the matching receive is already posted (wmpi
   * does not check it and delivers the message as Send would).
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors (as {@link Comm.Send}).
   * @example
   * ```ts
   * if (rank === 1) { const r = comm.Irecv(new Int32Array(1), 0); comm.Barrier(); r.Wait(); }
   * else { comm.Barrier(); if (rank === 0) comm.Rsend(new Int32Array([1]), 1); }
   * ```
   */
  Rsend(buf: BufSpec, dest: number, tag = 0): void {
    this.sendBuffer("MPI_Rsend", SendMode.Ready, buf, dest, tag);
  }

  /**
   * MPI_Recv: receives a message into the buffer, which may be larger than the message.
   * @param buf where the data goes
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled with the sender, tag and size
   * @throws {@link Exception} ERR_TRUNCATE (the message is larger than the buffer: the buffer holds
   * its start, status its size), ERR_RANK (source), ERR_TAG (tag), buffer errors.
   * @example
   * ```ts
   * if (rank === 1) comm.Send(new Int32Array([1, 2, 3]), 0, 4);
   * if (rank === 0) {
   *   const buf = new Int32Array(100), status = new MPI.Status();
   *   comm.Recv(buf, MPI.ANY_SOURCE, MPI.ANY_TAG, status);
   *   console.log(`${status.Get_count(MPI.INT)} ints from ${status.Get_source()}`); // 3 ints from 1
   * }
   * ```
   */
  Recv(buf: BufSpec, source = ANY_SOURCE, tag = ANY_TAG, status?: Status): void {
    const mb = parseBuffer(buf, "MPI_Recv", this.handle);
    const st = scratch.status();
    if (mb.linear) {
      receiveThen(() => core().recv(mb.byteOffset, mb.count, mb.datatype.handle, source, tag, this.handle, st), st, () => readStatus(st, status));
      return;
    }
    // a small array: received into scratch memory, copied out with no staging object
    if (mb.byteLength <= SMALL && mb.dense) {
      const c = core();
      const ptr = scratch.recvRegion.get(mb.byteLength);
      receiveThen(() => c.recv(ptr, mb.count, mb.datatype.handle, source, tag, this.handle, st), st, (n) => {
        copyBytes(bytesOf(mb), 0, c.u8, ptr, Math.min(n, mb.byteLength));
        readStatus(st, status);
      });
      return;
    }
    const sb = Staged.forRecv(mb, scratch.recvRegion);
    try {
      sb.receive(() => core().recv(sb.ptr, sb.count, sb.datatype.handle, source, tag, this.handle, st), st, status);
    } finally {
      sb.release();
    }
  }

  /**
   * MPI_Sendrecv: sends and receives at once, so a ring or a swap cannot deadlock.
   * @param sendbuf the data to send
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param sendtag the sent message's tag
   * @param recvbuf where the received data goes (not the same memory as sendbuf)
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param recvtag the tag to match, or MPI.ANY_TAG
   * @param status filled for the received message
   * @throws {@link Exception} ERR_RANK, ERR_TAG, ERR_TRUNCATE (as {@link Comm.Send} and {@link Comm.Recv}), buffer errors.
   * @example
   * ```ts
   * const right = (rank + 1) % size, left = (rank - 1 + size) % size;
   * const fromLeft = new Float64Array(1);
   * comm.Sendrecv(new Float64Array([rank]), right, 0, fromLeft, left, 0);
   * ```
   */
  Sendrecv(sendbuf: BufSpec, dest: number, sendtag = 0, recvbuf: BufSpec, source = ANY_SOURCE, recvtag = ANY_TAG, status?: Status): void {
    const sb = Staged.of(parseBuffer(sendbuf, "MPI_Sendrecv", this.handle, "sendbuf"), scratch.sendRegion).fill();
    try {
      const rb = Staged.forRecv(parseBuffer(recvbuf, "MPI_Sendrecv", this.handle, "recvbuf"), scratch.recvRegion);
      const st = scratch.status();
      try {
        rb.receive(() => core().sendrecv(sb.ptr, sb.count, sb.datatype.handle, dest, sendtag, rb.ptr, rb.count, rb.datatype.handle, source, recvtag, this.handle, st), st, status);
      } finally {
        rb.release();
      }
    } finally {
      sb.release();
    }
  }

  /**
   * MPI_Sendrecv_replace: sends the buffer's contents and receives into the same buffer.
   * @param buf the data to send, replaced by the data received
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param sendtag the sent message's tag
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param recvtag the tag to match, or MPI.ANY_TAG
   * @param status filled for the received message
   * @throws {@link Exception} ERR_RANK, ERR_TAG, ERR_TRUNCATE, buffer errors (as {@link Comm.Sendrecv}).
   * @example
   * ```ts
   * const token = new Int32Array([rank]);
   * comm.Sendrecv_replace(token, (rank + 1) % size, 0, (rank - 1 + size) % size, 0);
   * ```
   */
  Sendrecv_replace(buf: BufSpec, dest: number, sendtag = 0, source = ANY_SOURCE, recvtag = ANY_TAG, status?: Status): void {
    const sb = Staged.of(parseBuffer(buf, "MPI_Sendrecv_replace", this.handle), scratch.sendRegion).fill();
    const st = scratch.status();
    try {
      sb.receive(() => core().sendrecvReplace(sb.ptr, sb.count, sb.datatype.handle, dest, sendtag, source, recvtag, this.handle, st), st, status);
    } finally {
      sb.release();
    }
  }

  // ---- Nonblocking point-to-point, buffers ----

  private isendBuffer(fc: string, mode: SendMode, buf: BufSpec, dest: number, tag: number): Request {
    const mb = parseBuffer(buf, fc, this.handle);
    if (pipelines(mode, mb)) {
      const p = isendPipelined(mode, mb, dest, tag, this.handle, false);
      return new Request(p.handle, () => p.release());
    }
    const sb = Staged.of(mb).fill();
    return sb.guard(() => new Request(core().isend(mode, sb.ptr, sb.count, sb.datatype.handle, dest, tag, this.handle), () => sb.release()));
  }

  /**
   * MPI_Isend: starts a send and returns at once; the buffer must stay untouched until the request
   * completes (Wait, Test, waitAsync).
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors (as {@link Comm.Send}), when it starts.
   * @example
   * ```ts
   * const req = comm.Isend(new Int32Array([rank]), (rank + 1) % size);
   * comm.Recv(new Int32Array(1), (rank - 1 + size) % size);
   * req.Wait();
   * ```
   */
  Isend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.isendBuffer("MPI_Isend", SendMode.Standard, buf, dest, tag);
  }
  /**
   * MPI_Issend: starts a synchronous send; the request completes once the matching receive has started.
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors (as {@link Comm.Send}).
   * @example
   * ```ts
   * const req = comm.Issend(new Int32Array([rank]), (rank + 1) % size);
   * comm.Recv(new Int32Array(1), (rank - 1 + size) % size);
   * req.Wait();
   * ```
   */
  Issend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.isendBuffer("MPI_Issend", SendMode.Synchronous, buf, dest, tag);
  }
  /**
   * MPI_Ibsend: starts a buffered send (into the buffer of MPI.Attach_buffer).
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_BUFFER (no room in the attached buffer), ERR_RANK, ERR_TAG, buffer errors (as {@link Comm.Bsend}).
   * @example
   * ```ts
   * MPI.Attach_buffer(64 + MPI.BSEND_OVERHEAD);
   * const req = comm.Ibsend(new Int32Array([rank]), (rank + 1) % size);
   * comm.Recv(new Int32Array(1), (rank - 1 + size) % size);
   * req.Wait();
   * MPI.Detach_buffer();
   * ```
   */
  Ibsend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.isendBuffer("MPI_Ibsend", SendMode.Buffered, buf, dest, tag);
  }
  /**
   * MPI_Irsend: starts a ready send (the matching receive must be posted, as for {@link Comm.Rsend}).
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors (as {@link Comm.Send}).
   * @example
   * ```ts
   * const recv = comm.Irecv(new Int32Array(1), (rank - 1 + size) % size);
   * comm.Barrier();   // every receive is posted
   * MPI.Request.Waitall([comm.Irsend(new Int32Array([rank]), (rank + 1) % size), recv]);
   * ```
   */
  Irsend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.isendBuffer("MPI_Irsend", SendMode.Ready, buf, dest, tag);
  }

  /**
   * MPI_Irecv: starts a receive; the data is in the buffer once the request completes.
   * @param buf where the data goes (read it only after completion)
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors when it starts; ERR_TRUNCATE from
   * the Wait or Test that completes it, if the message is larger than the buffer.
   * @example
   * ```ts
   * const buf = new Float64Array(10);
   * const req = comm.Irecv(buf, MPI.ANY_SOURCE, 3);
   * comm.Send(new Float64Array(10).fill(rank), (rank + 1) % size, 3);
   * req.Wait();   // buf holds the left neighbour's numbers
   * ```
   */
  Irecv(buf: BufSpec, source = ANY_SOURCE, tag = ANY_TAG): Request {
    const sb = Staged.forRecv(parseBuffer(buf, "MPI_Irecv", this.handle));
    return sb.guard(() => new Request(core().irecv(sb.ptr, sb.count, sb.datatype.handle, source, tag, this.handle), (st) => {
      sb.drain(statusBytes(st));
      sb.release();
    }));
  }

  /**
   * MPI_Isendrecv: a nonblocking {@link Comm.Sendrecv}, one request for both halves.
   * @param sendbuf the data to send
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param sendtag the sent message's tag
   * @param recvbuf where the received data goes
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param recvtag the tag to match, or MPI.ANY_TAG
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors when it starts; ERR_TRUNCATE at completion.
   * @example
   * ```ts
   * const got = new Int32Array(1);
   * comm.Isendrecv(new Int32Array([rank]), (rank + 1) % size, 0, got, (rank - 1 + size) % size, 0).Wait();
   * ```
   */
  Isendrecv(sendbuf: BufSpec, dest: number, sendtag = 0, recvbuf: BufSpec, source = ANY_SOURCE, recvtag = ANY_TAG): Request {
    const sb = Staged.of(parseBuffer(sendbuf, "MPI_Isendrecv", this.handle, "sendbuf")).fill();
    const rb = sb.guard(() => Staged.forRecv(parseBuffer(recvbuf, "MPI_Isendrecv", this.handle, "recvbuf")));
    const h = rb.guard(() => sb.guard(() => core().isendrecv(sb.ptr, sb.count, sb.datatype.handle, dest, sendtag, rb.ptr, rb.count, rb.datatype.handle, source, recvtag, this.handle)));
    return new Request(h, (st) => {
      rb.drain(statusBytes(st));
      rb.release();
      sb.release();
    });
  }

  /**
   * MPI_Isendrecv_replace: a nonblocking {@link Comm.Sendrecv_replace}.
   * @param buf the data to send, replaced by the data received
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param sendtag the sent message's tag
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param recvtag the tag to match, or MPI.ANY_TAG
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors when it starts; ERR_TRUNCATE at completion.
   * @example
   * ```ts
   * const token = new Int32Array([rank]);
   * comm.Isendrecv_replace(token, (rank + 1) % size, 0, (rank - 1 + size) % size, 0).Wait();
   * ```
   */
  Isendrecv_replace(buf: BufSpec, dest: number, sendtag = 0, source = ANY_SOURCE, recvtag = ANY_TAG): Request {
    const sb = Staged.of(parseBuffer(buf, "MPI_Isendrecv_replace", this.handle)).fill();
    const h = sb.guard(() => core().isendrecvReplace(sb.ptr, sb.count, sb.datatype.handle, dest, sendtag, source, recvtag, this.handle));
    return new Request(h, (st) => {
      sb.drain(statusBytes(st));
      sb.release();
    });
  }

  // ---- Persistent requests ----

  private sendInit(fc: string, mode: SendMode, buf: BufSpec, dest: number, tag: number): Prequest {
    const sb = Staged.of(parseBuffer(buf, fc, this.handle));
    return sb.guard(() => new Prequest(core().sendInit(mode, sb.ptr, sb.count, sb.datatype.handle, dest, tag, this.handle), undefined, () => sb.fill(), () => sb.release()));
  }

  /**
   * MPI_Send_init: a persistent send of the buffer to dest; each Start sends the buffer's contents
   * at that time. Free the request when done.
   * @param buf the data (the same memory at every Start)
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors (as {@link Comm.Send}), when it is created.
   * @example
   * ```ts
   * const out = new Float64Array(8);
   * const req = comm.Send_init(out, (rank + 1) % size);
   * const back = comm.Recv_init(new Float64Array(8), (rank - 1 + size) % size);
   * for (let step = 0; step < 3; step++) { out.fill(step); MPI.Prequest.Startall([req, back]); MPI.Request.Waitall([req, back]); }
   * req.Free(); back.Free();
   * ```
   */
  Send_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.sendInit("MPI_Send_init", SendMode.Standard, buf, dest, tag);
  }
  /**
   * MPI_Ssend_init: a persistent synchronous send (each activation as {@link Comm.Ssend}).
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors, when it is created.
   * @example
   * ```ts
   * const req = comm.Ssend_init(new Int32Array([rank]), (rank + 1) % size);
   * req.Start();
   * comm.Recv(new Int32Array(1), (rank - 1 + size) % size);
   * req.Wait();
   * req.Free();
   * ```
   */
  Ssend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.sendInit("MPI_Ssend_init", SendMode.Synchronous, buf, dest, tag);
  }
  /**
   * MPI_Bsend_init: a persistent buffered send (each activation as {@link Comm.Bsend}).
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors when it is created; ERR_BUFFER at a
   * Start that finds no room in the attached buffer.
   * @example
   * ```ts
   * MPI.Attach_buffer(64 + MPI.BSEND_OVERHEAD);
   * const req = comm.Bsend_init(new Int32Array([rank]), (rank + 1) % size);
   * req.Start();
   * comm.Recv(new Int32Array(1), (rank - 1 + size) % size);
   * req.Wait();
   * req.Free();
   * ```
   */
  Bsend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.sendInit("MPI_Bsend_init", SendMode.Buffered, buf, dest, tag);
  }
  /**
   * MPI_Rsend_init: a persistent ready send (each activation as {@link Comm.Rsend}).
   * @param buf the data
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors, when it is created.
   * @example
   * ```ts
   * const req = comm.Rsend_init(new Int32Array([rank]), (rank + 1) % size);
   * const recv = comm.Irecv(new Int32Array(1), (rank - 1 + size) % size);
   * comm.Barrier();
   * req.Start();
   * MPI.Request.Waitall([req, recv]);
   * req.Free();
   * ```
   */
  Rsend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.sendInit("MPI_Rsend_init", SendMode.Ready, buf, dest, tag);
  }
  /**
   * MPI_Recv_init: a persistent receive into the buffer; each Start receives one message.
   * @param buf where the data goes (the same memory at every Start)
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @throws {@link Exception} ERR_RANK, ERR_TAG, buffer errors when it is created; ERR_TRUNCATE at
   * the completion of an activation whose message is too large.
   * @example
   * ```ts
   * const into = new Int32Array(1);
   * const req = comm.Recv_init(into, (rank - 1 + size) % size);
   * req.Start();
   * comm.Send(new Int32Array([rank]), (rank + 1) % size);
   * req.Wait();
   * req.Free();
   * ```
   */
  Recv_init(buf: BufSpec, source = ANY_SOURCE, tag = ANY_TAG): Prequest {
    const mb = parseBuffer(buf, "MPI_Recv_init", this.handle);
    const sb = Staged.forRecv(mb);
    // a datatype with gaps copies its whole span back: stage the user's bytes at every start
    const onStart = mb.dense ? undefined : () => void sb.fill();
    return sb.guard(() => new Prequest(core().recvInit(sb.ptr, sb.count, sb.datatype.handle, source, tag, this.handle), (st) => sb.drain(statusBytes(st)), onStart, () => sb.release()));
  }

  // ---- Probe and matched receive ----

  /**
   * MPI_Probe: waits until a matching message can be received, without receiving it; status then
   * tells its sender, tag and size, to receive it into a buffer of the right size.
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled for the message
   * @returns true
   * @throws {@link Exception} ERR_RANK (source), ERR_TAG (tag).
   * @example
   * ```ts
   * const sent = comm.Isend(new Float64Array(rank + 1), (rank + 1) % size, 5);
   * const st = new MPI.Status();
   * comm.Probe(MPI.ANY_SOURCE, 5, st);
   * const buf = new Float64Array(st.Get_count(MPI.DOUBLE));   // as long as the message
   * comm.Recv(buf, st.Get_source(), 5);
   * sent.Wait();
   * ```
   */
  Probe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): true {
    const st = scratch.status();
    core().probe(source, tag, this.handle, st);
    readStatus(st, status);
    return true;
  }
  /**
   * MPI_Iprobe: whether a matching message can be received now (status filled if so).
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled for the message, if there is one
   * @throws {@link Exception} ERR_RANK (source), ERR_TAG (tag).
   * @example
   * ```ts
   * const st = new MPI.Status();
   * if (comm.Iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG, st)) console.log(`a message from ${st.Get_source()}`);
   * ```
   */
  Iprobe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): boolean {
    const st = scratch.status();
    const flag = core().iprobe(source, tag, this.handle, st);
    if (flag) readStatus(st, status);
    return flag;
  }
  /**
   * MPI_Mprobe: waits for a matching message and takes it out of the queue, so that no other
   * receive can match it; receive it with the Message's Recv or recv.
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled for the message
   * @throws {@link Exception} ERR_RANK (source), ERR_TAG (tag).
   * @example
   * ```ts
   * const sent = comm.Isend(new Uint8Array(rank + 1), (rank + 1) % size, 0);
   * const st = new MPI.Status();
   * const msg = comm.Mprobe(MPI.ANY_SOURCE, 0, st);   // no other receive can take it now
   * const buf = new Uint8Array(st.Get_count());
   * msg.Recv(buf);
   * sent.Wait();
   * ```
   */
  Mprobe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): Message {
    const st = scratch.status();
    const m = core().mprobe(source, tag, this.handle, st);
    readStatus(st, status);
    return new Message(m, statusBytes(st));
  }
  /**
   * MPI_Improbe: {@link Comm.Mprobe} if a matching message is there now.
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled for the message, if there is one
   * @returns the Message, or undefined if none matches now
   * @throws {@link Exception} ERR_RANK (source), ERR_TAG (tag).
   * @example
   * ```ts
   * const msg = comm.Improbe(MPI.ANY_SOURCE, 0);
   * if (msg) console.log(msg.recv());
   * ```
   */
  Improbe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): Message | undefined {
    const st = scratch.status();
    const [flag, m] = core().improbe(source, tag, this.handle, st);
    if (!flag) return undefined;
    readStatus(st, status);
    return new Message(m, statusBytes(st));
  }

  // ---- Objects ----

  private sendObject(mode: SendMode, obj: unknown, dest: number, tag: number): void {
    const enc = encodeObject(obj);
    if (mode !== SendMode.Buffered && enc.size >= PIPELINE_MIN)
      return waitPipelined(isendChunks(mode, enc.parts, enc.size, Datatypes.BYTE, dest, tag, this.handle, true));
    const so = stageObject(enc, scratch.sendRegion);
    try {
      core().send(mode, so.ptr, so.size, Datatypes.BYTE.handle, dest, tag, this.handle);
    } finally {
      so.release();
    }
  }

  /**
   * MPI_Send of obj serialized by MPI.serializer (mpi4py's send): any structured-cloneable value.
   * @param obj the value
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK (dest), ERR_TAG (tag); the serializer's Error for a value it
   * cannot encode (a function, a class instance it does not know).
   * @example
   * ```ts
   * if (rank === 0) comm.send({ a: 7, b: [3.14] }, 1, 11);
   * else if (rank === 1) console.log(comm.recv(0, 11));
   * ```
   */
  send(obj: unknown, dest: number, tag = 0): void {
    this.sendObject(SendMode.Standard, obj, dest, tag);
  }
  /**
   * MPI_Ssend of a serialized value: {@link Comm.send} that returns once the receive has started.
   * @param obj the value
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG; the serializer's Error (as {@link Comm.send}).
   * @example
   * ```ts
   * if (rank === 0) comm.ssend("hello", 1);
   * else if (rank === 1) comm.recv(0);
   * ```
   */
  ssend(obj: unknown, dest: number, tag = 0): void {
    this.sendObject(SendMode.Synchronous, obj, dest, tag);
  }
  /**
   * MPI_Bsend of a serialized value, into the buffer of MPI.Attach_buffer.
   * @param obj the value
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_BUFFER (no room for the encoded value), ERR_RANK, ERR_TAG; the serializer's Error.
   * @example
   * ```ts
   * MPI.Attach_buffer(4096);
   * if (rank === 0) comm.bsend([1, 2, 3], 1);
   * else if (rank === 1) comm.recv(0);
   * MPI.Detach_buffer();
   * ```
   */
  bsend(obj: unknown, dest: number, tag = 0): void {
    this.sendObject(SendMode.Buffered, obj, dest, tag);
  }

  private isendObject(mode: SendMode, obj: unknown, dest: number, tag: number): Request {
    const enc = encodeObject(obj);
    if (mode !== SendMode.Buffered && enc.size >= PIPELINE_MIN) {
      const p = isendChunks(mode, enc.parts, enc.size, Datatypes.BYTE, dest, tag, this.handle, false);
      return new Request(p.handle, () => p.release());
    }
    const so = stageObject(enc);
    try {
      return new Request(core().isend(mode, so.ptr, so.size, Datatypes.BYTE.handle, dest, tag, this.handle), () => so.release());
    } catch (e) {
      so.release();
      throw e;
    }
  }

  /**
   * MPI_Isend of a serialized value (the value is encoded at once: changing it later changes nothing).
   * @param obj the value
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG; the serializer's Error (as {@link Comm.send}).
   * @example
   * ```ts
   * const req = comm.isend({ from: rank }, (rank + 1) % size);
   * const got = comm.recv((rank - 1 + size) % size);
   * req.wait();
   * ```
   */
  isend(obj: unknown, dest: number, tag = 0): Request {
    return this.isendObject(SendMode.Standard, obj, dest, tag);
  }
  /**
   * MPI_Issend of a serialized value: completes once the receive has started.
   * @param obj the value
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_RANK, ERR_TAG; the serializer's Error (as {@link Comm.send}).
   * @example
   * ```ts
   * const req = comm.issend(rank, (rank + 1) % size);
   * comm.recv((rank - 1 + size) % size);
   * req.wait();
   * ```
   */
  issend(obj: unknown, dest: number, tag = 0): Request {
    return this.isendObject(SendMode.Synchronous, obj, dest, tag);
  }
  /**
   * MPI_Ibsend of a serialized value, into the buffer of MPI.Attach_buffer.
   * @param obj the value
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param tag the message's tag
   * @throws {@link Exception} ERR_BUFFER (no room), ERR_RANK, ERR_TAG; the serializer's Error.
   * @example
   * ```ts
   * MPI.Attach_buffer(4096);
   * const req = comm.ibsend("x", (rank + 1) % size);
   * comm.recv((rank - 1 + size) % size);
   * req.wait();
   * MPI.Detach_buffer();
   * ```
   */
  ibsend(obj: unknown, dest: number, tag = 0): Request {
    return this.isendObject(SendMode.Buffered, obj, dest, tag);
  }

  /**
   * MPI_Recv of a serialized value (mpi4py's recv): the core allocates for the message when it
   * matches, so any size arrives whole and no buffer is given.
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL (which returns undefined)
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled with the sender, tag and encoded size
   * @returns the value sent
   * @throws {@link Exception} ERR_RANK (source is not a rank, or not a number: mpi4py's
   * `recv(None, src)` ported as it is), ERR_TAG (tag).
   * @example
   * ```ts
   * if (rank === 1) comm.send({ a: 7 }, 0, 2);
   * if (rank === 0) {
   *   const st = new MPI.Status();
   *   const value = comm.recv(MPI.ANY_SOURCE, MPI.ANY_TAG, st) as { a: number };
   *   console.log(`from ${st.Get_source()}:`, value.a); // from 1: 7
   * }
   * ```
   */
  recv(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): unknown {
    const st = scratch.status();
    core().recvAlloc(intArg(source, "MPI_Recv", "source", this.handle), intArg(tag, "MPI_Recv", "tag", this.handle), this.handle, st);
    readStatus(st, status);
    return objectFromStatus(st);
  }

  /**
   * MPI_Irecv of a serialized value: the request's wait() (or waitAsync()) returns the value.
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @throws {@link Exception} ERR_RANK (source), ERR_TAG (tag).
   * @example
   * ```ts
   * const req = comm.irecv(MPI.ANY_SOURCE, 1);
   * comm.send(`hello from ${rank}`, (rank + 1) % size, 1);
   * const value = await req.waitAsync();   // the event loop turns meanwhile
   * ```
   */
  irecv(source = ANY_SOURCE, tag = ANY_TAG): Request {
    const h = core().irecvAlloc(intArg(source, "MPI_Irecv", "source", this.handle), intArg(tag, "MPI_Irecv", "tag", this.handle), this.handle);
    return new Request(h, objectFromStatus);
  }

  /**
   * MPI_Isend and MPI_Irecv of serialized values, completed together (mpi4py's sendrecv).
   * @param sendobj the value to send
   * @param dest the destination's rank, or MPI.PROC_NULL
   * @param sendtag the sent message's tag
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param recvtag the tag to match, or MPI.ANY_TAG
   * @param status filled for the received message
   * @returns the value received
   * @throws {@link Exception} ERR_RANK, ERR_TAG (the send's arguments are checked first, so no message is taken when they are wrong); the serializer's Error.
   * @example
   * ```ts
   * const fromLeft = comm.sendrecv({ rank }, (rank + 1) % size, 0, (rank - 1 + size) % size, 0);
   * ```
   */
  sendrecv(sendobj: unknown, dest: number, sendtag = 0, source = ANY_SOURCE, recvtag = ANY_TAG, status?: Status): unknown {
    // the send starts first: if its arguments are wrong, no message has been taken
    const sreq = this.isend(sendobj, dest, sendtag);
    const obj = this.irecv(source, recvtag).wait(status);
    sreq.Wait();
    return obj;
  }

  /**
   * MPI_Probe: {@link Comm.Probe} under mpi4py's lowercase name.
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled for the message
   * @returns true
   * @throws {@link Exception} ERR_RANK (source), ERR_TAG (tag).
   * @example
   * ```ts
   * const sent = comm.isend([rank], (rank + 1) % size, 2);
   * comm.probe(MPI.ANY_SOURCE, 2);
   * const value = comm.recv(MPI.ANY_SOURCE, 2);
   * sent.wait();
   * ```
   */
  probe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): true {
    return this.Probe(source, tag, status);
  }
  /**
   * MPI_Iprobe: {@link Comm.Iprobe} under mpi4py's lowercase name.
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled for the message, if there is one
   * @throws {@link Exception} ERR_RANK (source), ERR_TAG (tag).
   * @example
   * ```ts
   * const sent = comm.isend("ping", (rank + 1) % size, 3);
   * while (!comm.iprobe(MPI.ANY_SOURCE, 3)) await new Promise((r) => setTimeout(r, 10));
   * comm.recv(MPI.ANY_SOURCE, 3);
   * sent.wait();
   * ```
   */
  iprobe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): boolean {
    return this.Iprobe(source, tag, status);
  }
  /**
   * MPI_Mprobe: {@link Comm.Mprobe} under mpi4py's lowercase name, for a Message's recv().
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled for the message
   * @throws {@link Exception} ERR_RANK (source), ERR_TAG (tag).
   * @example
   * ```ts
   * const sent = comm.isend({ rank }, (rank + 1) % size, 0);
   * const value = comm.mprobe(MPI.ANY_SOURCE, 0).recv();
   * sent.wait();
   * ```
   */
  mprobe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): Message {
    return this.Mprobe(source, tag, status);
  }
  /**
   * MPI_Improbe: {@link Comm.Improbe} under mpi4py's lowercase name.
   * @param source the sender's rank, MPI.ANY_SOURCE or MPI.PROC_NULL
   * @param tag the tag to match, or MPI.ANY_TAG
   * @param status filled for the message, if there is one
   * @returns the Message, or undefined if none matches now
   * @throws {@link Exception} ERR_RANK (source), ERR_TAG (tag).
   * @example
   * ```ts
   * const value = comm.improbe()?.recv();   // undefined when no message is waiting
   * ```
   */
  improbe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): Message | undefined {
    return this.Improbe(source, tag, status);
  }

  /**
   * Whether this is MPI.COMM_NULL, as MPI_Comm_free and MPI_Comm_split with MPI.UNDEFINED leave.
   * @example
   * ```ts
   * const part = comm.Split(rank === 0 ? MPI.UNDEFINED : 1);
   * if (!part.isNull()) part.Barrier();
   * ```
   */
  isNull(): boolean {
    return this.handle === HANDLE.COMM_NULL;
  }
}

/**
 * A rank or tag argument must be a whole number: mpi4py code that passes its
 * `buf` first (`recv(None, src, tag)`) would otherwise receive from rank 0.
 */
function intArg(v: unknown, fc: string, name: string, comm: number): number {
  if (Number.isInteger(v)) return v as number;
  throw core().raise(comm, name === "tag" ? ErrorClass.ERR_TAG : ErrorClass.ERR_RANK, `${fc}: ${String(v)} is not a ${name === "tag" ? "tag" : "rank"} (${name})`);
}

/**
 * MPI_Comm of one group (MPI-4.0 7.1), as MPI.COMM_WORLD and MPI.COMM_SELF: the communicators
 * that create others (Create, Create_cart, Spawn, Accept, ...). Errors as {@link Comm} says.
 */
export class Intracomm extends Comm {
  /**
   * MPI_Comm_split of an intracommunicator: each color's processes get an intracommunicator (a
   * Cartcomm's parts have no topology). As {@link Comm.Split}.
   * @param color a whole number >= 0, or MPI.UNDEFINED to get MPI.COMM_NULL
   * @param key the order within a color
   * @throws {@link Exception} ERR_ARG: color or key is not a 32-bit integer.
   * @example
   * ```ts
   * const half = comm.Split(rank < size / 2 ? 0 : 1);
   * ```
   */
  override Split(color = 0, key = 0): Intracomm {
    return super.Split(color, key) as Intracomm;
  }
  /**
   * MPI_Comm_create: a communicator of the processes of group, a subgroup of this communicator's;
   * the others get MPI.COMM_NULL. Collective over this communicator.
   * @param group the members (the same group at every process)
   * @throws {@link Exception} ERR_GROUP: a member of group is not in this communicator.
   * @example
   * ```ts
   * const world = comm.Get_group();
   * const firstTwo = comm.Create(world.Incl([0, 1].filter((r) => r < size)));
   * ```
   */
  Create(group: Group): Intracomm {
    return commOf(core().commCreate(this.handle, group.handle)) as Intracomm;
  }
  /**
   * MPI_Comm_create_group: like Create, but only the members of group call it.
   * @param group the members (a subgroup of this communicator's)
   * @param tag tells apart concurrent calls of the same processes
   * @throws {@link Exception} ERR_GROUP: a member of group is not in this communicator.
   * @example
   * ```ts
   * if (rank < 2) {
   *   const pair = comm.Create_group(comm.Get_group().Range_incl([[0, Math.min(1, size - 1), 1]]));
   * }
   * ```
   */
  Create_group(group: Group, tag = 0): Intracomm {
    return commOf(core().commCreateGroup(this.handle, group.handle, tag)) as Intracomm;
  }
  /**
   * MPI_Intercomm_create: an intercommunicator between this communicator (the local group) and
   * another group, whose leaders can talk over peer_comm. Collective over both groups.
   * @param local_leader the leader's rank in this communicator
   * @param peer_comm a communicator holding both leaders (significant at the local leader)
   * @param remote_leader the other leader's rank in peer_comm
   * @param tag the tag the leaders use on peer_comm
   * @throws {@link Exception} ERR_RANK: local_leader or remote_leader is not a rank.
   * @example
   * ```ts
   * const color = rank % 2;
   * const half = comm.Split(color, rank);
   * const inter = half.Create_intercomm(0, comm, color === 0 ? 1 : 0, 99);   // evens with odds
   * ```
   */
  Create_intercomm(local_leader: number, peer_comm: Comm, remote_leader: number, tag = 0): Intercomm {
    return new Intercomm(core().intercommCreate(this.handle, local_leader, peer_comm.handle, remote_leader, tag));
  }
}

/**
 * MPI_Comm between two groups (MPI-4.0 7.6): a local group, to which this process belongs, and a
 * remote group. Ranks in point-to-point calls name processes of the remote group; collectives
 * go from one group to the other (a root passes MPI.ROOT, its group's others MPI.PROC_NULL).
 * Errors as {@link Comm} says.
 */
export class Intercomm extends Comm {
  /**
   * MPI_Comm_split of an intercommunicator: each color gets an intercommunicator between its
   * processes of the two groups (MPI.COMM_NULL where a color is missing on one side).
   * @param color a whole number >= 0, or MPI.UNDEFINED to get MPI.COMM_NULL
   * @param key the order within a color
   * @throws {@link Exception} ERR_ARG: color or key is not a 32-bit integer.
   * @example
   * ```ts
   * const half = comm.Split(rank % 2, rank);
   * const inter = half.Create_intercomm(0, comm, rank % 2 === 0 ? 1 : 0, 7);   // evens with odds
   * const sub = inter.Split(Math.floor(rank / 2) % 2);   // each with its partner in the other group
   * ```
   */
  override Split(color = 0, key = 0): Intercomm {
    return super.Split(color, key) as Intercomm;
  }
  /**
   * MPI_Comm_remote_group: the remote group (free it when done).
   * @throws {@link Exception} ERR_COMM: not an intercommunicator, freed or null.
   * @example
   * ```ts
   * const half = comm.Split(rank % 2, rank);
   * const inter = half.Create_intercomm(0, comm, rank % 2 === 0 ? 1 : 0, 7);   // evens with odds
   * const remote = inter.Get_remote_group();
   * ```
   */
  Get_remote_group(): Group {
    return new Group(core().commGroup(this.handle, true));
  }
  /** MPI_Comm_remote_group: {@link Intercomm.Get_remote_group} as a property. */
  get remote_group(): Group {
    return this.Get_remote_group();
  }
  /**
   * MPI_Comm_remote_size: how many processes the remote group has.
   * @throws {@link Exception} ERR_COMM: not an intercommunicator, freed or null.
   * @example
   * ```ts
   * const half = comm.Split(rank % 2, rank);
   * const inter = half.Create_intercomm(0, comm, rank % 2 === 0 ? 1 : 0, 7);   // evens with odds
   * const workers = inter.Get_remote_size();
   * ```
   */
  Get_remote_size(): number {
    return core().commRemoteSize(this.handle);
  }
  /** MPI_Comm_remote_size: {@link Intercomm.Get_remote_size} as a property. */
  get remote_size(): number {
    return this.Get_remote_size();
  }
  /**
   * MPI_Comm_create of an intercommunicator: group is a subgroup of the local group; its members
   * get an intercommunicator with the subgroup the remote side passed, the others MPI.COMM_NULL.
   * @param group the local members
   * @throws {@link Exception} ERR_GROUP: a member of group is not in the local group.
   * @example
   * ```ts
   * const half = comm.Split(rank % 2, rank);
   * const inter = half.Create_intercomm(0, comm, rank % 2 === 0 ? 1 : 0, 7);   // evens with odds
   * const leaders = inter.Create(inter.Get_group().Incl([0]));   // at each group's rank 0; MPI.COMM_NULL elsewhere
   * ```
   */
  Create(group: Group): Intercomm {
    return commOf(core().commCreate(this.handle, group.handle)) as Intercomm;
  }
  /**
   * MPI_Intercomm_merge: one intracommunicator of both groups; the group that passes high=false
   * comes first (if both pass the same, either may).
   * @param high whether this group's ranks come after the other's
   * @throws {@link Exception} ERR_COMM: not an intercommunicator, freed or null.
   * @example
   * ```ts
   * const parent = MPI.Comm.Get_parent();
   * const all = parent.isNull() ? comm : parent.Merge(true);   // parents and children, in one
   * ```
   */
  Merge(high = false): Intracomm {
    return new Intracomm(core().intercommMerge(this.handle, high));
  }
}

export const COMM_NULL = new Comm(HANDLE.COMM_NULL);

/** The communicator object for a new handle: COMM_NULL, an Intercomm or an Intracomm. */
export function commOf(handle: number): Comm {
  if (handle === HANDLE.COMM_NULL) return COMM_NULL;
  return core().commTestInter(handle) ? new Intercomm(handle) : new Intracomm(handle);
}
