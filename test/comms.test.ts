// Communicators, groups, intercommunicators, attributes and info through the facade, 1-5 ranks;
// and point-to-point on a duplicate and on split sub-communicators.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("communicators, groups, attributes, info", () => {
  for (const np of [1, 2, 3, 5]) {
    it(`${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "comms.ts"), np);
    });
  }
});

describe("point-to-point on new communicators", () => {
  for (const comm of ["dup", "split"]) {
    it(`buffers and objects on a ${comm} of 3 ranks`, async () => {
      expectNoErrors(await runJob(3, "p2p_buf.ts", { args: ["--comm", comm] }), 3);
      expectNoErrors(await runJob(3, "p2p_obj.ts", { args: ["--comm", comm] }), 3);
    });
  }
});
