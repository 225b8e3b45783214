// Smoke test of the point-to-point benchmark (bench/p2p.mjs): at one size (8 B), one round and a
// 10 ms budget, every contender (wmpi's five modes, MPICH and Open MPI C, mpi4py's four where
// installed) runs ping-pong, osu_bw, osu_bibw and the ring at 2 ranks and the ring at 3, each job
// checking the data it received; the tables carry ratios to MPICH C. No performance assertion.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupsOf, planOf } from "../bench/p2p.mjs";
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
});

describe("bench/p2p.mjs --quick", () => {
  let out: Awaited<ReturnType<typeof runCommand>>;
  let run: any;

  beforeAll(async () => {
    // no waiting for a quiet machine: this is a smoke run
    const args = ["bench/p2p.mjs", "--quick", "--sizes", "8", "--ranks", "2,3", "--budget-ms", "10", "--max-foreign-load", "2", "--out", dir];
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
