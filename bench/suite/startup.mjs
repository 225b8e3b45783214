// Start-up and scale benchmark: the wall time of a hello-world job with a barrier, from launching
// the launcher to its exit, and the resident memory per rank, at 1, 4, 16 and 64 ranks.
//
//   node bench/suite/startup.mjs [--ranks 1,4] [--repeats 3] [--modes ...] [--out DIR]   (writes DIR/startup.json)
//
// Contenders, each running the same program:
//   wmpi-thread    node bin/wmpiexec.js -n N bench/suite/hello-barrier.ts (ranks are threads; the
//                  time includes wmpiexec transpiling the TypeScript, as a user's run does)
//   wmpi-process   the same with --mode process (one Node process per rank, Unix sockets)
//   mpich          bench/native/hello_barrier.c built with mpicc.mpich, mpiexec.mpich -n N
//   openmpi        the same built with mpicc.openmpi, mpirun.openmpi -n N --oversubscribe
// A reference whose compiler or launcher is missing is skipped with the command that installs it.
// Jobs are interleaved (one round runs every contender at every rank count, in a rotated order)
// after one untimed warm-up job each (to fill the page cache); a figure is the median over rounds.
// Memory per rank = the sum of VmRSS over the job's distinct rank processes, read after the
// barrier, divided by N (thread ranks share one process, counted once; launchers are not counted).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { have } from "../have-command.mjs";
import { runJob, runQuiet } from "../run-job.mjs";
import { describeMachine } from "./machine.mjs";
import { parseSuiteOptions } from "./options.mjs";
import { summarize } from "./summary.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
export const STARTUP_MODES = ["wmpi-thread", "wmpi-process", "mpich", "openmpi"];
export const DEFAULT_RANKS = [1, 4, 16, 64];
const SRC = path.join(ROOT, "bench", "native", "hello_barrier.c");
const INSTALL = { mpich: "apt-get install -y mpich libmpich-dev", openmpi: "apt-get install -y openmpi-bin libopenmpi-dev" };
const TOOLS = { mpich: ["mpicc.mpich", "mpiexec.mpich"], openmpi: ["mpicc.openmpi", "mpirun.openmpi"] };

const USAGE = `Usage: node bench/suite/startup.mjs [options]

Wall time and memory per rank of a hello world with a barrier, wmpi (threads, processes)
against MPICH and Open MPI running the same program in C.

Options (the suite's parser, bench/suite/options.mjs):
  --ranks LIST           rank counts (default ${DEFAULT_RANKS.join(",")}; --quick 1,4,16)
  --repeats N            interleaved rounds (default 3, --quick 2)
  --modes LIST           ${STARTUP_MODES.join(",")} (default all; MPICH always, as the reference)
  --quick                fewer ranks and rounds
  --max-foreign-load X   rerun a job during which other processes used more than X cores (default 0.5)
  --out DIR              where the C builds and startup.json go (default bench/out)
  -h, --help             this text`;

/** The suite's options, with this benchmark's defaults filled in. */
export function startupOptions(argv) {
  const o = parseSuiteOptions(argv, { benches: ["startup"], root: ROOT, defaultOut: path.join(ROOT, "bench", "out"), unsupported: ["--bench", "--sizes"] });
  // the suite's --modes names modes of every benchmark: keep this one's, or all when it names none
  const picked = STARTUP_MODES.filter((m) => o.modes?.includes(m));
  return {
    ...o,
    ranks: o.ranks ?? (o.quick ? [1, 4, 16] : DEFAULT_RANKS),
    repeats: o.repeats ?? (o.quick ? 2 : 3),
    modes: picked.length ? [...new Set(["mpich", ...picked])] : STARTUP_MODES,
    maxForeign: o.maxForeign ?? 0.5,
    json: path.join(o.out, "startup.json"),
    timeout: 120,
  };
}

/** Builds the C program for each native reference found; returns { binaries, skipped }. */
function buildNatives(o) {
  const binaries = {};
  const skipped = [];
  for (const ref of ["mpich", "openmpi"]) {
    if (!o.modes.includes(ref)) continue;
    const missing = TOOLS[ref].filter((c) => !have(c));
    if (missing.length) {
      skipped.push({ mode: ref, reason: `${missing.join(", ")} not found`, install: INSTALL[ref] });
      continue;
    }
    const bin = path.join(o.out, `hello_barrier-${ref}`);
    execFileSync(TOOLS[ref][0], ["-O2", SRC, "-o", bin], { stdio: ["ignore", "ignore", "inherit"] });
    binaries[ref] = bin;
  }
  return { binaries, skipped };
}

/** The job of one contender at N ranks. */
function jobOf(mode, n, binaries) {
  const wmpiexec = [path.join(ROOT, "bin", "wmpiexec.js"), "-n", String(n)];
  const hello = path.join(HERE, "hello-barrier.ts");
  if (mode === "wmpi-thread") return { cmd: process.execPath, args: [...wmpiexec, hello] };
  if (mode === "wmpi-process") return { cmd: process.execPath, args: [...wmpiexec, "--mode", "process", hello] };
  if (mode === "mpich") return { cmd: "mpiexec.mpich", args: ["-n", String(n), binaries.mpich] };
  // --oversubscribe: 16 and 64 ranks on a 2-core machine; --bind-to none: the same placement as the others
  return { cmd: "mpirun.openmpi", args: ["-n", String(n), "--oversubscribe", "--bind-to", "none", binaries.openmpi], env: { OMPI_ALLOW_RUN_AS_ROOT: "1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1" } };
}

/**
 * Runs one job and times it; resolves to { seconds, mibPerRank, load } (load: the cores other
 * processes used during the last try) or throws with the job's output.
 */
async function timed(job, n, o) {
  let seconds;
  const { res, load } = await runQuiet(async () => {
    const t0 = performance.now();
    const r = await runJob(job, o.timeout, ROOT);
    seconds = (performance.now() - t0) / 1000;
    return r;
  }, { maxForeign: o.maxForeign, waitS: 10 });
  if (res.code !== 0 || res.hung) throw new Error(`${job.cmd} ${job.args.join(" ")}: ${res.hung ? "hung" : `exit ${res.code}`}\n${res.err.slice(-2000)}`);
  const ranks = res.lines.filter((l) => l.pid !== undefined);
  if (ranks.length !== n) throw new Error(`${job.cmd}: ${ranks.length} of ${n} ranks reported after the barrier`);
  const perPid = new Map();
  for (const r of ranks) perPid.set(r.pid, Math.max(perPid.get(r.pid) ?? 0, r.rss_kb));
  const kib = [...perPid.values()].reduce((a, b) => a + b, 0);
  return { seconds, mibPerRank: kib > 0 ? kib / 1024 / n : NaN, load };
}

/** Issue 11's start-up targets: wmpi's wall time at most 2.5x MPICH's at 4 ranks and 1.0x at 64. */
const TARGETS = { 4: 2.5, 64: 1.0 };

/** The targets' verdicts from the medians, for each wmpi mode and rank count measured with MPICH. */
export function judge(wall) {
  const out = [];
  for (const [n, limit] of Object.entries(TARGETS)) {
    const ref = summarize(wall.mpich?.[n] ?? []).median;
    for (const mode of ["wmpi-thread", "wmpi-process"]) {
      const value = summarize(wall[mode]?.[n] ?? []).median;
      if (Number.isFinite(ref) && Number.isFinite(value)) out.push({ mode, ranks: Number(n), limit, ratio: value / ref, ok: value / ref <= limit });
    }
  }
  return out;
}

async function main() {
  const o = startupOptions(process.argv.slice(2));
  if (o.help) return console.log(USAGE);
  mkdirSync(o.out, { recursive: true });
  const { binaries, skipped } = buildNatives(o);
  for (const s of skipped) console.log(`${s.mode} skipped: ${s.reason} (${s.install})`);
  const modes = o.modes.filter((m) => m.startsWith("wmpi") || binaries[m]);
  const wall = Object.fromEntries(modes.map((m) => [m, {}]));
  const rss = Object.fromEntries(modes.map((m) => [m, {}]));
  const failures = [];
  const disturbed = [];
  let verdicts = [];
  const machine = describeMachine(ROOT);
  const save = () => writeFileSync(o.json, JSON.stringify({ machine, options: o, modes, skipped, wall, rss, verdicts, disturbed, failures }, null, 1));

  for (const m of modes) await runJob(jobOf(m, Math.min(2, Math.max(...o.ranks)), binaries), o.timeout, ROOT);
  const total = o.repeats * o.ranks.length * modes.length;
  let done = 0;
  for (let round = 0; round < o.repeats; round++)
    for (const n of o.ranks)
      for (let k = 0; k < modes.length; k++) {
        const mode = modes[(k + round) % modes.length]; // rotated so that no contender always runs first
        try {
          const r = await timed(jobOf(mode, n, binaries), n, o);
          (wall[mode][n] ??= []).push(r.seconds);
          (rss[mode][n] ??= []).push(r.mibPerRank);
          // still disturbed after the reruns: kept (the median absorbs one such round) but reported
          if (r.load >= o.maxForeign) disturbed.push(`${mode} at ${n} ranks, round ${round + 1}: other processes used ${r.load.toFixed(2)} cores`);
          console.log(`[${++done}/${total}] round ${round + 1}, ${n} ranks, ${mode}: ${r.seconds.toFixed(3)} s, ${r.mibPerRank.toFixed(1)} MiB per rank`);
        } catch (e) {
          failures.push({ mode, ranks: n, round, error: String(e.message ?? e) });
          console.log(`[${++done}/${total}] round ${round + 1}, ${n} ranks, ${mode}: FAILED ${String(e.message ?? e).split("\n")[0]}`);
        }
        save();
      }
  verdicts = judge(wall);
  for (const v of verdicts) console.log(`target: ${v.mode} at ${v.ranks} ranks <= ${v.limit}x MPICH: ${v.ratio.toFixed(2)}x (${v.ok ? "met" : "missed"})`);
  save();
  console.log(`wrote ${o.json}`);
  if (failures.length) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  main().catch((e) => {
    console.error(e.message ?? e);
    process.exit(2);
  });
