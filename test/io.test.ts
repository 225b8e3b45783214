// MPI-IO through MPI.File (issue 8): the io_* job bodies with 1-4 ranks on
// COMM_WORLD, on COMM_SELF, a duplicate and a split, each in a fresh working
// directory (the jobs name their files relatively and delete them: the
// directory must be empty after a job); error handlers that end the job; and
// the same bodies with ranks in separate processes, over every transport.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { expectNoErrors, runJob, type JobOptions } from "./harness/job.js";

const jobs = ["io_access.ts", "io_views.ts", "io_shared.ts", "io_errors.ts"];
const dirs: string[] = [];

/** A fresh working directory for one job. */
function workDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wmpi-io-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Runs a job in a fresh directory; every rank must report No Errors and leave no file behind. */
async function runIn(np: number, job: string, opts: JobOptions = {}): Promise<void> {
  const cwd = workDir();
  expectNoErrors(await runJob(np, job, { ...opts, cwd }), np);
  expect(fs.readdirSync(cwd)).toEqual([]);
}

describe("MPI.File, ranks as threads", () => {
  for (const job of jobs) {
    for (const np of [1, 2, 3, 4]) it(`${job}, ${np} ranks`, () => runIn(np, job));
    for (const comm of ["self", "dup", "split"]) it(`${job} on --comm ${comm}, 3 ranks`, () => runIn(3, job, { args: ["--comm", comm] }));
  }
});

describe("MPI.ERRORS_ARE_FATAL on files ends the job", () => {
  const cases: [string, string, number][] = [
    ["open", "MPI_File_open: cannot open", 37], // MPI_ERR_NO_SUCH_FILE
    ["buffer", "MPI_File_write_at: count 8 of MPI_BYTE", 2], // MPI_ERR_COUNT, found by the facade
    ["access", "MPI_File_read_at: the file is open write-only", 20], // MPI_ERR_ACCESS
  ];
  for (const [which, message, code] of cases) {
    it(`--case ${which}`, async () => {
      const out = await runJob(2, "io_fatal.ts", { args: ["--case", which], cwd: workDir() });
      expect(out.code).toBe(code);
      expect(out.stderr).toContain(`Fatal error in ${message}`);
      expect(out.stdout).not.toContain("still running");
    });
  }
});

// The shared file pointer (and atomic mode) is an int64 in a window at rank 0
// that the other ranks lock and update with MPI_Fetch_and_op: across
// processes, through the network channel's one-sided operations.
const placements = [
  ["one rank per process over unix sockets", ["--mode", "process"]],
  ["two ranks per process over TCP", ["--ppn", "2", "--net", "tcp"]],
  ["one rank per process over WebSocket", ["--mode", "process", "--net", "ws"]],
] as const;

describe("MPI.File, ranks in processes", () => {
  for (const [name, launcherArgs] of placements)
    for (const job of jobs) it(`${job}, 3 ranks, ${name}`, () => runIn(3, job, { launcherArgs: [...launcherArgs], timeoutMs: 120_000 }));
  it("io_access.ts and io_shared.ts, 4 ranks, one per process", async () => {
    await runIn(4, "io_access.ts", { launcherArgs: ["--mode", "process"], timeoutMs: 120_000 });
    await runIn(4, "io_shared.ts", { launcherArgs: ["--mode", "process"], timeoutMs: 120_000 });
  });
});
