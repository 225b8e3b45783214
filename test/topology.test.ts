// Process topologies and neighbourhood collectives from TS, with 1-5 ranks.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("process topologies", () => {
  for (const np of [1, 2, 3, 4, 5]) {
    it(`Cartesian, graph and distributed graph communicators and neighbourhood collectives, ${np} ranks`, async () => {
      expectNoErrors(await runJob(np, "topology.ts"), np);
    });
  }
  it("the same with rendezvous for every message over 64 bytes, 4 ranks", async () => {
    expectNoErrors(await runJob(4, "topology.ts", { launcherArgs: ["--eager-limit", "64"] }), 4);
  });
});
