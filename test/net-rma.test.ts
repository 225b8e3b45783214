// One-sided operations between processes through the network thread. First without sockets: two
// "processes" (a NetRouter each, with ranks that are WebAssembly memories, outboxes and rings)
// joined by an in-memory link pair that really encodes and decodes frames. Covers the rma_*
// frames, the channel's calls (chan_rma_put/get/cas: PENDING, then RMA_DONE in the ring), the
// target's side (applied to its memory without it), order, out-of-range, bad frames, deferral
// when the outbox is full, back-pressure and a lost process. Then real jobs: test/c/rma_net.c
// (MPI_Put/Get/Accumulate under fence and locks, Fetch_and_op, Compare_and_swap, 3 MiB, a busy
// target) with ranks in separate processes over unix sockets, TCP and WebSocket.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder, FrameError, INLINE_TAIL_MAX, RMA_STATUS, type Frame } from "../ts/net/frame.js";
import { runCommand } from "./harness/job.js";
import { HEAP, join, makeProc, runUntil, type Rank } from "./harness/routers.js";

const PENDING = 1;
const BADADDR = 2;
const PKT_VC_FAILED = 15;
const PKT_RMA_DONE = 16;
/** The RMA_DONE packets a rank got. */
const dones = (r: Rank) => r.packets.filter((p) => p.type === PKT_RMA_DONE);

function pattern(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + seed * 13 + (i >> 8)) & 0xff;
  return b;
}

/** Two processes: rank 0 in process 0, rank 1 in process 1. */
function pair(opts: { outboxBytes?: number; pages?: number } = {}) {
  const procOf = [0, 1];
  const p0 = makeProc(0, [0], procOf, opts);
  const p1 = makeProc(1, [1], procOf, opts);
  const links = join(p0, p1);
  return { p0, p1, origin: p0.ranks.get(0)!, target: p1.ranks.get(1)!, links };
}

describe("rma frames", () => {
  const frames: Frame[] = [
    { type: "rma_put", dst: 3, id: 7, remote: 0x10000, offset: 0, total: 5, bytes: pattern(5, 1) },
    { type: "rma_put", dst: 3, id: 8, remote: 0, offset: 100, total: 100 + INLINE_TAIL_MAX + 1, bytes: pattern(INLINE_TAIL_MAX + 1, 2) },
    { type: "rma_put", dst: 0, id: 0xffffffff, remote: 4, offset: 0, total: 0, bytes: new Uint8Array(0) },
    { type: "rma_get", dst: 1, id: 9, remote: 0xfffffff0, len: 16 },
    { type: "rma_cas", dst: 2, id: 10, remote: 64, compare: -1, swap: 0x7fffffff },
    { type: "rma_reply", id: 11, status: RMA_STATUS.OK, last: false, bytes: pattern(33, 3) },
    { type: "rma_reply", id: 12, status: RMA_STATUS.OK, last: true, bytes: new Uint8Array(0) },
    { type: "rma_reply", id: 13, status: RMA_STATUS.BADADDR, last: true, bytes: new Uint8Array(0) },
  ];
  const plain = (f: Frame) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v instanceof Uint8Array ? Array.from(v) : v]));
  const encoded = (f: Frame) => Buffer.concat(encodeFrame(f));

  it("round-trip, whole and one byte at a time", () => {
    const stream = Buffer.concat(frames.map(encoded));
    expect(new FrameDecoder().push(stream).map(plain)).toEqual(frames.map(plain));
    const d = new FrameDecoder();
    const got: Frame[] = [];
    for (let i = 0; i < stream.length; i++) got.push(...d.push(stream.subarray(i, i + 1)));
    expect(got.map(plain)).toEqual(frames.map(plain));
  });

  it("have the documented layout (type codes 12-15, little-endian fields)", () => {
    const b = encoded({ type: "rma_cas", dst: 2, id: 10, remote: 64, compare: -2, swap: 5 });
    const v = new DataView(b.buffer, b.byteOffset);
    expect(v.getUint32(0, true)).toBe(4 + 20);
    expect([b[4], b[5], b[6], b[7]]).toEqual([1, 14, 0, 0]);
    expect([v.getUint32(8, true), v.getUint32(12, true), v.getUint32(16, true), v.getInt32(20, true), v.getInt32(24, true)]).toEqual([2, 10, 64, -2, 5]);
    expect(encoded(frames[0]!)[5]).toBe(12);
    expect(encoded(frames[3]!)[5]).toBe(13);
    expect(encoded(frames[5]!)[5]).toBe(15);
  });

  it("refuses impossible frames when encoding", () => {
    expect(() => encodeFrame({ type: "rma_put", dst: 0, id: 1, remote: 0, offset: 2, total: 3, bytes: pattern(2, 0) })).toThrow(/run past the total of 3/);
    expect(() => encodeFrame({ type: "rma_get", dst: 0, id: -1, remote: 0, len: 1 })).toThrow(/id/);
    expect(() => encodeFrame({ type: "rma_cas", dst: 0, id: 1, remote: 0, compare: 2 ** 31, swap: 0 })).toThrow(/compare must be a 32-bit signed integer/);
    expect(() => encodeFrame({ type: "rma_reply", id: 1, status: 1, last: true, bytes: new Uint8Array(0) })).toThrow(/status must be 0 or 2/);
    expect(() => encodeFrame({ type: "rma_reply", id: 1, status: RMA_STATUS.BADADDR, last: true, bytes: pattern(1, 0) })).toThrow(/carries no bytes/);
  });

  it("random rma frames survive random chunking; random byte changes only ever raise FrameError", () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
    const rmaFrame: fc.Arbitrary<Frame> = fc.oneof(
      fc
        .record({ dst: u32, id: u32, remote: u32, offset: fc.nat(1000), extra: fc.nat(1000), bytes: fc.uint8Array({ maxLength: INLINE_TAIL_MAX + 100 }) })
        .map(({ extra, ...f }) => ({ type: "rma_put" as const, ...f, total: f.offset + f.bytes.length + extra })),
      fc.record({ type: fc.constant("rma_get" as const), dst: u32, id: u32, remote: u32, len: u32 }),
      fc.record({ type: fc.constant("rma_cas" as const), dst: u32, id: u32, remote: u32, compare: i32, swap: i32 }),
      fc.record({ type: fc.constant("rma_reply" as const), id: u32, status: fc.constant(RMA_STATUS.OK), last: fc.boolean(), bytes: fc.uint8Array({ maxLength: 200 }) }),
      fc.record({ type: fc.constant("rma_reply" as const), id: u32, status: fc.constant(RMA_STATUS.BADADDR), last: fc.constant(true), bytes: fc.constant(new Uint8Array(0)) }),
    );
    fc.assert(
      fc.property(fc.array(rmaFrame, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 3 }), (fs, cuts, changes) => {
        const stream = Buffer.concat(fs.map(encoded));
        const pushAll = (data: Uint8Array) => {
          const d = new FrameDecoder();
          const got: Frame[] = [];
          let o = 0;
          for (const c of [...cuts.map((c) => c % (data.length + 1)), data.length].sort((a, b) => a - b)) {
            got.push(...d.push(data.subarray(o, Math.max(o, c))));
            o = Math.max(o, c);
          }
          return got;
        };
        expect(pushAll(stream).map(plain)).toEqual(fs.map(plain));
        const mutated = Buffer.from(stream);
        for (const [at, v] of changes) mutated[at % mutated.length] = v;
        try {
          pushAll(mutated);
        } catch (e) {
          if (!(e instanceof FrameError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });

  /** A valid frame with some of its bytes changed. */
  function edited(f: Frame, edit: (b: Buffer) => void): Buffer {
    const b = encoded(f);
    edit(b);
    return b;
  }
  it.each([
    ["a put part past its total", edited(frames[0]!, (b) => b.writeUInt32LE(4, 24)), /rma_put frame carries 5 bytes at offset 0, past its total of 4/],
    ["an unknown status", edited(frames[5]!, (b) => (b[12] = 1)), /rma_reply frame has status 1/],
    ["last not 0 or 1", edited(frames[5]!, (b) => (b[13] = 2)), /last = 2/],
    ["nonzero padding", edited(frames[6]!, (b) => (b[15] = 1)), /nonzero padding/],
    ["a failure that is not last", edited(frames[7]!, (b) => (b[13] = 0)), /must be the last and carry no bytes/],
    ["a failure with bytes", edited(frames[5]!, (b) => (b[12] = 2)), /must be the last and carry no bytes \(it has 33\)/],
    ["a get with a tail", edited(frames[3]!, (b) => b.writeUInt32LE(b.readUInt32LE(0) + 1, 0)), /rma_get frame has body length 21, expected 20/],
    ["a cas too short", Buffer.from([16, 0, 0, 0, 1, 14, 0, 0, ...new Array(12).fill(0)]), /rma_cas frame has body length 16, expected 24/],
    ["a reply too short", Buffer.from([8, 0, 0, 0, 1, 15, 0, 0, 0, 0, 0, 0]), /rma_reply frame has body length 8, expected at least 12/],
  ])("refuse %s with a FrameError", (_what, bytes, message) => {
    const d = new FrameDecoder();
    // the get-with-a-tail case needs its extra byte to arrive
    const data = Buffer.concat([bytes, Buffer.alloc(1)]);
    expect(() => d.push(data)).toThrow(FrameError);
    expect(() => new FrameDecoder().push(data)).toThrow(message);
  });
});

describe("one-sided operations between processes", () => {
  it("put: pending at once, the bytes copied at the call, in the target's memory before RMA_DONE", async () => {
    const { p0, p1, origin, target } = pair();
    const data = pattern(1000, 1);
    origin.view.u8.set(data, HEAP);
    expect(origin.channel.rmaPut(1, HEAP + 4096, HEAP, 1000, 77, 0)).toBe(PENDING);
    origin.view.u8.fill(0xee, HEAP, HEAP + 1000); // the origin reuses its buffer at once
    await runUntil([p0, p1], () => dones(origin).length === 1, "the put's RMA_DONE");
    expect(dones(origin)).toEqual([{ type: PKT_RMA_DONE, flags: 0, srcVc: 1, rreq: 0, aux: 77 }]);
    expect(target.view.u8.subarray(HEAP + 4096, HEAP + 5096)).toEqual(data);
    expect(target.packets).toEqual([]); // the target rank took no part
    expect(p0.router.rmaWaiting).toBe(0);
    expect([...p0.failures, ...p1.failures]).toEqual([]);
  });

  it("a put larger than an outbox part goes in parts and ends in one RMA_DONE", async () => {
    const { p0, p1, origin, target } = pair();
    const len = (5 << 20) / 2 + 3; // 2.5 MiB + 3: ten parts
    const data = pattern(len, 2);
    origin.view.u8.set(data, HEAP);
    expect(origin.channel.rmaPut(1, HEAP + 7, HEAP, len, 5, 0)).toBe(PENDING);
    expect(origin.channel.waiting).toBe(true); // more than the 1 MiB outbox holds
    await runUntil([p0, p1], () => dones(origin).length === 1, "the large put's RMA_DONE");
    expect(dones(origin)[0]!.flags).toBe(0);
    expect(Buffer.from(target.view.u8.subarray(HEAP + 7, HEAP + 7 + len)).equals(data)).toBe(true);
  });

  it("get: the bytes land at `local` before RMA_DONE, large ones in several reply frames", async () => {
    const { p0, p1, origin, target } = pair();
    const small = pattern(24, 3);
    const large = pattern((3 << 20) + 5, 4);
    target.view.u8.set(small, HEAP);
    target.view.u8.set(large, HEAP + 64);
    expect(origin.channel.rmaGet(1, HEAP, HEAP + 8, 24, 1, 0)).toBe(PENDING);
    expect(origin.channel.rmaGet(1, HEAP + 64, HEAP + 4096, large.length, 2, 0)).toBe(PENDING);
    expect(origin.channel.rmaGet(1, HEAP, HEAP + 100, 0, 3, 0)).toBe(PENDING); // zero bytes: still answered
    await runUntil([p0, p1], () => dones(origin).length === 3, "three gets");
    expect(dones(origin).map((p) => [p.aux, p.flags])).toEqual([[1, 0], [2, 0], [3, 0]]);
    expect(origin.view.u8.subarray(HEAP + 8, HEAP + 32)).toEqual(small);
    expect(Buffer.from(origin.view.u8.subarray(HEAP + 4096, HEAP + 4096 + large.length)).equals(large)).toBe(true);
  });

  it("cas: swaps only on a match, and the old value lands at `old` either way", async () => {
    const { p0, p1, origin, target } = pair();
    const word = (HEAP + 256) >> 2;
    target.view.i32[word] = -5;
    expect(origin.channel.rmaCas(1, HEAP + 256, 3, 9, HEAP, 1, 0)).toBe(PENDING); // no match
    expect(origin.channel.rmaCas(1, HEAP + 256, -5, 0x7fffffff, HEAP + 4, 2, 0)).toBe(PENDING); // match
    await runUntil([p0, p1], () => dones(origin).length === 2, "two cas");
    expect(dones(origin).map((p) => p.flags)).toEqual([0, 0]);
    expect([origin.view.i32[HEAP >> 2], origin.view.i32[(HEAP + 4) >> 2]]).toEqual([-5, -5]);
    expect(target.view.i32[word]).toBe(0x7fffffff);
  });

  it("cas is atomic against a thread of the target's process updating the same word", async () => {
    const { p0, p1, origin, target } = pair();
    const at = HEAP + 512;
    const stop = (HEAP + 1024) >> 2;
    // a rank of the target's process adds 1 at a time with Atomics (pausing a little between adds)
    // while the network thread serves the cas; it says how many adds it made once told to stop
    const worker = new Worker(
      `const { workerData: { memory, word, stop }, parentPort } = require("node:worker_threads");
       const i32 = new Int32Array(memory.buffer);
       let n = 0;
       while (Atomics.load(i32, stop) === 0) { Atomics.add(i32, word, 1); n++; Atomics.wait(i32, stop, 0, 0.02); }
       parentPort.postMessage(n);`,
      { eval: true, workerData: { memory: target.memory, word: at >> 2, stop } },
    );
    const adds = new Promise<number>((r) => worker.once("message", r));
    await runUntil([p0, p1], () => Atomics.load(target.view.i32, at >> 2) > 0, "the worker to start");
    // the origin increments by compare-and-swap, guessing again after a miss
    let wins = 0;
    let guess = 0;
    for (let token = 1; token <= 400; token++) {
      origin.channel.rmaCas(1, at, guess, guess + 1, HEAP, token, 0);
      await runUntil([p0, p1], () => dones(origin).length === token, "a cas");
      const old = origin.view.i32[HEAP >> 2]!;
      if (old === guess) wins++;
      guess = old === guess ? guess + 1 : old;
    }
    Atomics.store(target.view.i32, stop, 1);
    Atomics.notify(target.view.i32, stop);
    const n = await adds;
    await worker.terminate();
    expect(wins).toBeGreaterThan(0);
    expect(target.view.i32[at >> 2]).toBe(n + wins); // no increment lost on either side
  });

  it("applies the operations of one origin in the order it issued them", async () => {
    const { p0, p1, origin, target } = pair();
    const n = 40;
    // puts of different values to one place, each followed by a get of it, none waited for
    for (let i = 0; i < n; i++) {
      origin.view.u8.fill(i + 1, HEAP + 64 * i, HEAP + 64 * (i + 1));
      origin.channel.rmaPut(1, HEAP, HEAP + 64 * i, 64, 2 * i, 0);
      origin.channel.rmaGet(1, HEAP, HEAP + 8192 + 64 * i, 64, 2 * i + 1, 0);
    }
    await runUntil([p0, p1], () => dones(origin).length === 2 * n, "all operations");
    expect(dones(origin).map((p) => p.aux)).toEqual([...Array(2 * n).keys()]);
    for (let i = 0; i < n; i++) expect(origin.view.u8.subarray(HEAP + 8192 + 64 * i, HEAP + 8192 + 64 * (i + 1))).toEqual(new Uint8Array(64).fill(i + 1));
    expect(target.view.u8.subarray(HEAP, HEAP + 64)).toEqual(new Uint8Array(64).fill(n));
  });

  it("outside the target's memory: nothing is done, RMA_DONE has flags BADADDR", async () => {
    const { p0, p1, origin, target } = pair();
    const size = target.memory.buffer.byteLength;
    const before = Buffer.from(target.view.u8.subarray(size - 4096));
    origin.view.u8.fill(0xab, HEAP, HEAP + (1 << 20));
    origin.channel.rmaPut(1, size - 10, HEAP, 11, 1, 0); // one byte past the end
    origin.channel.rmaPut(1, size - 3000, HEAP, 1 << 20, 2, 0); // in parts, all refused
    origin.channel.rmaGet(1, size - 4, HEAP, 8, 3, 0);
    origin.channel.rmaCas(1, size, 0, 1, HEAP, 4, 0);
    origin.channel.rmaCas(1, HEAP + 2, 0, 1, HEAP, 5, 0); // misaligned
    origin.channel.rmaGet(1, 0xfffffff0, HEAP, 0x20, 6, 0); // wraps past 2^32
    origin.channel.rmaPut(1, HEAP, HEAP, 4, 7, 0); // and a good one after them still works
    await runUntil([p0, p1], () => dones(origin).length === 7, "seven operations");
    expect(dones(origin).map((p) => [p.aux, p.flags])).toEqual([[1, BADADDR], [2, BADADDR], [3, BADADDR], [4, BADADDR], [5, BADADDR], [6, BADADDR], [7, 0]]);
    expect(Buffer.from(target.view.u8.subarray(size - 4096)).equals(before)).toBe(true);
    expect(target.view.u8.subarray(HEAP, HEAP + 4)).toEqual(new Uint8Array(4).fill(0xab));
    expect(p0.router.rmaWaiting).toBe(0);
    expect([...p0.failures, ...p1.failures]).toEqual([]);
  });

  it("reaches memory the target grew after the network thread started (fresh views)", async () => {
    const { p0, p1, origin, target } = pair();
    const old = target.memory.buffer.byteLength;
    target.memory.grow(16);
    origin.view.u8.set(pattern(100, 5), HEAP);
    origin.channel.rmaPut(1, old + 1000, HEAP, 100, 1, 0);
    origin.channel.rmaGet(1, old + 1000, HEAP + 1000, 100, 2, 0);
    await runUntil([p0, p1], () => dones(origin).length === 2, "put and get in grown memory");
    expect(dones(origin).map((p) => p.flags)).toEqual([0, 0]);
    expect(origin.view.u8.subarray(HEAP + 1000, HEAP + 1100)).toEqual(pattern(100, 5));
  });

  it("refuses at the call a local buffer outside the origin's own memory", () => {
    const { origin } = pair();
    const size = origin.memory.buffer.byteLength;
    expect(origin.channel.rmaPut(1, HEAP, size - 4, 8, 1, 0)).toBe(BADADDR);
    expect(origin.channel.rmaGet(1, HEAP, size, 1, 2, 0)).toBe(BADADDR);
    expect(origin.channel.rmaCas(1, HEAP, 0, 0, size - 2, 3, 0)).toBe(BADADDR);
    expect(origin.channel.waiting).toBe(false);
  });

  it("with the outbox full the calls still return at once; the operations follow in order", async () => {
    const { p0, p1, origin, target } = pair({ outboxBytes: 4096 });
    const n = 60;
    for (let i = 0; i < n; i++) {
      origin.view.u8.fill(i, HEAP, HEAP + 500);
      expect(origin.channel.rmaPut(1, HEAP + 256 * (i % 4), HEAP, 500, i, 0)).toBe(PENDING);
      if (i % 10 === 9) expect(origin.channel.rmaCas(1, HEAP + 4096, Math.max(i - 10, 0), i, HEAP + 8192 + 4 * i, 1000 + i, 0)).toBe(PENDING);
    }
    // nothing drained yet: most of it waits in the channel, with its bytes copied at the call
    expect(origin.channel.waiting).toBe(true);
    await runUntil([p0, p1], () => dones(origin).length === n + n / 10, "all deferred operations");
    const order = dones(origin).map((p) => p.aux);
    expect(order).toEqual([...Array(n).keys()].flatMap((i) => (i % 10 === 9 ? [i, 1000 + i] : [i])));
    // the last put to each place wins (each put runs 244 bytes into the next place)
    for (let k = 0; k < 3; k++) expect(target.view.u8[HEAP + 256 * k]).toBe(n - 4 + k);
    expect(target.view.u8.subarray(HEAP + 768, HEAP + 1268)).toEqual(new Uint8Array(500).fill(n - 1));
    // the cas chain saw each step: 0 -> 9 -> 19 -> ... -> 59
    expect(target.view.i32[(HEAP + 4096) >> 2]).toBe(n - 1);
    for (let i = 9; i < n; i += 10) expect(origin.view.i32[(HEAP + 8192 + 4 * i) >> 2]).toBe(Math.max(i - 10, 0));
  });

  it("a packet sent after operations still waiting for room in the outbox is not sent ahead of them", async () => {
    const { p0, p1, origin, target } = pair({ outboxBytes: 4096 });
    for (let i = 0; i < 20; i++) origin.channel.rmaPut(1, HEAP, HEAP, 500, i, 0);
    // a header-only packet of type 1 from rank 0, at HEAP + 4096 of its memory
    const hdr = HEAP + 4096;
    new DataView(origin.memory.buffer).setUint16(hdr + 4, 1, true);
    expect(origin.channel.send(1, hdr, hdr + 48, 0)).toBe(1); // AGAIN: the device keeps it and tries again
    await runUntil([p0, p1], () => !origin.channel.waiting, "the deferred puts to enter the outbox");
    expect(origin.channel.send(1, hdr, hdr + 48, 0)).toBe(0);
    await runUntil([p0, p1], () => target.packets.length === 1 && dones(origin).length === 20, "the packet and the puts");
    expect(p1.received).toEqual([...Array(20).fill("rma_put"), "pkt"]);
    expect(target.packets[0]!.type).toBe(1);
  });

  it("a target whose answers back up stops reading requests until they drain", async () => {
    const { p0, p1, origin, target, links } = pair({ pages: 160 });
    const [originLink] = links;
    const len = 4 << 20;
    originLink.pause(); // the origin's process stops reading: the target's answers pile up
    for (let i = 0; i < 5; i++) origin.channel.rmaGet(1, HEAP, HEAP + len + 64, len, i, 0);
    const putAt = HEAP + 2 * len + 4096;
    origin.view.u8.fill(0x5a, HEAP, HEAP + 16);
    origin.channel.rmaPut(1, putAt, HEAP, 16, 5, 0);
    await runUntil([p0, p1], () => links[1].bufferedAmount > 16 << 20, "20 MiB of answers");
    for (let i = 0; i < 50; i++) await runUntil([p0, p1], () => true, "");
    expect(target.view.u8[putAt]).toBe(0); // the put waits behind the held gets
    originLink.resume();
    await runUntil([p0, p1], () => dones(origin).length === 6, "all answers");
    expect(dones(origin).map((p) => [p.aux, p.flags])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, 0]));
    expect(target.view.u8[putAt]).toBe(0x5a);
  });

  it("a lost target process: the origin gets VC_FAILED and stops waiting", async () => {
    const { p0, p1, origin, links } = pair();
    links[1].offFrame(); // the target's process never reads what it is sent
    origin.channel.rmaGet(1, HEAP, HEAP, 8, 1, 0);
    origin.channel.rmaPut(1, HEAP, HEAP, 8, 2, 0);
    await runUntil([p0], () => p0.router.rmaWaiting === 2, "both requests on their way");
    links[1].close(); // the target's process goes away
    await runUntil([p0], () => origin.packets.some((p) => p.type === PKT_VC_FAILED), "VC_FAILED");
    expect(origin.packets).toEqual([{ type: PKT_VC_FAILED, flags: 0, srcVc: 1, rreq: 0, aux: 0 }]);
    expect(p0.router.rmaWaiting).toBe(0);
    // what the rank sends it afterwards is dropped, as packets are
    origin.channel.rmaGet(1, HEAP, HEAP, 8, 3, 0);
    await runUntil([p0, p1], () => true, "");
    expect(p0.router.rmaWaiting).toBe(0);
    expect(p0.failures).toEqual([]);
  });
});

describe("protocol violations close the connection", () => {
  /** Sends `f` from process 1's side of the link and returns what process 0 then reports. */
  async function violate(f: Frame, setup?: (origin: Rank) => void) {
    const { p0, p1, origin, links } = pair();
    links[1].offFrame(); // process 1 answers nothing itself: only the frame sent below
    setup?.(origin);
    await runUntil([p0, p1], () => p0.router.rmaWaiting === (setup ? 1 : 0), "setup");
    let closed = false;
    links[0].onClose(() => (closed = true));
    links[1].send(f);
    await runUntil([p0, p1], () => closed, "the connection to close");
    return { failures: p0.failures, origin, gone: p0.router.gone.has(1) };
  }

  it("a reply to nothing that was asked", async () => {
    const { failures, gone } = await violate({ type: "rma_reply", id: 42, status: 0, last: true, bytes: new Uint8Array(4) });
    expect(failures).toEqual([expect.stringMatching(/process 1 \(memory:b\) broke the protocol: a reply to one-sided operation 42, which was not asked of it; connection closed/)]);
    expect(gone).toBe(true);
  });

  it("a reply with more bytes than the get asked for", async () => {
    const { failures, origin } = await violate({ type: "rma_reply", id: 1, status: 0, last: true, bytes: new Uint8Array(9) }, (o) => void o.channel.rmaGet(1, HEAP, HEAP, 8, 1, 0));
    expect(failures).toEqual([expect.stringMatching(/9 bytes in reply to one-sided operation 1 \(rank 0 on rank 1\) where 8 were due/)]);
    expect(dones(origin)).toEqual([]); // no RMA_DONE: VC_FAILED tells the rank instead
    expect(origin.packets.map((p) => p.type)).toEqual([PKT_VC_FAILED]);
  });

  it("a last reply with too few bytes", async () => {
    const { failures } = await violate({ type: "rma_reply", id: 1, status: 0, last: true, bytes: new Uint8Array(0) }, (o) => void o.channel.rmaCas(1, HEAP, 0, 0, HEAP, 1, 0));
    expect(failures).toEqual([expect.stringMatching(/0 bytes in reply to one-sided operation 1 .* where 4 were due/)]);
  });

  it("a request for a rank that does not live in the process", async () => {
    const { failures } = await violate({ type: "rma_put", dst: 1, id: 1, remote: HEAP, offset: 0, total: 1, bytes: new Uint8Array(1) });
    expect(failures).toEqual([expect.stringMatching(/a frame for rank 1, which does not live in process 0/)]);
  });
});

describe("a C program's one-sided operations between processes (test/c/rma_net.c)", () => {
  const root = path.resolve(import.meta.dirname, "..");
  const dir = mkdtempSync(path.join(tmpdir(), "wmpi-rma-net-"));
  const prog = path.join(dir, "rma_net.wasm");
  beforeAll(async () => {
    const r = await runCommand(process.execPath, [path.join(root, "bin/wmpicc.js"), "-O2", path.join(root, "test/c/rma_net.c"), "-o", prog], { timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`wmpicc rma_net.c failed:\n${r.stderr}`);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (np: number, launcher: string[], args: string[] = []) =>
    runCommand(process.execPath, [path.join(root, "bin/wmpiexec.js"), "-n", String(np), ...launcher, prog, ...args], { timeoutMs: 90_000 });

  for (const [np, launcher] of [
    [2, ["--ppn", "1"]],
    [2, ["--ppn", "1", "--net", "tcp"]],
    [3, ["--ppn", "1", "--net", "ws"]],
    [4, ["--ppn", "2"]],
  ] as const) {
    it(`${np} ranks, ${launcher.join(" ")}`, async () => {
      const r = await run(np, [...launcher]);
      expect(r.stdout + r.stderr).toBe(" No Errors\n");
      expect(r.code).toBe(0);
    });
  }
  it("a target process that dies: operations under way and new ones fail with MPI_ERR_PROC_ABORTED, never hang", async () => {
    const r = await run(2, ["--ppn", "1", "--disable-auto-cleanup"], ["lost", "after"]);
    expect(r.stdout).toContain("rank 0: No Errors");
    expect(r.code).toBe(1);
  });
});
