// Collectives through the facade: buffers and objects on COMM_WORLD, COMM_SELF, a duplicate and
// split sub-communicators, 1-5 ranks.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

for (const comm of ["world", "self", "dup", "split"]) {
  describe(`collectives on ${comm}`, () => {
    for (const np of comm === "world" ? [1, 2, 3, 4, 5] : [3]) {
      it(`buffers, ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "coll_buf.ts", { args: ["--comm", comm] }), np);
      });
      it(`objects, ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "coll_obj.ts", { args: ["--comm", comm] }), np);
      });
    }
  });
}

describe("collectives on an intercommunicator", () => {
  for (const np of [2, 3, 5]) {
    it(`buffers and objects, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "coll_inter.ts"), np);
    });
  }
});
