// Process topologies and neighbourhood collectives from TS, with 1-4 ranks.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("process topologies", () => {
  for (const np of [1, 2, 3, 4]) {
    it(`Cartesian, graph and distributed graph communicators and neighbourhood collectives, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "topology.ts"), np);
    });
  }
});
