// The trace drain (ts/runtime/trace-drain.ts) on hand-made buffers in a memory laid out as the core
// lays it out (wasm/src/trace.h, the ring header's trace word): records taken once each, across the
// buffer's wrap, as the events the trace format defines; a rank that has not started is skipped.
import { describe, expect, it } from "vitest";
import { RING } from "../ts/runtime/ring-layout.js";
import { TraceDrain } from "../ts/runtime/trace-drain.js";

const RING_AT = 4096;
const BUF_AT = 8192;
const NAMES_AT = 1024;
const CAPACITY = 4;
const START = 1000; // the job's start (small: the sums below stay exact to the nanosecond)

/** A rank's memory with a ring whose trace buffer holds CAPACITY records. */
function rank(vc = 0) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const board = new Int32Array(new SharedArrayBuffer(8));
  const v = new DataView(memory.buffer);
  v.setUint32(RING_AT + RING.TRACE, BUF_AT, true);
  v.setUint32(BUF_AT + 8, CAPACITY, true);
  const names = new Map<string, number>();
  let written = 0;
  const name = (n: string) => {
    if (!names.has(n)) {
      const at = NAMES_AT + 64 * names.size;
      new Uint8Array(memory.buffer).set(new TextEncoder().encode(n + "\0"), at);
      names.set(n, at);
    }
    return names.get(n)!;
  };
  /** Writes one record as trace.c's put() does. */
  const put = (r: { kind: number; context?: number; name: string; peer: number; tag: number; handle: number; aux: number; bytes: number; t0: number; t1?: number }) => {
    const at = BUF_AT + 64 + (written % CAPACITY) * 48;
    v.setUint16(at, r.kind, true);
    v.setUint16(at + 2, r.context ?? 0, true);
    v.setUint32(at + 4, name(r.name), true);
    v.setInt32(at + 8, r.peer, true);
    v.setInt32(at + 12, r.tag, true);
    v.setUint32(at + 16, r.handle, true);
    v.setUint32(at + 20, r.aux, true);
    v.setFloat64(at + 24, r.bytes, true);
    v.setFloat64(at + 32, START + r.t0, true);
    v.setFloat64(at + 40, START + (r.t1 ?? 0), true);
    v.setUint32(BUF_AT, ++written, true);
  };
  const publish = () => Atomics.store(board, 1, RING_AT);
  const read = () => v.getUint32(BUF_AT + 4, true);
  return { watched: { vc, memory, board, slot: 1 }, put, publish, read, v };
}

const NONE = -32766;
const WORLD = 0x44000000;

describe("the trace drain", () => {
  it("turns calls and messages into X, s and f events, each once, across the buffer's wrap", () => {
    const r = rank(3);
    const drain = new TraceDrain(START);
    expect(drain.drain([r.watched])).toEqual([]); // the rank has not published its ring yet
    r.publish();
    r.put({ kind: 2, name: "MPI_Send", peer: 1, tag: 7, handle: WORLD, aux: 17, bytes: 800, t0: 0.000002 });
    r.put({ kind: 1, name: "MPI_Send", peer: 1, tag: 7, handle: WORLD, aux: NONE >>> 0, bytes: 800, t0: 0.000001, t1: 0.000004 });
    r.put({ kind: 3, name: "MPI_Recv", peer: 2, tag: 5, handle: WORLD, aux: 9, bytes: 16, t0: 0.00001 });
    const first = drain.drain();
    expect(first).toEqual([
      { ph: "s", cat: "message", name: "message", id: "3:17", pid: 0, tid: 3, ts: 2, args: { src: 3, dst: 1, tag: 7, bytes: 800, comm: "MPI_COMM_WORLD" } },
      { ph: "X", cat: "mpi", name: "MPI_Send", pid: 0, tid: 3, ts: 1, dur: 3, args: { peer: 1, tag: 7, bytes: 800, comm: "MPI_COMM_WORLD" } },
      { ph: "f", bp: "e", cat: "message", name: "message", id: "2:9", pid: 0, tid: 3, ts: 10 },
    ]);
    expect(r.read()).toBe(3); // the slots are the core's again
    expect(drain.drain()).toEqual([]);
    // three more: the fourth and fifth records wrap to the buffer's start
    r.put({ kind: 1, name: "MPI_Recv", peer: -2, tag: -1, handle: 0x84000002, aux: NONE >>> 0, bytes: 0, t0: 0.00002, t1: 0.00003 });
    r.put({ kind: 1, name: "MPI_Bcast", peer: NONE, tag: NONE, handle: WORLD, aux: 0, bytes: 4, t0: 0.00004, t1: 0.00005 });
    r.put({ kind: 2, context: 1, name: "MPI_Bcast", peer: 0, tag: 2, handle: WORLD, aux: 18, bytes: 4, t0: 0.000045 });
    const second = drain.drain();
    expect(second.map((e) => e.ph + " " + ("name" in e ? e.name : ""))).toEqual(["X MPI_Recv", "X MPI_Bcast", "s message"]);
    expect(second[0]).toMatchObject({ args: { peer: -1, tag: -1, bytes: 0, comm: "comm 2" } });
    expect(second[1]).toMatchObject({ args: { root: 0, bytes: 4, comm: "MPI_COMM_WORLD" } });
    expect((second[1] as { args: object }).args).not.toHaveProperty("peer");
    expect(second[2]).toMatchObject({ id: "3:18", args: { coll: "MPI_Bcast" } });
    expect(drain.lost()).toBe(0);
  });

  it("take() copies out now and events() decodes later, even after the memory has moved on; lost records are counted", () => {
    const r = rank();
    r.publish();
    const drain = new TraceDrain(START);
    r.put({ kind: 1, name: "MPI_Win_fence", peer: NONE, tag: NONE, handle: 0xa0000001, aux: NONE >>> 0, bytes: 0, t0: 1, t1: 2 });
    expect(drain.take([r.watched])).toBe(1);
    r.v.setFloat64(BUF_AT + 64 + 32, 0, true); // the core reuses the slot
    r.v.setUint32(BUF_AT + 12, 5, true); // and has dropped 5 records
    expect(drain.events()).toEqual([{ ph: "X", cat: "mpi", name: "MPI_Win_fence", pid: 0, tid: 0, ts: 1e6, dur: 1e6, args: { win: "win 1" } }]);
    expect(drain.lost()).toBe(5);
  });

  it("a call a rank is inside when the job ends is an unfinished X event that lasts until then", () => {
    const r = rank(1);
    r.publish();
    const drain = new TraceDrain(START);
    expect(drain.take([r.watched])).toBe(0);
    expect(drain.openCalls()).toEqual([]); // kind 0: no call under way
    // what trace.c keeps in the header while a call is under way
    const open = BUF_AT + 16;
    r.v.setUint32(open + 4, 0, true);
    r.v.setInt32(open + 8, 0, true);
    r.v.setInt32(open + 12, 7, true);
    r.v.setUint32(open + 16, WORLD, true);
    r.v.setUint32(open + 20, NONE >>> 0, true);
    r.v.setFloat64(open + 24, 16, true);
    r.v.setFloat64(open + 32, START + 0.5, true);
    r.v.setUint16(open, 1, true);
    const [e] = drain.openCalls();
    expect(e).toMatchObject({ ph: "X", tid: 1, ts: 500_000, args: { peer: 0, tag: 7, bytes: 16, comm: "MPI_COMM_WORLD", unfinished: true } });
    expect((e as { dur: number }).dur).toBeGreaterThan(1e9); // until now, long after START
  });
});
