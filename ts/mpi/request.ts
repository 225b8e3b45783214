import { core } from "./environment.js";
import { HANDLE, UNDEFINED } from "./constants.js";
import { STATUS } from "../abi/core.js";
import { ErrorClass, errorClassName } from "./errorclasses.js";
import { MPIException } from "./exception.js";
import { scratch } from "./scratch.js";
import { Status, readStatus, statusAt } from "./status.js";
import { platform } from "../runtime/platform.js";

/** What finishing a request does in JS: drain or release staging, decode an object. */
export type Finisher = (statusPtr: number) => unknown;

/**
 * Requests freed by the user while the core still works on them and JS still
 * owns their staging (or must drain it): they are finished when they complete,
 * checked at every completion call.
 */
const orphans = new Set<{ settle(): boolean }>();

/** @internal Finishes the orphaned requests that have completed. */
export function sweepOrphans(): void {
  if (orphans.size === 0 || sweeping) return;
  sweeping = true; // settling an orphan runs completion calls, which sweep again
  try {
    for (const r of orphans) if (r.settle()) orphans.delete(r);
  } finally {
    sweeping = false;
  }
}
let sweeping = false;

const POLL_MS = Number(platform.getenv("WMPI_WAITASYNC_POLL_MS")) || 50;

/** MPI_Request: a nonblocking operation (MPI-4.0 section 3.7). Lowercase methods return received objects. *
 * @example
 * ```ts
 * import { MPI } from "wmpi";
 * const comm = MPI.COMM_WORLD;
 * const next = (comm.rank + 1) % comm.size, prev = (comm.rank + comm.size - 1) % comm.size;
 * const out = new Int32Array([comm.rank]), into = new Int32Array(1);
 * MPI.Request.Waitall([comm.Isend(out, next, 0), comm.Irecv(into, prev, 0)]);
 * const value = await comm.irecv(prev, 1).waitAsync();   // the event loop turns meanwhile
 * ```
 */
export class Request {
  /** @internal */
  result: unknown;
  /** Its JS side has run (it owns what the core handed over, e.g. an object's buffer). */
  private consumed = false;

  /** @internal */
  constructor(
    public handle: number = HANDLE.REQUEST_NULL,
    /** @internal */ public finisher?: Finisher,
  ) {}

  /** True for MPI.REQUEST_NULL (a request that completed and was freed). */
  isNull(): boolean {
    return this.handle === HANDLE.REQUEST_NULL;
  }

  /** @internal Called once the core has completed the request (handle: its value after the call). */
  complete(statusPtr: number, handle: number): void {
    this.handle = handle;
    this.finish(statusPtr);
  }

  /** Runs the JS side of a completion once (a persistent request's, once per activation). */
  protected finish(statusPtr: number): void {
    const f = this.finisher;
    if (f === undefined) return;
    this.finisher = undefined;
    this.consumed = true;
    this.result = f(statusPtr);
  }

  /** @internal For an orphan: true once its core request completed and was finished and freed. */
  settle(): boolean {
    const c = core();
    const st = scratch.status();
    const rc = c.test(this.handle, st);
    if (rc === 0 && c.out(0) === 0) return false;
    // a failed request is complete and freed too: its JS side must still release what it holds
    try {
      this.complete(st, rc === 0 ? c.out(1) : HANDLE.REQUEST_NULL);
    } catch {
      // an orphan's failure has no caller to report to
    }
    return true;
  }

  /** MPI_Wait. */
  Wait(status?: Status): true {
    const c = core();
    sweepOrphans();
    const st = scratch.status();
    const rc = c.wait(this.handle, st);
    if (c.out(2) !== 0) {
      this.complete(st, c.out(1));
      readStatus(st, status);
    }
    c.check(rc);
    return true;
  }

  /** MPI_Test: true once complete. */
  Test(status?: Status): boolean {
    const c = core();
    sweepOrphans();
    const st = scratch.status();
    const rc = c.test(this.handle, st);
    const flag = c.out(0) !== 0;
    if (flag) {
      this.complete(st, c.out(1));
      readStatus(st, status);
    }
    c.check(rc);
    return flag;
  }

  /** MPI_Request_get_status: like Test, but the request stays (its data is in place once this says true). */
  Get_status(status?: Status): boolean {
    sweepOrphans();
    const st = scratch.status();
    const flag = core().requestGetStatus(this.handle, st);
    if (flag && !this.isNull()) {
      readStatus(st, status);
      this.finish(st);
    }
    return flag;
  }

  /** MPI_Cancel; complete the request with Wait, then Status.Is_cancelled() tells. */
  Cancel(): void {
    core().cancel(this.handle);
  }

  /**
   * MPI_Request_free. A request still under way goes on: its staging is
   * released, and a receive's data copied into place, once it completes.
   */
  Free(): void {
    const c = core();
    if (this.finisher !== undefined && !this.Get_status()) {
      orphans.add(new Request(this.handle, this.finisher));
      this.finisher = undefined;
    } else if (this.consumed) {
      // complete, and its JS side has taken what the core handed over: Wait only frees it
      c.check(c.wait(this.handle, scratch.status()));
    } else {
      c.requestFree(this.handle);
    }
    this.handle = HANDLE.REQUEST_NULL;
  }

  /** Waits and returns the received object (undefined for sends), as mpi4py's wait(). */
  wait(status?: Status): unknown {
    this.Wait(status);
    return this.result;
  }

  /** [completed, object] as mpi4py's test(). */
  test(status?: Status): [boolean, unknown] {
    const flag = this.Test(status);
    return [flag, flag ? this.result : undefined];
  }

  /**
   * A Promise of wait(), for event-loop code that must not block. It sleeps
   * until a message arrives, checking again at least every
   * WMPI_WAITASYNC_POLL_MS (50) milliseconds.
   */
  async waitAsync(status?: Status): Promise<unknown> {
    const channel = core().instance.channel;
    while (!this.Test(status)) await channel.waitAsync(POLL_MS);
    return this.result;
  }

  /** MPI_Waitall. */
  static Waitall(requests: Request[], statuses?: Status[]): true {
    let rc = 0;
    completeArray(requests, statuses, (n, rs, sts) => (rc = core().waitall(n, rs, sts)), () =>
      rc === 0 || rc === ErrorClass.ERR_IN_STATUS ? allIndices(requests.length) : []);
    return true;
  }

  /** MPI_Testall: true (and all completed) once every request is complete. */
  static Testall(requests: Request[], statuses?: Status[]): boolean {
    let flag = false;
    completeArray(requests, statuses, (n, rs, sts) => {
      const rc = core().testall(n, rs, sts);
      flag = core().out(0) !== 0;
      return rc;
    }, () => (flag ? allIndices(requests.length) : []));
    return flag;
  }

  /** MPI_Waitany: the index completed, or MPI.UNDEFINED if none was active. */
  static Waitany(requests: Request[], status?: Status): number {
    let index = UNDEFINED;
    completeArray(requests, status ? [status] : undefined, (n, rs, st) => {
      const rc = core().waitany(n, rs, st);
      index = core().out(0);
      return rc;
    }, () => (index === UNDEFINED ? [] : [index]), true);
    return index;
  }

  /** MPI_Testany: [index, flag]. */
  static Testany(requests: Request[], status?: Status): [number, boolean] {
    let index = UNDEFINED;
    let flag = false;
    completeArray(requests, status ? [status] : undefined, (n, rs, st) => {
      const rc = core().testany(n, rs, st);
      index = core().out(0);
      flag = core().out(1) !== 0;
      return rc;
    }, () => (flag && index !== UNDEFINED ? [index] : []), true);
    return [index, flag];
  }

  /** MPI_Waitsome: indices completed, or undefined if none was active. */
  static Waitsome(requests: Request[], statuses?: Status[]): number[] | undefined {
    return someCall(requests, statuses, (n, rs, ix, sts) => core().waitsome(n, rs, ix, sts));
  }

  /** MPI_Testsome: indices completed (possibly none), or undefined if none was active. */
  static Testsome(requests: Request[], statuses?: Status[]): number[] | undefined {
    return someCall(requests, statuses, (n, rs, ix, sts) => core().testsome(n, rs, ix, sts));
  }

  /** Waits for all and returns their objects. */
  static waitall(requests: Request[], statuses?: Status[]): unknown[] {
    Request.Waitall(requests, statuses);
    return requests.map((r) => r.result);
  }

  /** [all complete, objects]. */
  static testall(requests: Request[], statuses?: Status[]): [boolean, unknown[] | undefined] {
    const flag = Request.Testall(requests, statuses);
    return [flag, flag ? requests.map((r) => r.result) : undefined];
  }

  /** [index, object] of one completed request. */
  static waitany(requests: Request[], status?: Status): [number, unknown] {
    const i = Request.Waitany(requests, status);
    return [i, i === UNDEFINED ? undefined : requests[i].result];
  }

  /** [index, flag, object]. */
  static testany(requests: Request[], status?: Status): [number, boolean, unknown] {
    const [i, flag] = Request.Testany(requests, status);
    return [i, flag, flag && i !== UNDEFINED ? requests[i].result : undefined];
  }

  /** [indices, objects] of the requests that completed. */
  static waitsome(requests: Request[], statuses?: Status[]): [number[] | undefined, unknown[] | undefined] {
    const ix = Request.Waitsome(requests, statuses);
    return [ix, ix?.map((i) => requests[i].result)];
  }

  /** [indices, objects] of the requests found complete. */
  static testsome(requests: Request[], statuses?: Status[]): [number[] | undefined, unknown[] | undefined] {
    const ix = Request.Testsome(requests, statuses);
    return [ix, ix?.map((i) => requests[i].result)];
  }
}

function allIndices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Runs an array completion call on the requests' handles, then finishes the
 * requests it reports as completed (their statuses in order, or one status at
 * index 0 for the any-variants) before raising its error.
 */
function completeArray(
  requests: Request[],
  statuses: Status[] | undefined,
  call: (n: number, rs: number, sts: number) => number,
  completed: () => number[],
  single = false,
): void {
  const c = core();
  sweepOrphans();
  const n = requests.length;
  const rs = scratch.handles(n);
  const sts = scratch.statuses(single ? 1 : n);
  let w = c.i32;
  for (let i = 0; i < n; i++) w[(rs >> 2) + i] = requests[i].handle;
  const rc = call(n, rs, sts);
  w = c.i32;
  for (const i of completed()) {
    const st = single ? sts : statusAt(sts, i);
    requests[i].complete(st, w[(rs >> 2) + i]);
    // MPI_ERROR is only written when the call fails with ERR_IN_STATUS
    readStatus(st, single ? statuses?.[0] : statuses?.[i], !single && rc === ErrorClass.ERR_IN_STATUS);
  }
  if (rc === ErrorClass.ERR_IN_STATUS && !statuses) throw inStatusError(sts, n);
  c.check(rc);
}

/** ERR_IN_STATUS for a caller who passed no statuses: the message names the requests that failed. */
function inStatusError(sts: number, n: number): MPIException {
  const w = core().i32;
  const failed: string[] = [];
  for (let i = 0; i < n; i++) {
    const err = w[(statusAt(sts, i) >> 2) + STATUS.ERROR];
    if (err !== 0) failed.push(`request ${i}: ${errorClassName(err)}`);
  }
  return new MPIException(ErrorClass.ERR_IN_STATUS, `${core().cString(core().lastErrorMessage()).split(":")[0]}: ${failed.join(", ")} (pass statuses to get each one)`);
}

function someCall(
  requests: Request[],
  statuses: Status[] | undefined,
  call: (n: number, rs: number, ix: number, sts: number) => number,
): number[] | undefined {
  const c = core();
  sweepOrphans();
  const n = requests.length;
  const rs = scratch.handles(n);
  const ix = scratch.indices(n);
  const sts = scratch.statuses(n);
  let w = c.i32;
  for (let i = 0; i < n; i++) w[(rs >> 2) + i] = requests[i].handle;
  const rc = call(n, rs, ix, sts);
  const outcount = c.out(0);
  if (outcount === UNDEFINED) {
    c.check(rc);
    return undefined;
  }
  w = c.i32;
  const indices: number[] = [];
  for (let k = 0; k < outcount; k++) {
    const i = w[(ix >> 2) + k];
    indices.push(i);
    requests[i].complete(statusAt(sts, k), w[(rs >> 2) + i]);
    readStatus(statusAt(sts, k), statuses?.[k], rc === ErrorClass.ERR_IN_STATUS);
  }
  c.check(rc);
  return indices;
}

/** A persistent request (MPI-4.0 section 3.9): Start it, complete it, Start it again. */
export class Prequest extends Request {
  private active = false;

  /**
   * @internal `drain` finishes each activation (a receive's copy-out),
   * `onStart` prepares one (a send's staging fill), `onFree` releases staging.
   */
  constructor(handle: number, private readonly drain: Finisher | undefined, private readonly onStart?: () => void, private readonly onFree?: () => void) {
    super(handle);
  }

  /** MPI_Start. */
  Start(): void {
    // an active request keeps its data: the core reports the error before anything is refilled
    if (!this.active) this.onStart?.();
    core().start(this.handle);
    this.active = true;
    this.finisher = this.drain;
  }

  /** MPI_Startall. */
  static Startall(requests: Prequest[]): void {
    for (const r of requests) r.Start();
  }

  /** @internal */
  override complete(statusPtr: number, handle: number): void {
    super.complete(statusPtr, handle);
    this.active = false;
  }

  /** MPI_Request_free; an active request is freed, with its staging, once it completes. */
  override Free(): void {
    const settle = (): boolean => {
      if (this.active && !this.Test()) return false;
      core().requestFree(this.handle);
      this.handle = HANDLE.REQUEST_NULL;
      this.onFree?.();
      return true;
    };
    if (!settle()) orphans.add({ settle });
  }
}
