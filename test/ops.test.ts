// Reduction ops: Reduce_local with every op and TypedArray kind, JS user ops applied by the core, object mode, errors.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("reduction operations", () => {
  for (const np of [1, 3]) {
    it(`Reduce_local, user ops, object mode and errors, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "ops.ts"), np);
    });
  }
  for (const np of [1, 2, 3, 4, 5]) {
    it(`JS user ops inside collectives (rank order, Free during Iallreduce), ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "ops_coll.ts"), np);
    });
  }
});
