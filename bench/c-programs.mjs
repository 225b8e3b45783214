// C programs through wmpicc against the same program on native MPICH (issue 6): bench/native/osu_c.c
// (osu_latency, osu_bw and osu_allreduce style) built once with `mpicc.mpich -O2` and once with
// `node bin/wmpicc.js -O2`, run side by side, and the .wasm's size against the native binary.
//
//   node bench/c-programs.mjs            full run (a few minutes on a quiet 2-core machine)
//   node bench/c-programs.mjs --quick    2 sizes per test, 1 round: a smoke run
//   node bench/c-programs.mjs --help     all options
//
// Jobs: latency and bw with 2 ranks, allreduce with 2 and 4 ranks, each once as `mpiexec.mpich -n N
// osu_c` and once as `node bin/wmpiexec.js -n N osu_c.wasm` (threads). One round runs every job once,
// the two builds of a test one after the other in alternating order; a figure is the median over the
// rounds, a ratio's range pairs the two jobs of one round. Before a job the driver waits for a quiet
// machine and reruns (up to twice) a job during which other processes used more than
// --max-foreign-load cores (bench/machine-load.mjs). Every job checks every case's result.
// Targets (issue 6): latency <= 1.5x native time, bandwidth >= 0.9x native; allreduce is held to
// the latency target. Without mpicc.mpich/mpiexec.mpich only the wmpi side runs, with a note.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { have } from "./have-command.mjs";
import { runJob, runQuiet } from "./run-job.mjs";
import { median, sizeLabel as label } from "./stats.mjs";
import { parseSuiteOptions, positiveInt } from "./suite/options.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const SRC = path.join(HERE, "native", "osu_c.c");
const KiB = 1024;
const MiB = 1024 * KiB;
const NCPU = os.availableParallelism?.() ?? os.cpus().length;

const USAGE = `Usage: node bench/c-programs.mjs [options]

bench/native/osu_c.c built with mpicc.mpich and with wmpicc, run side by side:
latency and bw (2 ranks), allreduce (2 and 4 ranks); ratios, targets and binary sizes.

Options (the suite's parser, bench/suite/options.mjs):
  --quick                sizes 8 and 64K, 1 round, short budget (a smoke run)
  --repeats N            rounds (default 3); figures are medians (also --reps)
  --tests LIST           latency,bw,allreduce (default all)
  --sizes LIST           sizes for every test, e.g. 0,8,4K,1M (default per test, 0 B .. 4 MiB)
  --ranks LIST           allreduce rank counts (default 2,4)
  --budget-ms MS         about how long one case's timed part takes (default 300)
  --max-foreign-load X   rerun a job during which other processes used more than X cores (default 0.25)
  --timeout S            seconds before a job is declared hung (default 300)
  --out DIR              where the builds go (default bench/out)
  --json FILE            all samples as JSON (default DIR/c-programs.json)
  -h, --help             this text
`;

const DEFAULT_SIZES = {
  latency: [0, 1, 8, 64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB],
  bw: [1, 8, 64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB],
  allreduce: [8, 64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB],
};
const QUICK_SIZES = [8, 64 * KiB];

function parseOptions(argv) {
  const own = {
    "--reps": (x, o) => (o.repeats = positiveInt("--reps", x)),
    "--tests": (x, o) => (o.tests = x.split(",")),
    "--budget-ms": (x, o) => (o.budget = Number(x)),
    "--timeout": (x, o) => (o.timeout = Number(x)),
    "--json": (x, o) => (o.json = path.resolve(x)),
  };
  const v = parseSuiteOptions(argv, { benches: ["c"], root: ROOT, defaultOut: path.join(HERE, "out"), extra: own, unsupported: ["--bench", "--modes"] });
  if (v.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const tests = v.tests ?? ["latency", "bw", "allreduce"];
  for (const t of tests) if (!DEFAULT_SIZES[t]) throw new Error(`unknown test ${t} (known: latency, bw, allreduce)`);
  return {
    quick: v.quick,
    tests,
    reps: v.repeats ?? (v.quick ? 1 : 3),
    sizes: v.sizes,
    ranks: v.ranks ?? [2, 4],
    budget: v.budget ?? (v.quick ? 30 : 300),
    maxForeign: v.maxForeign ?? 0.25,
    timeout: v.timeout ?? 300,
    out: v.out,
    json: v.json ?? path.join(v.out, "c-programs.json"),
  };
}

// ---------------------------------------------------------------- builds and sizes

/** Runs a build command; returns undefined or the first lines of its error output. */
function tryBuild(cmd, args) {
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    return undefined;
  } catch (e) {
    const lines = String(e.stderr ?? e.message).split("\n").filter((l) => /error|undefined reference|cannot find/i.test(l));
    const undef = [...new Set(lines.map((l) => /undefined reference to `([^']+)'/.exec(l)?.[1]).filter(Boolean))];
    return undef.length ? `undefined references (${undef.length} symbols, e.g. ${undef.slice(0, 4).join(", ")})` : lines.slice(0, 2).join("; ") || e.message;
  }
}

/** The shared libraries a dynamic binary loads (ldd), with their sizes. */
function sharedLibraries(bin) {
  const libs = [];
  for (const line of execFileSync("ldd", [bin], { encoding: "utf8" }).split("\n")) {
    const m = /=>\s*(\/\S+)/.exec(line);
    if (m) libs.push({ name: path.basename(m[1]), bytes: statSync(m[1]).size });
  }
  return libs;
}

function prepare(o) {
  mkdirSync(o.out, { recursive: true });
  const notes = [];
  const wasm = path.join(o.out, "osu_c.wasm");
  for (const f of ["dist/launcher/main.js", "build/libwmpi.a"]) if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: build wmpi first (npm run build)`);
  const werr = tryBuild(process.execPath, [path.join(ROOT, "bin", "wmpicc.js"), "-O2", SRC, "-o", wasm]);
  if (werr) throw new Error(`wmpicc -O2 ${path.relative(ROOT, SRC)} failed: ${werr}`);
  const sizes = { wasm: statSync(wasm).size };
  let native;
  if (!have("mpicc.mpich") || !have("mpiexec.mpich")) notes.push("native MPICH skipped: mpicc.mpich or mpiexec.mpich not found (apt-get install -y mpich libmpich-dev)");
  else {
    native = path.join(o.out, "osu_c-mpich");
    const err = tryBuild("mpicc.mpich", ["-O2", "-Wall", "-Wno-stringop-overflow", SRC, "-o", native]);
    if (err) throw new Error(`mpicc.mpich -O2 failed: ${err}`);
    sizes.native = statSync(native).size;
    sizes.libs = sharedLibraries(native);
    const stat = path.join(o.out, "osu_c-mpich-static");
    const serr = tryBuild("mpicc.mpich", ["-O2", "-static", "-Wno-stringop-overflow", SRC, "-o", stat]);
    if (serr) sizes.staticError = serr;
    else sizes.static = statSync(stat).size;
  }
  return { wasm, native, sizes, notes };
}

// ---------------------------------------------------------------- jobs

function groupsFor(o, built) {
  const groups = [];
  for (const test of o.tests)
    for (const ranks of test === "allreduce" ? o.ranks : [2]) {
      const sizes = o.sizes ?? (o.quick ? QUICK_SIZES : DEFAULT_SIZES[test]);
      const args = ["--test", test, "--sizes", sizes.join(","), "--budget-ms", String(o.budget)];
      const jobs = [{ key: "wmpi", cmd: process.execPath, args: [path.join(ROOT, "bin", "wmpiexec.js"), "-n", String(ranks), built.wasm, ...args] }];
      if (built.native) jobs.push({ key: "mpich", cmd: "mpiexec.mpich", args: ["-n", String(ranks), built.native, ...args] });
      groups.push({ test, ranks, sizes, jobs, name: `${test}@${ranks}` });
    }
  return groups;
}

// ---------------------------------------------------------------- statistics


/** The figure of a case: MB/s for bw (higher is better), µs otherwise (lower is better). */
const figureOf = (test, line) => (test === "bw" ? line.mbps : line.us);


const num = (x) => (!Number.isFinite(x) ? "—" : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const bytes = (n) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${(n / KiB).toFixed(1)} KiB`) + ` (${n} B)`;

function table(header, rows) {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join(" | ") + " |";
  return [line(header), "|" + w.map((n, i) => (i ? "-".repeat(n + 1) + ":" : "-".repeat(n + 2))).join("|") + "|", ...rows.map(line)].join("\n");
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
  const info = { nproc: NCPU, cpu, node: process.version, kernel: os.release(), commit, date: new Date().toISOString(), loadavg: os.loadavg() };
  console.log(`C programs (wmpicc) against native MPICH: ${NCPU} cores, ${cpu}, Node ${info.node}, ${info.date}`);
  console.log(`wmpi at ${commit || "?"}; load average ${info.loadavg.map((x) => x.toFixed(2)).join(", ")}`);
  console.log(`command: node bench/c-programs.mjs ${process.argv.slice(2).join(" ")}`.trimEnd());
  for (const n of built.notes) console.log(n);

  const groups = groupsFor(o, built);
  /** Writes everything so far to --json (after every round, so that a cut-short run keeps its data). */
  const save = (extra) => {
    mkdirSync(path.dirname(o.json), { recursive: true });
    writeFileSync(o.json, JSON.stringify({ info, options: o, ...extra, sizes: built.sizes, libraries, samples, disturbed, failures }, null, 1));
  };
  const samples = {}; // samples[group][key][size] = [figure per round]
  const libraries = {};
  const disturbed = [];
  const failures = [];
  for (let rep = 0; rep < o.reps; rep++) {
    const t0 = Date.now();
    for (const g of groups) {
      const order = rep % 2 ? [...g.jobs].reverse() : g.jobs;
      for (const job of order) {
        const { res, load } = await runQuiet(() => runJob(job, o.timeout, ROOT), { maxForeign: o.maxForeign });
        if (load >= o.maxForeign) disturbed.push(`${g.name} ${job.key} round ${rep + 1}: other processes used ${load.toFixed(2)} cores`);
        if (res.code !== 0) failures.push(`${g.name} ${job.key} round ${rep + 1}: exit ${res.hung ? "hung" : res.code}: ${job.cmd} ${job.args.join(" ")}\n${res.err.trim().split("\n").slice(-8).join("\n")}`);
        for (const l of res.lines) {
          if (l.library) libraries[job.key] = l.library;
          if (l.size === undefined) continue;
          if (l.verified !== true) throw new Error(`${g.name} ${job.key}: size ${l.size} not verified`);
          ((samples[g.name] ??= {})[job.key] ??= {})[l.size] ??= [];
          samples[g.name][job.key][l.size].push(figureOf(g.test, l));
        }
      }
    }
    console.log(`round ${rep + 1}/${o.reps}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    save({ partial: `${rep + 1} of ${o.reps} rounds` });
  }
  for (const [k, v] of Object.entries(libraries)) console.log(`${k}: ${v}`);

  const stat = (g, key, size) => {
    const xs = samples[g.name]?.[key]?.[size];
    return xs?.length ? { med: median(xs), xs } : undefined;
  };
  const targets = [];
  for (const g of groups) {
    const bw = g.test === "bw";
    const limit = bw ? 0.9 : 1.5;
    const rows = [];
    for (const size of g.sizes) {
      const w = stat(g, "wmpi", size);
      const n = stat(g, "mpich", size);
      const row = [label(size), num(w?.med), num(n?.med), "", ""];
      if (w && n && w.med > 0 && n.med > 0) {
        const paired = w.xs.map((x, i) => x / n.xs[i]).filter(Number.isFinite);
        const r = w.med / n.med;
        const ok = bw ? r >= limit : r <= limit;
        row[3] = `${r.toFixed(2)}x (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`;
        row[4] = ok ? "yes" : "NO";
        targets.push({ group: g.name, size, r, ok });
      }
      rows.push(row);
    }
    const unit = bw ? "MB/s, higher is better" : g.test === "latency" ? "one-way µs, lower is better" : "µs per operation (mean over ranks), lower is better";
    const over = g.ranks > NCPU ? ` (oversubscribed: ${g.ranks} ranks on ${NCPU} cores)` : "";
    console.log(`\n${g.test}, ${g.ranks} ranks${over}: ${unit}; target wmpi ${bw ? ">=" : "<="} ${limit}x MPICH\n`);
    console.log(table(["size", "wmpi (wasm)", "MPICH", "wmpi / MPICH (range)", "target"], rows));
  }
  if (targets.length) {
    const rows = groups.map((g) => {
      const ts = targets.filter((t) => t.group === g.name);
      const miss = ts.filter((t) => !t.ok);
      return [g.name, `${ts.length - miss.length}/${ts.length}`, miss.length ? miss.map((t) => label(t.size)).join(", ") : "—"];
    });
    console.log("\nTargets (median ratios):\n");
    console.log(table(["test@ranks", "sizes within", "missed at"], rows));
  }

  const s = built.sizes;
  console.log(`\nSizes: osu_c.wasm (wmpicc -O2, core linked in) ${bytes(s.wasm)}`);
  if (s.native !== undefined) {
    if (s.static !== undefined) console.log(`native, mpicc.mpich -O2 -static: ${bytes(s.static)}; wasm / native = ${(s.wasm / s.static).toFixed(3)}`);
    else console.log(`native static: mpicc.mpich -O2 -static failed: ${s.staticError}`);
    const libs = s.libs.reduce((a, l) => a + l.bytes, 0);
    const mpich = s.libs.find((l) => l.name.startsWith("libmpich"));
    console.log(`native dynamic (mpicc.mpich -O2): ${bytes(s.native)}; + libmpich ${mpich ? bytes(mpich.bytes) : "?"}; + all ${s.libs.length} shared libraries it loads ${bytes(libs)}`);
    if (mpich) console.log(`wasm / (dynamic binary + libmpich) = ${(s.wasm / (s.native + mpich.bytes)).toFixed(4)}`);
  }
  if (disturbed.length) console.log(`\nDisturbed even after 2 reruns (figures kept, treat with care): ${disturbed.join("; ")}`);
  if (failures.length) {
    console.log(`\nFAILED JOBS (${failures.length}):\n${failures.join("\n")}`);
    process.exitCode = 1;
  }
  console.log(`\n${failures.length ? "Every job that finished" : "Every job"} checked every case's result on every rank. Total ${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}.`);
  save({});
}

main().catch((e) => {
  console.error(`bench/c-programs.mjs: ${e.message}`);
  process.exitCode = 1;
});
