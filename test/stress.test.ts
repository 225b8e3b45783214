// The stress job of issue 3: 100,000 messages among 4 ranks, checked byte for byte and in order.
import { describe, it } from "vitest";
import { expectNoErrors, runJob } from "./harness/job.js";

describe("stress", () => {
  it("100,000 messages 0 B..64 KiB plus 500 up to 4 MiB among 4 ranks", async () => {
    expectNoErrors(await runJob(4, "stress.ts", { timeoutMs: 120_000 }), 4);
  });
  it("the same traffic through tiny rings and a tiny eager limit (back-pressure, rendezvous everywhere)", async () => {
    const env = { WMPI_RING_CELLS: "64", WMPI_EAGER_LIMIT: "256" };
    expectNoErrors(await runJob(4, "stress.ts", { env, args: ["--small", "20000", "--large", "50"], timeoutMs: 120_000 }), 4);
  });
  it("3 ranks, more ranks than cores or fewer", async () => {
    expectNoErrors(await runJob(3, "stress.ts", { args: ["--small", "20000", "--large", "20"] }), 3);
  });
});
