// The teaching site's live timeline in headless Chromium: every example run through the page's
// own controls draws one arrow per message its program sends (counted from the program's logic:
// a ring of N ranks, N), appended while the job runs; slow motion (the Speed control, startJob's
// trace.paceMs) makes a run measurably slower and lets the arrows come one by one; a deadlock's
// messages show as sent and never received. Screenshot: build/screenshots/timeline-live-ring-slow.png.
// One browser for the file. Skipped, saying why, without Chromium or without the built site.

import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteSkipReason, startBrowserRig, type BrowserRig } from "./harness/browser.js";

const root = path.resolve(import.meta.dirname, "..");
const shots = path.join(root, "build/screenshots");
const skip = await siteSkipReason();

interface TimelineState {
  source: string;
  running: boolean;
  events: number;
  messages: number;
  collMessages: number;
  pending: number;
}
interface SiteState {
  state: string;
  runs: number;
  timeline: TimelineState;
}

let rig: BrowserRig | undefined;
let page: Page;

const site = () => page.evaluate(() => (window as unknown as { wmpiSite: SiteState }).wmpiSite);

/** Runs `example` on `np` ranks at `speed` with the page's controls; resolves when it ended, with its wall time. */
async function run(example: string, np: number, speed: "0" | "150" | "600" = "0", during?: () => Promise<void>) {
  await page.click(`nav button[data-example="${example}"]`);
  await page.selectOption("#np", String(np));
  await page.selectOption("#speed", speed);
  const before = (await site()).runs;
  const t = Date.now();
  await page.click("#run");
  await page.waitForFunction((n) => (window as unknown as { wmpiSite: SiteState }).wmpiSite.runs > n, before);
  await during?.();
  await page.waitForFunction(() => (window as unknown as { wmpiSite: SiteState }).wmpiSite.state !== "running", null, { timeout: 30_000 });
  const ms = Date.now() - t;
  // the last batch of events is drawn at the next frame
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const s = await site();
  return { ms, state: s.state, timeline: s.timeline, arrows: Number(await page.locator("#timeline-view").getAttribute("data-arrows")) };
}

/** Point-to-point messages each example sends on np ranks, from its program; "coll" where it uses collectives. */
const expected: Record<string, { np: number[]; p2p(np: number): number; coll: boolean }> = {
  hello: { np: [1, 4], p2p: () => 0, coll: false },
  ring: { np: [1, 2, 4], p2p: (np) => np, coll: false },
  // pairs play 5 rounds, then time 2000 more: two messages a round
  pingpong: { np: [2, 4], p2p: (np) => (np / 2) * 2 * 2005, coll: false },
  "compute-pi": { np: [4], p2p: () => 0, coll: true },
  // linear: rank 0 to every other rank; tree: every rank but 0 gets it once; then one Bcast
  broadcast: { np: [4, 8], p2p: (np) => 2 * (np - 1), coll: true },
  reduce: { np: [4], p2p: () => 0, coll: true },
  nonblocking: { np: [2, 4], p2p: (np) => np, coll: false },
  // 500 sweeps, each an edge swap both ways between every pair of neighbours (the ends swap with no one)
  jacobi: { np: [4], p2p: (np) => 500 * 2 * (np - 1), coll: true },
  // the collective write, the barrier and Open/Close talk inside collectives only
  "file-io": { np: [4], p2p: () => 0, coll: true },
  "cpi-c": { np: [4], p2p: () => 0, coll: true },
};

describe.skipIf(skip !== undefined)(`the live timeline${skip ? ` (skipped: ${skip})` : ""}`, () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    rig = await startBrowserRig();
    page = await rig.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${rig.isolated.url}/site/`);
    await page.waitForSelector('nav button[data-example="hello"]');
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  for (const [name, ex] of Object.entries(expected))
    it(`${name}: one arrow per message on ${ex.np.join(", ")} ranks, a lane per rank`, async () => {
      for (const np of ex.np) {
        const r = await run(name, np);
        expect(r.state, `${name} on ${np}`).toBe("done");
        expect(r.timeline).toMatchObject({ source: "live", running: false, messages: ex.p2p(np) });
        if (ex.coll) expect(r.timeline.collMessages, `${name} on ${np}: messages inside collectives`).toBeGreaterThan(0);
        else expect(r.timeline.collMessages).toBe(0);
        expect(Number(await page.locator("#timeline-view").getAttribute("data-lanes"))).toBe(np);
        // every message is drawn when there are few (many collapse into shared pixels)
        if (ex.p2p(np) + r.timeline.collMessages <= 20) expect(r.arrows).toBe(ex.p2p(np) + r.timeline.collMessages);
        if (r.timeline.events === 0) expect(await page.locator("#timeline-empty").innerText()).toBe("This run made no MPI calls that are traced.");
        else expect(await page.locator("#timeline-empty").isHidden()).toBe(true);
      }
      // (ping-pong's 8,000 traced messages take ~9 s on an idle 2-core machine, and several times that on a busy one)
    }, 120_000);

  it("slow motion makes the run measurably slower, and its arrows come one by one", async () => {
    const full = await run("ring", 4, "0");
    const counts = new Set<number>();
    let status = "";
    const slow = await run("ring", 4, "600", async () => {
      status = await page.locator("#status").innerText();
      expect(await page.locator("#speed").isDisabled()).toBe(true);
      // sample the arrows drawn while the token travels
      while ((await site()).state === "running") {
        counts.add(Number(await page.locator("#timeline-view").getAttribute("data-arrows")));
        await page.waitForTimeout(40);
      }
    });
    expect(status).toMatch(/^Running on 4 rank\(s\) in slow motion \(600 ms after each call\)/);
    expect(slow.state).toBe("done");
    expect(slow.arrows).toBe(4);
    // ranks 1, 2 and 3 each pause after their Recv before they pass the token on, one after another
    expect(slow.ms - full.ms).toBeGreaterThan(3 * 600);
    // seen part-way: some, but not all, of the 4 arrows
    expect([...counts].filter((n) => n > 0 && n < 4).length).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: path.join(shots, "timeline-live-ring-slow.png") });
  }, 60_000);

  it("a deadlock shows both Ssends' messages sent and never received, up to the job's end", async () => {
    const r = await run("deadlock", 2);
    expect(r.state).toBe("deadlocked");
    expect(r.timeline).toMatchObject({ messages: 0, pending: 2 });
    expect(await page.locator("#timeline-view line.msg.pending").count()).toBe(2);
    // and each rank's Ssend, never finished, is a bar up to the job's end (the trace's unfinished calls)
    const bars = await page.locator("#timeline-view g.bar").evaluateAll((gs) => gs.map((g) => g.textContent ?? ""));
    expect(bars).toEqual(["Ssend", "Ssend"]);
    expect(await page.locator("#timeline-source").innerText()).toMatch(/, 2 sent but not received$/);
    // the view reaches the job's end (the detector's seconds), not only its last event
    const d = await page.locator("#timeline-view").evaluate((e) => ({ ...(e as HTMLElement).dataset }));
    expect(Number(d.t1) - Number(d.t0)).toBeGreaterThan(4e6);
  }, 30_000);
});
