// Point-to-point, buffers and objects: the same job bodies on COMM_WORLD and COMM_SELF, with 1-4 ranks.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

const sizes = [1, 2, 3, 4];

for (const comm of ["world", "self"]) {
  describe(`point-to-point on COMM_${comm.toUpperCase()}`, () => {
    for (const np of sizes) {
      it(`buffers, ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "p2p_buf.ts", { args: ["--comm", comm] }), np);
      });
      it(`objects, ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "p2p_obj.ts", { args: ["--comm", comm] }), np);
      });
      it(`request lifecycles, ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "lifecycle.ts", { args: ["--comm", comm], env: { WMPI_WAITASYNC_POLL_MS: "5000" } }), np);
      });
      it(`environment, ${np} ranks`, async () => {
        expectNoErrors(await runJob(np, "env.ts", { args: ["--comm", comm] }), np);
      });
    }
  });
}

describe("large messages", () => {
  it("moves 2.5 GiB (counts past 2^31-1) and refuses what a wasm32 rank cannot hold", async () => {
    expectNoErrors(await runJob(2, "large.ts", { timeoutMs: 120_000 }), 2);
  });
});

describe("ring sizes", () => {
  it("a 64 MiB ring, larger than a rank's initial memory", async () => {
    expectNoErrors(await runJob(2, "p2p_buf.ts", { env: { WMPI_RING_CELLS: String(1 << 20) } }), 2);
  });
});
