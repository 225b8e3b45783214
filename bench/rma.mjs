// One-sided communication (RMA) against native MPICH and Open MPI (issue 7, section 5):
// bench/native/osu_rma.c (osu_put_latency, osu_get_latency, osu_put_bw, osu_acc_latency and
// osu_fop_latency style, each under MPI_Win_lock/unlock, lock + MPI_Win_flush, and MPI_Win_fence)
// built with mpicc.mpich, mpicc.openmpi and `node bin/wmpicc.js`, all -O2, run side by side on 2 ranks.
//
//   node bench/rma.mjs              full run (3 rounds; 2.5 minutes a round on a quiet 2-core machine)
//   node bench/rma.mjs --quick      8 B and 64 KiB, 1 round, short budget: a smoke run
//   node bench/rma.mjs --help       all options
//
// Jobs: one per test and build, every synchronization mode and size in one run of the program:
// `mpiexec.mpich -n 2 osu_rma-mpich`, `mpirun.openmpi -n 2 osu_rma-openmpi`, `node
// bin/wmpiexec.js -n 2 osu_rma.wasm` (threads: both ranks in one process) and, with --wmpi
// threads,process, `wmpiexec -n 2 --ppn 1` (two processes over the network channel). One round runs
// every job once, the builds of a test one after the other in rotating order; a figure is the
// median over the rounds, a ratio's range pairs the jobs of one round. Before a job the driver waits
// for a quiet machine and reruns (up to twice) a job during which other processes used more than
// --max-foreign-load cores (bench/machine-load.mjs). Every job checks every case's result.
// Target (issue 7): within 2x native, i.e. wmpi's time <= 2x the native time (latency tests), its
// bandwidth >= 0.5x (put_bw); judged against each native library separately.
// MPICH's fop_latency runs with `--win create`: MPICH 4.0.2 (ch4:ucx) puts every MPI_Fetch_and_op
// on an MPI_Win_allocate window into rank 0's memory (osu_rma.c's check fails; see verify_fop).
// A missing native library is skipped with a note.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { have } from "./have-command.mjs";
import { runJob, runQuiet } from "./run-job.mjs";
import { median, sizeLabel as label } from "./stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const SRC = path.join(HERE, "native", "osu_rma.c");
const KiB = 1024;
const MiB = 1024 * KiB;
const NCPU = os.availableParallelism?.() ?? os.cpus().length;

const TESTS = ["put_latency", "get_latency", "put_bw", "acc_latency", "fop_latency"];
const SYNCS = ["lock", "flush", "fence"];
const REFS = ["mpich", "openmpi"];
const WMPI_MODES = ["threads", "process"];
const DEFAULT_SIZES = [1, 8, 64, 512, 4 * KiB, 32 * KiB, 256 * KiB, MiB];
const QUICK_SIZES = [8, 64 * KiB];
const TARGET = 2; // within 2x native
const TITLES = { wmpi: "wmpi", "wmpi-proc": "wmpi --ppn 1", mpich: "MPICH", openmpi: "Open MPI" };

const USAGE = `Usage: node bench/rma.mjs [options]

bench/native/osu_rma.c built with mpicc.mpich, mpicc.openmpi and wmpicc, run side by side on
2 ranks: put/get/accumulate/fetch_and_op latency and put bandwidth under lock, flush and fence;
medians, wmpi / native ratios and the 2x target.

Options:
  --quick                sizes 8 and 64K, 1 round, short budget (a smoke run)
  --reps N               rounds (default 3); figures are medians
  --tests LIST           ${TESTS.join(",")} (default all)
  --syncs LIST           ${SYNCS.join(",")} (default all)
  --sizes LIST           bytes, e.g. 1,8,4K,1M (default ${DEFAULT_SIZES.map(label).join(", ").replace(/ /g, "")});
                         acc_latency takes the multiples of 8, fop_latency is 8 bytes
  --refs LIST            native references: ${REFS.join(",")} (default both; missing ones are skipped)
  --wmpi LIST            wmpi runs: threads (one process) and/or process (--ppn 1); none for
                         the natives only (default threads)
  --budget-ms MS         about how long one case's timed part takes (default 200)
  --max-foreign-load X   rerun a job during which other processes used more than X cores (default 0.25)
  --timeout S            seconds before a job is declared hung (default 300)
  --out DIR              where the builds go (default bench/out)
  --json FILE            all samples as JSON (default DIR/rma.json)
  --report FILE          run nothing: print the tables of a --json file (also of a run cut short)
  -h, --help             this text
`;

function parseSize(text) {
  const m = /^(\d+)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`not a size: "${text}"`);
  return Number(m[1]) * (m[2] === "" ? 1 : /k/i.test(m[2]) ? KiB : MiB);
}

function list(text, known, what) {
  if (text === "none") return [];
  const xs = text.split(",");
  for (const x of xs) if (!known.includes(x)) throw new Error(`unknown ${what} ${x} (known: ${known.join(", ")})`);
  return xs;
}

function parseOptions(argv) {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" }, reps: { type: "string" }, tests: { type: "string" }, syncs: { type: "string" }, sizes: { type: "string" },
      refs: { type: "string" }, wmpi: { type: "string" }, "budget-ms": { type: "string" }, "max-foreign-load": { type: "string" },
      timeout: { type: "string" }, out: { type: "string" }, json: { type: "string" }, report: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (v.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const quick = v.quick ?? false;
  const out = path.resolve(v.out ?? path.join(HERE, "out"));
  return {
    quick,
    reps: v.reps ? Math.max(1, Number.parseInt(v.reps, 10)) : quick ? 1 : 3,
    tests: list(v.tests ?? TESTS.join(","), TESTS, "test"),
    syncs: list(v.syncs ?? SYNCS.join(","), SYNCS, "synchronization"),
    sizes: v.sizes?.split(",").map(parseSize) ?? (quick ? QUICK_SIZES : DEFAULT_SIZES),
    refs: list(v.refs ?? REFS.join(","), REFS, "reference"),
    wmpi: list(v.wmpi ?? "threads", WMPI_MODES, "wmpi mode"),
    budget: v["budget-ms"] ? Number(v["budget-ms"]) : quick ? 30 : 200,
    maxForeign: Number(v["max-foreign-load"] ?? 0.25),
    timeout: Number(v.timeout ?? 300),
    out,
    json: path.resolve(v.json ?? path.join(out, "rma.json")),
    report: v.report,
  };
}

/** The sizes a test runs: acc_latency's are doubles, fop_latency has one 8-byte case. */
function sizesOf(test, sizes) {
  if (test === "fop_latency") return [8];
  if (test === "acc_latency") return sizes.filter((s) => s % 8 === 0);
  return sizes;
}

// ---------------------------------------------------------------- builds

/** Runs a build command; returns undefined or the first lines of its error output. */
function tryBuild(cmd, args) {
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    return undefined;
  } catch (e) {
    const lines = String(e.stderr ?? e.message).split("\n").filter((l) => /error|undefined|cannot find/i.test(l));
    const undef = [...new Set(lines.map((l) => /undefined symbol: (\w+)/.exec(l)?.[1]).filter(Boolean))];
    return undef.length ? `undefined symbols (${undef.length}: ${undef.slice(0, 6).join(", ")}${undef.length > 6 ? ", ..." : ""})` : lines.slice(0, 2).join("; ") || e.message;
  }
}

/** Builds what the options ask for; returns { bins: { key: path }, notes }. */
function prepare(o) {
  mkdirSync(o.out, { recursive: true });
  const bins = {};
  const notes = [];
  const native = { mpich: ["mpicc.mpich", "mpiexec.mpich", "mpich libmpich-dev"], openmpi: ["mpicc.openmpi", "mpirun.openmpi", "openmpi-bin libopenmpi-dev"] };
  for (const ref of o.refs) {
    const [cc, run, pkgs] = native[ref];
    const missing = [cc, run].filter((c) => !have(c));
    if (missing.length) {
      notes.push(`${TITLES[ref]} skipped: ${missing.join(" and ")} not found (apt-get install -y ${pkgs})`);
      continue;
    }
    const bin = path.join(o.out, `osu_rma-${ref}`);
    const err = tryBuild(cc, ["-O2", "-Wall", SRC, "-o", bin]);
    if (err) notes.push(`${TITLES[ref]} skipped: ${cc} -O2 failed: ${err}`);
    else bins[ref] = bin;
  }
  if (o.wmpi.length) {
    for (const f of ["dist/launcher/main.js", "build/libwmpi.a"]) if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: build wmpi first (npm run build)`);
    const wasm = path.join(o.out, "osu_rma.wasm");
    const err = tryBuild(process.execPath, [path.join(ROOT, "bin", "wmpicc.js"), "-O2", SRC, "-o", wasm]);
    if (err) throw new Error(`wmpicc -O2 ${path.relative(ROOT, SRC)} failed: ${err}`);
    bins.wmpi = wasm;
  }
  return { bins, notes };
}

/** The jobs of one test: every build that exists, the same program arguments. */
function jobsFor(test, o, bins) {
  const args = ["--test", test, "--sync", o.syncs.join(","), "--sizes", sizesOf(test, o.sizes).join(","), "--budget-ms", String(o.budget)];
  const jobs = [];
  const wmpiexec = [path.join(ROOT, "bin", "wmpiexec.js"), "-n", "2"];
  if (bins.wmpi && o.wmpi.includes("threads")) jobs.push({ key: "wmpi", cmd: process.execPath, args: [...wmpiexec, bins.wmpi, ...args] });
  if (bins.wmpi && o.wmpi.includes("process")) jobs.push({ key: "wmpi-proc", cmd: process.execPath, args: [...wmpiexec, "--ppn", "1", bins.wmpi, ...args] });
  if (bins.mpich) {
    // see the header: MPICH's MPI_Fetch_and_op is wrong on MPI_Win_allocate windows
    const win = test === "fop_latency" ? ["--win", "create"] : [];
    jobs.push({ key: "mpich", cmd: "mpiexec.mpich", args: ["-n", "2", bins.mpich, ...args, ...win] });
  }
  if (bins.openmpi) {
    const env = process.getuid?.() === 0 ? { OMPI_ALLOW_RUN_AS_ROOT: "1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1" } : {};
    // no binding, as MPICH's Hydra: the 2 cores are shared with other users
    jobs.push({ key: "openmpi", cmd: "mpirun.openmpi", args: ["-n", "2", "--bind-to", "none", bins.openmpi, ...args], env });
  }
  return jobs;
}

// ---------------------------------------------------------------- statistics and tables


/** The figure of a case: MB/s for put_bw (higher is better), µs otherwise (lower is better). */
const figureOf = (test, line) => (test === "put_bw" ? line.mbps : line.us);


const num = (x) => (!Number.isFinite(x) ? "—" : x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

function table(header, rows) {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join(" | ") + " |";
  return [line(header), "|" + w.map((n, i) => (i ? "-".repeat(n + 1) + ":" : "-".repeat(n + 2))).join("|") + "|", ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- report

/** Prints the libraries, a table per test (medians, wmpi / native ratios, 2x verdicts) and the verdict summary. */
function report(o, samples, libraries) {
  const order = ["wmpi", "wmpi-proc", ...REFS];
  const present = new Set(Object.values(samples).flatMap((bySync) => Object.values(bySync).flatMap((byKey) => Object.keys(byKey))));
  const keys = order.filter((k) => present.has(k));
  const groups = o.tests.map((test) => ({ test, sizes: sizesOf(test, o.sizes) }));
  for (const [k, v] of Object.entries(libraries)) console.log(`${TITLES[k]}: ${v}`);

  const stat = (test, sync, key, size) => {
    const xs = samples[test]?.[sync]?.[key]?.[size];
    return xs?.length ? { med: median(xs), xs } : undefined;
  };
  const wkeys = keys.filter((k) => k.startsWith("wmpi"));
  const rkeys = REFS.filter((k) => keys.includes(k));
  const verdicts = []; // { test, sync, size, wkey, ref, r, ok }
  for (const g of groups) {
    const bw = g.test === "put_bw";
    const rows = [];
    for (const sync of o.syncs)
      for (const size of g.sizes) {
        const row = [`${sync} ${label(size)}`, ...keys.map((k) => num(stat(g.test, sync, k, size)?.med))];
        for (const wk of wkeys)
          for (const ref of rkeys) {
            const w = stat(g.test, sync, wk, size);
            const n = stat(g.test, sync, ref, size);
            if (!(w && n && w.med > 0 && n.med > 0)) {
              row.push("", "");
              continue;
            }
            const r = w.med / n.med;
            const paired = w.xs.map((x, i) => x / n.xs[i]).filter(Number.isFinite);
            const ok = bw ? r >= 1 / TARGET : r <= TARGET;
            const range = o.reps > 1 ? ` (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})` : "";
            row.push(`${r.toFixed(2)}x${range}`, ok ? "yes" : "NO");
            verdicts.push({ test: g.test, sync, size, wkey: wk, ref, r, ok });
          }
        rows.push(row);
      }
    const unit = bw ? "MB/s, higher is better" : g.test === "fop_latency" ? "µs per operation (8 bytes), lower is better" : "µs per operation, lower is better";
    const target = bw ? `wmpi >= ${1 / TARGET}x native` : `wmpi <= ${TARGET}x native`;
    console.log(`\n${g.test}, 2 ranks: ${unit}; target ${target}${g.test === "fop_latency" && keys.includes("mpich") ? " (MPICH: --win create)" : ""}\n`);
    const header = ["sync size", ...keys.map((k) => TITLES[k])];
    for (const wk of wkeys) for (const ref of rkeys) header.push(`${TITLES[wk]} / ${TITLES[ref]}${o.reps > 1 ? " (range)" : ""}`, "2x");
    console.log(table(header, rows));
  }
  if (verdicts.length) {
    console.log(`\nTarget, within ${TARGET}x native (median ratios; cases within / all):\n`);
    const rows = [];
    for (const g of groups)
      for (const sync of o.syncs) {
        const row = [`${g.test} ${sync}`];
        for (const wk of wkeys)
          for (const ref of rkeys) {
            const vs = verdicts.filter((v) => v.test === g.test && v.sync === sync && v.wkey === wk && v.ref === ref);
            const miss = vs.filter((v) => !v.ok);
            row.push(vs.length ? `${vs.length - miss.length}/${vs.length}${miss.length ? ` (misses ${miss.map((v) => label(v.size)).join(", ")})` : ""}` : "—");
          }
        rows.push(row);
      }
    const header = ["test sync"];
    for (const wk of wkeys) for (const ref of rkeys) header.push(`${TITLES[wk]} vs ${TITLES[ref]}`);
    console.log(table(header, rows));
    for (const wk of wkeys)
      for (const ref of rkeys) {
        const vs = verdicts.filter((v) => v.wkey === wk && v.ref === ref);
        const ok = vs.filter((v) => v.ok).length;
        if (vs.length) console.log(`${TITLES[wk]} vs ${TITLES[ref]}: ${ok} of ${vs.length} cases within ${TARGET}x${ok === vs.length ? " (target met)" : ""}`);
        else console.log(`${TITLES[wk]} vs ${TITLES[ref]}: no figures to compare`);
      }
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (o.report) {
    const run = JSON.parse(readFileSync(o.report, "utf8"));
    console.log(`${o.report}: ${run.info.date}, wmpi at ${run.info.commit}, ${run.partial ?? `rounds: ${run.options.reps}`}`);
    report(run.options, run.samples, run.libraries);
    if (run.disturbed.length) console.log(`\nDisturbed even after 2 reruns: ${run.disturbed.join("; ")}`);
    if (run.failures.length) console.log(`\nFAILED JOBS (${run.failures.length}):\n${run.failures.join("\n")}`);
    return;
  }
  const started = Date.now();
  const { bins, notes } = prepare(o);
  const cpu = (readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? "unknown";
  let commit = "";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {}
  const info = { nproc: NCPU, cpu, node: process.version, kernel: os.release(), commit, date: new Date().toISOString(), loadavg: os.loadavg() };
  console.log(`One-sided (RMA) against native MPICH and Open MPI: ${NCPU} cores, ${cpu}, Node ${info.node}, ${info.date}`);
  console.log(`wmpi at ${commit || "?"}; load average ${info.loadavg.map((x) => x.toFixed(2)).join(", ")}`);
  console.log(`command: node bench/rma.mjs ${process.argv.slice(2).join(" ")}`.trimEnd());
  for (const n of notes) console.log(n);

  const groups = o.tests.map((test) => ({ test, sizes: sizesOf(test, o.sizes), jobs: jobsFor(test, o, bins) }));
  const samples = {}; // samples[test][sync][key][size] = [figure per round]
  const libraries = {};
  const disturbed = [];
  const failures = [];
  /** Writes everything so far to --json (after every round, so that a cut-short run keeps its data). */
  const save = (extra) => {
    mkdirSync(path.dirname(o.json), { recursive: true });
    writeFileSync(o.json, JSON.stringify({ info, options: o, ...extra, libraries, samples, disturbed, failures }, null, 1));
  };
  for (let rep = 0; rep < o.reps; rep++) {
    const t0 = Date.now();
    for (const g of groups) {
      const k = g.jobs.length ? rep % g.jobs.length : 0;
      const order = [...g.jobs.slice(k), ...g.jobs.slice(0, k)]; // rotate: no build always runs first
      for (const job of order) {
        const { res, load } = await runQuiet(() => runJob(job, o.timeout, ROOT), { maxForeign: o.maxForeign });
        if (load >= o.maxForeign) disturbed.push(`${g.test} ${job.key} round ${rep + 1}: other processes used ${load.toFixed(2)} cores`);
        if (res.code !== 0) failures.push(`${g.test} ${job.key} round ${rep + 1}: exit ${res.hung ? "hung" : res.code}: ${job.cmd} ${job.args.join(" ")}\n${res.err.trim().split("\n").slice(-8).join("\n")}`);
        // the lines a failed job printed before it stopped were checked like any other (the program
        // aborts on a wrong result before printing the case)
        for (const l of res.lines) {
          if (l.library) libraries[job.key] = l.library;
          if (l.size === undefined) continue;
          if (l.verified !== true) throw new Error(`${g.test} ${job.key}: ${l.sync} size ${l.size} not verified`);
          ((((samples[g.test] ??= {})[l.sync] ??= {})[job.key] ??= {})[l.size] ??= []).push(figureOf(g.test, l));
        }
      }
    }
    console.log(`round ${rep + 1}/${o.reps}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    save({ partial: `${rep + 1} of ${o.reps} rounds` });
  }
  report(o, samples, libraries);
  if (disturbed.length) console.log(`\nDisturbed even after 2 reruns (figures kept, treat with care): ${disturbed.join("; ")}`);
  if (failures.length) {
    console.log(`\nFAILED JOBS (${failures.length}):\n${failures.join("\n")}`);
    process.exitCode = 1;
  }
  console.log(`\n${failures.length ? "Every job that finished" : "Every job"} checked every case's result on every rank. Total ${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}.`);
  save({});
}

main().catch((e) => {
  console.error(`bench/rma.mjs: ${e.message}`);
  process.exitCode = 1;
});
