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

/**
 * MPI_Message: a message a matching probe (Mprobe, Improbe) took out of the queue, so that only
 * this object can receive it (MPI-4.0 section 3.8.2). Receive it once, with Recv or Irecv into a
 * buffer, or recv or irecv as an object. MPI.MESSAGE_NO_PROC (a probe of MPI.PROC_NULL) receives
 * nothing. Errors are thrown as {@link Exception} as {@link Comm} says.
 */
export class Message {
  /** @internal `size`: the message's bytes, from the probe's status. */
  constructor(
    /** the MPI handle the core knows this message by (MPICH's integer value; MPI.MESSAGE_NULL's once received) */
    public handle: number,
    private readonly size: number,
  ) {}

  /** The core took the message (also when the receive failed): MESSAGE_NO_PROC stays as it is. */
  private received(): void {
    if (this.handle !== HANDLE.MESSAGE_NO_PROC) this.handle = HANDLE.MESSAGE_NULL;
  }

  /**
   * Whether this is MPI.MESSAGE_NULL, as a message becomes once MPI_Mrecv has received it.
   * @example
   * ```ts
   * comm.send("to myself", rank);
   * const msg = comm.mprobe();
   * msg.recv();
   * console.log(msg.isNull()); // true
   * ```
   */
  isNull(): boolean {
    return this.handle === HANDLE.MESSAGE_NULL;
  }

  /**
   * MPI_Mrecv: receives the message into a buffer.
   * @param buf where the data goes
   * @param status filled with the sender, tag and size
   * @throws {@link Exception} ERR_TRUNCATE (the message is larger than buf; it is received all
   * the same), ERR_REQUEST (already received: MPI.MESSAGE_NULL), buffer errors ({@link Comm}).
   * @example
   * ```ts
   * const sent = comm.Isend(new Int32Array(rank + 1), (rank + 1) % size, 0);
   * const st = new MPI.Status();
   * const msg = comm.Mprobe(MPI.ANY_SOURCE, 0, st);
   * const buf = new Int32Array(st.Get_count(MPI.INT));
   * msg.Recv(buf);
   * sent.Wait();
   * ```
   */
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

  /**
   * MPI_Imrecv: starts receiving the message into a buffer.
   * @param buf where the data goes (read it after the request completes)
   * @throws {@link Exception} ERR_REQUEST (already received), buffer errors; ERR_TRUNCATE at completion.
   * @example
   * ```ts
   * const sent = comm.Isend(new Uint8Array(100), (rank + 1) % size, 0);
   * const msg = comm.Mprobe(MPI.ANY_SOURCE, 0);
   * const buf = new Uint8Array(1024);
   * msg.Irecv(buf).Wait();
   * sent.Wait();
   * ```
   */
  Irecv(buf: BufSpec): Request {
    const sb = Staged.forRecv(parseBuffer(buf, "MPI_Imrecv", HANDLE.COMM_SELF));
    const h = sb.guard(() => core().imrecv(sb.ptr, sb.count, sb.datatype.handle, this.handle));
    this.received();
    return new Request(h, (st) => {
      sb.drain(statusBytes(st));
      sb.release();
    });
  }

  /**
   * MPI_Mrecv of a serialized value (mpi4py's Message.recv): the probe knew its size.
   * @param status filled with the sender, tag and size
   * @returns the value (undefined for MPI.MESSAGE_NO_PROC)
   * @throws {@link Exception} ERR_REQUEST: already received.
   * @example
   * ```ts
   * const sent = comm.isend({ from: rank }, (rank + 1) % size, 0);
   * const value = comm.mprobe(MPI.ANY_SOURCE, 0).recv();
   * sent.wait();
   * ```
   */
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

  /**
   * MPI_Imrecv of a serialized value; the request's wait() returns it.
   * @throws {@link Exception} ERR_REQUEST: already received.
   * @example
   * ```ts
   * const sent = comm.isend({ from: rank }, (rank + 1) % size, 0);
   * const value = await comm.mprobe(MPI.ANY_SOURCE, 0).irecv().waitAsync();
   * sent.wait();
   * ```
   */
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
