// Tracing a browser job (issue 10, section 2): startJob({ trace: { onEvents, paceMs } }) hands the
// page the events while the ranks run, the result carries the whole trace, and paceMs slows a
// job of 20 messages measurably without the deadlock detector taking the pauses for waiting.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { chromiumProblem } from "../scripts/chromium.mjs";
import { startBrowserRig, type BrowserRig } from "./harness/browser.js";

const root = path.resolve(import.meta.dirname, "..");
const problem: string | undefined = await chromiumProblem();
const skip = problem ?? (existsSync(path.join(root, "dist/web/index.js")) ? undefined : "dist/web is not built (npm run build)");

/** What the page reports of one traced job. */
interface Run {
  code: number;
  failure?: string;
  ms: number;
  /** page time of each onEvents batch, relative to startJob, and its size */
  batches: Array<{ at: number; n: number }>;
  streamed: number;
  whole: number;
  calls: Record<string, number>;
  flows: number;
  /** the shortest time (µs) between the end of a call and the start of the next on one lane */
  minGap: number;
}

let rig: BrowserRig | undefined;
let page: Page;

/** Runs 10 round trips (20 messages) between 2 ranks in the page with the given pace. */
function pingPong(paceMs: number): Promise<Run> {
  return page.evaluate(async (paceMs) => {
    type Ev = { ph: string; name: string; tid: number; ts: number; dur: number };
    const { startJob } = (window as unknown as { wmpi: { startJob: (o: unknown) => { result: Promise<{ code: number; failure?: string; trace?: { traceEvents: Ev[] } }> } } }).wmpi;
    const source = `import { MPI } from "wmpi";
      const c = MPI.COMM_WORLD, b = new Float64Array(8);
      for (let i = 0; i < 10; i++) {
        if (c.rank === 0) { c.Send(b, 1, 0); c.Recv(b, 1, 0); } else { c.Recv(b, 0, 0); c.Send(b, 0, 0); }
      }`;
    const batches: Array<{ at: number; n: number }> = [];
    let streamed = 0;
    const t0 = performance.now();
    const onEvents = (events: Ev[]) => {
      batches.push({ at: performance.now() - t0, n: events.length });
      streamed += events.length;
    };
    const r = await startJob({ np: 2, program: { source }, deadlockSeconds: 1, trace: { onEvents, paceMs } }).result;
    const ms = performance.now() - t0;
    const events = r.trace?.traceEvents ?? [];
    const calls: Record<string, number> = {};
    for (const e of events) if (e.ph === "X") calls[e.name] = (calls[e.name] ?? 0) + 1;
    let minGap = Infinity;
    for (const tid of [0, 1]) {
      const lane = events.filter((e) => e.ph === "X" && e.tid === tid);
      for (let i = 1; i < lane.length; i++) minGap = Math.min(minGap, lane[i].ts - (lane[i - 1].ts + lane[i - 1].dur));
    }
    return { code: r.code, failure: r.failure, ms, batches, streamed, whole: events.filter((e) => e.ph !== "M").length, calls, flows: events.filter((e) => e.ph === "f").length, minGap };
  }, paceMs);
}

describe.skipIf(skip !== undefined)(`tracing a browser job${skip ? ` (skipped: ${skip})` : ""}`, () => {
  beforeAll(async () => {
    rig = await startBrowserRig();
    page = await rig.browser.newPage();
    await page.goto(`${rig.isolated.url}/test/browser/blank.html`);
    await page.waitForFunction(() => (window as unknown as { wmpi?: unknown }).wmpi !== undefined, null, { timeout: 30_000 });
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  it("onEvents gets the events while the job runs, the result the whole trace; paceMs slows it down", async () => {
    await pingPong(0); // warm: the core is compiled once per page
    const fast = await pingPong(0);
    const slow = await pingPong(25);
    for (const r of [fast, slow]) {
      expect(r.failure).toBeUndefined();
      expect(r.calls).toEqual({ MPI_Send: 20, MPI_Recv: 20 });
      expect(r.flows).toBe(20);
      expect(r.streamed).toBe(r.whole); // every event went to onEvents too
    }
    // every call of a rank is followed by its 25 ms pause (the clock's grain aside): 20 calls, half a second at least
    expect(slow.minGap).toBeGreaterThan(24_900);
    expect(fast.minGap).toBeLessThan(24_900);
    expect(slow.ms).toBeGreaterThan(500);
    expect(slow.ms - fast.ms).toBeGreaterThan(250);
    // live: batches came while the ranks ran, not only at the end
    const early = slow.batches.filter((b) => b.at < slow.ms - 100 && b.n > 0);
    expect(early.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it("a deadlocked job's trace shows where each rank waits: its call, unfinished", async () => {
    const r = await page.evaluate(async () => {
      type Ev = { ph: string; name: string; tid: number; args: Record<string, unknown> };
      const { startJob } = (window as unknown as { wmpi: { startJob: (o: unknown) => { result: Promise<{ failure?: string; trace?: { traceEvents: Ev[] } }> } } }).wmpi;
      const source = `import { MPI } from "wmpi";
        const c = MPI.COMM_WORLD;
        c.Ssend(new Int32Array(1), (c.rank + 1) % c.size, 4);`;
      const res = await startJob({ np: 2, program: { source }, deadlockSeconds: 1, trace: {} }).result;
      return { failure: res.failure, calls: (res.trace?.traceEvents ?? []).filter((e) => e.ph === "X").map((e) => [e.tid, e.name, e.args.unfinished]) };
    });
    expect(r.failure).toContain("deadlock");
    expect(r.calls).toEqual(expect.arrayContaining([[0, "MPI_Ssend", true], [1, "MPI_Ssend", true]]));
    expect(r.calls.length).toBe(2);
  }, 60_000);
});
