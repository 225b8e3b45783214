import { describe, expect, it } from "vitest";
import { defaultSerializer } from "../ts/mpi/serializer.js";

const { dumps, loads } = defaultSerializer;

/** The message as the transport sees it: the chunks laid end to end. */
function concat(encoded: Uint8Array | Uint8Array[]): Uint8Array {
  const chunks = Array.isArray(encoded) ? encoded : [encoded];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function roundTrip<T>(value: T): T {
  return loads(concat(dumps(value))) as T;
}

function bytesOf(v: ArrayBufferView | ArrayBuffer): number[] {
  return Array.from(v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

/** Payload chunks with their offsets in the concatenated message (pads excluded). */
function payloadOffsets(chunks: Uint8Array[], sources: ArrayBufferLike[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const c of chunks) {
    if (sources.includes(c.buffer)) offsets.push(offset);
    offset += c.byteLength;
  }
  return offsets;
}

describe("primitives", () => {
  it("keeps undefined, null and booleans", () => {
    for (const v of [undefined, null, true, false]) expect(roundTrip(v)).toBe(v);
  });

  it("keeps every kind of number exactly", () => {
    const numbers = [
      0, -0, 1, 127, 128, 255, 256, -1, -127, -128, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 32, -(2 ** 32),
      Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, -(2 ** 53), 1.5, -0.1, Math.PI,
      NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, Number.EPSILON,
    ];
    for (const n of numbers) expect(Object.is(roundTrip(n), n), `${Object.is(n, -0) ? "-0" : n}`).toBe(true);
  });

  it("keeps bigints of any size and sign", () => {
    const bigints = [
      0n, 1n, -1n, 255n, 256n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n, -(2n ** 63n) - 1n,
      2n ** 64n - 1n, 2n ** 64n, -(2n ** 64n), 2n ** 1000n + 12345n, -(3n ** 500n), 2n ** 100_000n - 1n,
    ];
    for (const b of bigints) expect(roundTrip(b)).toBe(b);
  });

  it("keeps strings: ASCII, Unicode, astral, short and long", () => {
    const strings = [
      "", "a", "\0", "hello", "x".repeat(42), "x".repeat(43), "y".repeat(100_000), "héllo wörld", "日本語のテキスト",
      "😀 emoji 👩‍👩‍👧", "ü".repeat(42), "ü".repeat(43), "€".repeat(1000), "mixed ascii then ünïcödé ".repeat(50),
      "\u{10FFFF}\u{10000}", "\u007f\u0080\u07ff\u0800\uffff",
    ];
    for (const s of strings) expect(roundTrip(s)).toBe(s);
  });

  it("keeps a leading byte order mark", () => {
    for (const s of ["\uFEFF", "\uFEFFshort", "\uFEFF" + "long".repeat(100), "\uFEFFé" + "long".repeat(100)]) {
      expect(roundTrip(s)).toBe(s);
    }
  });

  it("keeps lone surrogates exactly, in short and long strings", () => {
    const strings = ["\uD800", "\uDC00", "a\uD800b", "a\uDC00b", "\uDBFF\uDBFF\uDFFF", "x".repeat(100) + "\uD83D", "\uDE00" + "é".repeat(100)];
    for (const s of strings) expect(roundTrip(s)).toBe(s);
  });
});

describe("objects", () => {
  it("keeps Date, including an invalid one", () => {
    const d = new Date(1_700_000_000_123);
    const back = roundTrip(d);
    expect(back).toBeInstanceOf(Date);
    expect(back.getTime()).toBe(d.getTime());
    expect(Number.isNaN(roundTrip(new Date(NaN)).getTime())).toBe(true);
  });

  it("keeps RegExp source and flags", () => {
    for (const r of [/a+b*/gi, /^\d{3}$/msuy, new RegExp("x/y", "d"), /(?<year>\d{4})/]) {
      const back = roundTrip(r);
      expect(back).toBeInstanceOf(RegExp);
      expect(back.source).toBe(r.source);
      expect(back.flags).toBe(r.flags);
    }
  });

  it("keeps arrays, nested and empty, and the length of sparse ones", () => {
    expect(roundTrip([])).toEqual([]);
    expect(roundTrip([1, [2, [3, ["four"]]], null])).toEqual([1, [2, [3, ["four"]]], null]);
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    sparse.length = 6;
    const back = roundTrip(sparse);
    expect(back.length).toBe(6);
    expect(back).toEqual([1, undefined, 3, undefined, undefined, undefined]);
  });

  it("keeps plain objects with their key order", () => {
    const o = { z: 1, a: "two", m: [3], nested: { deep: { deeper: true } }, 7: "seven", "": "empty key", "ключ": "é" };
    const back = roundTrip(o);
    expect(back).toEqual(o);
    expect(Object.keys(back)).toEqual(Object.keys(o));
  });

  it("keeps a __proto__ key as an own property and null-prototype objects as objects", () => {
    const o = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
    const back = roundTrip(o);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(["__proto__", "x"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const bare = Object.assign(Object.create(null), { a: 1 });
    expect(roundTrip(bare)).toEqual({ a: 1 });
  });

  it("sends class instances as plain objects of their own enumerable properties, like structuredClone", () => {
    class Point {
      #secret = 42;
      constructor(public x: number, public y: number) {}
      get secret() {
        return this.#secret;
      }
    }
    const back = roundTrip(new Point(1, 2));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(back).toEqual(structuredClone(new Point(1, 2)));
  });

  it("ignores symbol-keyed properties, like structuredClone", () => {
    expect(roundTrip({ a: 1, [Symbol("s")]: 2 })).toEqual({ a: 1 });
  });

  it("keeps Map and Set with insertion order and object keys", () => {
    const key = { k: 1 };
    const m = new Map<unknown, unknown>([["a", 1], [2, "b"], [key, new Set([1, "x", key])], [NaN, -0]]);
    const back = roundTrip(m);
    expect(back).toBeInstanceOf(Map);
    expect([...back.keys()].slice(0, 2)).toEqual(["a", 2]);
    const [, , [backKey, backSet]] = [...back.entries()];
    expect(backKey).toEqual(key);
    expect((backSet as Set<unknown>).has(backKey)).toBe(true);
    expect(Object.is(back.get(NaN), -0)).toBe(true);
  });

  it("keeps Errors: class, name, message, stack, cause, errors", () => {
    for (const Ctor of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]) {
      const e = new Ctor("boom");
      const back = roundTrip(e);
      expect(back).toBeInstanceOf(Ctor);
      expect(back.name).toBe(e.name);
      expect(back.message).toBe("boom");
      expect(back.stack).toBe(e.stack);
      expect(Object.keys(back)).toEqual([]);
    }
    const withCause = new Error("outer", { cause: { code: 7 } });
    expect(roundTrip(withCause).cause).toEqual({ code: 7 });
    const agg = roundTrip(new AggregateError([new TypeError("a"), 1], "many"));
    expect(agg).toBeInstanceOf(AggregateError);
    expect(agg.message).toBe("many");
    expect(agg.errors[0]).toBeInstanceOf(TypeError);
    expect(agg.errors[1]).toBe(1);
  });

  it("keeps a custom Error name and an Error without message or stack", () => {
    class MpiError extends Error {
      override name = "MpiError";
    }
    const back = roundTrip(new MpiError("rank 3 failed"));
    expect(back).toBeInstanceOf(Error);
    expect(back.name).toBe("MpiError");
    expect(back.message).toBe("rank 3 failed");
    const bare = new Error();
    delete bare.stack;
    const bareBack = roundTrip(bare);
    expect(Object.prototype.hasOwnProperty.call(bareBack, "message")).toBe(false);
    expect(bareBack.stack).toBeUndefined();
  });

  it("keeps Boolean, Number, String and BigInt wrapper objects", () => {
    const values = [new Boolean(false), new Boolean(true), new Number(-0), new Number(NaN), new String("wrapped é"), Object(2n ** 70n)];
    for (const v of values) {
      const back = roundTrip(v);
      expect(typeof back).toBe("object");
      expect(Object.getPrototypeOf(back)).toBe(Object.getPrototypeOf(v));
      expect(Object.is(back.valueOf(), v.valueOf())).toBe(true);
    }
  });

  it("agrees with structuredClone on a mixed value", () => {
    const value = {
      n: [0, -1, 1e300, NaN], s: "s", b: [true, false, null, undefined], big: [1n, -(2n ** 90n)], d: new Date(0),
      m: new Map([[1, { x: [1] }]]), set: new Set(["a"]), bytes: new Uint8Array([1, 2, 3]), f: new Float32Array([1.5]),
      e: new RangeError("r"), w: new String("w"), nested: [[[{}]]],
    };
    expect(roundTrip(value)).toEqual(structuredClone(value));
  });
});

describe("identity", () => {
  it("keeps shared references as one object", () => {
    const shared = { v: 1 };
    const o = { a: shared, b: shared, list: [shared, shared] };
    const back = roundTrip(o);
    expect(back.a).toBe(back.b);
    expect(back.list[0]).toBe(back.a);
    expect(back.list[1]).toBe(back.a);
  });

  it("keeps cycles through objects, arrays, Maps, Sets and Error causes", () => {
    const o: Record<string, unknown> = { name: "root" };
    o.self = o;
    const a: unknown[] = [o];
    a.push(a);
    o.arr = a;
    const m = new Map<unknown, unknown>();
    m.set(m, o);
    o.map = m;
    const s = new Set<unknown>();
    s.add(s);
    o.set = s;
    const e = new Error("loop");
    (e as { cause?: unknown }).cause = e;
    o.err = e;

    const back = roundTrip(o) as typeof o;
    expect(back.self).toBe(back);
    const backArr = back.arr as unknown[];
    expect(backArr[0]).toBe(back);
    expect(backArr[1]).toBe(backArr);
    const backMap = back.map as Map<unknown, unknown>;
    expect(backMap.get(backMap)).toBe(back);
    const backSet = back.set as Set<unknown>;
    expect(backSet.has(backSet)).toBe(true);
    const backErr = back.err as Error;
    expect(backErr.cause).toBe(backErr);
  });

  it("keeps identity in graphs with many objects", () => {
    const shared = { shared: true };
    const items = Array.from({ length: 1000 }, (_, i) => ({ i, shared, prev: null as unknown }));
    items.forEach((item, i) => (item.prev = items[(i + 999) % 1000]));
    const back = roundTrip(items);
    expect(back.length).toBe(1000);
    for (let i = 0; i < 1000; i++) {
      expect(back[i].i).toBe(i);
      expect(back[i].shared).toBe(back[0].shared);
      expect(back[i].prev).toBe(back[(i + 999) % 1000]);
    }
  });

  it("keeps one typed array seen twice as one object", () => {
    const t = new Int32Array([1, 2]);
    const back = roundTrip({ a: t, b: t });
    expect(back.a).toBe(back.b);
  });

  it("copies views that share one ArrayBuffer separately", () => {
    const buffer = new ArrayBuffer(16);
    const back = roundTrip([new Uint8Array(buffer, 0, 8), new Uint8Array(buffer, 4, 8)]);
    expect(back[0].buffer).not.toBe(back[1].buffer);
  });
});

describe("binary data", () => {
  const kinds = [
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array,
  ];
  const Float16 = (globalThis as Record<string, unknown>).Float16Array as typeof Float32Array | undefined;

  it.each(kinds.concat(Float16 ? [Float16] : []).map((k) => [k.name, k] as const))(
    "keeps a %s at a non-zero byteOffset",
    (_, Ctor) => {
      const size = Ctor.BYTES_PER_ELEMENT;
      const buffer = new ArrayBuffer(size * 12);
      new Uint8Array(buffer).forEach((_, i, a) => (a[i] = (i * 37 + 11) & 0xff));
      const view = new Ctor(buffer, size * 3, 5);
      const back = roundTrip(view);
      expect(back).toBeInstanceOf(Ctor);
      expect(back.length).toBe(5);
      expect(back.byteOffset).toBe(0);
      expect(back.buffer.byteLength).toBe(5 * size);
      expect(bytesOf(back)).toEqual(bytesOf(view));
    },
  );

  it("keeps a DataView at a non-zero byteOffset", () => {
    const buffer = new Uint8Array([9, 8, 7, 6, 5, 4, 3]).buffer;
    const back = roundTrip(new DataView(buffer, 2, 4));
    expect(back).toBeInstanceOf(DataView);
    expect(bytesOf(back)).toEqual([7, 6, 5, 4]);
  });

  it("keeps ArrayBuffers and reads a SharedArrayBuffer back as an ArrayBuffer", () => {
    const ab = new Uint8Array([1, 2, 3, 4, 5]).buffer;
    expect(bytesOf(roundTrip(ab))).toEqual([1, 2, 3, 4, 5]);
    const sab = new SharedArrayBuffer(3);
    new Uint8Array(sab).set([7, 8, 9]);
    const back = loads(concat(dumps(sab))) as ArrayBuffer;
    expect(back).toBeInstanceOf(ArrayBuffer);
    expect(bytesOf(back)).toEqual([7, 8, 9]);
    expect(roundTrip(new ArrayBuffer(0)).byteLength).toBe(0);
  });

  it("keeps NaN payloads and signalling NaNs bit for bit", () => {
    const f64 = new Float64Array(2);
    new Uint32Array(f64.buffer).set([0x00000001, 0x7ff00000, 0xdeadbeef, 0xfff7ffff]);
    const f32 = new Float32Array(1);
    new Uint32Array(f32.buffer)[0] = 0x7f800001;
    const back = roundTrip({ f64, f32 });
    expect(bytesOf(back.f64)).toEqual(bytesOf(f64));
    expect(bytesOf(back.f32)).toEqual(bytesOf(f32));
  });

  it("moves big arrays out of band, zero-copy, with a small header", () => {
    const x = new Float64Array(1 << 20).map((_, i) => i * 0.5);
    const encoded = dumps({ x });
    expect(Array.isArray(encoded)).toBe(true);
    const chunks = encoded as Uint8Array[];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0].byteLength).toBeLessThan(64);
    expect(chunks.some((c) => c.buffer === x.buffer && c.byteLength === x.byteLength)).toBe(true);
    const back = loads(concat(chunks)) as { x: Float64Array };
    expect(back.x).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.x.buffer).equals(Buffer.from(x.buffer))).toBe(true);
  });

  it("starts every payload at a multiple of 8", () => {
    const sources = [new Uint8Array(3), new Int16Array(5), new Float64Array(7), new Uint8Array(1), new Int32Array(2)];
    sources.forEach((s, i) => new Uint8Array(s.buffer).fill(i + 1));
    const encoded = dumps({ name: "odd sizes", sources, more: sources[2] });
    const chunks = encoded as Uint8Array[];
    const offsets = payloadOffsets(chunks, sources.map((s) => s.buffer));
    expect(offsets.length).toBe(sources.length);
    for (const offset of offsets) expect(offset % 8).toBe(0);
    const back = loads(concat(chunks)) as { sources: ArrayBufferView[]; more: unknown };
    back.sources.forEach((s, i) => expect(bytesOf(s)).toEqual(bytesOf(sources[i])));
    expect(back.more).toBe(back.sources[2]);
  });

  it("keeps zero-length views among others", () => {
    const back = roundTrip([new Uint8Array(5).fill(1), new Float64Array(0), new ArrayBuffer(0), new Uint16Array([7, 8])]);
    expect(bytesOf(back[0] as Uint8Array)).toEqual([1, 1, 1, 1, 1]);
    expect((back[1] as Float64Array).length).toBe(0);
    expect((back[2] as ArrayBuffer).byteLength).toBe(0);
    expect(Array.from(back[3] as Uint16Array)).toEqual([7, 8]);
  });
});

describe("buffers", () => {
  it("copies everything it keeps out of the input buffer", () => {
    const message = concat(dumps({ text: "é".repeat(100), key: "k", t: new Int32Array([1, 2, 3]), ab: new ArrayBuffer(4) }));
    const back = loads(message) as { text: string; key: string; t: Int32Array; ab: ArrayBuffer };
    message.fill(0xff);
    expect(back.text).toBe("é".repeat(100));
    expect(Array.from(back.t)).toEqual([1, 2, 3]);
    expect(bytesOf(back.ab)).toEqual([0, 0, 0, 0]);
  });

  it("decodes from a view at an odd offset and from a Node Buffer, still copying", () => {
    const message = concat(dumps({ t: new Float64Array([1, 2]), s: "abc" }));
    const memory = new Uint8Array(message.length + 3);
    memory.set(message, 3);
    const back = loads(memory.subarray(3)) as { t: Float64Array };
    expect(Array.from(back.t)).toEqual([1, 2]);

    const nodeBuffer = Buffer.from(message);
    const fromBuffer = loads(nodeBuffer) as { t: Float64Array };
    nodeBuffer.fill(0);
    expect(Array.from(fromBuffer.t)).toEqual([1, 2]);
  });

  it("decodes strings out of a SharedArrayBuffer (threaded wasm memory)", () => {
    const message = concat(dumps({ long: "ü".repeat(200), ascii: "a".repeat(200) }));
    const shared = new Uint8Array(new SharedArrayBuffer(message.length));
    shared.set(message);
    expect(loads(shared)).toEqual({ long: "ü".repeat(200), ascii: "a".repeat(200) });
  });

  it("grows the header scratch buffer for big headers and keeps working after", () => {
    const big = Array.from({ length: 50_000 }, (_, i) => ({ i, s: `item ${i}` }));
    expect(roundTrip(big)).toEqual(big);
    const huge = "z".repeat(3 << 20);
    expect(roundTrip(huge)).toBe(huge);
    expect(roundTrip({ a: 1, b: [1, 2, 3] })).toEqual({ a: 1, b: [1, 2, 3] });
  });

  it("lets a getter call dumps while dumps is running", () => {
    const inner = { get x() {
      return concat(dumps({ nested: true }));
    } };
    const back = roundTrip({ before: "b", inner, after: [1, 2] }) as { inner: { x: Uint8Array } };
    expect(back).toMatchObject({ before: "b", after: [1, 2] });
    expect(loads(back.inner.x)).toEqual({ nested: true });
  });
});

describe("errors", () => {
  it.each([
    ["function", () => 1, /function/],
    ["symbol", Symbol("s"), /symbol/],
    ["nested function", { a: [1, { f() {} }] }, /function/],
    ["WeakMap", new WeakMap(), /WeakMap/],
    ["WeakSet", new WeakSet(), /WeakSet/],
    ["Promise", Promise.resolve(1), /Promise/],
    ["symbol Map key", new Map([[Symbol("k"), 1]]), /symbol/],
  ])("refuses a %s with a TypeError naming it", (_, value, message) => {
    expect(() => dumps(value)).toThrow(TypeError);
    expect(() => dumps(value)).toThrow(message);
    expect(roundTrip({ still: "works" })).toEqual({ still: "works" });
  });

  it("refuses a wrong magic byte, a wrong version and a non-Uint8Array", () => {
    const message = concat(dumps({ a: 1 }));
    expect(() => loads(Uint8Array.of(0x7b, ...message.subarray(1)))).toThrow(/not a serialized message/);
    const wrongVersion = message.slice();
    wrongVersion[1] = 99;
    expect(() => loads(wrongVersion)).toThrow(/version 99/);
    expect(() => loads(new TextEncoder().encode('{"a":1}'))).toThrow(TypeError);
    expect(() => loads([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => loads(new Uint8Array(0))).toThrow(RangeError);
  });

  it("refuses every truncation of a message", () => {
    const value = { s: "text é", n: [1, 300, -5, 1.5, 2n ** 80n], d: new Date(5), t: new Float64Array([1, 2, 3]), u: new Uint8Array(5) };
    const message = concat(dumps(value));
    for (let n = 0; n < message.length; n++) {
      expect(() => loads(message.subarray(0, n)), `prefix of ${n} bytes`).toThrow(/truncated|malformed/);
    }
    expect(loads(message)).toEqual(value);
  });

  it("refuses trailing bytes", () => {
    const message = concat(dumps([1, new Uint8Array(3)]));
    expect(() => loads(Uint8Array.of(...message, 0))).toThrow(/after the last payload/);
    const plain = concat(dumps("x"));
    expect(() => loads(Uint8Array.of(...plain, 0))).toThrow(/after the last payload/);
  });

  it("throws only RangeError or TypeError on corrupted messages", () => {
    const message = concat(dumps({ a: [1, "two", { three: 3n }], m: new Map([[1, new Set([2])]]), e: new Error("x"), r: /r/g, t: new Int16Array(3) }));
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 3000; trial++) {
      const corrupt = message.slice();
      for (let k = 0; k < 1 + trial % 3; k++) corrupt[6 + Math.floor(random() * (corrupt.length - 6))] = Math.floor(random() * 256);
      try {
        loads(corrupt);
      } catch (e) {
        expect(e instanceof RangeError || e instanceof TypeError, String(e)).toBe(true);
      }
    }
  });
});
