// The outbox ring between a rank and its network thread (ts/runtime/outbox.ts): records come out
// whole and in order across many wrap-arounds, a full outbox refuses a record until drained, and
// a writer in another thread that waits for room is woken by the drain.
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { createDoorbell, createOutbox, OUTBOX_KIND, OutboxReader, OutboxWriter } from "../ts/runtime/outbox.js";

function fill(w: OutboxWriter, at: number, n: number, seed: number): void {
  for (let i = 0; i < n; i++) w.bytes[at + i] = (seed * 31 + i) & 0xff;
}

describe("outbox", () => {
  it("hands records over whole and in order through thousands of wrap-arounds", () => {
    const sab = createOutbox(4096);
    const w = new OutboxWriter(sab, createDoorbell());
    const r = new OutboxReader(sab);
    const sizes: number[] = [];
    let written = 0;
    let read = 0;
    let refused = 0;
    for (let round = 0; round < 20000; round++) {
      const n = (round * 7919) % 700;
      const at = w.reserve(OUTBOX_KIND.PKT, round % 5, n);
      if (at < 0) {
        refused++;
      } else {
        fill(w, at, n, written);
        w.commit();
        sizes.push(n);
        written++;
      }
      if (at < 0 || round % 11 === 0)
        r.drain((rec) => {
          const want = sizes[read];
          expect(rec.kind).toBe(OUTBOX_KIND.PKT);
          expect(rec.body.length).toBe(want);
          for (let i = 0; i < rec.body.length; i++) if (rec.body[i] !== ((read * 31 + i) & 0xff)) throw new Error(`record ${read} byte ${i}`);
          read++;
        });
    }
    r.drain(() => read++);
    expect(read).toBe(written);
    expect(refused).toBeGreaterThan(0); // the ring really filled up
  });

  it("a drain that declines a record leaves it, and those after it, for the next drain", () => {
    const sab = createOutbox(4096);
    const w = new OutboxWriter(sab, createDoorbell());
    const r = new OutboxReader(sab);
    for (let i = 0; i < 3; i++) {
      w.setU32(w.reserve(OUTBOX_KIND.GET, i, 4), i);
      w.commit();
    }
    const seen: number[] = [];
    expect(r.drain((rec) => (rec.dst === 1 ? false : void seen.push(rec.dst)))).toBe(1);
    expect(r.ready).toBe(true);
    expect(r.drain((rec) => void seen.push(rec.dst))).toBe(2);
    expect(seen).toEqual([0, 1, 2]);
    expect(r.ready).toBe(false);
  });

  it("refuses a record larger than the outbox", () => {
    const w = new OutboxWriter(createOutbox(1024), createDoorbell());
    expect(() => w.reserve(OUTBOX_KIND.PKT, 0, 2000)).toThrow(/does not fit/);
  });

  it("wakes a writer in another thread that waits for room", async () => {
    const sab = createOutbox(1024);
    const bell = createDoorbell();
    const w = new OutboxWriter(sab, bell);
    let n = 0;
    while (w.reserve(OUTBOX_KIND.PKT, 0, 100) >= 0) {
      w.commit();
      n++;
    }
    // a worker (standing in for the network thread) frees everything after a moment
    const worker = new Worker(
      `const { workerData } = require("node:worker_threads");
       const i32 = new Int32Array(workerData);
       setTimeout(() => { Atomics.store(i32, 0, Atomics.load(i32, 16)); Atomics.notify(i32, 0); }, 50);`,
      { eval: true, workerData: sab },
    );
    const t0 = Date.now();
    w.waitForRoom(5000);
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(w.reserve(OUTBOX_KIND.PKT, 0, 100)).toBeGreaterThanOrEqual(0);
    expect(n).toBeGreaterThan(0);
    await worker.terminate();
  });
});
