// MPI-IO bandwidth, wmpi against native MPICH's ROMIO (issue 8, section 5): bench/native/io_c.c
// built once with `mpicc.mpich -O2` and once with `node bin/wmpicc.js -O2`, run side by side on the
// same access patterns: a block-distributed 2-D array of doubles written to one shared file and read
// back collectively through a subarray view (coll), independently through the same view (indep),
// and as one contiguous block per rank (contig).
//
//   node bench/io.mjs            full run (2 and 4 ranks, 1-64 MiB, 3 rounds)
//   node bench/io.mjs --quick    1 MiB, 1 round, 1 repetition, no warm-up: a smoke run
//   node bench/io.mjs --help     all options
//
// Jobs: for each rank count, `mpiexec.mpich -n N io_c-mpich` and `node bin/wmpiexec.js -n N
// --preopen DIR io_c.wasm` (threads), each from a fresh temporary directory DIR (the file lives
// there; a C program under wmpiexec sees only files below --preopen). One round runs the two builds
// one after the other in alternating order; a figure is the median over the rounds of the program's
// median over its repetitions. Before a job the driver waits for a quiet machine and reruns (up to
// twice) a job during which other processes used more than --max-foreign-load cores
// (bench/machine-load.mjs). Every job checks the file after every write mode and every read.
// Target (issue 8): wmpi within 1.5x native time, i.e. wmpi's MB/s >= MPICH's / 1.5; and two-phase
// collective I/O beating independent access through the interleaved view.
// Without mpicc.mpich/mpiexec.mpich only the wmpi side runs, with a note.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { have } from "./have-command.mjs";
import { runJob, runQuiet } from "./run-job.mjs";
import { median } from "./stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const SRC = path.join(HERE, "native", "io_c.c");
const NCPU = os.availableParallelism?.() ?? os.cpus().length;
const LIMIT = 1.5; // wmpi's time may be up to 1.5x native's
const MODES = ["coll", "indep", "contig"];
const OPS = ["write", "read"];

const USAGE = `Usage: node bench/io.mjs [options]

bench/native/io_c.c built with mpicc.mpich and with wmpicc, run side by side: write and read
bandwidth of a block-distributed 2-D array (collective view, independent view, contiguous blocks)
at 2 and 4 ranks; medians, wmpi/MPICH ratios, collective against independent, a verdict.

Options:
  --quick                size 1M, 1 round, 1 repetition, no warm-up (a smoke run)
  --rounds N             rounds (default 3); figures are medians over them
  --reps N               timed repetitions per case inside a job (default 5; the job reports their median)
  --warmup N             untimed repetitions before each case (default 1)
  --warmup-ms MS         first a warm-up pass: each mode writes and reads the first size for MS ms
                         (default 500; V8 tiers the wasm code up meanwhile)
  --sizes LIST           array sizes, e.g. 1M,4M,16M,64M (the default)
  --ranks LIST           rank counts (default 2,4)
  --modes LIST           coll,indep,contig (default all)
  --layouts LIST         array shapes: "square" (about sqrt(elements) columns: KiB pieces) and/or a
                         row length in doubles (64: rows of 512 B, pieces of 256 B at 2 and 4 ranks);
                         default square,64
  --no-ds-ref            skip the reference job "mpich-nods": MPICH's independent mode again with ROMIO's
                         data sieving off (ROMIO_HINTS: romio_ds_read/romio_ds_write disable), one
                         access per piece as wmpi makes them
  --max-foreign-load X   rerun a job during which other processes used more than X cores (default 0.25)
  --wait S               wait up to S seconds for a quiet machine before a job (default 30)
  --attempts N           runs of a disturbed job at most (default 3: 2 reruns)
  --timeout S            seconds before a job is declared hung (default 600)
  --out DIR              where the builds go (default bench/out)
  --json FILE            all samples as JSON (default DIR/io.json)
  -h, --help             this text
`;

function parseOptions(argv) {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" }, rounds: { type: "string" }, reps: { type: "string" }, warmup: { type: "string" }, "warmup-ms": { type: "string" },
      sizes: { type: "string" }, ranks: { type: "string" }, modes: { type: "string" }, layouts: { type: "string" },
      "no-ds-ref": { type: "boolean" }, wait: { type: "string" }, attempts: { type: "string" }, "max-foreign-load": { type: "string" }, timeout: { type: "string" }, out: { type: "string" }, json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (v.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const quick = v.quick ?? false;
  const int = (s, dflt) => (s === undefined ? dflt : Math.max(0, Number.parseInt(s, 10)));
  const modes = v.modes?.split(",") ?? MODES;
  for (const m of modes) if (!MODES.includes(m)) throw new Error(`unknown mode ${m} (known: ${MODES.join(", ")})`);
  const out = path.resolve(v.out ?? path.join(HERE, "out"));
  return {
    quick,
    rounds: Math.max(1, int(v.rounds, quick ? 1 : 3)),
    reps: Math.max(1, int(v.reps, quick ? 1 : 5)),
    warmup: int(v.warmup, quick ? 0 : 1),
    warmupMs: int(v["warmup-ms"], quick ? 0 : 500),
    sizes: (v.sizes ?? (quick ? "1M" : "1M,4M,16M,64M")).split(","),
    ranks: (v.ranks ?? "2,4").split(",").map((x) => Number.parseInt(x, 10)),
    modes,
    layouts: (v.layouts ?? "square,64").split(",").map((x) => {
      if (x !== "square" && !(Number.parseInt(x, 10) > 0)) throw new Error(`--layouts: "${x}" is neither square nor a row length`);
      return x;
    }),
    dsRef: !(v["no-ds-ref"] ?? false) && (v.modes === undefined || modes.includes("indep")),
    maxForeign: Number(v["max-foreign-load"] ?? 0.25),
    wait: Number(v.wait ?? 30),
    attempts: Math.max(1, int(v.attempts, 3)),
    timeout: Number(v.timeout ?? 600),
    out,
    json: path.resolve(v.json ?? path.join(out, "io.json")),
  };
}

// ---------------------------------------------------------------- builds

/** Runs a build command; returns undefined or the first lines of its error output. */
function tryBuild(cmd, args) {
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    return undefined;
  } catch (e) {
    const lines = String(e.stderr ?? e.message).split("\n").filter((l) => /error|undefined reference|cannot find/i.test(l));
    return lines.slice(0, 3).join("; ") || e.message;
  }
}

function prepare(o) {
  mkdirSync(o.out, { recursive: true });
  const notes = [];
  for (const f of ["dist/launcher/main.js", "build/libwmpi.a"]) if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: build wmpi first (npm run build)`);
  const wasm = path.join(o.out, "io_c.wasm");
  const werr = tryBuild(process.execPath, [path.join(ROOT, "bin", "wmpicc.js"), "-O2", SRC, "-o", wasm]);
  if (werr) throw new Error(`wmpicc -O2 ${path.relative(ROOT, SRC)} failed: ${werr}`);
  let native;
  if (!have("mpicc.mpich") || !have("mpiexec.mpich")) notes.push("native MPICH skipped: mpicc.mpich or mpiexec.mpich not found (apt-get install -y mpich libmpich-dev)");
  else {
    native = path.join(o.out, "io_c-mpich");
    const err = tryBuild("mpicc.mpich", ["-O2", "-Wall", SRC, "-o", native]);
    if (err) throw new Error(`mpicc.mpich -O2 failed: ${err}`);
  }
  // ROMIO reads hints for every file from this file: data sieving off for the reference job
  const noDsHints = path.join(o.out, "romio-no-ds.hints");
  writeFileSync(noDsHints, "romio_ds_read disable\nromio_ds_write disable\n");
  return { wasm, native, notes, noDsHints };
}

/** The jobs of one rank count and layout: each runs in its own fresh directory (made and removed per run). */
function jobsFor(o, built, ranks, layout) {
  const args = ["--sizes", o.sizes.join(","), "--reps", String(o.reps), "--warmup", String(o.warmup), "--warmup-ms", String(o.warmupMs), "--modes", o.modes.join(",")];
  if (layout !== "square") args.push("--cols", layout);
  const jobs = [{ key: "wmpi", cmd: process.execPath, args: (dir) => [path.join(ROOT, "bin", "wmpiexec.js"), "-n", String(ranks), "--preopen", dir, built.wasm, ...args] }];
  if (built.native) jobs.push({ key: "mpich", cmd: "mpiexec.mpich", args: () => ["-n", String(ranks), built.native, ...args] });
  if (built.native && o.dsRef) {
    const indep = args.map((a, i) => (args[i - 1] === "--modes" ? "indep" : a));
    jobs.push({ key: "mpich-nods", cmd: "mpiexec.mpich", args: () => ["-n", String(ranks), built.native, ...indep], env: { ROMIO_HINTS: built.noDsHints } });
  }
  return jobs;
}

// ---------------------------------------------------------------- statistics and tables


const num = (x) => (!Number.isFinite(x) ? "—" : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const ratio = (x) => (!Number.isFinite(x) ? "—" : `${x < 0.1 ? x.toPrecision(2) : x.toFixed(2)}x`);

function table(header, rows) {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (i < 3 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(" | ") + " |";
  return [line(header), "|" + w.map((n, i) => (i < 3 ? "-".repeat(n + 2) : "-".repeat(n + 1) + ":")).join("|") + "|", ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const built = prepare(o);
  const cpu = (readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? "unknown";
  let commit = "";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {}
  const scratch = mkdtempSync(path.join(os.tmpdir(), "wmpi-bench-io-"));
  let fsType = "?";
  try {
    fsType = execFileSync("df", ["-T", scratch], { encoding: "utf8" }).trim().split("\n").pop().split(/\s+/).slice(0, 2).join(" ");
  } catch {}
  const info = { nproc: NCPU, cpu, node: process.version, kernel: os.release(), commit, date: new Date().toISOString(), loadavg: os.loadavg(), fs: fsType };
  console.log(`MPI-IO against native MPICH (ROMIO): ${NCPU} cores, ${cpu}, Node ${info.node}, ${info.date}`);
  console.log(`wmpi at ${commit || "?"}; files in ${scratch} (${fsType}); load average ${info.loadavg.map((x) => x.toFixed(2)).join(", ")}`);
  console.log(`command: node bench/io.mjs ${process.argv.slice(2).join(" ")}`.trimEnd());
  for (const n of built.notes) console.log(n);

  // a group: one layout at one rank count, both builds
  const groups = o.layouts.flatMap((layout) => o.ranks.map((ranks) => ({ name: `${layout}@${ranks}`, layout, ranks })));
  const samples = {}; // samples[group][key]["size mode op"] = [{mbps, nosync, sync_ms} per round]
  const meta = {}; // meta[group][size] = the array's shape in that group
  const libraries = {};
  const hints = {};
  const disturbed = [];
  const failures = [];
  const save = (extra) => {
    mkdirSync(path.dirname(o.json), { recursive: true });
    writeFileSync(o.json, JSON.stringify({ info, options: o, ...extra, libraries, hints, meta, samples, disturbed, failures }, null, 1));
  };
  try {
    for (let round = 0; round < o.rounds; round++) {
      const t0 = Date.now();
      for (const g of groups) {
        const jobs = jobsFor(o, built, g.ranks, g.layout);
        for (const job of round % 2 ? [...jobs].reverse() : jobs) {
          const { res, load } = await runQuiet(
            async () => {
              const dir = mkdtempSync(path.join(scratch, `${job.key}-`));
              const t = performance.now();
              const r = await runJob({ cmd: job.cmd, args: job.args(dir), env: job.env }, o.timeout, dir);
              r.ms = performance.now() - t;
              rmSync(dir, { recursive: true, force: true });
              return r;
            },
            { maxForeign: o.maxForeign, waitS: o.wait, attempts: o.attempts },
          );
          const name = `${g.name} ${job.key} round ${round + 1}`;
          if (!o.quick) console.log(`  ${name}: ${res.code === 0 ? "ok" : "FAILED"}, ${(res.ms / 1000).toFixed(0)} s, others used ${load.toFixed(2)} cores`);
          if (load >= o.maxForeign) disturbed.push(`${name}: other processes used ${load.toFixed(2)} cores`);
          if (res.code !== 0) {
            failures.push(`${name}: exit ${res.hung ? "hung" : res.code}: ${job.cmd} ${job.args("DIR").join(" ")}\n${res.err.trim().split("\n").slice(-8).join("\n")}`);
            continue;
          }
          for (const l of res.lines) {
            if (l.library) libraries[job.key] = l.library;
            if (l.hints) hints[job.key] = l.hints;
            if (l.mode === undefined) continue;
            if (l.verified !== true) throw new Error(`${name}: ${l.mode} ${l.op} of ${l.size} bytes not verified`);
            ((meta[g.name] ??= {})[l.size] ??= { bytes: l.bytes, rows: l.rows, cols: l.cols, grid: l.grid, piece: l.piece, pieces: l.pieces });
            (((samples[g.name] ??= {})[job.key] ??= {})[`${l.size} ${l.mode} ${l.op}`] ??= []).push({ mbps: l.mbps, nosync: l.mbps_nosync, sync_ms: l.sync_ms });
          }
        }
      }
      console.log(`round ${round + 1}/${o.rounds}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      save({ partial: `${round + 1} of ${o.rounds} rounds` });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const [k, v] of Object.entries(libraries)) console.log(`${k}: ${v}`);
  for (const [k, v] of Object.entries(hints)) console.log(`${k} hints: ${Object.entries(v).map(([a, b]) => `${a}=${b}`).join(" ")}`);

  /** Medians over the rounds of one case: MB/s with the sync, without it, and ms in MPI_File_sync. */
  const stat = (g, key, size, mode, op) => {
    const xs = samples[g.name]?.[key]?.[`${size} ${mode} ${op}`];
    if (!xs?.length) return undefined;
    return { mbps: median(xs.map((x) => x.mbps)), nosync: median(xs.map((x) => x.nosync)), sync: median(xs.map((x) => x.sync_ms)), all: xs.map((x) => x.mbps) };
  };
  const sizesOf = (g) => Object.keys(meta[g.name] ?? {}).map(Number).sort((a, b) => a - b);
  const mib = (b) => `${(b / 1048576).toFixed(b < 4 * 1048576 ? 2 : 1)} MiB`;
  const targets = [];
  const wins = [];
  for (const g of groups) {
    const ranks = g.ranks;
    const over = ranks > NCPU ? ` (oversubscribed: ${ranks} ranks on ${NCPU} cores)` : "";
    const shape = g.layout === "square" ? "square array" : `rows of ${g.layout} doubles`;
    console.log(`\n${g.name}: ${shape}, ${ranks} ranks${over}: MB/s (1e6 B/s) of the whole array, median of ${o.rounds} round(s) x median of ${o.reps} rep(s); writes include MPI_File_sync (no-sync: the write call alone)`);
    for (const size of sizesOf(g)) {
      const m = meta[g.name][size];
      console.log(`  ${mib(size)}: ${m.rows} x ${m.cols} doubles (${mib(m.bytes)}), grid ${m.grid.join(" x ")}, view pieces of ${m.piece} B, ${m.pieces} per rank`);
    }
    const rows = [];
    for (const size of sizesOf(g))
      for (const op of OPS)
        for (const mode of o.modes) {
          const w = stat(g, "wmpi", size, mode, op);
          const n = stat(g, "mpich", size, mode, op);
          const r = w && n ? w.mbps / n.mbps : NaN;
          const rNo = w && n && op === "write" ? w.nosync / n.nosync : NaN;
          let verdict = "";
          if (Number.isFinite(r)) {
            const ok = r >= 1 / LIMIT;
            verdict = ok ? "yes" : "NO";
            targets.push({ group: g.name, size, mode, op, r, ok });
          }
          rows.push([mib(size), mode, op, num(w?.mbps), num(n?.mbps), ratio(r), op === "write" ? num(w?.nosync) : "", op === "write" ? num(n?.nosync) : "", op === "write" ? ratio(rNo) : "", verdict]);
        }
    console.log("");
    console.log(table(["size", "mode", "op", "wmpi", "MPICH", "wmpi/MPICH", "no-sync wmpi", "no-sync MPICH", "no-sync ratio", `>= ${(1 / LIMIT).toFixed(2)}`], rows));
  }

  if (o.modes.includes("coll") && o.modes.includes("indep")) {
    console.log("\nCollective (two-phase) against independent access through the interleaved view: coll MB/s / indep MB/s (> 1: collective wins)\n");
    const rows = [];
    for (const g of groups)
      for (const size of sizesOf(g))
        for (const op of OPS) {
          const row = [g.name, `${mib(size)} (${meta[g.name][size].piece} B)`, op];
          for (const key of ["wmpi", "mpich"]) {
            const c = stat(g, key, size, "coll", op);
            const i = stat(g, key, size, "indep", op);
            const x = c && i ? c.mbps / i.mbps : NaN;
            row.push(Number.isFinite(x) ? `${ratio(x)} ${x > 1 ? "yes" : "no"}` : "—");
            if (Number.isFinite(x)) wins.push({ key, group: g.name, size, op, x });
          }
          rows.push(row);
        }
    console.log(table(["layout@ranks", "size (piece)", "op", "wmpi coll/indep", "MPICH coll/indep"], rows));
  }

  if (groups.some((g) => samples[g.name]?.["mpich-nods"])) {
    console.log("\nIndependent access through the interleaved view, one access per piece: MB/s of wmpi (no data sieving), MPICH (ROMIO sieves:");
    console.log(`reads through ${hints.mpich?.ind_rd_buffer_size ?? "?"} B, writes through ${hints.mpich?.ind_wr_buffer_size ?? "?"} B, locked) and MPICH with data sieving off\n`);
    const rows = [];
    for (const g of groups)
      for (const size of sizesOf(g))
        for (const op of OPS) {
          const w = stat(g, "wmpi", size, "indep", op);
          const n = stat(g, "mpich", size, "indep", op);
          const d = stat(g, "mpich-nods", size, "indep", op);
          rows.push([g.name, `${mib(size)} (${meta[g.name][size].piece} B)`, op, num(w?.mbps), num(n?.mbps), num(d?.mbps), ratio(w && d ? w.mbps / d.mbps : NaN)]);
        }
    console.log(table(["layout@ranks", "size (piece)", "op", "wmpi", "MPICH", "MPICH no sieving", "wmpi / no sieving"], rows));
  }

  console.log("\nVerdict:");
  if (targets.length) {
    const byOp = (op) => targets.filter((t) => t.op === op);
    for (const op of OPS) {
      const ts = byOp(op);
      const miss = ts.filter((t) => !t.ok);
      console.log(`  ${op}: wmpi within ${LIMIT}x of MPICH's time in ${ts.length - miss.length}/${ts.length} cases${miss.length ? `; missed: ${miss.map((t) => `${t.group} ${mib(t.size)} ${t.mode} (${ratio(t.r)})`).join(", ")}` : ""}`);
    }
  } else console.log("  no MPICH figures: no ratios");
  for (const key of ["wmpi", "mpich"]) {
    const ws = wins.filter((w) => w.key === key);
    if (!ws.length) continue;
    for (const op of OPS) {
      const xs = ws.filter((w) => w.op === op);
      const won = xs.filter((w) => w.x > 1);
      console.log(`  ${key}: collective beats independent through the interleaved view for ${op}s in ${won.length}/${xs.length} cases`);
    }
  }
  if (disturbed.length) console.log(`\nDisturbed even after ${o.attempts - 1} rerun(s) (figures kept, treat with care): ${disturbed.join("; ")}`);
  if (failures.length) {
    console.log(`\nFAILED JOBS (${failures.length}):\n${failures.join("\n")}`);
    process.exitCode = 1;
  }
  console.log(`\n${failures.length ? "Every job that finished" : "Every job"} checked the file after each write mode and every read on every rank. Total ${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}.`);
  save({});
}

main().catch((e) => {
  console.error(`bench/io.mjs: ${e.message}`);
  process.exitCode = 1;
});
