// Helpers shared by the test jobs (each job runs inside every rank).
import assert from "node:assert/strict";
import { MPI } from "wmpi";

/**
 * The communicator a job runs its body on: --comm world|self|dup|split. `dup`
 * is a duplicate of COMM_WORLD; `split` splits COMM_WORLD by rank parity with
 * the ranks in reverse order (sub-communicators of different sizes).
 */
export function commFromArgs(): InstanceType<typeof MPI.Intracomm> {
  const i = process.argv.indexOf("--comm");
  const which = i >= 0 ? process.argv[i + 1] : "world";
  const world = MPI.COMM_WORLD;
  if (which === "dup") return world.Dup();
  if (which === "split") return world.Split(world.rank % 2, world.size - world.rank) as InstanceType<typeof MPI.Intracomm>;
  return which === "self" ? MPI.COMM_SELF : world;
}

/** Runs fn and checks it throws MPI.Exception of the given class whose message names `call`. */
export function expectMPIError(errorclass: number, call: string, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof MPI.Exception, `expected MPI.Exception, got ${e}`);
    assert.equal((e as InstanceType<typeof MPI.Exception>).Get_error_class(), errorclass, `wrong class: ${(e as Error).message}`);
    assert.ok((e as Error).message.includes(call), `message should name ${call}: ${(e as Error).message}`);
    return;
  }
  assert.fail(`expected MPI error class ${errorclass} from ${call}`);
}

/** Every rank reports success the way MPICH's tests do. */
export function done(): void {
  console.log(`rank ${MPI.COMM_WORLD.Get_rank()}: No Errors`);
}

/** A deterministic byte pattern for (seed, length). */
export function pattern(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed * 131 + i * 7 + (i >> 8)) & 0xff;
  return out;
}
