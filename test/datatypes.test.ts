// Derived datatypes through the facade: constructors, decoding, packing and point-to-point,
// on COMM_WORLD and COMM_SELF with 1-5 ranks.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

for (const comm of ["world", "self"]) {
  describe(`derived datatypes on COMM_${comm.toUpperCase()}`, () => {
    for (const np of [1, 2, 3, 4, 5]) {
      it(`constructors, Pack and point-to-point, ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "datatypes.ts", { args: ["--comm", comm] }), np);
      });
    }
  });
}
