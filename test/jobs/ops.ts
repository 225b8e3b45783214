// Reduction ops: Op.Reduce_local with every predefined op over every TypedArray
// kind against a reference computed here, the other buffer forms (explicit
// types, counts, pair and complex types, Alloc_mem memory), JS user ops applied
// by the core, object-mode application (op.apply), and the errors.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const rank = MPI.COMM_WORLD.Get_rank();
type Op = InstanceType<typeof MPI.Op>;
type Num = number | bigint;
type Arr = { [i: number]: Num; length: number };
type Ctor = new (n: number | ArrayLike<Num>) => Arr;

// ---- every predefined op over every TypedArray kind ----

const kinds: [Ctor, Num[]][] = [
  [Int8Array as unknown as Ctor, [0, 1, -1, 127, -128, 100, -3, 7]],
  [Uint8Array as unknown as Ctor, [0, 1, 2, 255, 254, 128, 100, 3]],
  [Int16Array as unknown as Ctor, [0, 1, -1, 32767, -32768, 300, -3, 7]],
  [Uint16Array as unknown as Ctor, [0, 1, 2, 65535, 65534, 32768, 300, 3]],
  [Int32Array as unknown as Ctor, [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 123456789, -3, 7]],
  [Uint32Array as unknown as Ctor, [0, 1, 2, 2 ** 32 - 1, 2 ** 32 - 2, 2 ** 31, 123456789, 3]],
  [Float32Array as unknown as Ctor, [0, 1, -1, 0.5, -2.25, 3.5e38, NaN, -7.125]],
  [Float64Array as unknown as Ctor, [0, 1, -1, 0.1, -2.25, 1e308, NaN, -Infinity]],
  [BigInt64Array as unknown as Ctor, [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 10n ** 12n, -3n, 7n]],
  [BigUint64Array as unknown as Ctor, [0n, 1n, 2n, 2n ** 64n - 1n, 2n ** 64n - 2n, 2n ** 63n, 10n ** 12n, 3n]],
];

const arithmetic = ["MAX", "MIN", "SUM", "PROD"] as const;
const logical = ["LAND", "LOR", "LXOR"] as const;
const bitwise = ["BAND", "BOR", "BXOR"] as const;
const allOps = [...arithmetic, ...logical, ...bitwise, "MAXLOC", "MINLOC", "REPLACE", "NO_OP"] as const;

/** x op y for one element (x from inbuf, y from inoutbuf); the typed array it is stored into wraps it. */
function reference(op: string, x: Num, y: Num, ctor: Ctor): Num {
  const big = typeof x === "bigint";
  const truth = (v: Num) => v !== 0 && v !== 0n;
  const bool = (b: boolean): Num => (big ? BigInt(b) : Number(b));
  switch (op) {
    case "MAX": return y > x ? y : x;
    case "MIN": return y < x ? y : x;
    case "SUM": return big ? (x as bigint) + (y as bigint) : (x as number) + (y as number);
    case "PROD":
      if (big) return (x as bigint) * (y as bigint);
      if (ctor === (Int32Array as unknown) || ctor === (Uint32Array as unknown)) return Math.imul(x as number, y as number);
      return (x as number) * (y as number);
    case "LAND": return bool(truth(x) && truth(y));
    case "LOR": return bool(truth(x) || truth(y));
    case "LXOR": return bool(truth(x) !== truth(y));
    case "BAND": return big ? (x as bigint) & (y as bigint) : (x as number) & (y as number);
    case "BOR": return big ? (x as bigint) | (y as bigint) : (x as number) | (y as number);
    case "BXOR": return big ? (x as bigint) ^ (y as bigint) : (x as number) ^ (y as number);
  }
  throw new Error(op);
}

const isFloat = (ctor: Ctor) => ctor === (Float32Array as unknown) || ctor === (Float64Array as unknown);
const same = (a: Num, b: Num) => Object.is(a, b) || (a === b);

let checked = 0;
for (const [ctor, values] of kinds) {
  const L = values.length;
  // every pair of values meets; rank-dependent rotation so that ranks differ
  const x = new ctor(L * L), y = new ctor(L * L);
  for (let i = 0; i < L * L; i++) {
    x[i] = values[(i + rank) % L];
    y[i] = values[Math.floor(i / L) % L];
  }
  for (const name of allOps) {
    const op = (MPI as unknown as Record<string, Op>)[name];
    const valid = isFloat(ctor) ? (arithmetic as readonly string[]).includes(name) : !["MAXLOC", "MINLOC", "REPLACE", "NO_OP"].includes(name);
    const inout = new ctor(y as ArrayLike<Num>);
    if (!valid) {
      expectMPIError(MPI.ERR_OP, "MPI_Reduce_local", () => op.Reduce_local(x as never, inout as never));
      assert.deepEqual(inout, y, `${name} on ${ctor.name}: inoutbuf changed by a failed call`);
      continue;
    }
    op.Reduce_local(x as never, inout as never);
    const want = new ctor(L * L);
    for (let i = 0; i < L * L; i++) want[i] = reference(name, x[i], y[i], ctor);
    for (let i = 0; i < L * L; i++)
      assert.ok(same(inout[i], want[i]), `${name} on ${ctor.name}[${i}]: ${x[i]} op ${y[i]} gave ${inout[i]}, want ${want[i]}`);
    checked++;
  }
}
assert.equal(checked, 8 * 10 + 2 * 4);

// ---- other buffer forms ----
{
  // explicit type and count: only the first 3 elements
  const a = new Int32Array([1, 2, 3, 4]), b = new Int32Array([10, 20, 30, 40]);
  MPI.SUM.Reduce_local([a, 3, MPI.INT], [b, 3, MPI.INT]);
  assert.deepEqual([...b], [11, 22, 33, 40]);
  // bytes as unsigned shorts, through a DataView
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint16(0, 65535, true);
  dv.setUint16(2, 2, true);
  const inout = new Uint16Array([1, 3]);
  MPI.PROD.Reduce_local([dv, MPI.UNSIGNED_SHORT], [inout, MPI.UNSIGNED_SHORT]);
  assert.deepEqual([...inout], [65535, 6]);
  // Alloc_mem memory is used in place
  const la = MPI.Alloc_mem(Float64Array, 3), lb = MPI.Alloc_mem(Float64Array, 3);
  la.set([1, 5, -2]);
  lb.set([4, 4, 4]);
  MPI.MAX.Reduce_local(la, lb);
  assert.deepEqual([...lb], [4, 5, 4]);
  MPI.Free_mem(la);
  MPI.Free_mem(lb);
  // MPI_C_BOOL
  const p = new Uint8Array([0, 0, 1, 1]), q = new Uint8Array([0, 1, 0, 1]);
  MPI.LXOR.Reduce_local([p, MPI.C_BOOL], [q, MPI.C_BOOL]);
  assert.deepEqual([...q], [0, 1, 1, 0]);
  expectMPIError(MPI.ERR_OP, "MPI_Reduce_local", () => MPI.BAND.Reduce_local([p, MPI.C_BOOL], [q, MPI.C_BOOL]));
}
{
  // MPI_DOUBLE_INT pairs (value, int at byte 8, 16 bytes each): MAXLOC and MINLOC, ties to the lower index
  const pairs = (items: [number, number][]) => {
    const dv = new DataView(new ArrayBuffer(16 * items.length));
    items.forEach(([v, i], k) => {
      dv.setFloat64(16 * k, v, true);
      dv.setInt32(16 * k + 8, i, true);
    });
    return dv;
  };
  const read = (dv: DataView) => Array.from({ length: dv.byteLength / 16 }, (_, k) => [dv.getFloat64(16 * k, true), dv.getInt32(16 * k + 8, true)]);
  const a = [[3, 7], [1, 2], [5, 9], [2, 1]] as [number, number][];
  const b = [[3, 4], [1, 8], [4, 0], [6, 3]] as [number, number][];
  const inout = pairs(b);
  MPI.MAXLOC.Reduce_local([pairs(a), MPI.DOUBLE_INT], [inout, MPI.DOUBLE_INT]);
  assert.deepEqual(read(inout), [[3, 4], [1, 2], [5, 9], [6, 3]]);
  const inout2 = pairs(b);
  MPI.MINLOC.Reduce_local([pairs(a), MPI.DOUBLE_INT], [inout2, MPI.DOUBLE_INT]);
  assert.deepEqual(read(inout2), [[3, 4], [1, 2], [4, 0], [2, 1]]);
  expectMPIError(MPI.ERR_OP, "MPI_Reduce_local", () => MPI.SUM.Reduce_local([pairs(a), MPI.DOUBLE_INT], [pairs(b), MPI.DOUBLE_INT]));
  // complex: (1+2i)(3-i) = 5+5i, (0+1i)(0+1i) = -1
  const c = new Float64Array([3, -1, 0, 1]);
  MPI.PROD.Reduce_local([new Float64Array([1, 2, 0, 1]), MPI.C_DOUBLE_COMPLEX], [c, MPI.C_DOUBLE_COMPLEX]);
  assert.deepEqual([...c], [5, 5, -1, 0]);
}

// ---- derived datatypes: ops apply to their predefined elements ----
{
  const every2nd = MPI.DOUBLE.Create_vector(3, 1, 2).Commit();
  const x = new Float64Array([1, -1, 2, -1, 3]), y = new Float64Array([4, 99, 5, 99, 6]);
  MPI.SUM.Reduce_local([x, 1, every2nd], [y, 1, every2nd]);
  assert.deepEqual([...y], [5, 99, 7, 99, 9], "the gaps stay");
  const triple = MPI.INT.Create_contiguous(3).Commit();
  const a = new Int32Array([1, 2, 3, 4, 5, 6]), b = new Int32Array([6, 5, 4, 3, 2, 1]);
  MPI.MAX.Reduce_local([a, 2, triple], [b, 2, triple]);
  assert.deepEqual([...b], [6, 5, 4, 4, 5, 6]);
  expectMPIError(MPI.ERR_OP, "MPI_Reduce_local", () => MPI.LAND.Reduce_local([x, 1, every2nd], [y, 1, every2nd]));
  // a user op sees the bytes the elements span, and the derived type
  let seen: unknown[] = [];
  const spy = MPI.Op.Create((inv: Uint8Array, inoutv: Uint8Array, dt) => {
    seen = [inv.constructor, inoutv.length, dt?.handle];
  });
  spy.Reduce_local([x, 1, every2nd], [y, 1, every2nd]);
  assert.deepEqual(seen, [Uint8Array, 40, every2nd.handle]);
  spy.Free();
  every2nd.Free();
  triple.Free();
}

// ---- JS user ops, applied by the core ----
{
  let seen: unknown[] = [];
  const digits = MPI.Op.Create((invec: Int32Array, inoutvec: Int32Array, dt) => {
    seen = [invec.constructor, inoutvec.length, dt];
    for (let i = 0; i < invec.length; i++) inoutvec[i] = invec[i] * 10 + inoutvec[i];
  });
  assert.equal(digits.Is_commutative(), false);
  assert.equal(digits.is_commutative, false);
  const inout = new Int32Array([4, 5, 6]);
  digits.Reduce_local(new Int32Array([1, 2, 3]), inout);
  assert.deepEqual([...inout], [14, 25, 36], "user op order: inout = in op inout");
  assert.deepEqual(seen, [Int32Array, 3, MPI.INT]);

  // views of the datatype's elements: doubles, interleaved complex parts, bytes for pairs
  const sum = MPI.Op.Create((a: Float64Array | Uint8Array, b: Float64Array | Uint8Array, dt) => {
    seen = [a.constructor, a.length, dt];
    for (let i = 0; i < a.length; i++) b[i] += a[i];
  }, true);
  assert.equal(sum.Is_commutative(), true);
  const d = new Float64Array([0.5, 1.5]);
  sum.Reduce_local(new Float64Array([1, 2]), d);
  assert.deepEqual([...d], [1.5, 3.5]);
  const z = new Float64Array([1, 1, 1, 1]);
  sum.Reduce_local([new Float64Array([1, 2, 3, 4]), MPI.C_DOUBLE_COMPLEX], [z, MPI.C_DOUBLE_COMPLEX]);
  assert.deepEqual(seen, [Float64Array, 4, MPI.C_DOUBLE_COMPLEX]);
  assert.deepEqual([...z], [2, 3, 4, 5]);
  const bytes = new Uint8Array(16);
  sum.Reduce_local([new Uint8Array(16).fill(1), MPI.TWOINT], [bytes, MPI.TWOINT]);
  assert.deepEqual(seen, [Uint8Array, 16, MPI.TWOINT]);
  // linear memory at an offset a Float64Array view cannot start at: copied for the function
  const raw = MPI.Alloc_mem(Uint8Array, 40), raw2 = MPI.Alloc_mem(Uint8Array, 40);
  const src = new DataView(raw.buffer, raw.byteOffset + 1, 16), dst = new DataView(raw2.buffer, raw2.byteOffset + 3, 16);
  src.setFloat64(0, 2.5, true);
  src.setFloat64(8, -1, true);
  dst.setFloat64(0, 1, true);
  dst.setFloat64(8, 1, true);
  sum.Reduce_local([src, MPI.DOUBLE], [dst, MPI.DOUBLE]);
  assert.deepEqual([dst.getFloat64(0, true), dst.getFloat64(8, true)], [3.5, 0]);
  MPI.Free_mem(raw);
  MPI.Free_mem(raw2);

  // an exception from the function is what Reduce_local throws
  const boom = new RangeError("boom");
  const thrower = MPI.Op.Create(() => {
    throw boom;
  });
  assert.throws(() => thrower.Reduce_local(new Int32Array(2), new Int32Array(2)), (e) => e === boom);
  // and the next call is not affected by it
  sum.Reduce_local(new Float64Array([1, 2]), d);
  assert.deepEqual([...d], [2.5, 5.5]);

  // an exception a collective's op left behind does not come out of a later Reduce_local
  const late = MPI.Op.Create(() => {
    throw new Error("thrown inside a collective");
  }, true);
  try {
    MPI.COMM_WORLD.Allreduce(new Int32Array([1, 2]), new Int32Array(2), late);
  } catch {
    // ranks that applied the op fail the call
  }
  late.Free();
  sum.Reduce_local(new Float64Array([0, 0]), d);
  assert.deepEqual([...d], [2.5, 5.5]);

  // objects: the function returns the result
  const concat = MPI.Op.Create((x, y, dt) => (dt === null ? `${x}${y}` : undefined));
  assert.equal(concat.apply("a", "b"), "ab");

  for (const op of [digits, sum, thrower, concat]) {
    op.Free();
    assert.equal(op.handle, MPI.OP_NULL.handle);
  }
  expectMPIError(MPI.ERR_OP, "MPI_Reduce_local", () => digits.Reduce_local(new Int32Array(1), new Int32Array(1)));
  expectMPIError(MPI.ERR_OP, "MPI_Op_free", () => digits.Free());
  expectMPIError(MPI.ERR_OP, "MPI_Op_free", () => MPI.SUM.Free());
  expectMPIError(MPI.ERR_ARG, "MPI_Op_create", () => MPI.Op.Create(42 as never));
  // many creations and frees reuse the core's slots and the runtime's registrations
  for (let i = 0; i < 200; i++) {
    const t = MPI.Op.Create((a: Int32Array, b: Int32Array) => void (b[0] += a[0] + i));
    const v = new Int32Array([1]);
    t.Reduce_local(new Int32Array([1]), v);
    assert.equal(v[0], 2 + i);
    t.Free();
  }
}

// ---- object mode ----
{
  assert.equal(MPI.SUM.apply(2, 3), 5);
  assert.equal(MPI.SUM.apply(2n ** 64n, 1n), 2n ** 64n + 1n);
  assert.equal(MPI.SUM.apply("ab", "cd"), "abcd");
  assert.deepEqual(MPI.SUM.apply([1, 2], [3]), [1, 2, 3]);
  assert.equal(MPI.PROD.apply(6, 7), 42);
  assert.equal(MPI.PROD.apply(3n, -4n), -12n);
  assert.equal(MPI.MAX.apply(2, 3), 3);
  assert.equal(MPI.MIN.apply(2, 3), 2);
  assert.equal(MPI.MAX.apply("pear", "apple"), "pear");
  assert.deepEqual(MPI.MAX.apply([1, 5], [1, 2, 9]), [1, 5]);
  assert.deepEqual(MPI.MIN.apply([1, 2], [1, 2, 0]), [1, 2]);
  assert.equal(MPI.MAX.apply(1n, 2), 2);
  assert.equal(MPI.LAND.apply(1, "x"), true);
  assert.equal(MPI.LAND.apply(1, 0), false);
  assert.equal(MPI.LOR.apply(0, ""), false);
  assert.equal(MPI.LXOR.apply(true, 5), false);
  assert.equal(MPI.LXOR.apply(0, 5), true);
  assert.equal(MPI.BAND.apply(0b1100, 0b1010), 0b1000);
  assert.equal(MPI.BOR.apply(2 ** 40, 1), 2 ** 40 + 1);
  assert.equal(MPI.BXOR.apply(-1, 2 ** 35), -1 - 2 ** 35);
  assert.equal(MPI.BXOR.apply(0xffn, 0x0fn), 0xf0n);
  assert.equal(MPI.BAND.apply(true, false), false);
  assert.deepEqual(MPI.MAXLOC.apply([3, 1], [3, 0]), [3, 0]);
  assert.deepEqual(MPI.MAXLOC.apply([4, 5], [3, 0]), [4, 5]);
  assert.deepEqual(MPI.MINLOC.apply([3, 1], [2, 7]), [2, 7]);
  assert.deepEqual(MPI.MINLOC.apply([2, 1], [2, 7]), [2, 1]);
  assert.equal(MPI.REPLACE.apply(1, 2), 2);
  assert.equal(MPI.NO_OP.apply(1, 2), 1);
  assert.deepEqual(MPI.SUM.apply(new Float64Array([1, 2]), new Float64Array([0.5, 4])), new Float64Array([1.5, 6]));
  assert.deepEqual(MPI.MAX.apply(new Int32Array([1, 9]), new Int32Array([5, 2])), new Int32Array([5, 9]));
  assert.deepEqual(MPI.BOR.apply(new BigInt64Array([1n]), new BigInt64Array([6n])), new BigInt64Array([7n]));
  // a reduction over ranks, as object-mode collectives will fold it
  const values = [4, 8, 1, 8, 3];
  assert.deepEqual(values.map((v, i) => [v, i]).reduce((acc, v) => MPI.MAXLOC.apply(acc, v) as [number, number]), [8, 1]);
  assert.throws(() => MPI.PROD.apply("a", "b"), TypeError);
  assert.throws(() => MPI.SUM.apply(1, 2n), TypeError);
  assert.throws(() => MPI.MAX.apply({}, {}), TypeError);
  assert.throws(() => MPI.BAND.apply(1.5, 1), TypeError);
  assert.throws(() => MPI.MAXLOC.apply(1, 2), TypeError);
  assert.throws(() => MPI.BAND.apply(new Float64Array(1), new Float64Array(1)), TypeError);
  assert.throws(() => MPI.SUM.apply(new Float64Array(1), new Float64Array(2)), TypeError);
  assert.throws(() => MPI.OP_NULL.apply(1, 2), TypeError);
}

// ---- errors ----
{
  const a = new Float64Array(4), b = new Float64Array(4);
  try {
    MPI.LAND.Reduce_local(a, b);
    assert.fail("MPI_LAND on MPI_DOUBLE");
  } catch (e) {
    assert.ok(e instanceof MPI.Exception);
    assert.equal(e.Get_error_class(), MPI.ERR_OP);
    assert.match(e.message, /MPI_Reduce_local.*MPI_LAND.*MPI_DOUBLE/);
  }
  expectMPIError(MPI.ERR_OP, "MPI_Reduce_local", () => MPI.SUM.Reduce_local([a, MPI.CHAR], [b, MPI.CHAR]));
  expectMPIError(MPI.ERR_OP, "MPI_Reduce_local", () => MPI.OP_NULL.Reduce_local(a, b));
  expectMPIError(MPI.ERR_OP, "MPI_Reduce_local", () => MPI.REPLACE.Reduce_local(a, b));
  expectMPIError(MPI.ERR_COUNT, "MPI_Reduce_local", () => MPI.SUM.Reduce_local(a, new Float64Array(3)));
  expectMPIError(MPI.ERR_TYPE, "MPI_Reduce_local", () => MPI.SUM.Reduce_local(a, new Int32Array(4)));
  expectMPIError(MPI.ERR_BUFFER, "MPI_Reduce_local", () => MPI.SUM.Reduce_local(a, a));
  expectMPIError(MPI.ERR_BUFFER, "MPI_Reduce_local", () => MPI.SUM.Reduce_local(a.subarray(0, 2), a.subarray(1, 3)));
  expectMPIError(MPI.ERR_BUFFER, "MPI_Reduce_local", () => MPI.SUM.Reduce_local(MPI.IN_PLACE as never, b));
  expectMPIError(MPI.ERR_OP, "MPI_Op_commutative", () => MPI.OP_NULL.Is_commutative());
  assert.equal(MPI.MAXLOC.Is_commutative(), true);
  MPI.SUM.Reduce_local(new Float64Array(0), new Float64Array(0));
}

done();
