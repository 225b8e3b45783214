// Smoke test of the MPI-IO benchmark (bench/io.mjs): its --quick path builds bench/native/io_c.c
// with wmpicc (and mpicc.mpich where installed), runs every mode (collective view, independent view,
// contiguous blocks) of both layouts at 2 and 4 ranks, each job checking the file after its writes
// and every read, and prints the tables and the verdict. No performance assertion.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "./harness/job.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-io-test-"));
let out: Awaited<ReturnType<typeof runCommand>>;
let run: any;

const GROUPS = ["square@2", "square@4", "64@2", "64@4"];
const CASES = ["coll", "indep", "contig"].flatMap((mode) => ["write", "read"].map((op) => `1048576 ${mode} ${op}`));

beforeAll(async () => {
  // 1 MiB, 1 round, 1 repetition, no warm-up; no waiting for a quiet machine
  const args = ["bench/io.mjs", "--quick", "--max-foreign-load", "4", "--wait", "0", "--out", dir];
  out = await runCommand(process.execPath, args, { timeoutMs: 150_000 });
  run = JSON.parse(readFileSync(path.join(dir, "io.json"), "utf8"));
}, 160_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bench/io.mjs --quick", () => {
  it("runs every mode of the wmpicc build in both layouts, with checked files and reads", () => {
    expect(out.code, out.stderr + out.stdout).toBe(0);
    expect(run.failures).toEqual([]);
    for (const g of GROUPS) {
      for (const c of CASES) {
        const xs = run.samples[g].wmpi[c];
        expect(xs, `${g} ${c}`).toHaveLength(1);
        expect(xs[0].mbps, `${g} ${c}`).toBeGreaterThan(0);
      }
    }
    // the square array's rows split in two: 362 x 362 doubles, pieces of 181 doubles; rows of 64 doubles: 32
    expect(run.meta["square@2"]["1048576"]).toMatchObject({ rows: 362, cols: 362, grid: [1, 2], piece: 1448, pieces: 362 });
    expect(run.meta["64@4"]["1048576"]).toMatchObject({ rows: 2048, cols: 64, grid: [2, 2], piece: 256, pieces: 1024 });
    expect(run.hints.wmpi.cb_buffer_size).toMatch(/^\d+$/);
    expect(out.stdout).toMatch(/^square@2: square array, 2 ranks: MB\/s/m);
    expect(out.stdout).toMatch(/^\| 64@4 +\| 1\.00 MiB \(256 B\) +\| write \| +[\d.]+x (yes|no) \|/m);
    expect(out.stdout).toMatch(/^ {2}wmpi: collective beats independent through the interleaved view for writes in \d\/4 cases$/m);
    expect(out.stdout).toMatch(/checked the file after each write mode and every read on every rank/);
  });
  it("runs native MPICH side by side with ratios and a verdict, or says why not", () => {
    if (!run.samples["square@2"].mpich) {
      // mpicc.mpich / mpiexec.mpich not installed here
      expect(out.stdout).toMatch(/native MPICH skipped: /);
      return;
    }
    for (const g of GROUPS) for (const c of CASES) expect(run.samples[g].mpich[c][0].mbps, `${g} ${c}`).toBeGreaterThan(0);
    expect(run.hints.mpich.romio_filesystem_type).toMatch(/UFS/);
    // the reference job: independent mode only, ROMIO's data sieving off through ROMIO_HINTS
    expect(run.hints["mpich-nods"]).toMatchObject({ romio_ds_read: "disable", romio_ds_write: "disable" });
    expect(run.samples["64@2"]["mpich-nods"]["1048576 indep write"][0].mbps).toBeGreaterThan(0);
    expect(run.samples["64@2"]["mpich-nods"]["1048576 coll write"]).toBeUndefined();
    expect(out.stdout).toMatch(/^\| 64@2 +\| 1\.00 MiB \(256 B\) +\| read +\| +[\d.]+ \| +[\d.]+ \| +[\d.]+ \| +[\d.]+x \|$/m);
    expect(out.stdout).toMatch(/^ {2}write: wmpi within 1\.5x of MPICH's time in \d+\/12 cases/m);
    expect(out.stdout).toMatch(/^ {2}read: wmpi within 1\.5x of MPICH's time in \d+\/12 cases/m);
  });
  it("rejects a layout it does not know, naming it", async () => {
    const bad = await runCommand(process.execPath, ["bench/io.mjs", "--layouts", "round", "--out", dir], { timeoutMs: 30_000 });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--layouts: "round" is neither square nor a row length/);
  });
});
