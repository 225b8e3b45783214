// Waiting on a name another job publishes or withdraws (ns_publish.ts, ns_lookup.ts): the jobs
// start independently, so each polls the name server, within a deadline.
import { MPI } from "wmpi";

const POLL_MS = 20;
const DEADLINE_MS = 30_000;
const nap = new Int32Array(new SharedArrayBuffer(4));

/** The port published as `service`, or undefined if Lookup_name says MPI.ERR_NAME (any other error is thrown). */
function lookup(service: string): string | undefined {
  try {
    return MPI.Lookup_name(service);
  } catch (e) {
    if (e instanceof MPI.Exception && e.Get_error_class() === MPI.ERR_NAME) return undefined;
    throw e;
  }
}

function poll<T>(what: string, attempt: () => T | undefined): T {
  const end = Date.now() + DEADLINE_MS;
  for (;;) {
    const got = attempt();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`${what} within ${DEADLINE_MS} ms`);
    Atomics.wait(nap, 0, 0, POLL_MS);
  }
}

/** The port published as `service`, once it is. */
export function lookupWhenPublished(service: string): string {
  return poll(`"${service}" was not published`, () => lookup(service));
}

/** Returns once `service` is no longer published. */
export function waitUntilUnpublished(service: string): void {
  poll(`"${service}" was not unpublished`, () => (lookup(service) === undefined ? true : undefined));
}
