// Review of issue 4: staging of the buffer collectives (gaps kept, no leak on a bad argument).
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("buffer collectives' staging", () => {
  for (const [np, comm] of [[1, "world"], [2, "world"], [3, "dup"], [5, "split"], [4, "self"]] as const) {
    it(`${np} ranks on ${comm}`, async () => {
      expectNoErrors(await runJob(np, "coll_review.ts", { args: ["--comm", comm] }), np);
    });
  }
});

describe("MPI.Finalize", () => {
  for (const np of [1, 3]) {
    it(`runs the delete callbacks of COMM_SELF's then COMM_WORLD's attributes, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "attr_finalize.ts"), np);
    });
  }
});
