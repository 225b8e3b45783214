// Builds the teaching site (site/, served by `npm run demo`) into build/site/:
//   app.js         the page (site/src/main.ts, CodeMirror included), bundled by esbuild
//   examples.json  the catalogue (site/examples/catalogue.mjs) with each example's source text
//   <id>.wasm      each C example, compiled by bin/wmpicc.js
// Run after the package build (the page imports dist/web/index.js at run time, by URL).
// Without wmpicc's toolchain the C example is left out with a warning, not the whole site.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { catalogue } from "../site/examples/catalogue.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "build", "site");
mkdirSync(OUT, { recursive: true });

const examples = [];
for (const ex of catalogue) {
  const entry = { ...ex, lang: ex.lang ?? "js", source: readFileSync(path.join(ROOT, ex.file), "utf8") };
  if (entry.lang === "c") {
    const wasm = path.join(OUT, `${ex.id}.wasm`);
    try {
      execFileSync(process.execPath, [path.join(ROOT, "bin/wmpicc.js"), "-O2", path.join(ROOT, ex.file), "-o", wasm], { stdio: "pipe" });
      entry.wasm = `/build/site/${ex.id}.wasm`;
    } catch (e) {
      console.warn(`build-site: ${ex.file} left out: wmpicc failed: ${String(e.stderr ?? e.message).trim()}`);
      continue;
    }
  }
  examples.push(entry);
}
writeFileSync(path.join(OUT, "examples.json"), JSON.stringify(examples, null, 1));

await build({
  absWorkingDir: ROOT,
  entryPoints: { app: "site/src/main.ts" },
  outdir: OUT,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: true,
  minify: true,
  // the page loads wmpi/browser from the built package by URL (dist/web/index.js finds the rank
  // worker and the core beside itself), not as a second copy inside this bundle
  plugins: [{ name: "wmpi-browser-by-url", setup: (b) => b.onResolve({ filter: /^wmpi\/browser$/ }, () => ({ path: "/dist/web/index.js", external: true })) }],
  logLevel: "warning",
});
