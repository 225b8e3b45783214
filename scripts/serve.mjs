#!/usr/bin/env node
// A small static server for wmpi's browser ranks: the browser tests, the benchmark and demos.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root DIR] [--no-isolation]
//
// It serves the package directory (or --root) with the two headers that make a page
// cross-origin isolated, which browser ranks need for their shared memory:
//   Cross-Origin-Opener-Policy: same-origin
//   Cross-Origin-Embedder-Policy: require-corp
// (--no-isolation leaves them out: the page then shows why ranks cannot start). A .ts file is
// transpiled on request (esbuild, its local imports bundled), and in programs served as .ts, .js
// or .mjs a bare `import ... from "wmpi"` is pointed at /dist/web/wmpi.js, the rank library, since a
// worker has no import map (so a --root of its own must hold dist/web/ too). Files of dist/ and
// node_modules/ are served as they are.
// Loopback only by default; no directory listings; paths cannot leave the root.
import { build } from "esbuild";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mapWmpiImports } from "../dist/browser/map-imports.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LIBRARY = "/dist/web/wmpi.js";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".ts": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
  ".c": "text/plain; charset=utf-8",
};

/** `import ... from "wmpi"` and `import("wmpi")` in a program: the rank library's URL (as startJob does for source text). */
export const mapWmpi = (source) => mapWmpiImports(source, LIBRARY);

/**
 * A TypeScript program as one ES module for a browser: local imports bundled, "wmpi" by URL. A
 * program that does not compile becomes a module that throws esbuild's messages, so the rank that
 * imports it fails with them (a browser reports a failed fetch of a module without its reason).
 */
async function transpile(file, inputs) {
  const result = await build({
    metafile: true,
    entryPoints: [file],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    sourcemap: "inline",
    logLevel: "silent",
    plugins: [{ name: "wmpi-by-url", setup: (b) => b.onResolve({ filter: /^wmpi$/ }, () => ({ path: LIBRARY, external: true })) }],
  }).catch((e) => e);
  if (!(result instanceof Error)) {
    for (const f of Object.keys(result.metafile.inputs)) inputs.set(path.resolve(f), (await stat(path.resolve(f))).mtimeMs);
    return result.outputFiles[0].text;
  }
  inputs.set(file, (await stat(file)).mtimeMs);
  const messages = (result.errors ?? []).map((m) => `${m.location ? `${path.basename(m.location.file)}:${m.location.line}:${m.location.column}: ` : ""}${m.text}`);
  return `throw new SyntaxError(${JSON.stringify(messages.join("\n") || result.message)});\n`;
}

/** Transpiled programs, kept while neither they nor a file they import has changed. */
const transpileCache = new Map();

async function transpiled(file) {
  const hit = transpileCache.get(file);
  if (hit && (await unchanged(hit.inputs))) return hit.text;
  const inputs = new Map();
  const text = await transpile(file, inputs);
  transpileCache.set(file, { text, inputs });
  return text;
}

async function unchanged(inputs) {
  for (const [f, mtime] of inputs) if ((await stat(f).catch(() => undefined))?.mtimeMs !== mtime) return false;
  return true;
}

/**
 * Starts the server; resolves to { url, close() }. Options: root (default the package), port
 * (0: any free one), host (default 127.0.0.1), isolation (default true: send COOP and COEP).
 */
export async function serve({ root = ROOT, port = 0, host = "127.0.0.1", isolation = true, quiet = true } = {}) {
  const top = path.resolve(root);
  const server = createServer(async (req, res) => {
    // no-cache: a browser asks again every time (an edited program is never stale) and gets 304
    // while the file is unchanged: the N workers of a job load the library once between them
    const headers = { "Cache-Control": "no-cache", "Cross-Origin-Resource-Policy": "same-origin" };
    if (isolation) Object.assign(headers, { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" });
    const send = (status, body, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { ...headers, "Content-Type": type });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    try {
      if (req.method !== "GET" && req.method !== "HEAD") return send(405, "only GET and HEAD\n");
      const url = new URL(req.url ?? "/", "http://x");
      let file = path.join(top, decodeURIComponent(url.pathname));
      if (file !== top && !file.startsWith(top + path.sep)) return send(403, "outside the served directory\n");
      let info = await stat(file).catch(() => undefined);
      if (info?.isDirectory()) {
        file = path.join(file, "index.html");
        info = await stat(file).catch(() => undefined);
      }
      if (!info?.isFile()) return send(404, `not found: ${url.pathname}\n`);
      const ext = path.extname(file);
      // a .ts file's output also depends on the files it imports: it is rebuilt when any of them changed
      const etag = ext === ".ts" ? undefined : `"${info.size.toString(36)}-${info.mtimeMs.toString(36)}"`;
      if (etag) headers.ETag = etag;
      if (etag && req.headers["if-none-match"] === etag) {
        res.writeHead(304, headers);
        return res.end();
      }
      const rel = path.relative(top, file).split(path.sep);
      const program = rel[0] !== "dist" && rel[0] !== "node_modules";
      let body;
      if (ext === ".ts") body = await transpiled(file);
      else if (program && (ext === ".js" || ext === ".mjs")) body = mapWmpi(await readFile(file, "utf8"));
      else body = await readFile(file);
      if (!quiet) console.log(`${req.method} ${url.pathname} 200`);
      send(200, body, TYPES[ext] ?? "application/octet-stream");
    } catch (e) {
      send(500, `${e instanceof Error ? e.message : String(e)}\n`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    server,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  if (args.includes("-h") || args.includes("--help")) {
    console.log("usage: node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root DIR] [--no-isolation]");
    process.exit(0);
  }
  const s = await serve({
    root: opt("--root", ROOT),
    port: Number(opt("--port", "8080")),
    host: opt("--host", "127.0.0.1"),
    isolation: !args.includes("--no-isolation"),
    quiet: !args.includes("--verbose"),
  });
  console.log(`wmpi: serving ${path.resolve(opt("--root", ROOT))} at ${s.url}/ (${args.includes("--no-isolation") ? "WITHOUT" : "with"} COOP/COEP headers)`);
}
