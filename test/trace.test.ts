// wmpiexec --trace (issue 10, section 2): real jobs traced in thread and process mode; the file
// follows the trace format (ts/runtime/trace-format.ts): a lane per rank, an X event per MPI call
// the program makes (exactly), and for every message a flow pair whose "s" lies inside the send's
// call on the sender's lane and whose "f" lies inside the receive (or wait) that matched it.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TraceEvent, TraceFile } from "../ts/runtime/trace-format.js";
import { wmpicc, WMPIEXEC } from "./harness/ctest.js";
import { expectNoErrors, runCommand, runJob } from "./harness/job.js";

const dir = mkdtempSync(path.join(tmpdir(), "wmpi-trace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type X = Extract<TraceEvent, { ph: "X" }>;
type Flow = Extract<TraceEvent, { ph: "s" | "f" }>;

function readTrace(file: string): TraceFile {
  return JSON.parse(readFileSync(file, "utf8")) as TraceFile;
}

/** The X event of `lane` that contains time ts (calls of one rank never overlap; ends rounded to 1 ns). */
function callAt(calls: X[], lane: number, ts: number): X | undefined {
  return calls.find((c) => c.tid === lane && c.ts - 0.001 <= ts && ts <= c.ts + c.dur + 0.001);
}

/** Checks what every trace must satisfy; returns the calls, counted by "lane name". */
function checkTrace(t: TraceFile, np: number): Map<string, number> {
  expect(t.displayTimeUnit).toBe("ms");
  expect(t.otherData.wmpi).toMatchObject({ version: 1, ranks: np });
  const ev = t.traceEvents;
  const named = ev.filter((e) => e.ph === "M" && e.name === "thread_name").map((e) => [e.tid, e.args.name]);
  for (let r = 0; r < np; r++) expect(named).toContainEqual([r, `rank ${r}`]);
  const calls = ev.filter((e): e is X => e.ph === "X");
  for (let r = 0; r < np; r++) expect(calls.some((c) => c.tid === r)).toBe(true);
  for (let r = 0; r < np; r++) {
    // a rank's calls, in the order it made them, start one after the other's end
    const lane = calls.filter((c) => c.tid === r);
    for (const c of lane) expect(c.dur).toBeGreaterThanOrEqual(0);
    // (the clock's grain is ~0.24 µs: a call may start at the very tick the previous one ended)
    for (let i = 1; i < lane.length; i++) expect(lane[i].ts).toBeGreaterThanOrEqual(lane[i - 1].ts + lane[i - 1].dur - 0.001);
  }
  const flows = ev.filter((e): e is Flow => e.ph === "s" || e.ph === "f");
  const starts = flows.filter((f) => f.ph === "s");
  const ends = new Map(flows.filter((f) => f.ph === "f").map((f) => [f.id, f]));
  expect(ends.size).toBe(flows.length - starts.length); // no id ends twice
  for (const s of starts) {
    if (s.ph !== "s") continue;
    const f = ends.get(s.id);
    expect(f, `message ${s.id} has no end`).toBeDefined();
    expect(s.tid).toBe(s.args.src);
    expect(f!.tid).toBe(s.args.dst);
    expect(s.id.startsWith(`${s.args.src}:`)).toBe(true);
    const send = callAt(calls, s.tid, s.ts);
    const recv = callAt(calls, f!.tid, f!.ts);
    expect(send, `message ${s.id} went out outside any call`).toBeDefined();
    expect(recv, `message ${s.id} matched outside any call`).toBeDefined();
    if (s.args.coll === undefined) {
      expect(send!.name).toMatch(/^MPI_(Send|Isend|Start)$/);
      // matched in the receive, or (nonblocking) in the call that found it: Start of a persistent one, a Wait
      expect(recv!.name).toMatch(/^MPI_(Recv|Start|Wait)$/);
      if (recv!.name === "MPI_Recv") expect(recv!.args.tag).toBe(s.args.tag);
    } else {
      // a blocking collective's messages go out and match inside it; a nonblocking one's in whatever drives
      // it; the library's own (a spawn's handshake) may match in another call (the child's MPI_Init)
      expect(send!.name).toBe(s.args.coll);
      if (/^MPI_(Barrier|Bcast|Gather|Scatter|Allgather|Alltoall|Reduce|Allreduce|Scan|Exscan)/.test(s.args.coll)) expect(recv!.name).toBe(s.args.coll);
    }
  }
  expect(ends.size).toBe(starts.length);
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(`${c.tid} ${c.name}`, (counts.get(`${c.tid} ${c.name}`) ?? 0) + 1);
  return counts;
}

/** The calls test/jobs/trace_calls.ts makes, rank by rank. */
function expectedCalls(np: number, rounds: number): Map<string, number> {
  const want = new Map<string, number>();
  for (let r = 0; r < np; r++) {
    const pingpong = np > 1 && r < 2 ? rounds : 0;
    if (pingpong) want.set(`${r} MPI_Send`, pingpong);
    want.set(`${r} MPI_Recv`, pingpong + 1);
    for (const name of ["MPI_Isend", "MPI_Wait", "MPI_Bcast", "MPI_Allreduce"]) want.set(`${r} ${name}`, 1);
  }
  return want;
}

const modes: Array<[string, string[]]> = [
  ["threads", []],
  ["processes", ["--mode", "process"]],
];

describe.each(modes)("wmpiexec --trace (%s)", (mode, launcherArgs) => {
  it.each([2, 4])("a ping-pong, a ring and two collectives at %i ranks", async (np) => {
    const file = path.join(dir, `calls-${mode}-${np}.json`);
    const rounds = 5;
    const extra = mode === "processes" && np === 4 ? ["--ppn", "2"] : launcherArgs;
    const out = await runJob(np, "trace_calls.ts", { launcherArgs: [...extra, "--trace", file], args: [String(rounds)] });
    expectNoErrors(out, np);
    const t = readTrace(file);
    expect(checkTrace(t, np)).toEqual(expectedCalls(np, rounds));
    const pingpong = t.traceEvents.filter((e) => e.ph === "s" && e.args.coll === undefined && e.args.tag !== 3);
    expect(pingpong.length).toBe(2 * rounds);
    // the receive from any source says so
    const anySource = t.traceEvents.find((e): e is X => e.ph === "X" && e.name === "MPI_Recv" && e.args.tag === 3);
    expect(anySource?.args).toMatchObject({ peer: -1, bytes: 16, comm: "MPI_COMM_WORLD" });
    const bcast = t.traceEvents.find((e): e is X => e.ph === "X" && e.name === "MPI_Bcast");
    expect(bcast?.args).toMatchObject({ root: 0, bytes: 4, comm: "MPI_COMM_WORLD" });
    expect(bcast?.args.peer).toBeUndefined();
    expect(readdirSync(dir).filter((f) => f.includes(".part"))).toEqual([]); // the parts were joined and removed
  }, 60_000);
});

describe("wmpiexec --trace, other cases", () => {
  it("a C program built by wmpicc is traced by the core it links", async () => {
    const wasm = path.join(dir, "ring.wasm");
    await wmpicc(dir, [path.resolve(import.meta.dirname, "c/ring.c"), "-o", wasm]);
    const file = path.join(dir, "c-ring.json");
    const out = await runCommand(process.execPath, [WMPIEXEC, "-n", "3", "--trace", file, wasm]);
    expect(out.code).toBe(0);
    const t = readTrace(file);
    const counts = checkTrace(t, 3);
    for (let r = 0; r < 3; r++) {
      expect(counts.get(`${r} MPI_Send`)).toBe(1);
      expect(counts.get(`${r} MPI_Recv`)).toBe(1);
    }
    expect(t.otherData.wmpi.program).toBe("ring.wasm");
    expect(t.traceEvents.filter((e) => e.ph === "s").length).toBe(3);
  }, 300_000);

  it("persistent requests, probes, a nonblocking collective, communicators, RMA and MPI-IO: each call once, in order", async () => {
    const file = path.join(dir, "more.json");
    const out = await runJob(2, "trace_more.ts", { launcherArgs: ["--trace", file], args: [path.join(dir, "more.bin")] });
    expectNoErrors(out, 2);
    const t = readTrace(file);
    checkTrace(t, 2);
    const calls = [
      "MPI_Send_init", "MPI_Recv_init", "MPI_Start", "MPI_Start", "MPI_Wait", "MPI_Wait",
      "MPI_Send", "MPI_Probe", "MPI_Recv", "MPI_Iallreduce", "MPI_Wait", "MPI_Barrier",
      "MPI_Comm_dup", "MPI_Comm_split", "MPI_Comm_free", "MPI_Comm_free",
      // what a call does inside (Win_allocate's Allgather, Win_free's Barrier) is not a call of its own
      "MPI_Win_allocate", "MPI_Win_fence", "MPI_Put", "MPI_Win_fence", "MPI_Win_lock", "MPI_Get", "MPI_Win_unlock", "MPI_Win_free",
      "MPI_File_open", "MPI_File_write_at", "MPI_File_close",
    ];
    for (const r of [0, 1]) expect(t.traceEvents.filter((e): e is X => e.ph === "X" && e.tid === r).map((e) => e.name)).toEqual(calls);
    const x = (name: string) => t.traceEvents.find((e): e is X => e.ph === "X" && e.tid === 0 && e.name === name)!.args;
    expect(x("MPI_Put")).toEqual({ peer: 1, bytes: 8, win: "win 0" });
    expect(x("MPI_File_write_at")).toEqual({ bytes: 4, file: "file 0" });
    expect(x("MPI_Probe")).toEqual({ peer: 1, tag: 10, comm: "MPI_COMM_WORLD" });
    // the Iallreduce's messages went out in the calls that drove it, marked as the collective's
    expect(t.traceEvents.some((e) => e.ph === "s" && e.args.coll !== undefined)).toBe(true);
  }, 60_000);

  it("ranks a job spawns have lanes of their own, named by their rank in their job", async () => {
    const file = path.join(dir, "spawn.json");
    const out = await runCommand(process.execPath, [WMPIEXEC, "-n", "1", "--trace", file, "examples/cpi-master.ts"]);
    expect(out.code).toBe(0);
    const t = readTrace(file);
    const counts = checkTrace(t, 1);
    const names = t.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name").map((e) => [e.tid, e.args.name]);
    for (let r = 0; r < 5; r++) {
      expect(names).toContainEqual([1 + r, `rank ${r} of job 1`]);
      expect(counts.get(`${1 + r} MPI_Bcast`)).toBe(1);
    }
    expect(counts.get("0 MPI_Comm_spawn")).toBe(1);
    // a spawned rank's MPI_Init is traced from where it meets its parents: the handshake's arrows end there
    for (let r = 0; r < 5; r++) expect(counts.get(`${1 + r} MPI_Init`)).toBe(1);
    // the master's broadcast reaches every worker: arrows from lane 0 into each
    const fromMaster = t.traceEvents.filter((e) => e.ph === "s" && e.tid === 0 && e.args.coll === "MPI_Bcast");
    expect(fromMaster.length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("a deadlocked job's trace shows each rank inside the call it waits in", async () => {
    const file = path.join(dir, "deadlock.json");
    const out = await runJob(3, "deadlock.ts", { launcherArgs: ["--trace", file], args: ["--mode", "ssend"], env: { WMPI_DEADLOCK_SECONDS: "1" } });
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain("deadlock");
    const t = readTrace(file);
    for (let r = 0; r < 3; r++) {
      const calls = t.traceEvents.filter((e): e is X => e.ph === "X" && e.tid === r);
      expect(calls.map((c) => c.name)).toEqual(["MPI_Ssend"]);
      expect(calls[0].args).toMatchObject({ peer: (r + 1) % 3, tag: 7, unfinished: true });
      expect(calls[0].dur).toBeGreaterThan(900_000); // from the call to the job's end, over the detector's second
    }
  }, 60_000);

  it("WMPI_TRACE=FILE is --trace FILE", async () => {
    const file = path.join(dir, "env.json");
    expectNoErrors(await runJob(2, "trace_calls.ts", { env: { WMPI_TRACE: file }, args: ["1"] }), 2);
    expect(checkTrace(readTrace(file), 2)).toEqual(expectedCalls(2, 1));
  }, 60_000);

  it("without --trace nothing is written and the job does the same", async () => {
    const quiet = mkdtempSync(path.join(dir, "off-"));
    const out = await runJob(2, "trace_calls.ts", { cwd: quiet, args: ["3"] });
    expectNoErrors(out, 2);
    expect(readdirSync(quiet)).toEqual([]);
    expect(out.stderr).toBe("");
  }, 60_000);

  it("a trace file that cannot be written stops wmpiexec before the job starts", async () => {
    const file = path.join(dir, "no-such-dir", "t.json");
    const out = await runJob(2, "trace_calls.ts", { launcherArgs: ["--trace", file] });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`wmpiexec: cannot write the trace to ${file}: ENOENT`);
    expect(out.stdout).toBe(""); // no rank ran
    expect(existsSync(file)).toBe(false);
  }, 60_000);
});
