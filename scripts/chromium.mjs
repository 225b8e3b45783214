// Headless Chromium for the browser tests and bench/browser.mjs: Debian's `chromium` package
// driven by playwright-core (no browser download, which this kind of machine cannot do).
// WMPI_CHROMIUM names another executable. The flags are the ones that work as root in a container.
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The Chromium executable to use, or undefined when none is installed. */
export function chromiumPath() {
  const env = process.env.WMPI_CHROMIUM;
  if (env) return existsSync(env) ? env : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Why browser tests cannot run here, or undefined when they can. */
export async function chromiumProblem() {
  if (!chromiumPath()) return "no Chromium found (apt-get install -y chromium, or set WMPI_CHROMIUM)";
  try {
    await import("playwright-core");
  } catch {
    return "playwright-core is not installed (npm ci)";
  }
  return undefined;
}

/** Launches headless Chromium; close it with browser.close() (playwright ends its child processes). */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
