/** Int arrays in linear memory for calls that take or return them (topologies, neighbourhood collectives). */
import { core } from "./environment.js";
import { ErrorClass } from "./errorclasses.js";

/** Int arrays lent to one call: copied in, read back, all freed by release(). */
export class Ints {
  private ptrs: number[] = [];
  constructor(private readonly fc: string, private readonly comm: number) {}
  /** Copies values (each a 32-bit integer, else ERR_ARG naming `arg`) into linear memory. */
  in(values: ArrayLike<number>, arg: string): number {
    const ptr = this.alloc(values.length);
    const i32 = core().i32;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff)
        throw core().raise(this.comm, ErrorClass.ERR_ARG, `${this.fc}: ${String(v)} is not an integer (${arg}[${i}])`);
      i32[(ptr >> 2) + i] = v;
    }
    return ptr;
  }
  alloc(n: number): number {
    const ptr = core().malloc(4 * Math.max(n, 1));
    this.ptrs.push(ptr);
    return ptr;
  }
  read(ptr: number, n: number): number[] {
    return Array.from(core().i32.subarray(ptr >> 2, (ptr >> 2) + n));
  }
  release(): void {
    for (const p of this.ptrs) core().free(p);
    this.ptrs = [];
  }
}

/** Runs fn with an Ints for call fc, freeing its arrays afterwards. */
export function withInts<T>(fc: string, comm: number, fn: (a: Ints) => T): T {
  const a = new Ints(fc, comm);
  try {
    return fn(a);
  } finally {
    a.release();
  }
}

/** A list of numbers: an Array or a TypedArray. */
export function isList(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** v as a list of numbers, else ERR_ARG naming call fc's argument `arg`. */
export function listArg(v: unknown, fc: string, arg: string, comm: number): ArrayLike<number> {
  if (isList(v)) return v as ArrayLike<number>;
  throw core().raise(comm, ErrorClass.ERR_ARG, `${fc}: not a list of integers (${arg})`);
}

/** Raises an error found in the facade on comm's error handler, then throws it. */
export function fail(comm: number, errclass: number, message: string): never {
  throw core().raise(comm, errclass, message);
}

