// Smoke test of the collectives benchmark driver (bench/collectives.mjs): its quickest path runs
// end to end, checks every job's results and reports a table. No performance assertion.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "./harness/job.js";

describe("bench/collectives.mjs", () => {
  it("runs --quick --ops barrier --ranks 2 end to end", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-"));
    try {
      const json = path.join(dir, "run.json");
      // p2p: the barrier built from point-to-point calls, so the path runs whatever collectives
      // the core has; buffer: comm.Barrier(), noted as skipped where it is missing. Native
      // references that are not installed are skipped with a note, not a failure.
      const args = ["bench/collectives.mjs", "--quick", "--ops", "barrier", "--ranks", "2", "--reps", "1", "--wmpi", "buffer,p2p", "--max-foreign-load", "2", "--json", json];
      const out = await runCommand(process.execPath, args, { timeoutMs: 60_000 });
      expect(out.code, out.stderr + out.stdout).toBe(0);
      expect(out.stdout).toMatch(/^barrier, 2 ranks; target: wmpi <= 1\.5x best native$/m);
      const run = JSON.parse(readFileSync(json, "utf8"));
      const p2p: number[] = run.samples["barrier@2"]["wmpi-p2p"]["0"];
      expect(p2p).toHaveLength(1);
      expect(p2p[0]).toBeGreaterThan(0);
      const buffer = run.samples["barrier@2"]["wmpi-buffer"];
      if (buffer) expect(buffer["0"][0]).toBeGreaterThan(0);
      else expect(out.stdout).toMatch(/wmpi skipped: wmpi-coll: this wmpi has no Barrier/);
      for (const ref of ["mpich", "openmpi"]) {
        const figs = run.samples["barrier@2"][ref];
        if (figs) expect(figs["0"][0]).toBeGreaterThan(0);
        else expect(out.stdout).toMatch(new RegExp(`${ref === "mpich" ? "MPICH" : "Open MPI"} skipped: `));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("runs the mpi4py paper's buffer and pickle modes of every operation, wmpi's object mode beside them", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-"));
    try {
      const json = path.join(dir, "run.json");
      const args = ["bench/collectives.mjs", "--quick", "--paper", "--ops", "bcast,allreduce,allgather,barrier", "--sizes", "64", "--ranks", "3", "--reps", "1", "--budget-ms", "10", "--refs", "mpi4py", "--max-foreign-load", "2", "--json", json];
      const out = await runCommand(process.execPath, args, { timeoutMs: 60_000 });
      expect(out.code, out.stderr + out.stdout).toBe(0);
      const run = JSON.parse(readFileSync(json, "utf8"));
      // every job checked its result on every rank before it reported a figure
      for (const op of ["bcast", "allreduce", "allgather"]) expect(run.samples[`${op}@3`]["wmpi-object"]["64"][0], op).toBeGreaterThan(0);
      expect(run.samples["barrier@3"]["wmpi-object"]).toBeUndefined(); // a barrier has no object form
      expect(out.stdout).toMatch(/^Buffer and object \(pickle\) modes, µs per operation/m);
      if (!run.samples["bcast@3"]["mpi4py-buffer"]) {
        expect(out.stdout).toMatch(/mpi4py skipped: .*apt-get install -y python3-mpi4py/);
        return;
      }
      for (const op of ["bcast", "allreduce", "allgather"])
        for (const mode of ["mpi4py-buffer", "mpi4py-object"]) expect(run.samples[`${op}@3`][mode]["64"][0], `${op} ${mode}`).toBeGreaterThan(0);
      expect(run.samples["barrier@3"]["mpi4py-buffer"]["0"][0]).toBeGreaterThan(0);
      expect(out.stdout).toMatch(/^# allgather, 3 ranks: latency$/m);
      expect(out.stdout).toMatch(/mpi4py pickle \(us\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
