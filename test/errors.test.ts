// Bad input gets MPI.Exception with the right error class, on COMM_WORLD and COMM_SELF.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("errors", () => {
  for (const comm of ["world", "self"]) {
    for (const np of [1, 2, 3]) {
      it(`bad arguments, truncation and calls after Finalize on COMM_${comm.toUpperCase()}, ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "errors.ts", { args: ["--comm", comm] }), np);
      });
    }
  }
  it("calls before MPI.Init fail with ERR_OTHER (WMPI_RC_INITIALIZE=0)", async () => {
    expectNoErrors(await runJob(2, "before_init.ts", { env: { WMPI_RC_INITIALIZE: "0" } }), 2);
  });
});
