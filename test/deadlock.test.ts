// The deadlock detector of wmpiexec's jobs (issue 10, section 3): a job whose every rank waits in
// MPI with no message on its way ends, non-zero, with a report of each rank's call, peer, tag and
// communicator, instead of hanging; a rank busy outside MPI is not taken for a deadlock. The same
// bodies with ranks as threads, one rank per process and two ranks per process (each process sends
// its ranks' waits to wmpiexec, which joins them).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { wmpicc, WMPIEXEC } from "./harness/ctest.js";
import { expectNoErrors, runCommand, runJob } from "./harness/job.js";

const placements = [
  ["threads", []],
  ["one rank per process", ["--mode", "process"]],
  ["two ranks per process", ["--ppn", "2"]],
] as const;

for (const [placement, launcherArgs] of placements)
  describe(`the deadlock detector (${placement})`, () => {
    const fast = { env: { WMPI_DEADLOCK_SECONDS: "1" }, launcherArgs: [...launcherArgs] };
    it("a ring of synchronous sends: each rank waits in MPI_Ssend for the next", async () => {
      const out = await runJob(3, "deadlock.ts", { args: ["--mode", "ssend"], ...fast });
      expect(out.code).not.toBe(0);
      expect(out.stderr).toContain("wmpiexec: deadlock: every rank waits in MPI and no message is on its way");
      for (const r of [0, 1, 2]) expect(out.stderr).toContain(`rank ${r} waits in MPI_Ssend for rank ${(r + 1) % 3} to take a message with tag 7 on MPI_COMM_WORLD`);
    });
    it("receives first: each rank waits in MPI_Recv for the previous", async () => {
      const out = await runJob(2, "deadlock.ts", { args: ["--mode", "recv"], ...fast });
      expect(out.code).not.toBe(0);
      expect(out.stderr).toContain("rank 0 waits in MPI_Recv for a message from rank 1 with tag 3 on MPI_COMM_WORLD");
      expect(out.stderr).toContain("rank 1 waits in MPI_Recv for a message from rank 0 with tag 3 on MPI_COMM_WORLD");
    });
    it("a receive against a barrier names the collective", async () => {
      const out = await runJob(3, "deadlock.ts", { args: ["--mode", "coll"], ...fast });
      expect(out.code).not.toBe(0);
      expect(out.stderr).toContain("rank 0 waits in MPI_Recv for a message from rank 1 with tag 5");
      expect(out.stderr).toContain("rank 2 waits in MPI_Barrier for the rest of the group (a collective) on MPI_COMM_WORLD");
    });
    it("the nonblocking exchange is no deadlock, though the others wait 4 s for a rank busy outside MPI", async () => {
      expectNoErrors(await runJob(3, "deadlock.ts", { args: ["--mode", "fixed"], ...fast }), 3);
    });

    const dir = mkdtempSync(path.join(tmpdir(), "wmpi-deadlock-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it("a C program (wmpicc) that deadlocks", async () => {
      await wmpicc(dir, [path.resolve(import.meta.dirname, "c/deadlock.c"), "-o", path.join(dir, "deadlock.wasm")]);
      const out = await runCommand(process.execPath, [WMPIEXEC, "-n", "2", ...launcherArgs, path.join(dir, "deadlock.wasm")], fast);
      expect(out.code).not.toBe(0);
      expect(out.stderr).toContain("rank 1 waits in MPI_Recv for a message from rank 0 with tag 11 on MPI_COMM_WORLD");
      expect(out.stdout).not.toContain("not reached");
    }, 120_000);
  });
