// Smoke test of the one-sided benchmark (bench/rma.mjs): its --quick path builds
// bench/native/osu_rma.c with wmpicc (and mpicc.mpich / mpicc.openmpi where installed), runs every
// test under every synchronization mode with each build once, checks every case's result and
// prints tables, wmpi / native ratios and the 2x verdict. No performance assertion.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "./harness/job.js";

const TESTS = ["put_latency", "get_latency", "put_bw", "acc_latency", "fop_latency"];
const SYNCS = ["lock", "flush", "fence"];
const REFS = { mpich: "MPICH", openmpi: "Open MPI" } as const;

const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-rma-"));
let out: Awaited<ReturnType<typeof runCommand>>;
let run: any;

beforeAll(async () => {
  // 8 B and 64 KiB, 1 round, a 20 ms budget per case; no waiting for a quiet machine
  const args = ["bench/rma.mjs", "--quick", "--budget-ms", "20", "--max-foreign-load", "2", "--out", dir];
  out = await runCommand(process.execPath, args, { timeoutMs: 150_000 });
  run = JSON.parse(readFileSync(path.join(dir, "rma.json"), "utf8"));
}, 160_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bench/rma.mjs --quick", () => {
  it("runs every test and synchronization of the wmpicc build, with checked results", () => {
    expect(out.code, out.stderr + out.stdout).toBe(0);
    expect(run.failures).toEqual([]);
    for (const test of TESTS)
      for (const sync of SYNCS)
        for (const size of test === "fop_latency" ? ["8"] : ["8", "65536"]) {
          const xs: number[] = run.samples[test]?.[sync]?.wmpi?.[size];
          expect(xs, `${test} ${sync} ${size}`).toHaveLength(1);
          expect(xs[0]).toBeGreaterThan(0);
        }
    expect(out.stdout).toMatch(/^put_latency, 2 ranks: µs per operation, lower is better; target wmpi <= 2x native/m);
    expect(out.stdout).toMatch(/^put_bw, 2 ranks: MB\/s, higher is better; target wmpi >= 0\.5x native$/m);
    expect(out.stdout).toMatch(/^\| flush 64 KiB +\| +[\d.]+ \|/m);
    expect(out.stdout).toMatch(/^wmpi: wmpi /m); // the library line of the wasm build
  });
  for (const [key, title] of Object.entries(REFS))
    it(`runs ${title} side by side with ratios and the 2x verdict, or says why not`, () => {
      if (!run.samples.put_latency.flush[key]) {
        expect(out.stdout).toContain(`${title} skipped: `);
        return;
      }
      for (const test of TESTS) expect(run.samples[test].fence[key], test).toBeDefined();
      expect(out.stdout).toContain(`| wmpi / ${title} |`); // one round: no range
      expect(out.stdout).toMatch(new RegExp(`^\\| put_latency flush +\\| .*\\d/2`, "m"));
      expect(out.stdout).toMatch(new RegExp(`^wmpi vs ${title}: \\d+ of 27 cases within 2x`, "m"));
    });
});
