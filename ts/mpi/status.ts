import { STATUS, STATUS_SIZE } from "../abi/core.js";
import { ANY_SOURCE, ANY_TAG } from "./constants.js";
import { Datatype, Datatypes } from "./datatype.js";
import { core } from "./environment.js";
import { scratch } from "./scratch.js";

/** MPI_Status: source, tag, error, size and cancellation of a received message. */
export class Status {
  source = ANY_SOURCE;
  tag = ANY_TAG;
  error = 0;
  /** Bytes received. */
  count = 0;
  cancelled = false;

  /** MPI_Status.MPI_SOURCE: the rank the message came from. */
  Get_source(): number {
    return this.source;
  }
  /** Sets MPI_SOURCE. */
  Set_source(source: number): void {
    this.source = source;
  }
  /** MPI_Status.MPI_TAG: the message's tag. */
  Get_tag(): number {
    return this.tag;
  }
  /** Sets MPI_TAG. */
  Set_tag(tag: number): void {
    this.tag = tag;
  }
  /** MPI_Status.MPI_ERROR. */
  Get_error(): number {
    return this.error;
  }
  /** Sets MPI_ERROR. */
  Set_error(error: number): void {
    this.error = error;
  }
  /** MPI_Get_count: whole elements of `datatype` received, or MPI.UNDEFINED. */
  Get_count(datatype: Datatype = Datatypes.BYTE): number {
    return core().getCount(this.write(), datatype.handle);
  }
  /** MPI_Get_elements. */
  Get_elements(datatype: Datatype): number {
    return core().getElements(this.write(), datatype.handle);
  }
  /** MPI_Status_set_elements: count elements of datatype. */
  Set_elements(datatype: Datatype, count: number): void {
    this.count = count * datatype.Get_size();
  }
  /** MPI_Status_set_cancelled. */
  Set_cancelled(flag: boolean): void {
    this.cancelled = flag;
  }
  /** MPI_Test_cancelled. */
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
