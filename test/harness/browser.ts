// What the headless-Chromium suites share (browser.test.ts, site.test.ts): the package served
// twice (with the cross-origin isolation headers, and without them) and one browser.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
// @ts-expect-error: a plain ES module without declarations
import { launchChromium } from "../../scripts/chromium.mjs";

/** A static server of the package (scripts/serve.mjs). */
export interface Server {
  url: string;
  close(): Promise<void>;
}

/** The servers and the browser of one test file; close() ends them all. */
export interface BrowserRig {
  isolated: Server;
  plain: Server;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts both servers and the browser (call it in beforeAll: the server needs the built package). */
export async function startBrowserRig(): Promise<BrowserRig> {
  // @ts-expect-error: a plain ES module without declarations
  const { serve } = await import("../../scripts/serve.mjs");
  const isolated: Server = await serve({ isolation: true });
  const plain: Server = await serve({ isolation: false });
  const browser: Browser = await launchChromium();
  return {
    isolated,
    plain,
    browser,
    async close() {
      await browser.close();
      await isolated.close();
      await plain.close();
    },
  };
}

/** The screen sizes the teaching site must work at. */
export const LAPTOP = { width: 1366, height: 768 };
export const PROJECTOR = { width: 1920, height: 1080 };

/** Why the teaching site's suites cannot run here (no Chromium, or the site not built), or undefined. */
export async function siteSkipReason(): Promise<string | undefined> {
  // @ts-expect-error: a plain ES module without declarations
  const { chromiumProblem } = await import("../../scripts/chromium.mjs");
  const problem: string | undefined = await chromiumProblem();
  const root = path.resolve(import.meta.dirname, "../..");
  const missing = ["dist/web/index.js", "build/site/app.js", "build/site/examples.json"].find((f) => !existsSync(path.join(root, f)));
  return problem ?? (missing ? `${missing} is not built (npm run build)` : undefined);
}
