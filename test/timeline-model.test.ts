// The teaching site's timeline model and time axis (site/src/trace-model.ts, timeline-scale.ts,
// timeline-details.ts), in Node without a browser: events of the trace format
// (/work/notes/s6-trace-schema.md) in any order and any chunks make lanes, calls and messages;
// which part of a call was waiting; the axis's ticks and the words for times and sizes.
import { describe, expect, it } from "vitest";
import { describeCall, describeMessage } from "../site/src/timeline-details.js";
import { formatBytes, formatTime, TimeScale } from "../site/src/timeline-scale.js";
import { callKind, TraceModel, type TraceEvent } from "../site/src/trace-model.js";

const W = "MPI_COMM_WORLD";
const call = (tid: number, name: string, ts: number, dur: number, args: Record<string, unknown> = {}): TraceEvent => ({ ph: "X", cat: "mpi", name, pid: 0, tid, ts, dur, args: { comm: W, ...args } });
const send = (id: string, tid: number, ts: number, dst: number, bytes = 8): TraceEvent => ({ ph: "s", cat: "message", name: "message", id, pid: 0, tid, ts, args: { src: tid, dst, tag: 0, bytes, comm: W } });
const take = (id: string, tid: number, ts: number): TraceEvent => ({ ph: "f", bp: "e", cat: "message", name: "message", id, pid: 0, tid, ts });

/** Rank 0 sends at 10 while rank 1 waits in Recv from 0; rank 1's Recv matches at 15 and returns at 18. */
const exchange: TraceEvent[] = [
  { ph: "M", name: "process_name", pid: 0, args: { name: "wmpi: x.js, 2 ranks" } },
  { ph: "M", name: "thread_name", pid: 0, tid: 1, args: { name: "rank 1 of job 2" } },
  call(0, "MPI_Send", 8, 5, { peer: 1, tag: 0, bytes: 8 }),
  send("0:0", 0, 10, 1),
  call(1, "MPI_Recv", 0, 18, { peer: 0, tag: 0, bytes: 8 }),
  take("0:0", 1, 15),
];

describe("the trace model", () => {
  it("makes a lane per rank, calls sorted by time, and one message per s/f pair", () => {
    const m = new TraceModel();
    m.append(exchange);
    expect(m.lanes()).toEqual([0, 1]);
    expect(m.laneName(0)).toBe("rank 0");
    expect(m.laneName(1)).toBe("rank 1 of job 2");
    expect(m.title).toBe("wmpi: x.js, 2 ranks");
    expect(m.callsOf(1).map((c) => c.name)).toEqual(["MPI_Recv"]);
    expect(m.messages()).toEqual([expect.objectContaining({ id: "0:0", src: 0, dst: 1, sentAt: 10, matchedAt: 15 })]);
    expect([m.start, m.end, m.eventCount]).toEqual([0, 18, 4]);
  });

  it("does not depend on the order of events or on how they are split into chunks", () => {
    const whole = new TraceModel();
    whole.append(exchange);
    for (const order of [[...exchange].reverse(), [exchange[5], exchange[3], exchange[2], exchange[4], exchange[0], exchange[1]]]) {
      const chunked = new TraceModel();
      for (const e of order) chunked.append([e]);
      expect(chunked.messages()).toEqual(whole.messages());
      expect(chunked.callsOf(1)).toEqual(whole.callsOf(1));
    }
  });

  it("a receive waited until its message matched; an eager send did not wait; a Barrier is all waiting", () => {
    const m = new TraceModel();
    m.append([...exchange, call(0, "MPI_Barrier", 20, 9), call(1, "MPI_Barrier", 25, 4)]);
    const [recv, barrier1] = m.callsOf(1);
    expect(recv.waitedUntil).toBe(15);
    expect(m.callsOf(0)[0].waitedUntil).toBeUndefined();
    expect(m.callsOf(0)[1].waitedUntil).toBe(29);
    expect(barrier1.waitedUntil).toBe(29);
  });

  it("a synchronous send waited until the receiver took its message, and only if that was inside the send", () => {
    const m = new TraceModel();
    m.append([call(0, "MPI_Ssend", 0, 30, { peer: 1 }), send("0:0", 0, 1, 1), call(1, "MPI_Recv", 20, 8, { peer: 0 }), take("0:0", 1, 22)]);
    m.append([call(0, "MPI_Ssend", 40, 3, { peer: 1 }), send("0:1", 0, 41, 1), call(1, "MPI_Recv", 50, 2, { peer: 0 }), take("0:1", 1, 50)]);
    // an eager send whose receiver was waiting already: matched inside the send, which was delivering, not waiting
    m.append([call(0, "MPI_Send", 60, 10, { peer: 1 }), send("0:2", 0, 62, 1), call(1, "MPI_Recv", 55, 12, { peer: 0 }), take("0:2", 1, 64)]);
    expect(m.callsOf(0).map((c) => c.waitedUntil)).toEqual([22, undefined, undefined]);
    expect(m.callsOf(1).map((c) => c.waitedUntil)).toEqual([22, 50, 64]);
  });

  it("a message still on its way has no match time; its arrow ends on the lane of the f event", () => {
    const m = new TraceModel(3);
    m.append([send("2:0", 2, 5, 0)]);
    expect(m.messages()[0]).toMatchObject({ src: 2, dst: 0, matchedAt: undefined });
    m.append([take("2:0", 1, 9)]); // the f event's lane is where it was taken
    expect(m.messages()[0]).toMatchObject({ dst: 1, matchedAt: 9 });
    expect(m.lanes()).toEqual([0, 1, 2]);
  });

  it("a message to a rank with no lane (of another job) is not drawn, but counted apart", () => {
    const m = new TraceModel(2);
    m.append([...exchange, call(0, "MPI_Send", 20, 2, { peer: 5 }), send("0:1", 0, 21, 5)]);
    expect(m.messages().map((x) => x.id)).toEqual(["0:0"]);
    expect(m.toOtherJobs()).toBe(1);
  });

  it("callAt finds the call under way at a time", () => {
    const m = new TraceModel();
    m.append([call(0, "MPI_Send", 0, 5), call(0, "MPI_Recv", 10, 5), call(0, "MPI_Wait", 20, 1)]);
    expect([0, 5, 7, 10, 15, 20.5, 22].map((t) => m.callAt(0, t)?.name)).toEqual(["MPI_Send", "MPI_Send", undefined, "MPI_Recv", "MPI_Recv", "MPI_Wait", undefined]);
  });

  it("reads a trace file's object form and the bare array form, and says what is wrong with others", () => {
    const file = TraceModel.fromFile({ traceEvents: exchange, otherData: { wmpi: { version: 1, ranks: 4, program: "x.js" } } });
    expect(file.lanes()).toEqual([0, 1, 2, 3]); // otherData says 4 ranks: the quiet ones get lanes too
    expect(file.title).toBe("x.js");
    expect(file.lost).toBe(0);
    expect(TraceModel.fromFile({ traceEvents: exchange, otherData: { wmpi: { ranks: 2, lost: 12 } } }).lost).toBe(12);
    expect(TraceModel.fromFile(exchange).messages()).toHaveLength(1);
    expect(() => TraceModel.fromFile({ events: [] })).toThrow(/not a trace/);
    expect(() => TraceModel.fromFile({ traceEvents: [{ ph: "M", name: "thread_name", tid: 0, args: { name: "rank 0" } }] })).toThrow(/no MPI calls/);
    // malformed events are skipped, not fatal
    const odd = TraceModel.fromFile([null, 7, { ph: "X", name: "MPI_Send" }, { ph: "X", ts: 1 }, call(0, "MPI_Send", 1, 1)]);
    expect(odd.eventCount).toBe(1);
  });

  it("tells kinds of calls apart", () => {
    expect(["MPI_Send", "MPI_Isend", "MPI_Ssend", "MPI_Recv", "MPI_Irecv", "MPI_Sendrecv", "MPI_Waitall", "MPI_Test", "MPI_Bcast", "MPI_Iallreduce", "MPI_Comm_split"].map(callKind)).toEqual([
      "send", "send", "send", "recv", "recv", "recv", "wait", "wait", "coll", "coll", "other",
    ]);
  });
});

describe("the time axis and the details", () => {
  it("maps times to pixels, zooms around a point and keeps within limits", () => {
    const s = new TimeScale();
    Object.assign(s, { t0: 0, t1: 1000, x0: 100, width: 1000 });
    expect(s.x(500)).toBe(600);
    expect(s.time(600)).toBe(500);
    s.zoom(0.5, 250);
    expect([s.t0, s.t1]).toEqual([125, 625]);
    expect(s.x(250)).toBe(350); // the point zoomed at stays where it was
    s.zoom(1e-9, 250);
    expect(s.span()).toBe(2); // no finer than the browser's clock can tell
    s.zoom(1e9, 250, 3000);
    expect(s.span()).toBe(3000);
  });

  it("ticks at 1, 2 or 5 times a power of ten, labelled in one unit with the decimals the step needs", () => {
    const s = new TimeScale();
    Object.assign(s, { t0: -3, t1: 1234, x0: 0, width: 1000 });
    const { times, labels } = s.ticks(110);
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(1200);
    expect(new Set(times.slice(1).map((t, i) => t - times[i]))).toEqual(new Set([200]));
    expect(labels.slice(0, 3)).toEqual(["0.0 ms", "0.2 ms", "0.4 ms"]);
    Object.assign(s, { t0: 141_100, t1: 142_100 });
    expect(s.ticks(110).labels.slice(0, 3)).toEqual(["141.2 ms", "141.4 ms", "141.6 ms"]);
    Object.assign(s, { t0: 0, t1: 900 });
    expect(s.ticks(110).labels.slice(0, 3)).toEqual(["0 µs", "100 µs", "200 µs"]);
    Object.assign(s, { t0: 0, t1: 5e6 });
    expect(s.ticks(110).labels.slice(0, 3)).toEqual(["0 s", "1 s", "2 s"]);
  });

  it("writes times and sizes the way a person reads them", () => {
    expect([0, 6, 850, 12_500, 2_345_678].map(formatTime)).toEqual(["0 µs", "6 µs", "850 µs", "12.5 ms", "2.35 s"]);
    expect([1, 800, 8000, 65536, 100_000, 3 * 1024 * 1024].map(formatBytes)).toEqual(["1 byte", "800 bytes", "8000 bytes", "64 KiB", "97.7 KiB", "3 MiB"]);
  });

  it("details of a call and of a message name everything the event says", () => {
    const m = new TraceModel();
    m.append(exchange);
    expect(describeCall(m.callsOf(1)[0], "rank 1")).toEqual([
      "MPI_Recv on rank 1",
      "peer 0 · tag 0 · 8 bytes · MPI_COMM_WORLD",
      "at 0 µs, took 18 µs",
      "waiting 15 µs (83%), then 3 µs of its own work",
    ]);
    expect(describeCall({ ...m.callsOf(0)[0], args: { peer: -1, tag: -1 } }, "rank 0")[1]).toBe("peer any source · any tag");
    expect(describeMessage(m.messages()[0], (r) => `rank ${r}`)).toEqual([
      "message: rank 0 → rank 1",
      "tag 0 · 8 bytes · MPI_COMM_WORLD",
      "sent at 10 µs, matched at 15 µs (5 µs later)",
    ]);
  });
});
