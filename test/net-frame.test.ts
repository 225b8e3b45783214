import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ABORT_MESSAGE_MAX,
  encodeFrame,
  FrameDecoder,
  FrameError,
  INLINE_TAIL_MAX,
  MAX_BODY,
  type Frame,
} from "../ts/net/frame.js";
import { acceptPeer, dialPeer } from "../ts/net/handshake.js";
import type { FrameLink } from "../ts/net/link.js";
import { memoryLinkPair } from "../ts/net/memory-link.js";

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/** A frame with its byte fields as plain arrays, so views and copies compare equal. */
function plain(f: Frame): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) out[k] = v instanceof Uint8Array ? Array.from(v) : v;
  return out;
}

const samples: Frame[] = [
  { type: "hello", proc: 7, nonce: bytes(32, 1) },
  { type: "challenge", proc: 0xffffffff, nonce: bytes(32, 2), mac: bytes(32, 3) },
  { type: "auth", mac: bytes(32, 4) },
  { type: "welcome" },
  { type: "pkt", dst: 3, header: bytes(48, 5), payload: bytes(8, 6) },
  { type: "pkt", dst: 0, header: bytes(48, 7), payload: new Uint8Array(0) },
  { type: "pkt", dst: 1, header: bytes(48, 8), payload: bytes(INLINE_TAIL_MAX + 1, 9) },
  { type: "get", dst: 1, src: 2, remote: 3, len: 4, local: 5, rreq: 6, counter: 7, before: 0xfffffffe },
  { type: "data", dst: 4, local: 65536, rreq: 9, last: true, bytes: bytes(100, 10) },
  { type: "data", dst: 4, local: 0, rreq: 0, last: false, bytes: new Uint8Array(0) },
  { type: "bye" },
  { type: "ping" },
  { type: "abort", code: -17, rank: 12, message: "rank 12 failed: ünïcödé ✓" },
  { type: "abort", code: 0x7fffffff, rank: 0, message: "" },
  { type: "ranks", base: 4098, size: 3 },
  { type: "fwd", dstJob: 0xdeadbeef, dstProc: 0, srcJob: 7, srcProc: 2, body: new Uint8Array([12, 0, 0, 0, 1, 10, 0, 0]) },
];

const stream = concat(samples.flatMap(encodeFrame));

/** Decodes `data` pushed in the given chunk sizes (the rest in one chunk). */
function decodeChunked(data: Uint8Array, cuts: number[]): Frame[] {
  const d = new FrameDecoder();
  const frames: Frame[] = [];
  let o = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    frames.push(...d.push(data.subarray(o, c)));
    o = c;
  }
  frames.push(...d.push(data.subarray(o)));
  expect(d.partial).toBe(0);
  return frames;
}

/** A valid encoded frame made malformed by `edit` (which gets the whole frame with its length prefix). */
function malformed(f: Frame, edit: (b: Uint8Array, view: DataView) => void): Uint8Array {
  const b = concat(encodeFrame(f));
  edit(b, new DataView(b.buffer));
  return b;
}

function expectFrameError(data: Uint8Array, pattern: RegExp): void {
  const d = new FrameDecoder();
  expect(() => d.push(data)).toThrow(pattern);
  // Stays failed.
  expect(() => d.push(concat(encodeFrame({ type: "bye" })))).toThrow(FrameError);
}

/** A body of `len` bytes with a valid head of type `code` (fields zero). */
function rawFrame(code: number, bodyLen: number, fill?: (b: Uint8Array) => void): Uint8Array {
  const b = new Uint8Array(4 + bodyLen);
  new DataView(b.buffer).setUint32(0, bodyLen, true);
  b[4] = 1;
  b[5] = code;
  fill?.(b);
  return b;
}

describe("frame encoding", () => {
  it("round-trips every frame type", () => {
    const frames = new FrameDecoder().push(stream);
    expect(frames.map(plain)).toEqual(samples.map(plain));
  });

  it("encodes small frames into one buffer and large tails as the caller's view", () => {
    const small = encodeFrame({ type: "pkt", dst: 1, header: bytes(48, 0), payload: bytes(8, 0) });
    expect(small).toHaveLength(1);
    expect(small[0]!.byteLength).toBe(4 + 4 + 52 + 8);
    const payload = bytes(INLINE_TAIL_MAX + 1, 0);
    const large = encodeFrame({ type: "data", dst: 1, local: 0, rreq: 0, last: true, bytes: payload });
    expect(large).toHaveLength(2);
    expect(large[1]).toBe(payload);
  });

  it("writes the documented little-endian layout", () => {
    const b = concat(encodeFrame({ type: "get", dst: 1, src: 2, remote: 0x01020304, len: 4, local: 5, rreq: 6, counter: 7, before: 8 }));
    const v = new DataView(b.buffer);
    expect(v.getUint32(0, true)).toBe(36);
    expect([b[4], b[5], b[6], b[7]]).toEqual([1, 6, 0, 0]);
    expect(v.getUint32(16, true)).toBe(0x01020304);
    expect(b[16]).toBe(4);
  });

  it("decodes the same frames when the stream is split at every byte boundary", () => {
    // Re-encoding the decoded frames must give the stream back byte for byte (cheaper than
    // comparing frame objects 10 000 times; the round-trip test above checks the objects).
    const want = Buffer.from(stream);
    for (let cut = 0; cut <= stream.byteLength; cut++) {
      const again = Buffer.from(concat(decodeChunked(stream, [cut]).flatMap(encodeFrame)));
      if (!again.equals(want)) expect.fail(`split at byte ${cut} decoded differently`);
    }
  });

  it("decodes the same frames when fed one byte at a time", () => {
    const d = new FrameDecoder();
    const frames: Frame[] = [];
    for (let i = 0; i < stream.byteLength; i++) frames.push(...d.push(stream.subarray(i, i + 1)));
    expect(frames.map(plain)).toEqual(samples.map(plain));
  });

  it("hands out a tail that arrives whole in its own chunk as a view of that chunk", () => {
    const [head, payload] = encodeFrame({ type: "data", dst: 2, local: 0, rreq: 1, last: true, bytes: bytes(INLINE_TAIL_MAX + 10, 3) });
    const d = new FrameDecoder();
    expect(d.push(head!)).toEqual([]);
    const tailChunk = payload!.slice(); // as a transport would deliver it
    const [f] = d.push(tailChunk);
    expect(f!.type === "data" && f!.bytes.buffer === tailChunk.buffer).toBe(true);
    expect(plain(f!)).toEqual(plain({ type: "data", dst: 2, local: 0, rreq: 1, last: true, bytes: payload! }));
  });

  it("refuses fields out of range when encoding", () => {
    expect(() => encodeFrame({ type: "hello", proc: -1, nonce: bytes(32, 0) })).toThrow(/proc/);
    expect(() => encodeFrame({ type: "hello", proc: 1, nonce: bytes(31, 0) })).toThrow(/nonce must be a Uint8Array of 32 bytes/);
    expect(() => encodeFrame({ type: "pkt", dst: 2 ** 32, header: bytes(48, 0), payload: bytes(1, 0) })).toThrow(/dst/);
    expect(() => encodeFrame({ type: "pkt", dst: 0, header: bytes(47, 0), payload: bytes(1, 0) })).toThrow(/header/);
    expect(() => encodeFrame({ type: "get", dst: 0, src: 0, remote: 0, len: 1.5, local: 0, rreq: 0, counter: 0, before: 0 })).toThrow(/len/);
    expect(() => encodeFrame({ type: "abort", code: 2 ** 31, rank: 0, message: "" })).toThrow(/code/);
    expect(() => encodeFrame({ type: "abort", code: 0, rank: 0, message: "x".repeat(ABORT_MESSAGE_MAX + 1) })).toThrow(/4097 UTF-8 bytes/);
    const huge = new Uint8Array(MAX_BODY);
    expect(() => encodeFrame({ type: "data", dst: 0, local: 0, rreq: 0, last: true, bytes: huge })).toThrow(/exceeds MAX_BODY/);
  });
});

describe("frame decoding errors", () => {
  const hello: Frame = { type: "hello", proc: 1, nonce: bytes(32, 0) };
  const data: Frame = { type: "data", dst: 0, local: 0, rreq: 0, last: true, bytes: bytes(5, 0) };

  it("bad version", () => expectFrameError(malformed(hello, (b) => (b[4] = 2)), /wire version 2, expected 1/));
  it("unknown type", () => {
    expectFrameError(malformed(hello, (b) => (b[5] = 0)), /unknown frame type 0/);
    expectFrameError(malformed(hello, (b) => (b[5] = 11)), /unknown frame type 11/);
    expectFrameError(malformed(hello, (b) => (b[5] = 255)), /unknown frame type 255/);
  });
  it("reserved field not zero", () => {
    expectFrameError(malformed(hello, (b) => (b[6] = 1)), /hello frame has reserved field 1/);
    expectFrameError(malformed(hello, (b) => (b[7] = 1)), /reserved field 256/);
  });
  it("body length below 4", () => {
    for (const len of [0, 1, 3]) expectFrameError(new Uint8Array([len, 0, 0, 0, 1, 8, 0, 0]), new RegExp(`body length ${len} is below`));
  });
  it("body length above MAX_BODY is refused from the 4 length bytes alone", () => {
    const d = new FrameDecoder();
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, MAX_BODY + 1, true);
    expect(() => d.push(len)).toThrow(/exceeds MAX_BODY/);
    const d2 = new FrameDecoder();
    expect(() => d2.push(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toThrow(/4294967295 exceeds MAX_BODY/);
  });
  it("a fixed part too short or too long", () => {
    expectFrameError(rawFrame(1, 4 + 35), /hello frame has body length 39, expected 40/);
    expectFrameError(rawFrame(1, 4 + 37), /hello frame has body length 41, expected 40/);
    expectFrameError(rawFrame(4, 5), /welcome frame has body length 5, expected 4/);
    expectFrameError(rawFrame(8, 8), /bye frame has body length 8, expected 4/);
    expectFrameError(rawFrame(6, 4 + 28), /get frame has body length 32, expected 36/);
    expectFrameError(rawFrame(5, 4 + 51), /pkt frame has body length 55, expected at least 56/);
    expectFrameError(rawFrame(7, 4 + 15), /data frame has body length 19, expected at least 20/);
    expectFrameError(rawFrame(9, 4 + 7), /abort frame has body length 11, expected at least 12/);
  });
  it("a bad head is refused before its body is buffered", () => {
    // The length is fine, the type does not fit it: refused with only 8 bytes in.
    const d = new FrameDecoder();
    expect(() => d.push(rawFrame(1, 1000).subarray(0, 8))).toThrow(/hello frame has body length 1000/);
  });
  it("data frame with last not 0/1 or nonzero padding", () => {
    expectFrameError(malformed(data, (b) => (b[20] = 2)), /last = 2, must be 0 or 1/);
    expectFrameError(malformed(data, (b) => (b[22] = 1)), /nonzero padding/);
  });
  it("abort message too long or not UTF-8", () => {
    expectFrameError(rawFrame(9, 12 + ABORT_MESSAGE_MAX + 1), /message is 4097 bytes, limit 4096/);
    expectFrameError(rawFrame(9, 12 + 2, (b) => b.set([0xc3, 0x28], 16)), /not valid UTF-8/);
    expectFrameError(rawFrame(9, 12 + 1, (b) => (b[16] = 0xff)), /not valid UTF-8/);
    // exactly the limit is fine
    const ok = new FrameDecoder().push(rawFrame(9, 12 + ABORT_MESSAGE_MAX, (b) => b.fill(0x61, 16)));
    expect(ok[0]).toMatchObject({ type: "abort", message: "a".repeat(ABORT_MESSAGE_MAX) });
  });
  it("errors after valid frames in the same chunk still surface, and the decoder stays failed", () => {
    const d = new FrameDecoder();
    const good = concat(encodeFrame({ type: "bye" }));
    expect(() => d.push(concat([good, malformed(hello, (b) => (b[4] = 9))]))).toThrow(FrameError);
    expect(() => d.push(good)).toThrow(/stream already failed: frame has wire version 9/);
  });
  it("reports bytes of an incomplete frame", () => {
    const d = new FrameDecoder();
    const b = concat(encodeFrame(data));
    d.push(b.subarray(0, 3));
    expect(d.partial).toBe(3);
    d.push(b.subarray(3, 10));
    expect(d.partial).toBe(10);
    expect(d.push(b.subarray(10))).toHaveLength(1);
    expect(d.partial).toBe(0);
  });
});

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const fixedBytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const tail = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: INLINE_TAIL_MAX - 2, maxLength: INLINE_TAIL_MAX + 3000 }));
const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  fc.record({ type: fc.constant("hello" as const), proc: u32, nonce: fixedBytes(32) }),
  fc.record({ type: fc.constant("challenge" as const), proc: u32, nonce: fixedBytes(32), mac: fixedBytes(32) }),
  fc.record({ type: fc.constant("auth" as const), mac: fixedBytes(32) }),
  fc.constant<Frame>({ type: "welcome" }),
  fc.record({ type: fc.constant("pkt" as const), dst: u32, header: fixedBytes(48), payload: tail }),
  fc.record({
    type: fc.constant("get" as const),
    dst: u32,
    src: u32,
    remote: u32,
    len: u32,
    local: u32,
    rreq: u32,
    counter: u32,
    before: u32,
  }),
  fc.record({ type: fc.constant("data" as const), dst: u32, local: u32, rreq: u32, last: fc.boolean(), bytes: tail }),
  fc.constant<Frame>({ type: "bye" }),
  fc.constant<Frame>({ type: "ping" }),
  fc.record({
    type: fc.constant("abort" as const),
    code: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
    rank: u32,
    message: fc.string({ unit: "binary", maxLength: 1000 }),
  }),
  fc.record({ type: fc.constant("fwd" as const), dstJob: u32, dstProc: u32, srcJob: u32, srcProc: u32, body: tail }),
);

/** Pushes `data` in the given chunks; returns the frames or the FrameError. Any other exception fails the test. */
function decodeAll(data: Uint8Array, cuts: number[]): { frames: number; error?: FrameError } {
  const d = new FrameDecoder();
  let o = 0;
  let frames = 0;
  try {
    for (const c of [...cuts, data.byteLength].sort((a, b) => a - b)) {
      frames += d.push(data.subarray(o, Math.max(o, c))).length;
      o = Math.max(o, c);
    }
  } catch (e) {
    if (!(e instanceof FrameError)) throw e;
    return { frames, error: e };
  }
  return { frames };
}

describe("frame fuzzing", () => {
  it("random frames survive encode, random chunking and decode", () => {
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (frames, rawCuts) => {
        const data = concat(frames.flatMap(encodeFrame));
        const cuts = rawCuts.map((c) => c % (data.byteLength + 1));
        expect(decodeChunked(data, cuts).map(plain)).toEqual(frames.map(plain));
      }),
      { numRuns: 300 },
    );
  });

  it("random garbage only ever raises FrameError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat({ max: 2000 }), { maxLength: 10 }), (data, cuts) => {
        decodeAll(data, cuts);
      }),
      { numRuns: 2000 },
    );
  });

  it("mutated valid streams only ever raise FrameError", () => {
    const mutation = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom("set", "insert", "delete", "truncate") });
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 5 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (frames, mutations, rawCuts) => {
          let data = Array.from(concat(frames.flatMap(encodeFrame)));
          for (const m of mutations) {
            const at = m.at % (data.length + 1);
            if (m.kind === "set" && at < data.length) data[at] = m.value;
            else if (m.kind === "insert") data.splice(at, 0, m.value);
            else if (m.kind === "delete") data.splice(at, 1);
            else if (m.kind === "truncate") data = data.slice(0, at);
          }
          const bytesOut = Uint8Array.from(data);
          const result = decodeAll(
            bytesOut,
            rawCuts.map((c) => c % (bytesOut.byteLength + 1)),
          );
          expect(result.frames).toBeLessThanOrEqual(frames.length + mutations.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("an oversized length is refused at once, whatever follows", () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_BODY + 1, max: 0xffffffff }), fc.uint8Array({ maxLength: 100 }), (len, rest) => {
        const head = new Uint8Array(4);
        new DataView(head.buffer).setUint32(0, len, true);
        const d = new FrameDecoder();
        expect(() => d.push(concat([head, rest]))).toThrow(/exceeds MAX_BODY/);
      }),
    );
  });
});

/** Collects frames from a link. */
function collect(link: FrameLink): Frame[] {
  const got: Frame[] = [];
  link.onFrame((f) => got.push(f));
  return got;
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
};

describe("in-memory link pair", () => {
  const token = bytes(32, 99);

  it("handshakes and exchanges frames both ways, in order", async () => {
    const [a, b] = memoryLinkPair();
    const [procOfA, procOfB] = await Promise.all([acceptPeer(b, token, 2), dialPeer(a, token, 5)]);
    expect([procOfA, procOfB]).toEqual([5, 2]);
    const atA = collect(a);
    const atB = collect(b);
    const big = bytes(INLINE_TAIL_MAX * 3, 1);
    for (let i = 0; i < 100; i++) {
      a.send({ type: "pkt", dst: i, header: bytes(48, i), payload: bytes(i, i) });
      b.send({ type: "data", dst: i, local: 0, rreq: i, last: i === 99, bytes: i % 10 === 0 ? big : bytes(i, i) });
    }
    await until(() => atA.length === 100 && atB.length === 100);
    expect(atB.map((f) => (f.type === "pkt" ? f.dst : -1))).toEqual([...Array(100).keys()]);
    expect(atA.every((f, i) => f.type === "data" && f.rreq === i && f.bytes.byteLength === (i % 10 === 0 ? big.byteLength : i))).toBe(true);
    const closed: (Error | undefined)[] = [];
    b.onClose((e) => closed.push(e));
    a.onClose((e) => closed.push(e));
    a.close();
    await until(() => closed.length === 2);
    expect(closed).toEqual([undefined, undefined]);
  });

  it("a wrong token is refused on both sides and nothing is delivered", async () => {
    const [a, b] = memoryLinkPair();
    const server = acceptPeer(b, token, 0);
    const client = dialPeer(a, bytes(32, 98), 1);
    await expect(client).rejects.toThrow(/server proc 0 failed to prove the job token/);
    await expect(server).rejects.toThrow(/link closed/);
  });

  it("holds frames while paused and while no handler is set", async () => {
    const [a, b] = memoryLinkPair();
    for (let i = 0; i < 5; i++) a.send({ type: "pkt", dst: i, header: bytes(48, 0), payload: new Uint8Array(0) });
    await new Promise((r) => setTimeout(r, 10));
    const got: number[] = [];
    b.onFrame((f) => {
      got.push(f.type === "pkt" ? f.dst : -1);
      if (got.length === 2) b.pause();
    });
    expect(got).toEqual([0, 1]);
    b.resume();
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it("a malformed frame closes the link with a FrameError", async () => {
    const [a, b] = memoryLinkPair();
    const got = collect(b);
    const errs: (Error | undefined)[] = [];
    b.onClose((e) => errs.push(e));
    a.send({ type: "bye" });
    (a as unknown as { other: { accept(c: Uint8Array): void } }).other.accept(rawFrame(1, 5));
    a.send({ type: "bye" });
    await until(() => errs.length === 1);
    expect(errs[0]).toBeInstanceOf(FrameError);
    expect(errs[0]!.message).toMatch(/hello frame has body length 5/);
    expect(got.map((f) => f.type)).toEqual(["bye"]);
  });
});
