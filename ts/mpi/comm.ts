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
 * MPI_Comm (MPI-4.0 chapters 3 and 7). Capitalised methods move buffers with
 * no serialization; lowercase methods move any value through MPI.serializer.
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
  constructor(public handle: number) {}

  // ---- Environment and attributes ----

  /** MPI_Comm_rank. */
  Get_rank(): number {
    return core().commRank(this.handle);
  }
  /** MPI_Comm_size. */
  Get_size(): number {
    return core().commSize(this.handle);
  }
  /** Get_rank() as a property, as mpi4py's. */
  get rank(): number {
    return this.Get_rank();
  }
  /** Get_size() as a property, as mpi4py's. */
  get size(): number {
    return this.Get_size();
  }
  /** MPI_Comm_get_attr: a predefined attribute (MPI.TAG_UB, ...) or a value Set_attr cached; undefined if none. */
  Get_attr(keyval: number): unknown {
    return attributes.getAttr(this.handle, keyval);
  }
  /** MPI_Comm_set_attr: caches any value (the keyval's delete_fn runs on the old one). */
  Set_attr(keyval: number, value: unknown): void {
    attributes.setAttr(this, this.handle, keyval, value);
  }
  /** MPI_Comm_delete_attr. */
  Delete_attr(keyval: number): void {
    attributes.deleteAttr(this, this.handle, keyval);
  }
  /** MPI_Comm_create_keyval: copy_fn decides what Dup copies (undefined: nothing; true: the same value). */
  static Create_keyval(copy_fn?: attributes.CopyFn<Comm>, delete_fn?: attributes.DeleteFn<Comm>): number {
    return attributes.createKeyval(copy_fn as attributes.CopyFn<unknown>, delete_fn as attributes.DeleteFn<unknown>);
  }
  /** MPI_Comm_free_keyval: returns MPI.KEYVAL_INVALID. */
  static Free_keyval(keyval: number): number {
    return attributes.freeKeyval(keyval);
  }

  // ---- Groups, names, comparison, lifetime (MPI-4.0 chapter 7) ----

  /** MPI_Comm_group. */
  Get_group(): Group {
    return new Group(core().commGroup(this.handle, false));
  }
  get group(): Group {
    return this.Get_group();
  }
  /** MPI_Comm_get_name. */
  Get_name(): string {
    return core().commGetName(this.handle);
  }
  /** MPI_Comm_set_name. */
  Set_name(name: string): void {
    core().commSetName(this.handle, name);
  }
  get name(): string {
    return this.Get_name();
  }
  set name(name: string) {
    this.Set_name(name);
  }
  /** MPI_Comm_set_info: hints (wmpi keeps them and acts on none). */
  Set_info(info: Info): void {
    core().commSetInfo(this.handle, info.handle);
  }
  /** MPI_Comm_get_info: a new Info with the hints set (free it when done). */
  Get_info(): Info {
    return new Info(core().commGetInfo(this.handle));
  }
  get info(): Info {
    return this.Get_info();
  }
  set info(info: Info) {
    this.Set_info(info);
  }
  /** MPI_Comm_compare: MPI.IDENT, CONGRUENT, SIMILAR or UNEQUAL. */
  Compare(comm: Comm): number {
    return core().commCompare(this.handle, comm.handle);
  }
  /** MPI_Comm_test_inter (remembered per handle: collectives ask on every call). */
  Is_inter(): boolean {
    if (this.interOf !== this.handle) {
      this.inter = core().commTestInter(this.handle);
      this.interOf = this.handle;
    }
    return this.inter;
  }
  private inter = false;
  private interOf = 0;
  /** Not an intercommunicator (mpi4py's Is_intra). */
  Is_intra(): boolean {
    return !this.Is_inter();
  }
  get is_inter(): boolean {
    return this.Is_inter();
  }
  get is_intra(): boolean {
    return !this.Is_inter();
  }
  /** The same kind of object over another handle (Dup keeps Cartcomm a Cartcomm). */
  protected like(handle: number): this {
    return new (this.constructor as new (h: number) => this)(handle);
  }
  /** MPI_Comm_dup (MPI_Comm_dup_with_info with an info): copies attributes through their copy_fn. */
  Dup(info?: Info): this {
    const c = this.like(core().commDup(this.handle, info ? info.handle : HANDLE4.INFO_NULL));
    attributes.copyAll(this, this.handle, c, c.handle);
    return c;
  }
  /** MPI_Comm_dup_with_info. */
  Dup_with_info(info: Info): this {
    return this.Dup(info);
  }
  /** Dup under mpi4py's other name. */
  Clone(): this {
    return this.Dup();
  }
  /**
   * MPI_Comm_idup: [the new communicator, a Request]. The communicator is
   * MPI.COMM_NULL's handle until the request completes (Wait, Test, waitAsync).
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
  /** MPI_Comm_split: ranks with the same color form a communicator, ordered by key (MPI.UNDEFINED: MPI.COMM_NULL). */
  Split(color = 0, key = 0): Comm {
    for (const [v, name] of [[color, "color"], [key, "key"]] as const)
      if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
        throw core().raise(this.handle, ErrorClass.ERR_ARG, `MPI_Comm_split: invalid ${name} ${v} (${name}): not an integer`);
    return commOf(core().commSplit(this.handle, color, key));
  }
  /** MPI_Comm_split_type (MPI.COMM_TYPE_SHARED: the ranks that share memory). */
  Split_type(split_type: number, key = 0, info?: Info): Comm {
    return commOf(core().commSplitType(this.handle, split_type, key, info ? info.handle : HANDLE4.INFO_NULL));
  }
  /** MPI_Comm_free: deletes attributes; the object becomes MPI.COMM_NULL. */
  Free(): void {
    attributes.deleteAll(this, this.handle);
    core().commFree(this.handle);
    this.handle = HANDLE.COMM_NULL;
  }
  /** MPI_Comm_disconnect: collective; waits until both sides are done with the communicator, then frees it. */
  Disconnect(): void {
    attributes.deleteAll(this, this.handle);
    core().commDisconnect(this.handle);
    this.handle = HANDLE.COMM_NULL;
  }
  /** MPI_Abort: ends every rank of the job with errorcode. */
  Abort(errorcode = 0): never {
    core().abort(this.handle, errorcode);
    throw new Error("MPI_Abort returned");
  }

  // ---- Error handling ----

  /** MPI_Comm_set_errhandler. */
  Set_errhandler(errhandler: Errhandler): void {
    core().commSetErrhandler(this.handle, errhandler.handle);
  }
  /** MPI_Comm_get_errhandler. */
  Get_errhandler(): Errhandler {
    return errhandlerOf(core().commGetErrhandler(this.handle));
  }
  /** MPI_Comm_call_errhandler. */
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

  /** MPI_Send. */
  Send(buf: BufSpec, dest: number, tag = 0): void {
    this.sendBuffer("MPI_Send", SendMode.Standard, buf, dest, tag);
  }
  /** MPI_Ssend: completes once the receive has started. */
  Ssend(buf: BufSpec, dest: number, tag = 0): void {
    this.sendBuffer("MPI_Ssend", SendMode.Synchronous, buf, dest, tag);
  }
  /** MPI_Bsend: copies into the buffer given to MPI.Attach_buffer. */
  Bsend(buf: BufSpec, dest: number, tag = 0): void {
    this.sendBuffer("MPI_Bsend", SendMode.Buffered, buf, dest, tag);
  }
  /** MPI_Rsend: the matching receive must already be posted. */
  Rsend(buf: BufSpec, dest: number, tag = 0): void {
    this.sendBuffer("MPI_Rsend", SendMode.Ready, buf, dest, tag);
  }

  /** MPI_Recv. */
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

  /** MPI_Sendrecv. */
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

  /** MPI_Sendrecv_replace. */
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

  /** MPI_Isend. */
  Isend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.isendBuffer("MPI_Isend", SendMode.Standard, buf, dest, tag);
  }
  /** MPI_Issend. */
  Issend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.isendBuffer("MPI_Issend", SendMode.Synchronous, buf, dest, tag);
  }
  /** MPI_Ibsend. */
  Ibsend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.isendBuffer("MPI_Ibsend", SendMode.Buffered, buf, dest, tag);
  }
  /** MPI_Irsend. */
  Irsend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.isendBuffer("MPI_Irsend", SendMode.Ready, buf, dest, tag);
  }

  /** MPI_Irecv. */
  Irecv(buf: BufSpec, source = ANY_SOURCE, tag = ANY_TAG): Request {
    const sb = Staged.forRecv(parseBuffer(buf, "MPI_Irecv", this.handle));
    return sb.guard(() => new Request(core().irecv(sb.ptr, sb.count, sb.datatype.handle, source, tag, this.handle), (st) => {
      sb.drain(statusBytes(st));
      sb.release();
    }));
  }

  /** MPI_Isendrecv: one request for a send and a receive. */
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

  /** MPI_Isendrecv_replace: sends the buffer's contents and receives into it, as one request. */
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

  /** MPI_Send_init. */
  Send_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.sendInit("MPI_Send_init", SendMode.Standard, buf, dest, tag);
  }
  /** MPI_Ssend_init. */
  Ssend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.sendInit("MPI_Ssend_init", SendMode.Synchronous, buf, dest, tag);
  }
  /** MPI_Bsend_init. */
  Bsend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.sendInit("MPI_Bsend_init", SendMode.Buffered, buf, dest, tag);
  }
  /** MPI_Rsend_init. */
  Rsend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.sendInit("MPI_Rsend_init", SendMode.Ready, buf, dest, tag);
  }
  /** MPI_Recv_init. */
  Recv_init(buf: BufSpec, source = ANY_SOURCE, tag = ANY_TAG): Prequest {
    const mb = parseBuffer(buf, "MPI_Recv_init", this.handle);
    const sb = Staged.forRecv(mb);
    // a datatype with gaps copies its whole span back: stage the user's bytes at every start
    const onStart = mb.dense ? undefined : () => void sb.fill();
    return sb.guard(() => new Prequest(core().recvInit(sb.ptr, sb.count, sb.datatype.handle, source, tag, this.handle), (st) => sb.drain(statusBytes(st)), onStart, () => sb.release()));
  }

  // ---- Probe and matched receive ----

  /** MPI_Probe: blocks until a matching message can be received. */
  Probe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): true {
    const st = scratch.status();
    core().probe(source, tag, this.handle, st);
    readStatus(st, status);
    return true;
  }
  /** MPI_Iprobe. */
  Iprobe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): boolean {
    const st = scratch.status();
    const flag = core().iprobe(source, tag, this.handle, st);
    if (flag) readStatus(st, status);
    return flag;
  }
  /** MPI_Mprobe: takes the matching message out of the queue for Message.Recv / recv. */
  Mprobe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): Message {
    const st = scratch.status();
    const m = core().mprobe(source, tag, this.handle, st);
    readStatus(st, status);
    return new Message(m, statusBytes(st));
  }
  /** MPI_Improbe: a Message, or undefined if none matches now. */
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

  /** Sends any value. */
  send(obj: unknown, dest: number, tag = 0): void {
    this.sendObject(SendMode.Standard, obj, dest, tag);
  }
  /** Sends any value in synchronous mode. */
  ssend(obj: unknown, dest: number, tag = 0): void {
    this.sendObject(SendMode.Synchronous, obj, dest, tag);
  }
  /** Sends any value in buffered mode. */
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

  /** Starts sending any value. */
  isend(obj: unknown, dest: number, tag = 0): Request {
    return this.isendObject(SendMode.Standard, obj, dest, tag);
  }
  /** Starts sending any value in synchronous mode. */
  issend(obj: unknown, dest: number, tag = 0): Request {
    return this.isendObject(SendMode.Synchronous, obj, dest, tag);
  }
  /** Starts sending any value in buffered mode. */
  ibsend(obj: unknown, dest: number, tag = 0): Request {
    return this.isendObject(SendMode.Buffered, obj, dest, tag);
  }

  /** Receives a value (of any size: the core allocates for it when it matches). */
  recv(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): unknown {
    const st = scratch.status();
    core().recvAlloc(intArg(source, "MPI_Recv", "source", this.handle), intArg(tag, "MPI_Recv", "tag", this.handle), this.handle, st);
    readStatus(st, status);
    return objectFromStatus(st);
  }

  /** Starts receiving a value; wait() returns it. */
  irecv(source = ANY_SOURCE, tag = ANY_TAG): Request {
    const h = core().irecvAlloc(intArg(source, "MPI_Irecv", "source", this.handle), intArg(tag, "MPI_Irecv", "tag", this.handle), this.handle);
    return new Request(h, objectFromStatus);
  }

  /** Sends one value and receives another. */
  sendrecv(sendobj: unknown, dest: number, sendtag = 0, source = ANY_SOURCE, recvtag = ANY_TAG, status?: Status): unknown {
    // the send starts first: if its arguments are wrong, no message has been taken
    const sreq = this.isend(sendobj, dest, sendtag);
    const obj = this.irecv(source, recvtag).wait(status);
    sreq.Wait();
    return obj;
  }

  /** Blocks until a message can be received; true. */
  probe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): true {
    return this.Probe(source, tag, status);
  }
  /** Whether a message can be received now. */
  iprobe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): boolean {
    return this.Iprobe(source, tag, status);
  }
  /** Takes a matching message for Message.recv(). */
  mprobe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): Message {
    return this.Mprobe(source, tag, status);
  }
  /** Takes a matching message if there is one now. */
  improbe(source = ANY_SOURCE, tag = ANY_TAG, status?: Status): Message | undefined {
    return this.Improbe(source, tag, status);
  }

  /** True for MPI.COMM_NULL. */
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

/** An intracommunicator: one group of ranks (COMM_WORLD, COMM_SELF). */
/** An intracommunicator: one group (MPI-4.0 7.1). */
export class Intracomm extends Comm {
  /** MPI_Comm_split of an intracommunicator: intracommunicators (no topology: a Cartcomm's parts are plain). */
  override Split(color = 0, key = 0): Intracomm {
    return super.Split(color, key) as Intracomm;
  }
  /** MPI_Comm_create: the members of group (a subgroup) get a communicator, the others MPI.COMM_NULL. */
  Create(group: Group): Intracomm {
    return commOf(core().commCreate(this.handle, group.handle)) as Intracomm;
  }
  /** MPI_Comm_create_group: called by the members of group only. */
  Create_group(group: Group, tag = 0): Intracomm {
    return commOf(core().commCreateGroup(this.handle, group.handle, tag)) as Intracomm;
  }
  /** MPI_Intercomm_create: this is the local group; the leaders talk over peer_comm with tag. */
  Create_intercomm(local_leader: number, peer_comm: Comm, remote_leader: number, tag = 0): Intercomm {
    return new Intercomm(core().intercommCreate(this.handle, local_leader, peer_comm.handle, remote_leader, tag));
  }
}

/** An intercommunicator: a local and a remote group; ranks in calls name remote processes (MPI-4.0 7.6). */
export class Intercomm extends Comm {
  /** MPI_Comm_split of an intercommunicator: intercommunicators between each color's two parts. */
  override Split(color = 0, key = 0): Intercomm {
    return super.Split(color, key) as Intercomm;
  }
  /** MPI_Comm_remote_group. */
  Get_remote_group(): Group {
    return new Group(core().commGroup(this.handle, true));
  }
  get remote_group(): Group {
    return this.Get_remote_group();
  }
  /** MPI_Comm_remote_size. */
  Get_remote_size(): number {
    return core().commRemoteSize(this.handle);
  }
  get remote_size(): number {
    return this.Get_remote_size();
  }
  /** MPI_Comm_create: group is a subgroup of the local group; the members get an intercommunicator with the remote side's subgroup. */
  Create(group: Group): Intercomm {
    return commOf(core().commCreate(this.handle, group.handle)) as Intercomm;
  }
  /** MPI_Intercomm_merge: the group passing high=false comes first. */
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
