// Smoke test of the point-to-point benchmark (bench/p2p.mjs): at one size (8 B), one round and a
// 10 ms budget, every contender (wmpi's five modes, MPICH and Open MPI C, mpi4py's four where
// installed) runs ping-pong, osu_bw, osu_bibw and the ring at 2 ranks and the ring at 3, each job
// checking the data it received; the tables carry ratios to MPICH C. Of the transport series one
// runs (wmpi buffers across processes over TCP, the slowest to start being ws), with its reference
// MPICH C over TCP, whose jobs must have crossed loopback. No performance assertion. The plan and
// the transports' helpers are checked on fixed inputs first.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { P2P_MODES, groupsOf, planOf } from "../bench/p2p.mjs";
import { loopbackVerdicts, testsOf, timedPayload } from "../bench/p2p-transports.mjs";
import { runCommand } from "./harness/job.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-p2p-"));
const WMPI = ["wmpi-buffer", "wmpi-alloc", "wmpi-object", "wmpi-array"];

describe("bench/p2p.mjs plan", () => {
  it("bounds the steps by size (the budget stops them first) and runs only the ring beyond 2 ranks", () => {
    expect(planOf([8, 4096, 1 << 20, 16 << 20])).toBe("8:100000:20000,4096:20000:5000,1048576:256:64,16777216:16:4");
    const o = { ranks: [2, 4], tests: ["bw", "ring"], modes: ["mpich", "wmpi-array"], sizes: [8], budget: 10, window: 64 };
    const groups = groupsOf(o, { bins: { mpich: "/b/osu_p2p-mpich" }, python: "python3" });
    expect(groups.map((g: any) => [g.ranks, g.tests])).toEqual([[2, ["bw", "ring"]], [4, ["ring"]]]);
    const wmpi = groups[1].jobs[1];
    expect(wmpi.key).toBe("wmpi-array");
    expect(wmpi.args.slice(-10)).toEqual(["--mode", "array", "--tests", "ring", "--plan", "8:100000:20000", "--budget-ms", "10", "--window", "64"]);
    expect(groups[1].jobs[0].args.slice(0, 3)).toEqual(["-n", "4", "/b/osu_p2p-mpich"]);
  });
  it("runs the transport series without the ping-pong, wmpi in one process per rank, MPICH over TCP at 2 ranks on ch4:ucx", () => {
    const o = { ranks: [2, 4], tests: ["pingpong", "bw", "ring"], modes: ["mpich", "mpich-tcp", "proc-ws"], sizes: [8], budget: 10, window: 64 };
    const env = { bins: { mpich: "/b/osu_p2p-mpich" }, python: "python3", mpichDevice: "ch4:ucx" };
    const [two, four] = groupsOf(o, env);
    const job = (g: any, key: string) => g.jobs.find((j: any) => j.key === key);
    expect(two.jobs.map((j: any) => j.key)).toEqual(["mpich", "mpich-tcp", "proc-ws"]);
    expect(job(two, "mpich-tcp").args.slice(0, 5)).toEqual(["-n", "2", "/b/osu_p2p-mpich", "--tests", "bw,ring"]);
    expect(job(two, "mpich-tcp").env).toEqual({ MPIR_CVAR_NOLOCAL: "1", UCX_TLS: "tcp" });
    expect(job(two, "mpich").env).toBeUndefined();
    const ws = job(two, "proc-ws").args;
    expect(ws.slice(1, 7)).toEqual(["-n", "2", "--mode", "process", "--net", "ws"]);
    expect(ws.slice(7, 12).map((a: string) => a.replace(/.*\//, ""))).toEqual(["wmpi-p2p.ts", "--mode", "buffer", "--tests", "bw,ring"]);
    // ch4:ucx over TCP hangs in MPI_Finalize beyond 2 ranks: no job there; other devices run
    expect(four.jobs.map((j: any) => j.key)).toEqual(["mpich", "proc-ws"]);
    expect(testsOf("mpich-tcp", ["ring"], 4, "ch3:nemesis")).toEqual(["ring"]);
    expect(testsOf("mpich-tcp", ["pingpong"], 2, "ch4:ucx")).toEqual([]);
    expect(testsOf("wmpi-buffer", ["pingpong", "ring"], 4, "ch4:ucx")).toEqual(["pingpong", "ring"]);
  });
  it("counts the bytes the timed steps sent, and fails a TCP series whose bytes did not cross loopback", () => {
    const lines = [
      { library: "x" },
      { test: "bw", size: 1000, iters: 5, window: 64 }, // 5 windows of 64
      { test: "bibw", size: 1000, iters: 2, window: 64 }, // 2 x 64 each way
      { test: "ring", size: 10, iters: 7, window: 1 }, // 3 ranks send one each
      { test: "pingpong", size: 100, iters: 4, window: 1 },
      { test: "bw", case: "dict", size: 0, iters: 9, window: 64 },
    ];
    expect(timedPayload(lines, 3)).toBe(5 * 64 * 1000 + 2 * 2 * 64 * 1000 + 7 * 3 * 10 + 4 * 2 * 100);
    const v = loopbackVerdicts({ "mpich-tcp": { bytes: 2000, payload: 3e6 }, "proc-tcp": { bytes: 5e6, payload: 3e6 } });
    expect(v.ok).toEqual(["proc-tcp: 5.0 MB crossed loopback during its jobs; their timed steps sent 3.0 MB (over TCP, as meant)"]);
    expect(v.failed).toEqual(["mpich-tcp: 0.0 MB crossed loopback during its jobs; their timed steps sent 3.0 MB: NOT over TCP, its figures are not the transport's (bench/mpich-tcp.mjs)"]);
  });
});

describe("bench/p2p.mjs --quick", () => {
  let out: Awaited<ReturnType<typeof runCommand>>;
  let run: any;

  beforeAll(async () => {
    // no waiting for a quiet machine: this is a smoke run
    const modes = P2P_MODES.filter((m: string) => m !== "proc-unix" && m !== "proc-ws");
    const args = ["bench/p2p.mjs", "--quick", "--sizes", "8", "--ranks", "2,3", "--budget-ms", "10", "--max-foreign-load", "2", "--modes", modes.join(","), "--out", dir];
    out = await runCommand(process.execPath, args, { timeoutMs: 90_000 });
    run = JSON.parse(readFileSync(path.join(dir, "p2p.json"), "utf8"));
  }, 100_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs every test of every wmpi mode, with checked data", () => {
    expect(out.code, out.stderr + out.stdout).toBe(0);
    for (const g of ["pingpong@2", "bw@2", "bibw@2", "ring@2", "ring@3"]) {
      for (const mode of WMPI) {
        const xs: number[] = run.samples[g][mode]["8"];
        expect(xs, `${g} ${mode}`).toHaveLength(1);
        expect(xs[0]).toBeGreaterThan(0);
      }
      expect(run.samples[g]["wmpi-dict"].dict[0], g).toBeGreaterThan(0);
    }
    expect(run.samples["pingpong@3"]).toBeUndefined(); // only the ring runs beyond 2 ranks
  });
  it("runs bw, bibw and the ring across processes over TCP, in tables against MPICH C over TCP", () => {
    for (const g of ["bw@2", "bibw@2", "ring@2", "ring@3"]) expect(run.samples[g]["proc-tcp"]["8"][0], g).toBeGreaterThan(0);
    expect(run.samples["pingpong@2"]["proc-tcp"]).toBeUndefined(); // bench/net-pingpong.mjs's
    expect(run.samples["ring@3"]["proc-unix"]).toBeUndefined(); // not chosen
    expect(out.stdout).toMatch(/^# osu_bw across processes, 2 ranks, window of 64: bandwidth$/m);
    expect(out.stdout).toMatch(/^# Sendrecv ring across processes, 3 ranks: time per Sendrecv$/m);
    expect(run.loopback["proc-tcp"].bytes).toBeGreaterThanOrEqual(run.loopback["proc-tcp"].payload);
    if (!run.samples["bw@2"]["mpich-tcp"]) return; // no MPICH: said by the test above
    expect(out.stdout).toMatch(/^MPICH over TCP \(device \S+\): MPIR_CVAR_NOLOCAL=1 /m);
    expect(out.stdout).toMatch(/^# Size +MPICH C \(TCP\) \(MB\/s\) +MPICH C \(MB\/s\) +x MPICH C \(TCP\) +wmpi process tcp \(MB\/s\) +x MPICH C \(TCP\)/m);
    expect(out.stdout).toMatch(/^mpich-tcp: .* MB crossed loopback during its jobs; .*\(over TCP, as meant\)$/m);
    expect(run.loopback["mpich-tcp"].payload).toBeGreaterThan(0);
  });
  it("prints OSU tables of bw, bibw and the ring with ratios to MPICH C, or says what is missing", () => {
    expect(out.stdout).toMatch(/^# osu_bw, 2 ranks, window of 64: bandwidth$/m);
    expect(out.stdout).toMatch(/^# osu_bibw, 2 ranks, window of 64: bandwidth$/m);
    expect(out.stdout).toMatch(/^# Sendrecv ring, 3 ranks: time per Sendrecv$/m);
    if (!run.samples["bw@2"].mpich) {
      expect(out.stdout).toMatch(/mpich skipped: .*apt-get install -y mpich libmpich-dev/);
      return;
    }
    expect(out.stdout).toMatch(/^# Size +MPICH C \(MB\/s\) .*wmpi buffer \(MB\/s\) +x MPICH C/m);
    expect(run.samples["ring@3"].mpich["8"][0]).toBeGreaterThan(0);
  });
  it("runs mpi4py's buffer and pickle modes beside them, or says how to install it", () => {
    if (!run.samples["bw@2"]["mpi4py-buffer"]) {
      expect(out.stdout).toMatch(/mpi4py skipped: .*apt-get install -y python3-mpi4py/);
      return;
    }
    for (const mode of ["mpi4py-buffer", "mpi4py-object", "mpi4py-array"]) expect(run.samples["bibw@2"][mode]["8"][0], mode).toBeGreaterThan(0);
    expect(out.stdout).toMatch(/^# pingpong, 2 ranks: a small dict \{a: 1, b: \[1, 2, 3\]\}, time per round trip$/m);
    expect(out.stdout).toMatch(/x mpi4py pickle dict/);
  });
});
