// Collectives benchmark (osu_bcast / osu_allreduce / osu_alltoall / osu_allgather / osu_barrier
// style) of wmpi against native MPICH and Open MPI, measured side by side in one run, plus the
// mpi4py paper's alltoall figure against mpi4py.
//
//   node bench/collectives.mjs           full run = npm run bench:coll
//   node bench/collectives.mjs --quick   short run (under 2 minutes), noisier
//   node bench/collectives.mjs --help    all options
//
// Contenders (every one a separate job running the same plan, see bench/native/osu_coll.c):
//   wmpi      bench/wmpi-coll.ts under node bin/wmpiexec.js -n N: the mpi4py buffer forms on
//             ordinary TypedArrays (--wmpi adds alloc: MPI.Alloc_mem views; p2p: the same
//             operations built from the facade's point-to-point calls, a naive baseline;
//             core: Alloc_mem buffers passed to the core's exports without the facade)
//   mpich     bench/native/osu_coll.c built with mpicc.mpich, run by mpiexec.mpich -n N
//   openmpi   the same built with mpicc.openmpi, run by mpirun.openmpi -n N --oversubscribe
//   mpi4py    bench/mpi4py_coll.py (Debian python3-mpi4py, on Open MPI): buffer mode (comm.Bcast,
//             ...) and object mode (comm.bcast, ...: pickle) of every operation, beside wmpi's
//             object mode (bench/wmpi-coll.ts --mode object); the paper's alltoall figure uses them
// A reference whose compiler, launcher or module is missing is skipped with a note.
//
// Figures: a rank's latency is the mean time of one operation (each timed on its own, an untimed
// barrier after it, as OSU does); a job's figure is the max over the ranks (--stat avg: OSU's
// default mean over the ranks). One round runs every job once, contenders in a rotated order;
// the round is repeated and a figure is the median over rounds. A job during which other
// processes used more than --max-foreign-load cores is run again (up to twice).
//
// Targets (issue 4): at ranks <= cores, wmpi within 1.5x the better native time; with more ranks
// than cores (oversubscribed), within 2x Open MPI (which yields the CPU; MPICH busy-polls).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { have } from "./have-command.mjs";
import { cpuTimes, foreignLoad, waitQuiet } from "./machine-load.mjs";
import { runJob } from "./run-job.mjs";
import { median, sizeLabel as label, parseSize } from "./stats.mjs";
import { datasetsOf } from "./suite/datasets.mjs";
import { osuTable } from "./suite/table.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const OUT = path.join(HERE, "out");
const KiB = 1024;
const MiB = 1024 * KiB;
const ALL_OPS = ["bcast", "allreduce", "alltoall", "allgather", "barrier"];
const ALL_REFS = ["mpich", "openmpi", "mpi4py"];
const WMPI_MODES = ["buffer", "alloc", "p2p", "core"];
const DEFAULT_SIZES = [8, 64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB];
const QUICK_SIZES = [8, KiB, 64 * KiB, MiB];
const NCPU = os.availableParallelism?.() ?? os.cpus().length;

const USAGE = `Usage: node bench/collectives.mjs [options]

Bcast, Allreduce, Alltoall, Allgather and Barrier of wmpi against native MPICH and Open MPI
(OSU-style), interleaved, one table per operation and rank count with ratios and targets;
and the mpi4py paper's alltoall figure (buffer-mode overhead, object-mode throughput).

Options:
  --quick              short run: sizes ${QUICK_SIZES.map((s) => label(s)).join(", ")}, 2 rounds, smaller budgets, no paper figure
  --ranks LIST         rank counts (default 2,4)
  --ops LIST           operations (default ${ALL_OPS.join(",")})
  --sizes LIST         sizes in bytes, e.g. 8,1K,4M (default 8 B, 64 B .. 4 MiB in powers of 4)
  --refs LIST          native references (default ${ALL_REFS.join(",")}; "none" for none)
  --wmpi LIST          wmpi modes (default buffer; also alloc: MPI.Alloc_mem buffers; p2p: the
                       operations built from the facade's point-to-point calls, a naive
                       baseline; core: diagnostic, Alloc_mem buffers passed straight to the
                       core's collective exports, without the facade)
  --variant LABEL:VAR=VAL[,VAR=VAL]
                       also run the first wmpi mode with these environment variables
                       (repeatable; an extra column "wmpi LABEL"), e.g. to weigh an
                       algorithm threshold: --variant rd:WMPI_COLL_ALLREDUCE_SHORT_MSG=1G
  --paper / --no-paper the mpi4py paper's modes (mpi4py buffer and pickle, wmpi object) for every
                       operation, and its alltoall figure (default: on, off with --quick)
  --reps N             rounds (default 3, --quick 2); figures are medians
  --budget-ms MS       time per case for warm-up, and again for the timed operations
                       (default 200, --quick 100); iterations are also capped by size
  --stat max|avg       a job's figure over its ranks (default max; OSU prints avg)
  --timeout S          seconds before a job is declared hung (default 300)
  --max-foreign-load X a job during which other processes used more than X cores on
                       average is run again, up to twice (default 0.25)
  --json FILE          all samples as JSON (default bench/out/coll-last-run.json)
  -h, --help           this text
`;

// ---------------------------------------------------------------- options

function parseList(text, known, what) {
  const items = text === "none" ? [] : text.split(",").filter(Boolean);
  for (const x of items) if (!known.includes(x)) throw new Error(`unknown ${what} ${x} (known: ${known.join(", ")})`);
  return items;
}

function parseOptions(argv) {
  const o = { quick: false, ranks: [2, 4], ops: ALL_OPS, sizes: undefined, refs: ALL_REFS, wmpi: ["buffer"], variants: [], paper: undefined, reps: undefined, budget: undefined, stat: "max", timeout: 300, maxForeign: 0.25, json: path.join(OUT, "coll-last-run.json") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (a === "--quick") o.quick = true;
    else if (a === "--ranks") {
      o.ranks = value().split(",").map((x) => Number.parseInt(x, 10));
      if (o.ranks.some((n) => !(n >= 1 && n <= 64))) throw new Error("--ranks takes rank counts from 1 to 64");
    } else if (a === "--ops") o.ops = parseList(value(), ALL_OPS, "operation");
    else if (a === "--sizes") o.sizes = value().split(",").map(parseSize);
    else if (a === "--refs") o.refs = parseList(value(), ALL_REFS, "reference");
    else if (a === "--wmpi") o.wmpi = parseList(value(), WMPI_MODES, "wmpi mode");
    else if (a === "--variant") {
      const m = /^([\w.-]+):(.+)$/.exec(value());
      if (!m) throw new Error("--variant takes LABEL:VAR=VAL[,VAR=VAL]");
      const env = m[2].split(",").map((kv) => {
        const [k, v] = kv.split("=");
        if (!k || v === undefined) throw new Error(`--variant ${m[1]}: not VAR=VALUE: ${kv}`);
        const m2 = /^(\d+)([kKmMgG])$/.exec(v); // 4K, 1M, 1G: bytes
        return `${k}=${m2 ? Number(m2[1]) * { k: KiB, m: MiB, g: 1024 * MiB }[m2[2].toLowerCase()] : v}`;
      });
      o.variants.push({ label: m[1], env });
    } else if (a === "--paper") o.paper = true;
    else if (a === "--no-paper") o.paper = false;
    else if (a === "--reps") o.reps = Math.max(1, Number.parseInt(value(), 10));
    else if (a === "--budget-ms") o.budget = Number(value());
    else if (a === "--stat") {
      o.stat = value();
      if (!["max", "avg"].includes(o.stat)) throw new Error("--stat is max or avg");
    } else if (a === "--timeout") o.timeout = Number(value());
    else if (a === "--max-foreign-load") o.maxForeign = Number(value());
    else if (a === "--json") o.json = path.resolve(value());
    else throw new Error(`unknown option ${a}\n\n${USAGE}`);
  }
  o.sizes ??= o.quick ? QUICK_SIZES : DEFAULT_SIZES;
  o.reps ??= o.quick ? 2 : 3;
  o.budget ??= o.quick ? 100 : 200;
  o.paper ??= !o.quick;
  return o;
}

// ---------------------------------------------------------------- the plan

/**
 * Iterations and warm-up per case (upper bounds; the jobs also stop at the time budget).
 * Small messages need a long warm-up for V8 to tier the facade up (some 10^4 calls); large
 * ones are limited by the bytes a rank moves.
 */
function planFor(op, size, ranks, quick) {
  const q = quick ? 4 : 1;
  if (op === "barrier" || size <= KiB) return [Math.round(20000 / q), 20000];
  if (size <= 16 * KiB) return [Math.round(10000 / q), Math.round(5000 / q)];
  const moved = op === "alltoall" || op === "allgather" ? size * ranks : size;
  const iters = Math.max(quick ? 5 : 10, Math.min(2000, Math.round((quick ? 64 : 256) * MiB / moved)));
  return [iters, Math.max(3, Math.round(iters / 4))];
}

function planArg(op, o, ranks) {
  const sizes = op === "barrier" ? [0] : op === "allreduce" ? [...new Set(o.sizes.map((s) => Math.max(8, s - (s % 8))))] : o.sizes;
  return sizes.map((s) => [s, ...planFor(op, s, ranks, o.quick)].join(":")).join(",");
}

/** The jobs of one (operation, rank count) group; each has a key, a column title and its command. */
function contenders(op, ranks, o, avail) {
  const budget = ["--budget-ms", String(o.budget)];
  const plan = ["--plan", planArg(op, o, ranks)];
  const wmpi = (mode, variant) => ({
    key: `wmpi-${mode}${variant ? `~${variant.label}` : ""}`,
    kind: "wmpi",
    cmd: process.execPath,
    args: [path.join(ROOT, "bin", "wmpiexec.js"), "-n", String(ranks), ...(variant?.env ?? []).flatMap((e) => ["--env", e]), path.join(HERE, "wmpi-coll.ts"), "--op", op, "--mode", mode, ...plan, ...budget],
  });
  const list = o.wmpi.map((m) => wmpi(m));
  if (o.wmpi.length) for (const v of o.variants) list.push(wmpi(o.wmpi[0], v));
  if (avail.mpich) list.push({ key: "mpich", kind: "ref", cmd: "mpiexec.mpich", args: ["-n", String(ranks), path.join(OUT, "osu_coll-mpich"), "--op", op, ...plan, ...budget] });
  if (avail.openmpi) list.push({ key: "openmpi", kind: "ref", cmd: "mpirun.openmpi", args: ["-n", String(ranks), "--oversubscribe", path.join(OUT, "osu_coll-openmpi"), "--op", op, ...plan, ...budget] });
  // the mpi4py paper's modes: buffer and pickle, here for every operation (a barrier has no object form)
  if (o.paper) {
    const modes = op === "barrier" ? ["buffer"] : ["buffer", "object"];
    if (!list.some((c) => c.key === "wmpi-buffer")) list.push(wmpi("buffer"));
    if (op !== "barrier") list.push(wmpi("object"));
    if (avail.mpi4py)
      for (const mode of modes)
        list.push({ key: `mpi4py-${mode}`, kind: "ref", cmd: "mpirun.openmpi", args: ["-n", String(ranks), "--oversubscribe", avail.python, path.join(HERE, "mpi4py_coll.py"), "--op", op, "--mode", mode, ...plan, ...budget] });
  }
  return list;
}

const title = (key) => TITLES[key] ?? (key.includes("~") ? `${TITLES[key.split("~")[0]]} ${key.split("~")[1]}` : key);
const TITLES = { "wmpi-buffer": "wmpi", "wmpi-alloc": "wmpi Alloc_mem", "wmpi-p2p": "wmpi p2p", "wmpi-core": "wmpi core only", "wmpi-object": "wmpi object", mpich: "MPICH", openmpi: "Open MPI", "mpi4py-buffer": "mpi4py", "mpi4py-object": "mpi4py object" };

// ---------------------------------------------------------------- jobs

// ---------------------------------------------------------------- preparation

function newest(dir, ext) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the native references that can be built; returns which are available and notes on the rest. */
function prepare(o) {
  mkdirSync(OUT, { recursive: true });
  const notes = [];
  const avail = {};
  const src = path.join(HERE, "native", "osu_coll.c");
  const build = (name, cc, runner, pkgs) => {
    if (!o.refs.includes(name)) return;
    const missing = [cc, runner].filter((c) => !have(c));
    if (missing.length) {
      notes.push(`${TITLES[name]} skipped: ${missing.join(" and ")} not found (apt-get install -y ${pkgs})`);
      return;
    }
    try {
      execFileSync(cc, ["-O2", "-Wall", "-o", path.join(OUT, `osu_coll-${name}`), src], { stdio: ["ignore", "ignore", "pipe"] });
      avail[name] = true;
    } catch (e) {
      notes.push(`${TITLES[name]} skipped: ${cc} failed: ${String(e.stderr ?? e.message).trim().split("\n")[0]}`);
    }
  };
  build("mpich", "mpicc.mpich", "mpiexec.mpich", "mpich libmpich-dev");
  build("openmpi", "mpicc.openmpi", "mpirun.openmpi", "openmpi-bin libopenmpi-dev");
  if (o.refs.includes("mpi4py") && o.paper) {
    // Debian's python3-mpi4py lives in the system Python's dist-packages (not in a pyenv one)
    const python = process.env.WMPI_BENCH_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
    let ok = have("mpirun.openmpi");
    if (ok)
      try {
        execFileSync(python, ["-c", "import numpy, mpi4py"], { stdio: "ignore" });
      } catch {
        ok = false;
      }
    if (ok) Object.assign(avail, { mpi4py: true, python });
    else notes.push(`mpi4py skipped: needs mpirun.openmpi and ${python} with mpi4py and numpy (apt-get install -y python3-mpi4py openmpi-bin)`);
  }
  if (o.wmpi.length || o.paper) {
    const dist = path.join(ROOT, "dist", "launcher", "main.js");
    const wasm = path.join(ROOT, "build", "wmpi.wasm");
    for (const f of [dist, wasm]) if (!existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: build wmpi first (npm run build)`);
    if (newest(path.join(ROOT, "ts"), ".ts") > statSync(dist).mtimeMs) notes.push("warning: ts/ is newer than dist/: the measured facade may be stale (npm run build)");
    const csrc = Math.max(newest(path.join(ROOT, "wasm"), ".c"), newest(path.join(ROOT, "wasm"), ".h"));
    if (csrc > statSync(wasm).mtimeMs) notes.push("warning: wasm/ is newer than build/wmpi.wasm: the measured core may be stale (npm run build)");
  }
  return { avail, notes };
}

function machine() {
  const cpu = (readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? "unknown";
  let commit = "";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    if (execFileSync("git", ["status", "--porcelain", "--", "ts", "wasm", "bench"], { cwd: ROOT, encoding: "utf8" }).trim()) commit += " + uncommitted ts/, wasm/ or bench/ changes";
  } catch {}
  return { nproc: NCPU, cpu, node: process.version, kernel: os.release(), commit, date: new Date().toISOString() };
}

// ---------------------------------------------------------------- statistics and printing


function fmt(x) {
  if (!Number.isFinite(x)) return "—";
  return x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}


function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  return [line(header), "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|", ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const { avail, notes } = prepare(o);
  const info = machine();
  const ompiEnv = process.getuid?.() === 0 ? { OMPI_ALLOW_RUN_AS_ROOT: "1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1" } : {};

  console.log(`wmpi collectives: ${info.nproc} cores, ${info.cpu}, Node ${info.node}, ${info.date}`);
  if (info.commit) console.log(`wmpi at ${info.commit}`);
  console.log(`command: node bench/collectives.mjs ${process.argv.slice(2).join(" ")}`.trimEnd());
  for (const n of notes) console.log(n);

  const groups = [];
  for (const ranks of o.ranks) for (const op of o.ops) groups.push({ op, ranks, jobs: contenders(op, ranks, o, avail).map((j) => ({ ...j, env: j.cmd === "mpirun.openmpi" ? ompiEnv : {} })) });
  const njobs = groups.reduce((a, g) => a + g.jobs.length, 0);
  console.log(`${o.reps} rounds of ${njobs} jobs (ranks ${o.ranks.join(",")}; ${o.ops.join(", ")}; ${o.sizes.length} sizes; budget ${o.budget} ms per case; figure = ${o.stat} over ranks)`);

  // samples[group][key][size] = [figure per round]; libraries[key] = version string
  const samples = {};
  const libraries = {};
  const timers = {}; // key -> [µs per clock call, per job]
  const jobSeconds = {}; // key -> wall seconds of its jobs, reruns included: where the time goes
  const unsupported = {}; // key@op -> message (wmpi without that collective)
  const disturbed = [];
  const failures = [];
  const gkey = (g) => `${g.op}@${g.ranks}`;
  for (let rep = 0; rep < o.reps; rep++) {
    const t0 = Date.now();
    for (const g of groups) {
      const s = (samples[gkey(g)] ??= {});
      const live = g.jobs.filter((j) => !unsupported[`${j.key}@${g.op}`]);
      const order = live.map((_, i) => live[(i + rep) % live.length]);
      for (const job of order) {
        let res;
        for (let attempt = 0; ; attempt++) {
          await waitQuiet(o.maxForeign, 5);
          const a = cpuTimes();
          res = await runJob(job, o.timeout, ROOT);
          const b = cpuTimes();
          const load = foreignLoad(a, b);
          jobSeconds[job.key] = (jobSeconds[job.key] ?? 0) + (b.wall - a.wall);
          if (res.code !== 0) break;
          if (load < o.maxForeign) break;
          if (attempt === 2) {
            disturbed.push(`${gkey(g)} ${job.key} round ${rep + 1}: other processes used ${load.toFixed(2)} cores`);
            break;
          }
        }
        if (res.code === 3 && job.kind === "wmpi" && /has no /.test(res.err)) {
          unsupported[`${job.key}@${g.op}`] = res.err.trim().split("\n")[0];
          continue;
        }
        if (res.code !== 0) {
          // a failed or hung job is reported and the run goes on: its cases that finished still count
          const done = res.lines.filter((l) => l.size !== undefined).map((l) => l.size);
          const why = res.hung ? `hung (killed after ${o.timeout} s)` : `failed (${res.signal ?? `exit ${res.code}`})`;
          const msg = `${gkey(g)} ${job.key} round ${rep + 1} ${why} after ${done.length ? `sizes ${done.join(", ")}` : "no size"}: ${job.cmd} ${job.args.join(" ")}`;
          console.log(`  ${msg}`);
          failures.push({ msg, err: (res.err + res.out).trim().split("\n").slice(-12).join("\n") });
        }
        for (const l of res.lines) {
          if (l.library) libraries[job.key] = l.library + (l.mpi4py ? `, mpi4py ${l.mpi4py}` : "");
          if (l.size === undefined) continue;
          if (l.timer_us !== undefined && l === res.lines.find((x) => x.size !== undefined)) (timers[job.key] ??= []).push(l.timer_us);
          if (l.verified !== true) throw new Error(`${gkey(g)} ${job.key}: size ${l.size} was not verified`);
          (s[job.key] ??= {})[l.size] ??= [];
          s[job.key][l.size].push(o.stat === "avg" ? l.avg_us : l.max_us);
        }
      }
    }
    console.log(`round ${rep + 1}/${o.reps}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (o.json) {
      mkdirSync(path.dirname(o.json), { recursive: true });
      writeFileSync(o.json, JSON.stringify({ info, options: o, partial: `${rep + 1} of ${o.reps} rounds`, libraries, unsupported, samples, timers, jobSeconds, disturbed, failures }, null, 1));
    }
  }

  for (const [key, lib] of Object.entries(libraries)) if (!key.startsWith("wmpi") && key !== "mpi4py-object") console.log(`${title(key)}: ${lib}`);
  for (const msg of new Set(Object.values(unsupported))) console.log(`wmpi skipped: ${msg}`);
  const clocks = Object.entries(timers).map(([k, xs]) => `${title(k)} ${median(xs).toFixed(3)}`);
  if (clocks.length) console.log(`Clock cost, µs per call (each timed operation includes about one): ${clocks.join(", ")}`);

  const stat = (g, key, size) => {
    const xs = samples[gkey(g)]?.[key]?.[size];
    return xs?.length ? { med: median(xs), min: Math.min(...xs), max: Math.max(...xs), xs } : undefined;
  };
  /** Median ratio a/b, with the range of the ratios of the jobs of one round. */
  const ratio = (a, b) => {
    if (!a || !b) return undefined;
    const paired = a.xs.map((x, i) => x / b.xs[i]).filter(Number.isFinite);
    return { med: a.med / b.med, min: Math.min(...paired), max: Math.max(...paired) };
  };
  const fr = (r) => (r ? `${r.med.toFixed(2)}x (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : "");
  const targets = [];

  console.log(`
Figures: µs per operation, ${o.stat === "max" ? "the slowest rank's mean" : "the mean over ranks of each rank's mean"}, median over ${o.reps} rounds.
Ratios: wmpi / reference from the medians, (min–max) over the rounds' paired jobs. Sizes as OSU
counts them (bcast message; allreduce vector of doubles; alltoall/allgather block per rank).`);
  for (const g of groups) {
    const over = g.ranks > NCPU;
    const refKeys = ["mpich", "openmpi"].filter((k) => avail[k]);
    const wKeys = [...o.wmpi.map((m) => `wmpi-${m}`), ...(o.wmpi.length ? o.variants.map((v) => `wmpi-${o.wmpi[0]}~${v.label}`) : [])].filter((k) => !unsupported[`${k}@${g.op}`]);
    const sizes = g.op === "barrier" ? [0] : [...new Set(Object.values(samples[gkey(g)] ?? {}).flatMap((m) => Object.keys(m).map(Number)))].sort((a, b) => a - b);
    if (!sizes.length) continue;
    const header = ["size", ...wKeys.map((k) => title(k)), ...refKeys.map((k) => title(k))];
    const refName = over ? "Open MPI" : "best native";
    const limit = over ? 2 : 1.5;
    for (const k of wKeys) header.push(`${title(k)} x ${refName}`);
    if (over && avail.mpich) for (const k of wKeys) header.push(`${title(k)} x MPICH`);
    const rows = [];
    for (const size of sizes) {
      const ref = () => {
        if (over) return stat(g, "openmpi", size);
        const c = refKeys.map((k) => stat(g, k, size)).filter(Boolean);
        return c.length ? c.reduce((a, b) => (b.med < a.med ? b : a)) : undefined;
      };
      const row = [g.op === "barrier" ? "—" : label(size)];
      for (const k of [...wKeys, ...refKeys]) row.push(fmt(stat(g, k, size)?.med));
      for (const k of wKeys) {
        const r = ratio(stat(g, k, size), ref());
        row.push(fr(r));
        if (r && k !== "wmpi-p2p" && k !== "wmpi-core" && !k.includes("~")) targets.push({ op: g.op, ranks: g.ranks, size, key: k, r, limit, refName });
      }
      if (over && avail.mpich) for (const k of wKeys) row.push(fr(ratio(stat(g, k, size), stat(g, "mpich", size))));
      rows.push(row);
    }
    console.log(`\n${g.op}, ${g.ranks} ranks${over ? ` (oversubscribed: ${g.ranks} ranks on ${NCPU} cores)` : ""}; target: wmpi <= ${limit}x ${refName}\n`);
    console.log(table(header, rows));
  }

  // the paper's modes of every operation, against both C libraries (mpi4py runs on Open MPI)
  if (o.paper) {
    console.log(`\nBuffer and object (pickle) modes, µs per operation (${o.stat} over ranks), ratios to MPICH C:\n`);
    const paperModes = ["openmpi", "wmpi-buffer", "wmpi-object", "mpi4py-buffer", "mpi4py-object"];
    for (const d of datasetsOf("coll", { samples }, paperModes)) if (d.metric === "latency") console.log(osuTable(d));
  }

  // the mpi4py paper's alltoall figure
  const figures = [];
  if (o.paper)
    for (const g of groups.filter((x) => x.op === "alltoall")) {
      const rows = [];
      for (const size of o.sizes) {
        const c = stat(g, "openmpi", size);
        const pb = stat(g, "mpi4py-buffer", size);
        const wb = stat(g, "wmpi-buffer", size);
        const wa = stat(g, "wmpi-alloc", size);
        const po = stat(g, "mpi4py-object", size);
        const wo = stat(g, "wmpi-object", size);
        const tput = (s) => (s ? fmt((2 * (g.ranks - 1) * size) / s.med) : "");
        const over = (s) => (s && c ? `${fmt(s.med - c.med)} (${(s.med / c.med).toFixed(2)}x)` : "");
        const alloc = o.wmpi.includes("alloc") ? [fmt(wa?.med), over(wa)] : [];
        rows.push([label(size), fmt(c?.med), fmt(pb?.med), over(pb), fmt(wb?.med), over(wb), ...alloc, tput(po), tput(wo)]);
        figures.push({ ranks: g.ranks, size, openmpi: c?.med, mpi4py: pb?.med, wmpi: wb?.med, wmpiAlloc: wa?.med, mpi4pyObj: po?.med, wmpiObj: wo?.med });
      }
      console.log(`\nmpi4py paper figure, alltoall, ${g.ranks} ranks: buffer mode (Alltoall) time and overhead over Open MPI's C;
object mode (alltoall of a list of Uint8Array / numpy uint8 arrays) throughput 2(N-1)S/Δt in MB/s\n`);
      const allocHead = o.wmpi.includes("alloc") ? ["wmpi Alloc_mem µs", "Alloc_mem overhead µs"] : [];
      console.log(table(["size S", "C Open MPI µs", "mpi4py µs", "mpi4py overhead µs", "wmpi µs", "wmpi overhead µs", ...allocHead, "mpi4py object MB/s", "wmpi object MB/s"], rows));
    }

  if (targets.length) {
    const byGroup = new Map();
    for (const t of targets) {
      const k = `${title(t.key)}: ${t.op}, ${t.ranks} ranks, <= ${t.limit}x ${t.refName}`;
      if (!byGroup.has(k)) byGroup.set(k, []);
      byGroup.get(k).push(t);
    }
    const rows = [];
    for (const [k, ts] of byGroup) {
      const miss = ts.filter((t) => t.r.med > t.limit);
      const worst = ts.reduce((a, b) => (b.r.med > a.r.med ? b : a));
      const sz = (t) => (t.op === "barrier" ? "—" : label(t.size));
      rows.push([k, `${ts.length - miss.length}/${ts.length}`, `${worst.r.med.toFixed(2)}x${worst.op === "barrier" ? "" : ` at ${sz(worst)}`}`, miss.length ? miss.map(sz).join(", ") : "—"]);
    }
    console.log(`\nTargets (median ratios; the p2p baseline and the core diagnostic are not held to them):\n`);
    console.log(table(["operation", "sizes within", "worst", "missed at"], rows));
  }
  if (failures.length) {
    console.log(`\nFAILED JOBS (${failures.length}):`);
    for (const f of failures) console.log(`- ${f.msg}\n${f.err.replace(/^/gm, "    ")}`);
    process.exitCode = 1;
  }
  if (disturbed.length) console.log(`\nDisturbed even after 2 reruns (figures kept, treat with care): ${disturbed.join("; ")}`);
  console.log(`\nJob seconds by contender: ${Object.entries(jobSeconds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")}.`);
  console.log(`${failures.length ? "Every job that finished" : "Every job"} checked the result of every case on every rank. Total ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  if (o.json) {
    mkdirSync(path.dirname(o.json), { recursive: true });
    writeFileSync(o.json, JSON.stringify({ info, options: o, libraries, unsupported, samples, timers, jobSeconds, figures, disturbed, failures }, null, 1));
  }
}

main().catch((e) => {
  console.error(`bench/collectives.mjs: ${e.message}`);
  process.exitCode = 1;
});
