// Smoke test of the network benchmark (bench/net-pingpong.mjs = bench/pingpong.mjs --net): its
// quickest run goes end to end over every transport, every job verifies the bytes it received,
// and the table and targets are printed. No performance assertion.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "./harness/job.js";

describe("bench/net-pingpong.mjs", () => {
  it("runs --quick on 8 B and 64 KiB over unix, tcp and ws, beside the native TCP references", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-net-"));
    try {
      const json = path.join(dir, "run.json");
      const args = ["bench/net-pingpong.mjs", "--quick", "--reps", "1", "--sizes", "8,64K", "--max-foreign-load", "2", "--json", json];
      const out = await runCommand(process.execPath, args, { timeoutMs: 90_000 });
      expect(out.code, out.stderr + out.stdout).toBe(0);
      const run = JSON.parse(readFileSync(json, "utf8"));
      expect(run.options.net).toBe(true);
      for (const mode of ["proc-unix", "proc-tcp", "proc-ws"]) {
        for (const size of ["8", "65536"]) {
          const rts: number[] = run.samples[mode][size];
          expect(rts, `${mode} ${size}`).toHaveLength(1);
          expect(rts[0]).toBeGreaterThan(0);
        }
      }
      // a native reference that is not installed is skipped with a note, not a failure
      const refs = { "mpich-tcp": "MPICH over TCP", "openmpi-tcp": "Open MPI over TCP" };
      for (const [key, name] of Object.entries(refs)) {
        const figs = run.samples[key];
        if (figs) expect(figs["8"][0]).toBeGreaterThan(0);
        else expect(out.stdout).toContain(`${name} skipped: `);
      }
      // the header names the transports the references were forced onto
      if (run.samples["mpich-tcp"]) expect(out.stdout).toMatch(/^MPICH over TCP \(device \S+\): MPIR_CVAR_NOLOCAL=1 /m);
      expect(out.stdout).toMatch(/^\| 8 B +\| +µs \|/m);
      expect(out.stdout).toMatch(/^\| 64 KiB +\| MB\/s \|/m);
      if (run.samples["mpich-tcp"] || run.samples["openmpi-tcp"]) expect(out.stdout).toMatch(/8 B one-way latency, wmpi tcp <= 2x native TCP/);
      const jobs = 3 + Object.keys(refs).filter((k) => run.samples[k]).length;
      expect(out.stdout).toContain(`All ${jobs} jobs verified the received bytes of every case`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
