import { core } from "./environment.js";
import { ErrorClass } from "./errorclasses.js";
import { MPIException } from "./exception.js";
import { HANDLE } from "./constants.js";
import { Datatypes } from "./datatype.js";
import { parseBuffer, Staged, type BufSpec } from "./msgbuffer.js";
import { loadObject } from "./pickle.js";
import { Request } from "./request.js";
import { scratch } from "./scratch.js";
import { Status, readStatus, statusBytes } from "./status.js";

/** MPI_Message: a message taken by a matching probe, to be received with Mrecv (MPI-4.0 section 3.8.2). */
export class Message {
  /** @internal `size`: the message's bytes, from the probe's status. */
  constructor(public handle: number, private readonly size: number) {}

  /** The core took the message (also when the receive failed): MESSAGE_NO_PROC stays as it is. */
  private received(): void {
    if (this.handle !== HANDLE.MESSAGE_NO_PROC) this.handle = HANDLE.MESSAGE_NULL;
  }

  /** True once received (MPI_MESSAGE_NULL). */
  isNull(): boolean {
    return this.handle === HANDLE.MESSAGE_NULL;
  }

  /** MPI_Mrecv into a buffer. */
  Recv(buf: BufSpec, status?: Status): void {
    const sb = Staged.forRecv(parseBuffer(buf, "MPI_Mrecv", HANDLE.COMM_SELF), scratch.recvRegion);
    const st = scratch.status();
    try {
      sb.receive(() => core().mrecv(sb.ptr, sb.count, sb.datatype.handle, this.handle, st), st, status);
      this.received();
    } catch (e) {
      // a truncated message was received all the same
      if (e instanceof MPIException && e.Get_error_class() === ErrorClass.ERR_TRUNCATE) this.received();
      throw e;
    } finally {
      sb.release();
    }
  }

  /** MPI_Imrecv into a buffer. */
  Irecv(buf: BufSpec): Request {
    const sb = Staged.forRecv(parseBuffer(buf, "MPI_Imrecv", HANDLE.COMM_SELF));
    const h = sb.guard(() => core().imrecv(sb.ptr, sb.count, sb.datatype.handle, this.handle));
    this.received();
    return new Request(h, (st) => {
      sb.drain(statusBytes(st));
      sb.release();
    });
  }

  /** Receives the message as an object. */
  recv(status?: Status): unknown {
    const c = core();
    const noProc = this.handle === HANDLE.MESSAGE_NO_PROC;
    const ptr = c.malloc(this.size);
    const st = scratch.status();
    try {
      c.mrecv(ptr, this.size, Datatypes.BYTE.handle, this.handle, st);
      this.received();
      readStatus(st, status);
      return noProc ? undefined : loadObject(ptr, statusBytes(st));
    } finally {
      c.free(ptr);
    }
  }

  /** Starts receiving the message as an object; wait() returns it. */
  irecv(): Request {
    const c = core();
    const noProc = this.handle === HANDLE.MESSAGE_NO_PROC;
    const ptr = c.malloc(this.size);
    try {
      const h = c.imrecv(ptr, this.size, Datatypes.BYTE.handle, this.handle);
      this.received();
      return new Request(h, (st) => {
        try {
          return noProc ? undefined : loadObject(ptr, statusBytes(st));
        } finally {
          c.free(ptr);
        }
      });
    } catch (e) {
      c.free(ptr);
      throw e;
    }
  }
}
