// Dynamic processes through the facade (issue 9): spawning from 1 and 2 parents (together, or
// each alone over COMM_SELF), children of 1 to 4 ranks, nested spawns; ports and names within a
// job with reconnects; spawn errors; the refusal in a job of processes; and the compute-pi
// master/worker demo of the README. The C suite (c-dyn.test.ts) runs the same over the C API.
import { describe, expect, it } from "vitest";
import { expectNoErrors, runCommand, runJob } from "./harness/job.js";

/** The children's (and grandchildren's) own reports. */
const childReports = (stdout: string) => stdout.split("\n").filter((l) => /^(grand)?child \d+: No Errors$/.test(l)).length;

describe("Spawn (threads)", () => {
  for (const [parents, children] of [[1, 1], [1, 4], [2, 2], [2, 3]]) {
    it(`${parents} parent${parents > 1 ? "s" : ""} spawn ${children} child${children > 1 ? "ren" : ""}`, async () => {
      const out = await runJob(parents, "dyn_spawn.ts", { args: [String(children)] });
      expectNoErrors(out, parents);
      expect(childReports(out.stdout)).toBe(children);
    });
  }
  it("each of 2 parents spawns alone over COMM_SELF, at the same time", async () => {
    const out = await runJob(2, "dyn_spawn.ts", { args: ["2", "--self"] });
    expectNoErrors(out, 2);
    expect(childReports(out.stdout)).toBe(4);
  });
  it("a spawned job spawns in turn (nested)", async () => {
    const out = await runJob(1, "dyn_spawn.ts", { args: ["2", "--nested"] });
    expectNoErrors(out, 1);
    expect(childReports(out.stdout)).toBe(3);
  });
  it("errors: a missing program, more than the universe, bad arguments (MPI.ERR_SPAWN, ERR_ARG, ERR_ROOT)", async () => {
    expectNoErrors(await runJob(2, "dyn_errors.ts", { launcherArgs: ["--universe-size", "4"] }), 2);
  });
  it("a job of processes refuses plainly (MPI.ERR_UNSUPPORTED_OPERATION)", async () => {
    expectNoErrors(await runJob(2, "dyn_errors.ts", { launcherArgs: ["--ppn", "1"], args: ["--unsupported"] }), 2);
  });
});

describe("ports and names (threads)", () => {
  for (const np of [2, 3, 4]) {
    it(`Publish/Lookup, Accept/Connect, Disconnect and reconnect at ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "dyn_ports.ts"), np);
    });
  }
});

describe("the README's compute-pi master/worker demo", () => {
  it("wmpiexec -n 1 examples/cpi-master.ts spawns 5 workers and prints pi", async () => {
    const out = await runCommand(process.execPath, ["bin/wmpiexec.js", "-n", "1", "examples/cpi-master.ts"]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toBe("pi is approximately 3.1416009869231245, error 8.33e-6 (5 workers, 100 intervals)\n");
  });
});
