// Dynamic processes through the facade (issue 9), with the same bodies in threads and in jobs of
// processes: spawning from 1 to 3 parents (together, or each alone over COMM_SELF), children of
// 1 to 4 ranks, nested spawns; ports (and names, in threads) with reconnects; spawn errors; and
// the compute-pi master/worker demo of the README. The C suite (c-dyn.test.ts) runs the same over the C API.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectNoErrors, runCommand, runJob } from "./harness/job.js";

/** The children's (and grandchildren's) own reports. */
const childReports = (stdout: string) => stdout.split("\n").filter((l) => /^(grand)?child \d+: No Errors$/.test(l)).length;

/** The launcher settings of each run: threads, one rank per process, and two per process over TCP. */
const modes = [
  { label: "threads", args: [] as string[] },
  { label: "--ppn 1", args: ["--ppn", "1"] },
  { label: "--ppn 2 --net tcp", args: ["--ppn", "2", "--net", "tcp"] },
];

for (const mode of modes) {
  describe(`Spawn (${mode.label})`, () => {
    for (const [parents, children] of [[1, 1], [1, 4], [2, 2], [3, 2]]) {
      it(`${parents} parent${parents > 1 ? "s" : ""} spawn ${children} child${children > 1 ? "ren" : ""}`, async () => {
        const out = await runJob(parents, "dyn_spawn.ts", { args: [String(children)], launcherArgs: mode.args });
        expectNoErrors(out, parents);
        expect(childReports(out.stdout)).toBe(children);
      });
    }
    it("each of 2 parents spawns alone over COMM_SELF, at the same time", async () => {
      const out = await runJob(2, "dyn_spawn.ts", { args: ["2", "--self"], launcherArgs: mode.args });
      expectNoErrors(out, 2);
      expect(childReports(out.stdout)).toBe(4);
    });
    it("a spawned job spawns in turn (nested)", async () => {
      const out = await runJob(2, "dyn_spawn.ts", { args: ["2", "--nested"], launcherArgs: mode.args });
      expectNoErrors(out, 2);
      expect(childReports(out.stdout)).toBe(3);
    });
    it("errors: a missing program, more than the universe, bad arguments (MPI.ERR_SPAWN, ERR_ARG, ERR_ROOT)", async () => {
      expectNoErrors(await runJob(2, "dyn_errors.ts", { launcherArgs: ["--universe-size", "4", ...mode.args] }), 2);
    });
    // children as a job of processes of their own (info wmpi_mode = process), meeting the parents over the network
    it("2 parents spawn 3 children as processes, which spawn a grandchild as a process", async () => {
      const out = await runJob(2, "dyn_spawn.ts", { args: ["3", "--nested", "--processes"], launcherArgs: mode.args });
      expectNoErrors(out, 2);
      expect(childReports(out.stdout)).toBe(4);
    });
    it("each of 2 parents spawns 2 children as processes over COMM_SELF, at the same time", async () => {
      const out = await runJob(2, "dyn_spawn.ts", { args: ["2", "--self", "--processes"], launcherArgs: mode.args });
      expectNoErrors(out, 2);
      expect(childReports(out.stdout)).toBe(4);
    });
    it("a child job of processes that exits without MPI_Init ends the job, saying why", async () => {
      const out = await runJob(1, "dyn_nompi.ts", { args: ["--processes"], launcherArgs: ["--env", "WMPI_RC_INITIALIZE=0", ...mode.args] });
      expect(out.code, out.stdout).not.toBe(0);
      expect(out.stderr).toMatch(/spawned to run .* exited without connecting to its parents \(did it call MPI_Init\?\)/);
      expect(out.stdout).not.toMatch(/Spawn returned/);
    });
    it("a child that exits without MPI_Init ends the job, saying why, instead of leaving its parent waiting", async () => {
      const out = await runJob(1, "dyn_nompi.ts", { launcherArgs: ["--env", "WMPI_RC_INITIALIZE=0", ...mode.args] });
      expect(out.code, out.stdout).not.toBe(0);
      expect(out.stderr).toMatch(/exited without connecting to its parents \(did it call MPI_Init\?\)/);
      expect(out.stdout).not.toMatch(/Spawn returned/);
    });
  });

  describe(`ports and names (${mode.label})`, () => {
    for (const np of [2, 3, 4]) {
      it(`Publish/Lookup, Accept/Connect, Disconnect and reconnect at ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "dyn_ports.ts", { launcherArgs: ["--env", "WMPI_CONNECT_TIMEOUT=1", ...mode.args] }), np);
      });
    }
  });
}

const hydra = spawnSync("mpiexec.mpich", ["--version"]).status === 0;
const wmpiexec = path.resolve(import.meta.dirname, "../bin/wmpiexec.js");
const job = (name: string) => path.resolve(import.meta.dirname, "jobs", name);

describe.skipIf(!hydra)("under MPICH's Hydra (wmpiexec --pmi): children through Hydra's PMI spawn, names through PMI", () => {
  it("2 parents spawn 2 children, which spawn a grandchild (PMI spawn, each a job of Hydra's)", async () => {
    const out = await runCommand("mpiexec.mpich", ["-n", "2", process.execPath, wmpiexec, "--pmi", job("dyn_spawn.ts"), "2", "--nested"], { env: { PMI_DEBUG: "1" } });
    expectNoErrors(out, 2);
    expect(childReports(out.stdout)).toBe(3);
    // the root of each spawn asked Hydra (a child job, then a grandchild job)
    expect(out.stderr.match(/-> mcmd=spawn/g)?.length).toBe(2);
  });
  it("children as threads of the root's process (info wmpi_mode=thread)", async () => {
    const out = await runCommand("mpiexec.mpich", ["-n", "2", process.execPath, wmpiexec, "--pmi", job("dyn_spawn.ts"), "2", "--nested", "--threads"], { env: { PMI_DEBUG: "1" } });
    expectNoErrors(out, 2);
    expect(childReports(out.stdout)).toBe(3);
    expect(out.stderr).not.toMatch(/mcmd=spawn/);
  });
  it("Publish/Lookup (Hydra's name service), Accept/Connect and reconnect at 3 ranks", async () => {
    const args = ["-n", "3", process.execPath, wmpiexec, "--pmi", job("dyn_ports.ts")];
    expectNoErrors(await runCommand("mpiexec.mpich", args, { env: { WMPI_CONNECT_TIMEOUT: "1" } }), 3);
  });
});

describe("the README's compute-pi master/worker demo", () => {
  it("wmpiexec -n 1 examples/cpi-master.ts spawns 5 workers and prints pi", async () => {
    const out = await runCommand(process.execPath, ["bin/wmpiexec.js", "-n", "1", "examples/cpi-master.ts"]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toBe("pi is approximately 3.1416009869231245, error 8.33e-6 (5 workers, 100 intervals)\n");
  });
});
