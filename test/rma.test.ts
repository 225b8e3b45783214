// One-sided communication through the facade (MPI.Win): every operation under every
// synchronization mode with 1-4 ranks, window memory and origin buffers of every kind, a
// distributed counter hammered by all ranks, shared windows, wrong use; as threads of one
// process, and the same job bodies as processes (over the network thread) and two ranks per process.
import { describe, expect, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

const syncs = ["fence", "pscw", "lock", "lockall", "flush"];

describe("RMA operations, ranks as threads", () => {
  for (const np of [1, 2, 3, 4]) {
    for (const sync of syncs) {
      it(`every operation under ${sync}, ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "rma_ops.ts", { args: ["--sync", sync] }), np);
      });
    }
  }
  // window memory (an ordinary array's copy, Alloc_mem in place, Allocate) x origin buffers (staged, in place)
  for (const mem of ["create", "alloc", "allocate"]) {
    for (const buf of ["plain", "alloc"]) {
      it(`window memory ${mem}, buffers ${buf}, 3 ranks, fence and lock`, async () => {
        for (const sync of ["fence", "lock"]) expectNoErrors(await runJob(3, "rma_ops.ts", { args: ["--sync", sync, "--mem", mem, "--buf", buf] }), 3);
      });
    }
  }
  it("on COMM_SELF, a duplicate and split communicators, 3 ranks", async () => {
    for (const comm of ["self", "dup", "split"]) expectNoErrors(await runJob(3, "rma_ops.ts", { args: ["--sync", "pscw", "--comm", comm] }), 3);
  });
});

describe("RMA windows, counters, shared memory, errors (threads)", () => {
  for (const np of [1, 2, 3, 4]) {
    it(`window objects, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "rma_win.ts"), np);
    });
    it(`a Fetch_and_op counter and a mutex hammered by every rank, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "rma_counter.ts", { args: ["--n", "2000"] }), np);
    });
    it(`Allocate_shared + Shared_query: loads see other ranks' stores, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "rma_shared.ts"), np);
    });
    it(`wrong use gets ERR_RMA_RANGE, ERR_RMA_SYNC, ... naming the call, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "rma_errors.ts"), np);
    });
  }
  for (const found of ["core", "facade", "buffer"]) {
    it(`MPI.ERRORS_ARE_FATAL on a window: an error found by the ${found} check ends the job, naming MPI_Put`, async () => {
      const out = await runJob(2, "rma_errors.ts", { args: ["--fatal", found], timeoutMs: 20_000 });
      expect(out.code).not.toBe(0);
      expect(out.stderr).toMatch(/Fatal error in MPI_Put/);
      expect(out.stdout).not.toMatch(/survived/);
    });
  }
});

const placements: [string, string[]][] = [
  ["processes over unix sockets", ["--mode", "process"]],
  ["two ranks per process over TCP", ["--ppn", "2", "--net", "tcp"]],
];
for (const [name, launcherArgs] of placements) {
  describe(`RMA as ${name}`, () => {
    for (const sync of syncs) {
      it(`every operation under ${sync}, 3 ranks`, async () => {
        expectNoErrors(await runJob(3, "rma_ops.ts", { launcherArgs, args: ["--sync", sync] }), 3);
      });
    }
    it("window objects, the counter, shared windows and errors, 4 ranks", async () => {
      expectNoErrors(await runJob(4, "rma_win.ts", { launcherArgs }), 4);
      expectNoErrors(await runJob(4, "rma_counter.ts", { launcherArgs, args: ["--n", "300"], timeoutMs: 120_000 }), 4);
      expectNoErrors(await runJob(4, "rma_shared.ts", { launcherArgs }), 4);
      expectNoErrors(await runJob(4, "rma_errors.ts", { launcherArgs }), 4);
    });
  });
}

describe("the compute-pi-with-RMA example (mpi4py's cpi-rma)", () => {
  it("prints pi to 1e-9 with 1-4 ranks", async () => {
    for (const np of [1, 4]) {
      const out = await runJob(np, "../../examples/cpi-rma.ts", { args: ["100000", "0"] });
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/pi is approximately 3\.14159265\d*, error is 0\.0000000/);
    }
  });
});
