// Jobs started by a real process manager, MPICH's Hydra (Debian's mpiexec.mpich): wmpiexec --pmi,
// wmpiexec finding PMI by itself, and a plain `node program` joining its job at import; -ppn
// placement; a rank that fails. Also wmpiexec's own process mode ending a job whose rank fails.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectNoErrors, runCommand, runJob } from "./harness/job.js";

const root = path.resolve(import.meta.dirname, "..");
const wmpiexec = path.join(root, "bin/wmpiexec.js");
const job = (name: string) => path.join(root, "test/jobs", name);
const hydra = (() => {
  try {
    execFileSync("mpiexec.mpich", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hydra)("under MPICH's Hydra (mpiexec.mpich)", () => {
  it("mpiexec -n 4 wmpiexec --pmi: point-to-point", async () => {
    expectNoErrors(await runCommand("mpiexec.mpich", ["-n", "4", process.execPath, wmpiexec, "--pmi", job("p2p_buf.ts")]), 4);
  });
  it("mpiexec -n 4 -ppn 2 -hosts localhost wmpiexec (PMI found by itself): collectives", async () => {
    const args = ["-n", "4", "-ppn", "2", "-hosts", "localhost", process.execPath, wmpiexec, job("coll_buf.ts")];
    expectNoErrors(await runCommand("mpiexec.mpich", args), 4);
  });
  it("mpiexec -n 3 node program.mjs: the program joins the job when it imports wmpi", async () => {
    const out = await runCommand("mpiexec.mpich", ["-n", "3", process.execPath, job("hello.mjs"), "x"]);
    expect(out.code, out.stderr).toBe(0);
    for (let r = 0; r < 3; r++) expect(out.stdout).toContain(`hello from rank ${r} of 3`);
  });
  it("a plain program that exits right after MPI.Finalize: what it sent arrives, and it leaves in order", async () => {
    const out = await runCommand("mpiexec.mpich", ["-n", "2", process.execPath, job("exit_after_finalize.mjs")]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("rank 0: No Errors");
    expect(out.stderr).not.toMatch(/lost process/);
  });
  it("a rank that aborts ends the job with its code", async () => {
    const out = await runCommand("mpiexec.mpich", ["-n", "3", process.execPath, wmpiexec, "--pmi", job("fail.ts"), "--mode", "abort"]);
    expect(out.code).toBe(3);
    expect(out.stderr).toMatch(/rank 2/);
  });
});

describe("wmpiexec --mode process: a failing rank ends the job", () => {
  it("an exception, naming the rank", async () => {
    const out = await runJob(3, "fail.ts", { launcherArgs: ["--mode", "process"], args: ["--mode", "throw"] });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/deliberate failure/);
    expect(out.stderr).toMatch(/wmpiexec: rank 2 /);
  });
  it("Abort(3), with its code", async () => {
    const out = await runJob(3, "fail.ts", { launcherArgs: ["--ppn", "2"], args: ["--mode", "abort"] });
    expect(out.code).toBe(3);
    expect(out.stderr).toMatch(/wmpiexec: rank 2 /);
  });
});
