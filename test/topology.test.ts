// Process topologies and neighbourhood collectives from TS, with 1-5 ranks.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("process topologies", () => {
  for (const np of [1, 2, 3, 4, 5]) {
    it(`Cartesian, graph and distributed graph communicators and neighbourhood collectives, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "topology.ts"), np);
    });
  }
});
