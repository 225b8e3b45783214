// wmpiexec: options, output, exit codes, and how a failing rank ends the job.
import { describe, expect, it } from "vitest";
import { runCommand, runJob } from "./harness/job.js";

describe("wmpiexec", () => {
  it("documents every option in --help", async () => {
    const out = await runCommand(process.execPath, ["bin/wmpiexec.js", "--help"]);
    expect(out.code).toBe(0);
    for (const opt of ["-n", "--prepend-rank", "--env", "--eager-limit", "--help", "--version", "WMPI_SPIN_US", "WMPI_RING_CELLS"]) expect(out.stdout).toContain(opt);
  });

  it("rejects bad arguments with exit code 2", async () => {
    for (const args of [["-n", "0", "x.js"], ["--bogus", "x.js"], ["-n", "2"]]) {
      const out = await runCommand(process.execPath, ["bin/wmpiexec.js", ...args]);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/wmpiexec: /);
    }
  });

  it("runs JavaScript with arguments and prefixes lines with the rank", async () => {
    const out = await runJob(3, "hello.mjs", { launcherArgs: ["--prepend-rank"], args: ["a", "b c"] });
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split("\n").sort();
    expect(lines).toHaveLength(6);
    for (let r = 0; r < 3; r++) {
      expect(lines).toContain(`[${r}] argv: a b c`);
      expect(lines.some((l) => l.startsWith(`[${r}] hello from rank ${r} of 3`))).toBe(true);
    }
  });

  it("passes --env to every rank", async () => {
    const out = await runCommand(process.execPath, ["bin/wmpiexec.js", "-n", "2", "--env", "WMPI_EAGER_LIMIT=64", "test/jobs/p2p_buf.ts"]);
    expect(out.stdout.match(/No Errors/g)).toHaveLength(2);
  });

  it("keeps one library when a program also imports wmpi's files by path", async () => {
    const out = await runJob(2, "dist_import.ts");
    expect(out.stdout.match(/No Errors/g), out.stderr).toHaveLength(2);
  });

  it("reports a program that does not compile", async () => {
    const out = await runCommand(process.execPath, ["bin/wmpiexec.js", "-n", "2", "test/jobs/broken.ts"]);
    expect(out.code).toBe(1);
  });

  it("runs blocking calls and waitAsync on the main thread of a 1-rank job", async () => {
    const out = await runCommand(process.execPath, ["test/jobs/singleton.mjs"]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain("rank 0: No Errors");
  });

  it("runs a program started without wmpiexec as a 1-rank job", async () => {
    const out = await runCommand(process.execPath, ["test/jobs/hello.mjs", "x"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("hello from rank 0 of 1");
  });

  const failures: [string, number, RegExp][] = [
    ["throw", 1, /rank 3 failed: Error: deliberate failure/],
    ["reject", 1, /rank 3 failed: Error: deliberate rejection/],
    ["abort", 3, /rank 3 aborted the job: MPI_Abort\(errorcode=3\)/],
    ["exit", 4, /rank 3 exited with code 4/],
    ["exit256", 1, /rank 3 exited with code 256/],
    ["abort256", 1, /rank 3 aborted the job: MPI_Abort\(errorcode=512\)/],
    ["fatal", 6, /rank 3 aborted the job: Fatal error in MPI_Send: invalid rank 99 \(dest\)/],
    ["fatal-buffer", 2, /rank 3 aborted the job: Fatal error in MPI_Send: count 5 of MPI_INT needs 20 bytes but the buffer has 16 \(buf\)/],
  ];
  for (const [mode, code, message] of failures) {
    it(`ends the whole job when a rank fails (${mode})`, async () => {
      const out = await runJob(4, "fail.ts", { args: ["--mode", mode], timeoutMs: 20_000 });
      expect(out.code).toBe(code);
      expect(out.stderr).toMatch(message);
      expect(out.stdout.match(/started/g)).toHaveLength(4);
      // the other three ranks were blocked for good: the job ends because the launcher ends it
      expect(out.ms).toBeLessThan(5_000);
    });
  }
});

describe("examples", () => {
  it("compute-pi (bcast/reduce and Bcast/Reduce) on 3 ranks", async () => {
    const out = await runCommand(process.execPath, ["bin/wmpiexec.js", "-n", "3", "examples/compute-pi.ts", "100000"]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^pi is approximately 3\.14159265\d+, error \d\.\d+e-1\d, [\d.]+ ms on 3 ranks\n$/);
  });
});
