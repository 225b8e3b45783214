/**
 * The predefined ops on JS values, for object reductions (comm.allreduce(v,
 * MPI.SUM)), following mpi4py's op(x, y) with JS's types:
 *
 * - SUM: numbers, bigints and strings with `+`; arrays concatenate (as
 *   Python's lists do). PROD: numbers and bigints with `*`.
 * - MAX / MIN: y if y > x (y < x), else x; numbers, bigints, strings and
 *   booleans compare as JS does, arrays element by element (as Python's lists).
 * - LAND / LOR / LXOR: the truth of x and y, a boolean.
 * - BAND / BOR / BXOR: integers (beyond 32 bits too), bigints, and two
 *   booleans (a boolean result).
 * - MAXLOC / MINLOC: [value, index] pairs; equal values keep the lower index.
 * - REPLACE: y. NO_OP: x.
 * - TypedArrays of the same kind and length (what NumPy arrays are to
 *   mpi4py): SUM, PROD, MAX, MIN and the bitwise ops element by element.
 *
 * Values an op does not apply to raise a TypeError naming the op.
 */

type Numeric = ArrayLike<number | bigint> & { length: number; constructor: Function };

const enum Code {
  MAX = 1, MIN, SUM, PROD, LAND, BAND, LOR, BOR, LXOR, BXOR, MINLOC, MAXLOC, REPLACE, NO_OP,
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "Array";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

function unsupported(name: string, x: unknown, y: unknown): never {
  throw new TypeError(`${name}: not defined for ${kind(x)} and ${kind(y)}`);
}

function isTypedArray(v: unknown): v is Numeric {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** -1, 0 or 1 for x < y, x == y, x > y, or NaN when they do not compare (NaN, mixed kinds). */
function compare(name: string, x: unknown, y: unknown): number {
  const tx = typeof x, ty = typeof y;
  const numeric = (t: string) => t === "number" || t === "bigint";
  if ((numeric(tx) && numeric(ty)) || (tx === "string" && ty === "string") || (tx === "boolean" && ty === "boolean")) {
    const a = x as number, b = y as number;
    return a < b ? -1 : a > b ? 1 : a == b ? 0 : NaN; // loosely equal: 1n == 1
  }
  if (Array.isArray(x) && Array.isArray(y)) {
    for (let i = 0; i < x.length && i < y.length; i++) {
      const c = compare(name, x[i], y[i]);
      if (c !== 0) return c;
    }
    return Math.sign(x.length - y.length);
  }
  return unsupported(name, x, y);
}

/** Bitwise op on two integers of any size (JS's own operators work on 32 bits). */
function bitwise(code: Code, name: string, x: unknown, y: unknown): unknown {
  const f = (a: bigint, b: bigint) => (code === Code.BAND ? a & b : code === Code.BOR ? a | b : a ^ b);
  if (typeof x === "boolean" && typeof y === "boolean") return f(BigInt(x), BigInt(y)) !== 0n;
  if (typeof x === "bigint" && typeof y === "bigint") return f(x, y);
  if (Number.isInteger(x) && Number.isInteger(y)) return Number(f(BigInt(x as number), BigInt(y as number)));
  return unsupported(name, x, y);
}

function scalar(code: Code, name: string, x: unknown, y: unknown): unknown {
  switch (code) {
    case Code.MAX:
      return compare(name, y, x) > 0 ? y : x;
    case Code.MIN:
      return compare(name, y, x) < 0 ? y : x;
    case Code.SUM:
      if (Array.isArray(x) && Array.isArray(y)) return [...x, ...y];
      if ((typeof x === "number" && typeof y === "number") || (typeof x === "string" && typeof y === "string"))
        return (x as number) + (y as number);
      if (typeof x === "bigint" && typeof y === "bigint") return x + y;
      return unsupported(name, x, y);
    case Code.PROD:
      if (typeof x === "number" && typeof y === "number") return x * y;
      if (typeof x === "bigint" && typeof y === "bigint") return x * y;
      return unsupported(name, x, y);
    case Code.LAND:
      return Boolean(x) && Boolean(y);
    case Code.LOR:
      return Boolean(x) || Boolean(y);
    case Code.LXOR:
      return Boolean(x) !== Boolean(y);
    case Code.BAND:
    case Code.BOR:
    case Code.BXOR:
      return bitwise(code, name, x, y);
    case Code.MAXLOC:
    case Code.MINLOC: {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== 2 || y.length !== 2)
        throw new TypeError(`${name}: takes [value, index] pairs, not ${kind(x)} and ${kind(y)}`);
      const [u, i] = x;
      const [v, j] = y;
      const c = compare(name, u, v) * (code === Code.MAXLOC ? 1 : -1);
      if (c > 0) return [u, i];
      if (c < 0) return [v, j];
      return compare(name, j, i) < 0 ? [v, j] : [u, i];
    }
    case Code.REPLACE:
      return y;
    case Code.NO_OP:
      return x;
  }
  throw new TypeError(`${name}: not an operation that can be applied`);
}

/** x op y element by element, into a new array of x's kind. */
function elementwise(code: Code, name: string, x: Numeric, y: Numeric): Numeric {
  if (x.constructor !== y.constructor || x.length !== y.length)
    throw new TypeError(`${name}: element-wise on TypedArrays of one kind and length, not ${kind(x)}(${x.length}) and ${kind(y)}(${y.length})`);
  const float = x instanceof Float32Array || x instanceof Float64Array;
  const out = new (x.constructor as new (n: number) => { [i: number]: number | bigint })(x.length);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const a = x[i] as number, b = y[i] as number;
    switch (code) {
      case Code.MAX: out[i] = b > a ? b : a; break;
      case Code.MIN: out[i] = b < a ? b : a; break;
      case Code.SUM: out[i] = a + b; break;
      case Code.PROD: out[i] = a * b; break;
      case Code.BAND: out[i] = float ? unsupported(name, x, y) : a & b; break;
      case Code.BOR: out[i] = float ? unsupported(name, x, y) : a | b; break;
      case Code.BXOR: out[i] = float ? unsupported(name, x, y) : a ^ b; break;
      default: return unsupported(name, x, y);
    }
  }
  return out as unknown as Numeric;
}

const elementwiseCodes = new Set<number>([Code.MAX, Code.MIN, Code.SUM, Code.PROD, Code.BAND, Code.BOR, Code.BXOR]);

/** x op y for predefined op `handle` (name: for messages). */
export function applyPredefined(handle: number, name: string, x: unknown, y: unknown): unknown {
  const code = (handle >>> 26) === 0x16 ? handle & 0xff : 0; // builtin op handles are 0x580000NN
  if (isTypedArray(x) && isTypedArray(y) && elementwiseCodes.has(code)) return elementwise(code, name, x, y);
  return scalar(code, name, x, y);
}
