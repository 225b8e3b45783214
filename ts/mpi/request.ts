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

/**
 * MPI_Request: a nonblocking operation (MPI-4.0 section 3.7) under way, from Isend, Irecv,
 * Ibcast, Put's R-forms, ... Complete it with Wait or Test (or the array forms: Waitall, ...);
 * in code on the event loop, with waitAsync. Lowercase methods return what an object receive
 * (irecv) received. A completed request becomes MPI.REQUEST_NULL; completing a null request
 * returns at once.
 *
 * Errors are thrown as {@link Exception} as {@link Comm} says. A completion raises the error of
 * the operation it completes (ERR_TRUNCATE for a receive into too small a buffer); the array
 * forms raise ERR_IN_STATUS when a request among several fails (each status's Get_error() tells
 * which), and ERR_REQUEST is for a handle that is not a request (a freed one, for Cancel and Free).
 *
 * @example
 * ```ts
 * import { MPI } from "wmpi";
 * const comm = MPI.COMM_WORLD;
 * const next = (comm.rank + 1) % comm.size, prev = (comm.rank + comm.size - 1) % comm.size;
 * const out = new Int32Array([comm.rank]), into = new Int32Array(1);
 * MPI.Request.Waitall([comm.Isend(out, next, 0), comm.Irecv(into, prev, 0)]);
 * const sent = comm.isend({ from: comm.rank }, next, 1);
 * const value = await comm.irecv(prev, 1).waitAsync();   // the event loop turns meanwhile
 * sent.wait();
 * ```
 */
export class Request {
  /** @internal */
  result: unknown;
  /** Its JS side has run (it owns what the core handed over, e.g. an object's buffer). */
  private consumed = false;

  /** @internal */
  constructor(
    /** the MPI handle the core knows this request by (MPI.REQUEST_NULL's once completed or freed) */
    public handle: number = HANDLE.REQUEST_NULL,
    /** @internal */ public finisher?: Finisher,
  ) {}

  /**
   * Whether this is MPI.REQUEST_NULL, as MPI_Wait leaves a completed request (a persistent one stays).
   * @example
   * ```ts
   * const req = comm.Isend(new Int32Array(1), MPI.PROC_NULL);
   * req.Wait();
   * console.log(req.isNull()); // true
   * ```
   */
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

  /**
   * MPI_Wait: blocks until the operation completes (a receive's data is then in its buffer).
   * @param status filled for a receive: sender, tag, size
   * @returns true
   * @throws {@link Exception} the operation's error: ERR_TRUNCATE for a receive whose message is
   * larger than its buffer; ERR_REQUEST for a handle that is not a request.
   * @example
   * ```ts
   * const buf = new Float64Array(4), st = new MPI.Status();
   * const req = comm.Irecv(buf, MPI.ANY_SOURCE);
   * comm.Send(new Float64Array(4), rank);
   * req.Wait(st);
   * ```
   */
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

  /**
   * MPI_Test: whether the operation has completed (completing it if so), without blocking.
   * @param status filled if it has completed
   * @throws {@link Exception} as {@link Request.Wait}, once it completes.
   * @example
   * ```ts
   * const req = comm.Ibarrier();
   * let polls = 0;
   * while (!req.Test()) polls++;
   * ```
   */
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

  /**
   * MPI_Request_get_status: like Test, but the request is not freed (its data is in place once
   * this says true); Wait or Free it afterwards.
   * @param status filled if it has completed
   * @throws {@link Exception} only as {@link Comm} says; a failed operation's error comes from the Wait or Test that completes it.
   * @example
   * ```ts
   * const req = comm.Isend(new Int32Array(1), MPI.PROC_NULL);
   * if (req.Get_status()) req.Wait();
   * ```
   */
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

  /**
   * MPI_Cancel: asks that a pending receive not happen; complete the request (Wait) afterwards, then
   * the status's Is_cancelled() tells whether it was cancelled (a message may have arrived first).
   * @throws {@link Exception} ERR_REQUEST: the request is null or freed.
   * @example
   * ```ts
   * const req = comm.Irecv(new Int32Array(1), MPI.ANY_SOURCE, 999);
   * req.Cancel();
   * const st = new MPI.Status();
   * req.Wait(st);
   * console.log(st.Is_cancelled());
   * ```
   */
  Cancel(): void {
    core().cancel(this.handle);
  }

  /**
   * MPI_Request_free: lets go of the request; the operation still completes (a receive's data
   * still lands in its buffer), but nothing will tell when.
   * @throws {@link Exception} ERR_REQUEST: the request is already null or freed.
   * @example
   * ```ts
   * comm.Isend(new Int32Array([1]), MPI.PROC_NULL).Free();
   * ```
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

  /**
   * MPI_Wait, returning what the operation received (mpi4py's wait): irecv's value, undefined for a send.
   * @param status filled for a receive
   * @returns the received value
   * @throws {@link Exception} as {@link Request.Wait}.
   * @example
   * ```ts
   * const req = comm.irecv(MPI.ANY_SOURCE, 0);
   * comm.send(rank, (rank + 1) % size, 0);
   * const fromLeft = req.wait();
   * ```
   */
  wait(status?: Status): unknown {
    this.Wait(status);
    return this.result;
  }

  /**
   * MPI_Test, with what the operation received (mpi4py's test).
   * @param status filled if it has completed
   * @returns [completed, the received value or undefined]
   * @throws {@link Exception} as {@link Request.Wait}, once it completes.
   * @example
   * ```ts
   * const req = comm.irecv(MPI.ANY_SOURCE, 0);
   * const [done, value] = req.test();
   * ```
   */
  test(status?: Status): [boolean, unknown] {
    const flag = this.Test(status);
    return [flag, flag ? this.result : undefined];
  }

  /**
   * MPI_Test in a loop that lets the event loop run (wmpi's own, for code that must not block, as
   * in a browser page or beside a server): sleeps until a message arrives, testing again at least
   * every WMPI_WAITASYNC_POLL_MS (50) milliseconds.
   * @param status filled once it has completed
   * @returns a Promise of what wait() returns
   * @throws {@link Exception} as {@link Request.Wait} (the Promise rejects).
   * @example
   * ```ts
   * const timer = setInterval(() => console.log("still waiting"), 1000);
   * const req = comm.irecv(MPI.ANY_SOURCE, 0);
   * setTimeout(() => comm.send("late", (rank + 1) % size, 0), 1500);   // the event loop runs: this fires
   * const value = await req.waitAsync();
   * clearInterval(timer);
   * ```
   */
  async waitAsync(status?: Status): Promise<unknown> {
    const channel = core().instance.channel;
    while (!this.Test(status)) await channel.waitAsync(POLL_MS);
    return this.result;
  }

  /**
   * MPI_Waitall: blocks until every request has completed.
   * @param requests the requests (null ones are skipped)
   * @param statuses filled, one per request; with them, a failure's class is in its Get_error()
   * @returns true
   * @throws {@link Exception} ERR_IN_STATUS: an operation failed (the message names which, or the
   * statuses tell); ERR_REQUEST: an entry is not a request.
   * @example
   * ```ts
   * const reqs = [comm.Isend(new Int32Array([rank]), (rank + 1) % size), comm.Irecv(new Int32Array(1), (rank - 1 + size) % size)];
   * MPI.Request.Waitall(reqs);
   * ```
   */
  static Waitall(requests: Request[], statuses?: Status[]): true {
    let rc = 0;
    completeArray(requests, statuses, (n, rs, sts) => (rc = core().waitall(n, rs, sts)), () =>
      rc === 0 || rc === ErrorClass.ERR_IN_STATUS ? allIndices(requests.length) : []);
    return true;
  }

  /**
   * MPI_Testall: whether every request has completed (then all are completed; else none is).
   * @param requests the requests
   * @param statuses filled, one per request, once all have completed
   * @throws {@link Exception} as {@link Request.Waitall}.
   * @example
   * ```ts
   * const reqs = [comm.Ibarrier(), comm.Ibarrier()];
   * while (!MPI.Request.Testall(reqs)) { }
   * ```
   */
  static Testall(requests: Request[], statuses?: Status[]): boolean {
    let flag = false;
    completeArray(requests, statuses, (n, rs, sts) => {
      const rc = core().testall(n, rs, sts);
      flag = core().out(0) !== 0;
      return rc;
    }, () => (flag ? allIndices(requests.length) : []));
    return flag;
  }

  /**
   * MPI_Waitany: blocks until one request completes.
   * @param requests the requests
   * @param status filled for the one that completed
   * @returns its index, or MPI.UNDEFINED if no request was active
   * @throws {@link Exception} the completed operation's own error (ERR_TRUNCATE, ...); ERR_REQUEST.
   * @example
   * ```ts
   * const bufs = [new Int32Array(1), new Int32Array(1)];
   * const reqs = bufs.map((b, i) => comm.Irecv(b, MPI.ANY_SOURCE, i));
   * comm.Send(new Int32Array([7]), rank, 1);
   * const first = MPI.Request.Waitany(reqs);   // 1
   * ```
   */
  static Waitany(requests: Request[], status?: Status): number {
    let index = UNDEFINED;
    completeArray(requests, status ? [status] : undefined, (n, rs, st) => {
      const rc = core().waitany(n, rs, st);
      index = core().out(0);
      return rc;
    }, () => (index === UNDEFINED ? [] : [index]), true);
    return index;
  }

  /**
   * MPI_Testany: completes one request if one has completed, without blocking.
   * @param requests the requests
   * @param status filled for the one that completed
   * @returns [its index (MPI.UNDEFINED if none), whether one completed or none was active]
   * @throws {@link Exception} as {@link Request.Waitany}.
   * @example
   * ```ts
   * const reqs = [comm.Irecv(new Int32Array(1), MPI.ANY_SOURCE, 5)];
   * const [index, flag] = MPI.Request.Testany(reqs);
   * ```
   */
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

  /**
   * MPI_Waitsome: blocks until at least one request completes, and completes all that have.
   * @param requests the requests
   * @param statuses filled, one per completed request, in the order of the indices
   * @returns the indices completed, or undefined if no request was active
   * @throws {@link Exception} ERR_IN_STATUS (an operation failed: see the statuses); ERR_REQUEST.
   * @example
   * ```ts
   * const reqs = [comm.Ibarrier(), comm.Isend(new Int32Array(1), MPI.PROC_NULL)];
   * let done: number[] | undefined;
   * while ((done = MPI.Request.Waitsome(reqs)) !== undefined) console.log("completed", done);
   * ```
   */
  static Waitsome(requests: Request[], statuses?: Status[]): number[] | undefined {
    return someCall(requests, statuses, (n, rs, ix, sts) => core().waitsome(n, rs, ix, sts));
  }

  /**
   * MPI_Testsome: completes the requests that have completed, without blocking.
   * @param requests the requests
   * @param statuses filled, one per completed request
   * @returns the indices completed (possibly none), or undefined if no request was active
   * @throws {@link Exception} as {@link Request.Waitsome}.
   * @example
   * ```ts
   * const reqs = [comm.Ibarrier()];
   * const done = MPI.Request.Testsome(reqs);
   * ```
   */
  static Testsome(requests: Request[], statuses?: Status[]): number[] | undefined {
    return someCall(requests, statuses, (n, rs, ix, sts) => core().testsome(n, rs, ix, sts));
  }

  /**
   * MPI_Waitall, returning what each request received (mpi4py's waitall).
   * @param requests the requests
   * @param statuses filled, one per request
   * @returns one value per request (undefined for sends)
   * @throws {@link Exception} as {@link Request.Waitall}.
   * @example
   * ```ts
   * const [, got] = MPI.Request.waitall([comm.isend(rank, rank), comm.irecv(rank)]);
   * ```
   */
  static waitall(requests: Request[], statuses?: Status[]): unknown[] {
    Request.Waitall(requests, statuses);
    return requests.map((r) => r.result);
  }

  /**
   * MPI_Testall, with what each request received (mpi4py's testall).
   * @param requests the requests
   * @param statuses filled, one per request
   * @returns [all completed, the values if so]
   * @throws {@link Exception} as {@link Request.Waitall}.
   * @example
   * ```ts
   * const [done, values] = MPI.Request.testall([comm.irecv(MPI.ANY_SOURCE, 3)]);
   * ```
   */
  static testall(requests: Request[], statuses?: Status[]): [boolean, unknown[] | undefined] {
    const flag = Request.Testall(requests, statuses);
    return [flag, flag ? requests.map((r) => r.result) : undefined];
  }

  /**
   * MPI_Waitany, with what the completed request received (mpi4py's waitany).
   * @param requests the requests
   * @param status filled for the one that completed
   * @returns [its index or MPI.UNDEFINED, its value]
   * @throws {@link Exception} as {@link Request.Waitany}.
   * @example
   * ```ts
   * const reqs = [comm.irecv(MPI.ANY_SOURCE, 1), comm.irecv(MPI.ANY_SOURCE, 2)];
   * comm.send("two", rank, 2);
   * const [index, value] = MPI.Request.waitany(reqs);   // 1, "two"
   * ```
   */
  static waitany(requests: Request[], status?: Status): [number, unknown] {
    const i = Request.Waitany(requests, status);
    return [i, i === UNDEFINED ? undefined : requests[i].result];
  }

  /**
   * MPI_Testany, with what the completed request received (mpi4py's testany).
   * @param requests the requests
   * @param status filled for the one that completed
   * @returns [its index or MPI.UNDEFINED, whether one completed, its value]
   * @throws {@link Exception} as {@link Request.Waitany}.
   * @example
   * ```ts
   * const [index, flag, value] = MPI.Request.testany([comm.irecv(MPI.ANY_SOURCE, 4)]);
   * ```
   */
  static testany(requests: Request[], status?: Status): [number, boolean, unknown] {
    const [i, flag] = Request.Testany(requests, status);
    return [i, flag, flag && i !== UNDEFINED ? requests[i].result : undefined];
  }

  /**
   * MPI_Waitsome, with what the completed requests received (mpi4py's waitsome).
   * @param requests the requests
   * @param statuses filled, one per completed request
   * @returns [the indices, their values], both undefined if no request was active
   * @throws {@link Exception} as {@link Request.Waitsome}.
   * @example
   * ```ts
   * const reqs = [comm.irecv(rank, 6)];
   * comm.send({ ok: true }, rank, 6);
   * const [indices, values] = MPI.Request.waitsome(reqs);
   * ```
   */
  static waitsome(requests: Request[], statuses?: Status[]): [number[] | undefined, unknown[] | undefined] {
    const ix = Request.Waitsome(requests, statuses);
    return [ix, ix?.map((i) => requests[i].result)];
  }

  /**
   * MPI_Testsome, with what the completed requests received (mpi4py's testsome).
   * @param requests the requests
   * @param statuses filled, one per completed request
   * @returns [the indices, their values], both undefined if no request was active
   * @throws {@link Exception} as {@link Request.Waitsome}.
   * @example
   * ```ts
   * const [indices, values] = MPI.Request.testsome([comm.irecv(MPI.ANY_SOURCE, 7)]);
   * ```
   */
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

/**
 * MPI_Request of a persistent operation (MPI-4.0 section 3.9), from Send_init, Recv_init, ...:
 * Start it, complete it (Wait, Test, ...), Start it again; Free it when done. Errors as {@link Request}.
 */
export class Prequest extends Request {
  private active = false;

  /**
   * @internal `drain` finishes each activation (a receive's copy-out),
   * `onStart` prepares one (a send's staging fill), `onFree` releases staging.
   */
  constructor(handle: number, private readonly drain: Finisher | undefined, private readonly onStart?: () => void, private readonly onFree?: () => void) {
    super(handle);
  }

  /**
   * MPI_Start: starts one activation of the operation (a send sends its buffer's contents now).
   * @throws {@link Exception} ERR_REQUEST: the request is already active, or freed; a send's
   * ERR_BUFFER (Bsend_init with no room in the attached buffer).
   * @example
   * ```ts
   * const req = comm.Send_init(new Int32Array([rank]), MPI.PROC_NULL);
   * for (let i = 0; i < 3; i++) { req.Start(); req.Wait(); }
   * req.Free();
   * ```
   */
  Start(): void {
    // an active request keeps its data: the core reports the error before anything is refilled
    if (!this.active) this.onStart?.();
    core().start(this.handle);
    this.active = true;
    this.finisher = this.drain;
  }

  /**
   * MPI_Startall: Start on each request, in order.
   * @param requests persistent requests, none active
   * @throws {@link Exception} as {@link Prequest.Start}.
   * @example
   * ```ts
   * const a = new Int32Array(1), b = new Int32Array(1);
   * const reqs = [comm.Send_init(a, rank, 0), comm.Recv_init(b, rank, 0)];
   * MPI.Prequest.Startall(reqs);
   * MPI.Request.Waitall(reqs);
   * ```
   */
  static Startall(requests: Prequest[]): void {
    for (const r of requests) r.Start();
  }

  /** @internal */
  override complete(statusPtr: number, handle: number): void {
    super.complete(statusPtr, handle);
    this.active = false;
  }

  /**
   * MPI_Request_free of a persistent request; an active one is freed, with its staging, once its
   * activation completes.
   * @throws {@link Exception} ERR_REQUEST: the request is already freed.
   * @example
   * ```ts
   * const req = comm.Recv_init(new Int32Array(1), MPI.PROC_NULL);
   * req.Free();
   * ```
   */
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
