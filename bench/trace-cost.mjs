// What tracing costs (issue 10, section 2): the ping-pong of bench/wmpi-pingpong.ts (2 ranks,
// threads) with three cores, interleaved in one run:
//   base  the core of another commit (default: main), built here from git into bench/out/
//   off   this core, tracing off (its cost: one test per MPI call and one per message)
//   on    this core under wmpiexec's WMPI_TRACE=FILE (records drained and written while it runs)
// Figures: one-way latency (half the mean round trip, µs), the median and the best over --reps
// rounds. Each job waits for the machine to be quiet first, and one that other processes slowed
// (more than --max-foreign-load cores busy besides it) runs again, up to twice.
//
//   node bench/trace-cost.mjs [--reps 7] [--sizes 0,8,1024] [--iters 20000] [--mode alloc|buffer] [--base main]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cpuTimes, foreignLoad, waitQuiet } from "./machine-load.mjs";
import { median } from "./stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const reps = Number(option("reps", "7"));
const maxForeign = Number(option("max-foreign-load", "0.5"));
const sizes = option("sizes", "0,8,1024").split(",").map(Number);
const iters = Number(option("iters", "20000"));
const mode = option("mode", "alloc");
const base = option("base", "main");

/** The core of commit `ref`, built once into bench/out/core-<hash>/ (make, one job at a time). */
function baseCore(ref) {
  const hash = execFileSync("git", ["rev-parse", "--short", ref], { cwd: ROOT, encoding: "utf8" }).trim();
  const dir = path.join(HERE, "out", `core-${hash}`);
  const wasm = path.join(dir, "build", "wmpi.wasm");
  if (existsSync(wasm)) return { hash, wasm };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("sh", ["-c", `git archive ${hash} wasm emsdk-config Makefile | tar -x -C '${dir}'`], { cwd: ROOT });
  console.log(`building the core of ${ref} (${hash}) ...`);
  execFileSync("make", ["-s", "build/wmpi.wasm"], { cwd: dir, stdio: "inherit" });
  return { hash, wasm };
}

const traceFile = path.join(os.tmpdir(), `wmpi-trace-cost-${process.pid}.json`);
const { hash, wasm } = baseCore(base);
const variants = {
  [`base (${base} ${hash})`]: { WMPI_WASM: wasm },
  off: {},
  on: { WMPI_TRACE: traceFile },
};
// a first case of 2 bytes, not reported, lets V8 tier the core up before the first measured case
const WARM = 2;
const plan = [`${WARM}:${iters}:${iters}`, ...sizes.map((s) => `${s}:${iters}:${Math.ceil(iters / 10)}`)].join(",");

/** One job of a variant, on a quiet machine if it can be: size -> one-way µs. */
async function run(env) {
  for (let attempt = 0; ; attempt++) {
    await waitQuiet(maxForeign / 2, 30);
    const before = cpuTimes();
    const out = runOnce(env);
    if (foreignLoad(before, cpuTimes()) <= maxForeign || attempt === 2) return out;
  }
}

function runOnce(env) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/wmpiexec.js"), "-n", "2", path.join(HERE, "wmpi-pingpong.ts"), "--mode", mode, "--plan", plan], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`the job failed: ${r.stderr}`);
  if (r.stderr) process.stderr.write(r.stderr);
  const out = new Map();
  for (const line of r.stdout.split("\n").filter((l) => l.startsWith("{"))) {
    const j = JSON.parse(line);
    out.set(j.size, j.rt_us / 2);
  }
  return out;
}

const samples = Object.fromEntries(Object.keys(variants).map((v) => [v, new Map(sizes.map((s) => [s, []]))]));
for (let round = 0; round < reps; round++) {
  const names = Object.keys(variants);
  // rotated order: no variant always runs first (or right after the JIT of another)
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + round) % names.length];
    for (const [size, us] of await run(variants[name])) samples[name].get(size)?.push(us);
  }
}
rmSync(traceFile, { force: true });

const [bName, offName, onName] = Object.keys(variants);
console.log(`\nping-pong, 2 thread ranks, ${mode} mode, ${iters} round trips a case, ${reps} rounds (one-way µs)`);
for (const [label, pick] of [["median", median], ["best", (xs) => Math.min(...xs)]]) {
  console.log(`${label}:`);
  console.log(["size", bName, "off", "on", "off/base", "on/off"].map((h, i) => (i === 0 ? h.padEnd(6) : h.padStart(i === 1 ? 22 : 9))).join(" "));
  for (const s of sizes) {
    const b = pick(samples[bName].get(s));
    const off = pick(samples[offName].get(s));
    const on = pick(samples[onName].get(s));
    console.log([String(s).padEnd(6), b.toFixed(3).padStart(22), off.toFixed(3).padStart(9), on.toFixed(3).padStart(9), (off / b).toFixed(3).padStart(9), (on / off).toFixed(3).padStart(9)].join(" "));
  }
}
