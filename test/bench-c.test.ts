// Smoke test of the C-program benchmark (bench/c-programs.mjs): its --quick path builds
// bench/native/osu_c.c with wmpicc (and mpicc.mpich where installed), runs every test with
// both builds, checks every case's result and reports tables and sizes. No performance assertion.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "./harness/job.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-c-"));
let out: Awaited<ReturnType<typeof runCommand>>;
let run: any;

beforeAll(async () => {
  // 2 sizes (8 B, 64 KiB), 1 round, a 20 ms budget per case; no waiting for a quiet machine
  const args = ["bench/c-programs.mjs", "--quick", "--budget-ms", "20", "--max-foreign-load", "2", "--out", dir];
  out = await runCommand(process.execPath, args, { timeoutMs: 90_000 });
  run = JSON.parse(readFileSync(path.join(dir, "c-programs.json"), "utf8"));
}, 100_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bench/c-programs.mjs --quick", () => {
  it("runs every test of the wmpicc build, with checked results", () => {
    expect(out.code, out.stderr + out.stdout).toBe(0);
    for (const g of ["latency@2", "bw@2", "allreduce@2", "allreduce@4"]) {
      for (const size of ["8", "65536"]) {
        const xs: number[] = run.samples[g].wmpi[size];
        expect(xs, `${g} ${size}`).toHaveLength(1);
        expect(xs[0]).toBeGreaterThan(0);
      }
    }
    expect(out.stdout).toMatch(/^latency, 2 ranks: one-way µs, lower is better; target wmpi <= 1\.5x MPICH$/m);
    expect(out.stdout).toMatch(/^bw, 2 ranks: MB\/s, higher is better; target wmpi >= 0\.9x MPICH$/m);
    expect(run.sizes.wasm).toBeGreaterThan(10_000);
  });
  it("runs native MPICH side by side with ratios and sizes, or says why not", () => {
    if (!run.samples["latency@2"].mpich) {
      // mpicc.mpich / mpiexec.mpich not installed here
      expect(out.stdout).toMatch(/native MPICH skipped: /);
      return;
    }
    expect(run.samples["allreduce@4"].mpich["65536"][0]).toBeGreaterThan(0);
    expect(out.stdout).toMatch(/^\| latency@2 +\| +\d\/2 \|/m);
    expect(out.stdout).toMatch(/native dynamic \(mpicc\.mpich -O2\): .*libmpich/);
    expect(out.stdout).toMatch(/native(, mpicc\.mpich -O2 -static: | static: mpicc\.mpich -O2 -static failed: )/);
  });
});
