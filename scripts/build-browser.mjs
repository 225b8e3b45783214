// Bundles the browser entry (wmpi/browser) from tsc's output into dist/web/:
//   index.js        the page side: startJob(), isolationProblem()   (ts/browser/index.ts)
//   rank-worker.js  the entry of each rank's Web Worker            (ts/browser/rank-worker.ts)
//   file-worker.js  the entry of a job's file worker (MPI-IO files)  (ts/browser/file-worker.ts)
//   net-worker.js   the entry of a job's network worker (other jobs) (ts/browser/net-worker.ts)
//   wmpi.js         the library a rank's `import "wmpi"` means      (ts/index.ts, browser platform)
// plus the chunks they share, so a rank loads the facade and the runtime once. The package's
// "browser" field swaps runtime/platform.js (Node) for runtime/platform-browser.js, exactly as it
// does for anyone who bundles wmpi for a browser; anything Node-only that still reached the bundle
// (node:fs, node:worker_threads, ...) makes this build fail instead of a page.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "dist", "web");

rmSync(OUT, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: {
    index: "dist/browser/index.js",
    "rank-worker": "dist/browser/rank-worker.js",
    "file-worker": "dist/browser/file-worker.js",
    "net-worker": "dist/browser/net-worker.js",
    wmpi: "dist/index.js",
  },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: true,
  // beside the entries: the page side finds rank-worker.js, wmpi.js and ../../build/wmpi.wasm from its own URL
  chunkNames: "[name]-[hash]",
  logLevel: "warning",
});
