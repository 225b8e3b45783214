// The benchmark suite's driver (npm run bench): runs the chosen benchmarks one after the other,
// each a child process that interleaves wmpi with its native references and writes its raw
// samples as JSON, then writes into --out:
//   results.json    every raw sample, the machine, the command, the references found or skipped
//   tables.txt      OSU-style tables (median per size and mode, ratio to the native reference, ranges)
//   figures/*.svg   one figure per table (log-log) and one of the relative overhead against C
//   figures/*.png   the same rendered by headless Chromium (skipped with a note without it)
//   report.html     tables and figures on one page, openable offline
//   raw/            each benchmark's own JSON and output log, and its builds
//
//   npm run bench                        every benchmark
//   npm run bench:quick                  --quick: a first look
//   node bench/suite/run.mjs --help      options
//   node bench/suite/render.mjs DIR      write DIR's tables, figures and report again from its results.json
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BENCHMARKS, planned, rawJsonOf } from "./benchmarks.mjs";
import { describeMachine, detectReferences, REFERENCE_USERS } from "./machine.mjs";
import { OPTION_HELP, parseSuiteOptions } from "./options.mjs";
import { writeOutputs, writeResults } from "./outputs.mjs";
import { createProgress } from "./progress.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const NAMES = Object.keys(BENCHMARKS);

const USAGE = `Usage: npm run bench -- [options]    (node bench/suite/run.mjs [options])

Runs the wmpi benchmark suite and writes results.json, tables.txt, figures (SVG, PNG)
and report.html into --out. Benchmarks (--bench):
${NAMES.map((n) => `  ${n.padEnd(10)} ${BENCHMARKS[n].title}`).join("\n")}

Options:
${OPTION_HELP}

What is not given comes from the suite's default plan (DEFAULT_PLAN in benchmarks.mjs: under
10 minutes for all), or with --full from each benchmark's own defaults, or with --quick from
its short plan. Each benchmark takes the options that apply to it (io keeps its own array
sizes; pingpong, rma, net and browser run 2 ranks).
--modes only filters the series reported (and picks the ping-pong, p2p and start-up contenders);
each table keeps its native reference so that ratios remain.`;

/** Runs one benchmark script; every output line goes to the log and the progress. Resolves to { code, seconds, tail }. */
function runBenchmark(args, log, progress) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const tail = [];
    const take = (chunk, pending) => {
      log.write(chunk);
      const lines = (pending.text + chunk).split("\n");
      pending.text = lines.pop();
      for (const l of lines) {
        progress.line(l);
        if (l.trim()) tail.push(l) > 20 && tail.shift();
      }
    };
    const out = { text: "" };
    const err = { text: "" };
    child.stdout.setEncoding("utf8").on("data", (c) => take(c, out));
    child.stderr.setEncoding("utf8").on("data", (c) => take(c, err));
    child.on("close", (code, signal) => resolve({ code: signal ? 128 : code, seconds: (Date.now() - t0) / 1000, tail }));
  });
}

/** The references a benchmark would compare with that are not installed here: notes for the report. */
function missingReferenceNotes(name, refs) {
  return Object.entries(REFERENCE_USERS)
    .filter(([ref, users]) => users.includes(name) && !refs[ref].found)
    .map(([ref]) => `${ref} skipped: not installed (${refs[ref].install})`);
}

async function main() {
  const o = parseSuiteOptions(process.argv.slice(2), { benches: NAMES, root: ROOT });
  if (o.help) return console.log(USAGE);
  const rawDir = path.join(o.out, "raw");
  const buildDir = path.join(rawDir, "build");
  for (const d of [rawDir, buildDir]) mkdirSync(d, { recursive: true });

  const references = detectReferences();
  const machine = describeMachine(ROOT);
  const command = `node bench/suite/run.mjs ${process.argv.slice(2).join(" ")}`.trim();
  const plan = o.quick ? "quick" : o.full ? "full (each benchmark's own defaults)" : "default (--full for each benchmark's own)";
  console.log(`wmpi benchmark suite, ${plan} plan: ${o.bench.join(", ")} -> ${path.relative(process.cwd(), o.out) || "."}`);
  for (const [ref, r] of Object.entries(references)) if (!r.found) console.log(`reference ${ref} missing: skipped where used; install with: ${r.install}`);

  const started = Date.now();
  const progress = createProgress(o.bench.length);
  const benchmarks = [];
  const run = { machine, command, options: o, plan: plan.split(" ")[0], references, benchmarks };
  for (const name of o.bench) {
    const b = BENCHMARKS[name];
    const json = rawJsonOf(name, rawDir);
    const log = createWriteStream(path.join(rawDir, `${name}.log`));
    progress.start(name);
    const bo = planned(name, o);
    const r = await runBenchmark([b.script, ...b.args(bo, json, buildDir)], log, progress);
    log.end();
    const entry = { name, script: b.script, args: b.args(bo, path.relative(o.out, json), "raw/build"), exitCode: r.code, seconds: Number(r.seconds.toFixed(1)), notes: missingReferenceNotes(name, references) };
    // a benchmark cut short still wrote what it measured: keep it, marked failed
    if (existsSync(json)) {
      try {
        entry.raw = JSON.parse(readFileSync(json, "utf8"));
      } catch (e) {
        entry.notes.push(`its JSON is unreadable: ${e.message}`);
      }
    }
    entry.status = r.code === 0 && entry.raw ? "ok" : "failed";
    if (entry.status === "failed") entry.notes.push(`exit ${r.code}${entry.raw ? " (partial data kept)" : ", no data"}; last output: ${r.tail.slice(-3).join(" | ")}`);
    benchmarks.push(entry);
    writeResults(run, o.out);
    progress.end(entry.status, entry.notes.join("; "));
  }

  const { tables, figures, png } = await writeOutputs(run, o.out);
  console.log(`\n${tables}`);
  console.log(png.skipped ? `PNG figures skipped: ${png.skipped}` : `${png.written} PNG figures`);
  // where the time went: the plan's budget is the sum of these (issue 11: under 10 minutes by default)
  const total = (Date.now() - started) / 1000;
  console.log(`time: ${benchmarks.map((b) => `${b.name} ${b.seconds.toFixed(0)} s`).join(", ")}; outputs ${(total - benchmarks.reduce((a, b) => a + b.seconds, 0)).toFixed(0)} s; total ${total.toFixed(0)} s`);
  for (const b of benchmarks.filter((x) => x.raw?.jobSeconds))
    console.log(`  ${b.name} by contender: ${Object.entries(b.raw.jobSeconds).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(", ")}`);
  console.log(`wrote ${path.join(o.out, "report.html")}, results.json, tables.txt and ${figures} SVG figures`);
  if (benchmarks.some((b) => b.status !== "ok")) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(2);
});
