// Derived datatypes through the facade: constructors, decoding, packing and point-to-point, with 1-4 ranks.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("derived datatypes", () => {
  for (const np of [1, 2, 3, 4]) {
    it(`constructors, Pack and point-to-point, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "datatypes.ts"), np);
    });
  }
});
