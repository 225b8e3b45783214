import { STATUS, STATUS_SIZE } from "../abi/core.js";
import { ANY_SOURCE, ANY_TAG } from "./constants.js";
import { Datatype, Datatypes } from "./datatype.js";
import { core } from "./environment.js";
import { scratch } from "./scratch.js";

/**
 * MPI_Status: what a receive, probe or completion found: the source, tag, error, size and
 * whether the operation was cancelled. Pass a Status to Recv, Probe, Wait, ... to have it filled.
 * Its getters and setters are plain fields and raise nothing; Get_count, Get_elements and
 * Set_elements raise ERR_TYPE for a freed datatype.
 */
export class Status {
  /** MPI_SOURCE: the sender's rank (read it with Get_source). */
  source = ANY_SOURCE;
  /** MPI_TAG: the message's tag. */
  tag = ANY_TAG;
  /** MPI_ERROR: set by the array completions that fail with ERR_IN_STATUS. */
  error = 0;
  /** Bytes received. */
  count = 0;
  /** Whether the operation was cancelled (MPI_Test_cancelled). */
  cancelled = false;

  /**
   * MPI_Status_get_source (MPI-4.1), the MPI_SOURCE field: the rank the message came from (MPI.ANY_SOURCE before a receive fills it).
   * @example
   * ```ts
   * comm.send("hi", rank);
   * const st = new MPI.Status();
   * comm.recv(MPI.ANY_SOURCE, MPI.ANY_TAG, st);
   * const sender = st.Get_source(); // rank: it sent to itself
   * ```
   */
  Get_source(): number {
    return this.source;
  }
  /**
   * MPI_Status_set_source (MPI-4.1): sets the MPI_SOURCE field, for code that fills statuses itself.
   * @param source a rank
   * @example
   * ```ts
   * const st = new MPI.Status();
   * st.Set_source(2);
   * ```
   */
  Set_source(source: number): void {
    this.source = source;
  }
  /**
   * MPI_Status_get_tag (MPI-4.1), the MPI_TAG field: the message's tag.
   * @example
   * ```ts
   * comm.send({ op: "stop" }, rank, 9);
   * const st = new MPI.Status();
   * const value = comm.recv(MPI.ANY_SOURCE, MPI.ANY_TAG, st);
   * if (st.Get_tag() === 9) console.log("told to stop", value);
   * ```
   */
  Get_tag(): number {
    return this.tag;
  }
  /**
   * MPI_Status_set_tag (MPI-4.1): sets the MPI_TAG field.
   * @param tag a tag
   * @example
   * ```ts
   * new MPI.Status().Set_tag(5);
   * ```
   */
  Set_tag(tag: number): void {
    this.tag = tag;
  }
  /**
   * MPI_Status_get_error (MPI-4.1), the MPI_ERROR field: filled only by the array completions (MPI_Waitall, ...) that fail with
   * ERR_IN_STATUS, with the class of the request's own error.
   * @example
   * ```ts
   * const reqs = [comm.Irecv(new Int32Array(1), rank, 0)];
   * const statuses = [new MPI.Status()];
   * comm.Isend(new Int32Array(4), rank, 0);
   * try { MPI.Request.Waitall(reqs, statuses); } catch { console.log(statuses[0].Get_error() === MPI.ERR_TRUNCATE); }
   * ```
   */
  Get_error(): number {
    return this.error;
  }
  /**
   * MPI_Status_set_error (MPI-4.1): sets the MPI_ERROR field.
   * @param error an error class
   * @example
   * ```ts
   * new MPI.Status().Set_error(MPI.SUCCESS);
   * ```
   */
  Set_error(error: number): void {
    this.error = error;
  }
  /**
   * MPI_Get_count: how many whole elements of datatype the message held.
   * @param datatype the element type (default MPI.BYTE: the size in bytes)
   * @returns the count, or MPI.UNDEFINED if the size is not a whole number of elements
   * @throws {@link Exception} ERR_TYPE: datatype is freed.
   * @example
   * ```ts
   * const sent = comm.Isend(new Float64Array(3), rank);
   * const st = new MPI.Status();
   * comm.Probe(MPI.ANY_SOURCE, MPI.ANY_TAG, st);
   * const buf = new Float64Array(st.Get_count(MPI.DOUBLE)); // 3
   * comm.Recv(buf, rank);
   * sent.Wait();
   * ```
   */
  Get_count(datatype: Datatype = Datatypes.BYTE): number {
    return core().getCount(this.write(), datatype.handle);
  }
  /**
   * MPI_Get_elements: how many basic elements arrived, counting inside a derived datatype (a
   * partial element counts its parts).
   * @param datatype the receive's datatype
   * @throws {@link Exception} ERR_TYPE: datatype is freed.
   * @example
   * ```ts
   * const pair = MPI.DOUBLE.Create_contiguous(2).Commit();
   * const st = new MPI.Status();
   * comm.Sendrecv(new Float64Array(3), rank, 0, [new Float64Array(4), 2, pair], rank, 0, st);
   * console.log(st.Get_count(pair), st.Get_elements(pair)); // MPI.UNDEFINED 3
   * ```
   */
  Get_elements(datatype: Datatype): number {
    return core().getElements(this.write(), datatype.handle);
  }
  /**
   * MPI_Status_set_elements: sets the size to count elements of datatype.
   * @param datatype the element type
   * @param count how many
   * @throws {@link Exception} ERR_TYPE: datatype is freed.
   * @example
   * ```ts
   * const st = new MPI.Status();
   * st.Set_elements(MPI.INT, 3);
   * console.log(st.Get_count()); // 12
   * ```
   */
  Set_elements(datatype: Datatype, count: number): void {
    this.count = count * datatype.Get_size();
  }
  /**
   * MPI_Status_set_cancelled.
   * @param flag whether the operation counts as cancelled
   * @example
   * ```ts
   * new MPI.Status().Set_cancelled(false);
   * ```
   */
  Set_cancelled(flag: boolean): void {
    this.cancelled = flag;
  }
  /**
   * MPI_Test_cancelled: whether the operation was cancelled (Request.Cancel, then Wait).
   * @example
   * ```ts
   * const req = comm.Irecv(new Int32Array(1), MPI.ANY_SOURCE, 77);
   * req.Cancel();
   * const st = new MPI.Status();
   * req.Wait(st);
   * console.log(st.Is_cancelled()); // true: nothing was sent
   * ```
   */
  Is_cancelled(): boolean {
    return this.cancelled;
  }

  /** Copies this status into the scratch MPI_Status and returns its address. */
  private write(): number {
    const ptr = scratch.status();
    const w = core().i32;
    const i = ptr >> 2;
    w[i + STATUS.COUNT_LO] = this.count % 2 ** 32;
    w[i + STATUS.COUNT_HI] = (Math.floor(this.count / 2 ** 32) << 1) | (this.cancelled ? 1 : 0);
    w[i + STATUS.SOURCE] = this.source;
    w[i + STATUS.TAG] = this.tag;
    w[i + STATUS.ERROR] = this.error;
    return ptr;
  }
}

/** Bytes received according to the MPI_Status at ptr. */
export function statusBytes(ptr: number): number {
  const w = core().i32;
  const i = ptr >> 2;
  return (w[i + STATUS.COUNT_LO] >>> 0) + (w[i + STATUS.COUNT_HI] >>> 1) * 2 ** 32;
}

/** The hidden buffer pointer of a status (receives that allocate on match). */
export function statusData(ptr: number): number {
  return core().i32[(ptr >> 2) + STATUS.DATA] >>> 0;
}

/** Fills a Status from the MPI_Status at ptr; does nothing for a missing status. */
export function readStatus(ptr: number, status: Status | undefined | null, withError = false): void {
  if (!status) return;
  const w = core().i32;
  const i = ptr >> 2;
  status.source = w[i + STATUS.SOURCE];
  status.tag = w[i + STATUS.TAG];
  if (withError) status.error = w[i + STATUS.ERROR];
  status.count = statusBytes(ptr);
  status.cancelled = (w[i + STATUS.COUNT_HI] & 1) === 1;
}

/** Address of the i-th MPI_Status in an array at base. */
export function statusAt(base: number, i: number): number {
  return base + i * STATUS_SIZE;
}
