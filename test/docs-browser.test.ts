// The docs' examples marked `ts run browser` run unchanged in a web page: each is served as a
// program of test/browser/job.html, which starts it with startJob of wmpi/browser on the ranks
// its command names, and prints what the page shows under wmpiexec.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { comparableLines, runnableExamples } from "../scripts/docs/blocks.mjs";
// @ts-expect-error: a plain ES module without declarations
import { docPages } from "../scripts/docs/pages.mjs";
// @ts-expect-error: a plain ES module without declarations
import { chromiumProblem } from "../scripts/chromium.mjs";
import { startBrowserRig, type BrowserRig } from "./harness/browser.js";
import { existsSync } from "node:fs";

interface Result {
  code: number;
  failure?: string;
  output: { rank: number; stream: string; line: string }[];
}

const root = path.resolve(import.meta.dirname, "..");
const served = path.join(root, "build/docs-browser");
const problem: string | undefined = (await chromiumProblem()) ?? (existsSync(path.join(root, "dist/web/index.js")) ? undefined : "dist/web is not built (npm run build)");

let rig: BrowserRig;
let page: Page;
beforeAll(async () => {
  if (problem) return;
  rmSync(served, { recursive: true, force: true });
  rig = await startBrowserRig();
  page = await rig.browser.newPage();
}, 60_000);
afterAll(async () => {
  await rig?.close();
  rmSync(served, { recursive: true, force: true });
});

describe.skipIf(problem !== undefined)(`docs examples in a page${problem ? ` (skipped: ${problem})` : ""}`, () => {
  for (const doc of docPages(root) as string[]) {
    for (const ex of runnableExamples(readFileSync(path.join(root, doc), "utf8")).filter((e: { browser: boolean }) => e.browser)) {
      it(`${doc} line ${ex.line} on ${ex.np} ranks`, async () => {
        const dir = path.join(served, `${doc.replace(/\W/g, "_")}-${ex.line}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, "example.ts"), ex.source);
        const q = new URLSearchParams({ np: String(ex.np), program: `/${path.relative(root, dir)}/example.ts` });
        await page.goto(`${rig.isolated.url}/test/browser/job.html?${q}`);
        await page.waitForFunction(() => (window as unknown as { wmpiResult?: unknown }).wmpiResult !== undefined, null, { timeout: 30_000 });
        const r: Result = await page.evaluate(() => (window as unknown as { wmpiResult: Result }).wmpiResult);
        const stdout = r.output.filter((l) => l.stream === "stdout").map((l) => l.line).join("\n");
        expect(r.failure, stdout).toBeUndefined();
        expect(comparableLines(stdout)).toEqual(comparableLines(ex.expected));
      });
    }
  }
});
