import { core } from "./environment.js";
import { HANDLE, UNDEFINED } from "./constants.js";
import { ErrorClass } from "./errorclasses.js";
import { scratch } from "./scratch.js";
import { Status, readStatus, statusAt } from "./status.js";

/** What finishing a request does in JS: drain or release staging, decode an object. */
export type Finisher = (statusPtr: number) => unknown;

/** MPI_Request: a nonblocking operation (MPI-4.0 section 3.7). Lowercase methods return received objects. */
export class Request {
  /** @internal */
  result: unknown;

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
    const f = this.finisher;
    if (!(this instanceof Prequest)) this.finisher = undefined;
    this.result = f ? f(statusPtr) : undefined;
  }

  /** MPI_Wait. */
  Wait(status?: Status): true {
    const c = core();
    const st = scratch.status();
    const rc = c.wait(this.handle, st);
    this.complete(st, c.out(1));
    readStatus(st, status);
    c.check(rc);
    return true;
  }

  /** MPI_Test: true once complete. */
  Test(status?: Status): boolean {
    const c = core();
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

  /** MPI_Request_get_status: like Test, but the request stays. */
  Get_status(status?: Status): boolean {
    const st = scratch.status();
    const flag = core().requestGetStatus(this.handle, st);
    if (flag) readStatus(st, status);
    return flag;
  }

  /** MPI_Cancel; complete the request with Wait, then Status.Is_cancelled() tells. */
  Cancel(): void {
    core().cancel(this.handle);
  }

  /** MPI_Request_free. */
  Free(): void {
    core().requestFree(this.handle);
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

  /** A Promise of wait(), for event-loop code that must not block. */
  async waitAsync(status?: Status): Promise<unknown> {
    const channel = core().instance.channel;
    while (!this.Test(status)) await channel.waitAsync(50);
    return this.result;
  }

  /** MPI_Waitall. */
  static Waitall(requests: Request[], statuses?: Status[]): true {
    completeArray(requests, statuses, (n, rs, sts) => core().waitall(n, rs, sts), () => allIndices(requests.length));
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
  c.check(rc);
}

function someCall(
  requests: Request[],
  statuses: Status[] | undefined,
  call: (n: number, rs: number, ix: number, sts: number) => number,
): number[] | undefined {
  const c = core();
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
  /** @internal */
  constructor(handle: number, finisher: Finisher | undefined, private readonly onStart?: () => void, private readonly onFree?: () => void) {
    super(handle, finisher);
  }

  /** MPI_Start. */
  Start(): void {
    this.onStart?.();
    core().start(this.handle);
  }

  /** MPI_Startall. */
  static Startall(requests: Prequest[]): void {
    const c = core();
    for (const r of requests) r.onStart?.();
    const rs = scratch.handles(requests.length);
    const w = c.i32;
    requests.forEach((r, i) => (w[(rs >> 2) + i] = r.handle));
    c.startall(requests.length, rs);
  }

  /** MPI_Request_free, releasing the staging buffer too. */
  override Free(): void {
    super.Free();
    this.onFree?.();
  }
}
