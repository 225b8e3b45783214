// PNG copies of the SVG figures, rendered by headless Chromium (Debian's chromium through
// playwright-core, as scripts/chromium.mjs launches it), for places that do not show SVG.
// Without Chromium the PNGs are skipped and the reason is returned, never an error.
import { writeFileSync } from "node:fs";
import { chromiumProblem, launchChromium } from "../../scripts/chromium.mjs";
import { HEIGHT, WIDTH } from "./svg.mjs";

/**
 * Renders each { svg, file } to a PNG at `file`; resolves to { written: n } or { skipped: reason }.
 * One browser page renders every figure, so the cost is one Chromium start.
 */
export async function renderPngs(figures) {
  if (figures.length === 0) return { written: 0 };
  const problem = await chromiumProblem();
  if (problem) return { skipped: problem };
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 2 });
    for (const f of figures) {
      await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${f.svg}</body></html>`);
      writeFileSync(f.file, await page.locator("svg").screenshot({ type: "png" }));
    }
    return { written: figures.length };
  } finally {
    await browser.close();
  }
}
