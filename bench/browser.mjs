// Ping-pong between two browser ranks (Web Workers in headless Chromium) against two Node
// worker-thread ranks (wmpiexec), in one run: issue 10's targets are a one-way latency at most 2x
// Node's and a bandwidth at least 0.8x Node's.
//
//   node bench/browser.mjs            = npm run bench:browser (about 35 s on a quiet 2-core machine)
//   node bench/browser.mjs --quick    fewer iterations and rounds (about 15 s), noisier
//   node bench/browser.mjs --help     all options
//
// Both sides run the same program, bench/wmpi-pingpong.ts (the wmpi side of bench/pingpong.mjs),
// with the same plan: under wmpiexec it reads --mode/--plan from its arguments, in the browser from
// its module URL (served transpiled by scripts/serve.mjs, with the COOP/COEP headers). Modes:
// alloc (MPI.Alloc_mem views: no staging copy) and buffer (ordinary TypedArrays). The four
// contenders are interleaved, one round running each once in a rotated order, and the round is
// repeated; a figure is the median over rounds, with the range beside it. Up to 16 KiB a row is
// the one-way latency (half the mean round trip, µs), from 64 KiB on the ping-pong bandwidth
// (size / one-way time, MB/s). Ratios are browser / Node. A Node job during which other processes
// used more than --max-foreign-load cores is run again (bench/run-job.mjs); a browser job waits for
// a quiet machine first, but cannot be checked afterwards (Chromium's CPU time is not ours to read).
// Results: bench/RESULTS.md ("Browser ranks").
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumPath, chromiumProblem, launchChromium } from "../scripts/chromium.mjs";
import { waitQuiet } from "./machine-load.mjs";
import { runJob, runQuiet } from "./run-job.mjs";
import { median } from "./stats.mjs";
import { parseSuiteOptions, positiveInt } from "./suite/options.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const OUT = path.join(HERE, "out");
const KiB = 1024;
const MiB = 1024 * KiB;
const LATENCY_MAX = 16 * KiB;
const DEFAULT_SIZES = [8, 1 * KiB, 16 * KiB, 64 * KiB, 1 * MiB, 4 * MiB, 16 * MiB];
const MODES = ["alloc", "buffer"];

const USAGE = `Usage: node bench/browser.mjs [options]

Ping-pong of 2 ranks: Web Workers in headless Chromium against Node worker threads (wmpiexec),
interleaved, with ratios browser / Node.

Options (the suite's parser, bench/suite/options.mjs):
  --quick                fewer iterations, 3 rounds
  --repeats N            rounds of interleaved runs (default 5); figures are medians (also --reps)
  --sizes LIST           message sizes, e.g. 8,1K,1M (default 8 B .. 16 MiB)
  --modes LIST           alloc,buffer (default both)
  --timeout S            seconds before a job is declared hung (default 300)
  --max-foreign-load X   rerun a Node job during which others used more than X cores (default 0.25)
  --json FILE            also write all samples as JSON (default bench/out/browser-last-run.json)
  -h, --help             this text
`;

function parseOptions(argv) {
  const own = {
    "--reps": (v, o) => (o.repeats = positiveInt("--reps", v)),
    "--timeout": (v, o) => (o.timeout = Number(v)),
    "--json": (v, o) => (o.json = path.resolve(v)),
  };
  const s = parseSuiteOptions(argv, { benches: ["browser"], root: ROOT, defaultOut: OUT, extra: own, unsupported: ["--bench", "--ranks", "--out"] });
  if (s.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  for (const m of s.modes ?? []) if (!MODES.includes(m)) throw new Error(`unknown mode ${m} (known: ${MODES.join(", ")})`);
  return {
    quick: s.quick,
    reps: s.repeats ?? (s.quick ? 3 : 5),
    sizes: s.sizes ?? DEFAULT_SIZES,
    modes: s.modes ?? MODES,
    timeout: s.timeout ?? 300,
    maxForeign: s.maxForeign ?? 0.25,
    json: s.json ?? path.join(OUT, "browser-last-run.json"),
  };
}

/**
 * Iterations and warm-up per size, as bench/pingpong.mjs plans its in-process runs: small messages
 * need a long warm-up (V8 tiers the facade up only after some 10^4 calls); large ones are limited
 * by the bytes moved.
 */
function planFor(size, quick) {
  const q = quick ? 4 : 1;
  if (size <= KiB) return [Math.round(50000 / q), 20000];
  if (size <= LATENCY_MAX) return [Math.round(20000 / q), 10000];
  const iters = Math.max(quick ? 6 : 16, Math.min(5000, Math.round((quick ? 64 : 512) * MiB / size)));
  return [iters, Math.max(3, Math.round(iters / 4))];
}

function planArg(o) {
  return o.sizes.map((s) => [s, ...planFor(s, o.quick)].join(":")).join(",");
}

// ---------------------------------------------------------------- the two sides

/** One Node job of 2 worker-thread ranks; resolves to rank 0's JSON lines. */
async function runNode(mode, o) {
  const args = [path.join(ROOT, "bin/wmpiexec.js"), "-n", "2", path.join(HERE, "wmpi-pingpong.ts"), "--mode", mode, "--plan", planArg(o)];
  const { res, load } = await runQuiet(() => runJob({ cmd: process.execPath, args }, o.timeout, ROOT), { maxForeign: o.maxForeign });
  if (res.code !== 0) throw new Error(`node ${mode} job failed (code ${res.code}${res.hung ? ", hung" : ""}):\n${res.err || res.out}`);
  return { lines: res.lines, load };
}

/** One browser job of 2 Web Worker ranks in a fresh page (the last job's memories go with the old one). */
async function runBrowser(page, server, mode, o) {
  await waitQuiet(o.maxForeign, 30);
  await page.goto(`${server.url}/test/browser/blank.html`);
  await page.waitForFunction(() => window.wmpi !== undefined);
  const program = `/bench/wmpi-pingpong.ts?${new URLSearchParams({ mode, plan: planArg(o) })}`;
  const r = await page.evaluate(
    async ({ program, timeoutMs }) => {
      const job = window.wmpi.startJob({ np: 2, program });
      const timer = setTimeout(() => job.terminate(), timeoutMs);
      const result = await job.result;
      clearTimeout(timer);
      return result;
    },
    { program, timeoutMs: o.timeout * 1000 },
  );
  if (r.code !== 0) throw new Error(`browser ${mode} job failed: ${r.failure}\n${r.output.map((l) => l.line).join("\n")}`);
  return { lines: r.output.filter((l) => l.rank === 0 && l.line.startsWith("{")).map((l) => JSON.parse(l.line)) };
}

// ---------------------------------------------------------------- report

function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  let chromium = "";
  try {
    chromium = execFileSync(chromiumPath(), ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {}
  return `${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${chromium}`;
}

const label = (n) => (n >= MiB ? `${n / MiB} MiB` : n >= KiB ? `${n / KiB} KiB` : `${n} B`);

/** A figure from a round trip: one-way µs up to 16 KiB, MB/s above. */
const figure = (size, rtUs) => (size <= LATENCY_MAX ? rtUs / 2 : size / (rtUs / 2));

function fmt(x, latency) {
  return latency ? x.toFixed(2) : x.toFixed(0);
}

function cell(samples, latency) {
  if (samples.length === 0) return "-";
  const m = median(samples);
  const lo = Math.min(...samples), hi = Math.max(...samples);
  return `${fmt(m, latency)} (${fmt(lo, latency)}-${fmt(hi, latency)})`;
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const problem = await chromiumProblem();
  if (problem) throw new Error(`bench:browser needs headless Chromium: ${problem}`);
  if (!existsSync(path.join(ROOT, "dist/web/index.js"))) throw new Error("dist/web is not built: npm run build");
  const { serve } = await import("../scripts/serve.mjs"); // it uses the built package
  mkdirSync(OUT, { recursive: true });

  console.log(`machine: ${machine()}`);
  console.log(`plan: ${planArg(o)}; ${o.reps} rounds; ratios are browser / Node (targets: latency <= 2x, bandwidth >= 0.8x)`);
  const server = await serve({ isolation: true });
  const browser = await launchChromium();
  const page = await browser.newPage();
  /** samples[`${side}-${mode}`][size] = figures */
  const samples = {};
  const contenders = o.modes.flatMap((m) => [["node", m], ["browser", m]]);
  const t0 = Date.now();
  try {
    for (let rep = 0; rep < o.reps; rep++) {
      const order = contenders.map((_, i) => contenders[(i + rep) % contenders.length]);
      for (const [side, mode] of order) {
        const { lines } = side === "node" ? await runNode(mode, o) : await runBrowser(page, server, mode, o);
        const key = `${side}-${mode}`;
        samples[key] ??= {};
        for (const l of lines) {
          if (!l.verified) throw new Error(`${key}: case ${l.case} not verified`);
          (samples[key][l.size] ??= []).push(figure(l.size, l.rt_us));
        }
        process.stdout.write(`\rround ${rep + 1}/${o.reps}: ${key} done   `);
      }
    }
  } finally {
    process.stdout.write("\n");
    await browser.close();
    await server.close();
  }

  const verdicts = [];
  for (const mode of o.modes) {
    console.log(`\n${mode === "alloc" ? "MPI.Alloc_mem buffers" : "ordinary TypedArrays"} (${mode}): median (range) over ${o.reps} rounds`);
    const rows = [["size", "Node threads", "browser workers", "ratio"]];
    for (const size of o.sizes) {
      const latency = size <= LATENCY_MAX;
      const n = samples[`node-${mode}`]?.[size] ?? [];
      const b = samples[`browser-${mode}`]?.[size] ?? [];
      const ratio = n.length && b.length ? median(b) / median(n) : NaN;
      const ok = latency ? ratio <= 2 : ratio >= 0.8;
      verdicts.push({ mode, size, latency, ratio, ok });
      rows.push([`${label(size)} ${latency ? "µs" : "MB/s"}`, cell(n, latency), cell(b, latency), `${ratio.toFixed(2)}x ${ok ? "" : "(misses target)"}`]);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) console.log("  " + r.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join("   "));
  }
  const worst = (lat) => verdicts.filter((v) => v.latency === lat).map((v) => v.ratio);
  const latR = worst(true), bwR = worst(false);
  if (latR.length) console.log(`\nlatency: browser / Node ${Math.min(...latR).toFixed(2)}x .. ${Math.max(...latR).toFixed(2)}x (target <= 2x): ${latR.every((r) => r <= 2) ? "met" : "missed"}`);
  if (bwR.length) console.log(`bandwidth: browser / Node ${Math.min(...bwR).toFixed(2)}x .. ${Math.max(...bwR).toFixed(2)}x (target >= 0.8x): ${bwR.every((r) => r >= 0.8) ? "met" : "missed"}`);
  console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  writeFileSync(o.json, JSON.stringify({ date: new Date().toISOString(), machine: machine(), options: o, samples, verdicts }, null, 1));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
