// Derived datatypes through the facade: constructors, decoding, packing and point-to-point,
// on COMM_WORLD and COMM_SELF with 1-5 ranks.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

// A 16 KiB pipeline chunk (a 128 KiB staging ring) where the largest vector goes around it six times
const SMALL_RING = { WMPI_PIPELINE_CHUNK: "16384" };

for (const comm of ["world", "self"]) {
  describe(`derived datatypes on COMM_${comm.toUpperCase()}`, () => {
    for (const np of [1, 2, 3, 4, 5]) {
      it(`constructors, Pack and point-to-point, ${np} ranks${np === 3 || np === 4 ? ", small pipeline ring" : ""}`, async () => {
        const env = np === 3 || np === 4 ? SMALL_RING : undefined;
        expectNoErrors(await runJob(np, "datatypes.ts", { args: ["--comm", comm], env }), np);
      });
    }
  });
}
