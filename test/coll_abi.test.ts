// The collectives' ABI below the facade (test/jobs/coll_abi.ts), with 1-5 ranks.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("collectives through the ABI", () => {
  for (const np of [1, 2, 3, 4, 5]) {
    it(`${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "coll_abi.ts"), np);
    });
  }
});
