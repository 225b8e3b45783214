#!/usr/bin/env node
// `npm run demo`: serves the teaching site (site/) with the COOP/COEP headers that browser ranks
// need and prints its URL.   node scripts/demo.mjs [--port 8080] [--host 127.0.0.1]
// A port in use is not fatal: the next free one is taken, so a second demo still starts.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
for (const [file, what] of [["dist/web/index.js", "the browser ranks"], ["build/site/app.js", "the site"]])
  if (!existsSync(path.join(ROOT, file))) {
    console.error(`wmpi demo: ${what} are not built (${file} is missing): run npm run build first`);
    process.exit(1);
  }

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const host = opt("--host", "127.0.0.1");
const { serve } = await import("./serve.mjs"); // after the check: serve.mjs imports the built package
const s = await serve({ port: Number(opt("--port", "8080")), host }).catch((e) => {
  if (e.code !== "EADDRINUSE") throw e;
  return serve({ port: 0, host });
});
console.log(`wmpi teaching site: ${s.url}/site/   (Ctrl+C to stop)`);
