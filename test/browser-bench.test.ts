// Smoke test of the browser benchmark (bench/browser.mjs): one round of 8 B and 64 KiB in both
// modes, Node worker threads and Chromium Web Workers, checked bytes, the tables, ratios and the
// target verdicts. No performance assertion. Skipped, saying why, without Chromium.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { chromiumProblem } from "../scripts/chromium.mjs";
import { runCommand } from "./harness/job.js";

const problem: string | undefined = await chromiumProblem();
const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-browser-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(problem !== undefined)(`bench/browser.mjs${problem ? ` (skipped: ${problem})` : ""}`, () => {
  it("measures both sides of both modes with checked bytes and prints ratios and verdicts", async () => {
    const json = path.join(dir, "run.json");
    // no waiting for a quiet machine: this checks the plumbing, not the figures
    const args = ["bench/browser.mjs", "--quick", "--reps", "1", "--sizes", "8,64K", "--max-foreign-load", "100", "--json", json];
    const out = await runCommand(process.execPath, args, { timeoutMs: 120_000 });
    expect(out.code, out.stderr + out.stdout).toBe(0);
    const run = JSON.parse(readFileSync(json, "utf8"));
    for (const key of ["node-alloc", "browser-alloc", "node-buffer", "browser-buffer"]) {
      expect(Object.keys(run.samples[key]).sort()).toEqual(["65536", "8"]);
      for (const figures of Object.values(run.samples[key]) as number[][]) expect(figures[0]).toBeGreaterThan(0);
    }
    expect(run.verdicts).toHaveLength(4);
    expect(out.stdout).toMatch(/latency: browser \/ Node [\d.]+x \.\. [\d.]+x \(target <= 2x\): (met|missed)/);
    expect(out.stdout).toMatch(/bandwidth: browser \/ Node [\d.]+x \.\. [\d.]+x \(target >= 0\.8x\): (met|missed)/);
  }, 130_000);
});
