// Point-to-point benchmark beyond the ping-pong (issue 11): osu_bw (a window of nonblocking sends,
// then a reply), osu_bibw, a Sendrecv ring, and a ping-pong of objects (a typed array, a plain JS
// array of numbers, a small dict), wmpi against native MPICH and Open MPI C and mpi4py's buffer and
// pickle modes, interleaved in one run, printed as OSU tables with ratios to MPICH C.
//
//   node bench/p2p.mjs [--quick] [--tests pingpong,bw,bibw,ring] [--modes ...] [--sizes ...] [--ranks 2,4]
//   node bench/p2p.mjs --help
//
// Contenders (each a job of its own running every chosen test; bench/native/osu_p2p.c explains
// the tests, the order and the timing, and bench/wmpi-p2p.ts and bench/mpi4py_p2p.py are its twins):
//   mpich, openmpi        osu_p2p.c built with mpicc.mpich / mpicc.openmpi
//   wmpi-buffer, -alloc   TypedArrays, MPI.Alloc_mem views           (node bin/wmpiexec.js)
//   wmpi-object, -array, -dict   send/isend/sendrecv of a Float64Array, a number[], {a: 1, b: [1, 2, 3]}
//   mpi4py-buffer         numpy arrays through Send/Isend/Sendrecv     (mpirun.openmpi python3)
//   mpi4py-object, -array, -dict   pickle of a numpy float64 array, a list of floats, the dict
//   proc-unix, -tcp, -ws  the wmpi-buffer job with one process per rank (wmpiexec --mode process
//                         --net unix|tcp|ws): bw, bibw and ring only (bench/p2p-transports.mjs)
//   mpich-tcp             osu_p2p.c built with mpicc.mpich, its traffic forced onto TCP: the
//                         reference of the proc-* series (bench/mpich-tcp.mjs)
// A reference whose compiler, launcher or module is missing is skipped with a note. pingpong, bw
// and bibw run at 2 ranks; ring at every --ranks count.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { have } from "./have-command.mjs";
import { runJob, runQuiet } from "./run-job.mjs";
import { KiB, MiB } from "./stats.mjs";
import { loopbackBytes, mpichDevice, mpichTcpEnv, mpichTcpNote } from "./mpich-tcp.mjs";
import { OVER_LOOPBACK, PROC_MODES, TCP_REFERENCE, TRANSPORT_MODES, launcherOptionsOf, loopbackVerdicts, tcpReferenceRuns, testsOf, timedPayload } from "./p2p-transports.mjs";
import { datasetsOf } from "./suite/datasets.mjs";
import { parseSuiteOptions, positiveInt } from "./suite/options.mjs";
import { osuTable } from "./suite/table.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const TESTS = ["pingpong", "bw", "bibw", "ring"];
const WMPI = ["buffer", "alloc", "object", "array", "dict"];
const MPI4PY = ["buffer", "object", "array", "dict"];
export const P2P_MODES = ["mpich", "openmpi", ...WMPI.map((m) => `wmpi-${m}`), ...MPI4PY.map((m) => `mpi4py-${m}`), ...TRANSPORT_MODES];
const DEFAULT_SIZES = [8, 64, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB];
const QUICK_SIZES = [8, 64 * KiB];
const OMPI_ROOT_ENV = { OMPI_ALLOW_RUN_AS_ROOT: "1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1" };

const USAGE = `Usage: node bench/p2p.mjs [options]

osu_bw, osu_bibw, a Sendrecv ring and a ping-pong, of buffers and of objects: wmpi against
MPICH and Open MPI C and mpi4py (buffer and pickle), interleaved, with ratios to MPICH C; and
bw, bibw and the ring of wmpi buffers across processes over unix, tcp and ws (proc-*), with
ratios to MPICH C over TCP (mpich-tcp).

Options (the suite's parser, bench/suite/options.mjs):
  --quick                sizes 8 and 64K, 1 round, short budget (a smoke run)
  --repeats N            rounds (default 3); figures are medians (also --reps)
  --tests LIST           ${TESTS.join(",")} (default all)
  --modes LIST           contenders (default all; mpich is always run):
                         ${P2P_MODES.join(",")}
  --sizes LIST           message sizes, e.g. 8,1K,1M (default 8 B .. 4 MiB)
  --ranks LIST           rank counts of the ring (default 2,4); the other tests run at 2
  --budget-ms MS         about how long one case's warm-up, and again its timed steps, take (default 200)
  --window W             messages in flight in bw and bibw (default 64, as OSU)
  --max-foreign-load X   rerun a job during which other processes used more than X cores (default 0.25)
  --timeout S            seconds before a job is declared hung (default 300)
  --out DIR              where the builds go (default bench/out)
  --json FILE            all samples as JSON (default DIR/p2p.json)
  -h, --help             this text
`;

function parseOptions(argv) {
  const own = {
    "--reps": (x, o) => (o.repeats = positiveInt("--reps", x)),
    "--tests": (x, o) => (o.tests = x.split(",")),
    "--budget-ms": (x, o) => (o.budget = positiveInt("--budget-ms", x)),
    "--window": (x, o) => (o.window = positiveInt("--window", x)),
    "--timeout": (x, o) => (o.timeout = Number(x)),
    "--json": (x, o) => (o.json = path.resolve(x)),
  };
  const v = parseSuiteOptions(argv, { benches: ["p2p"], root: ROOT, defaultOut: path.join(HERE, "out"), extra: own, unsupported: ["--bench"] });
  if (v.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const tests = v.tests ?? TESTS;
  for (const t of tests) if (!TESTS.includes(t)) throw new Error(`unknown test ${t} (known: ${TESTS.join(", ")})`);
  for (const m of v.modes ?? []) if (!P2P_MODES.includes(m)) throw new Error(`unknown mode ${m} (known: ${P2P_MODES.join(", ")})`);
  return {
    quick: v.quick,
    tests,
    modes: [...new Set(["mpich", ...(v.modes ?? P2P_MODES)])],
    reps: v.repeats ?? (v.quick ? 1 : 3),
    sizes: v.sizes ?? (v.quick ? QUICK_SIZES : DEFAULT_SIZES),
    ranks: v.ranks ?? [2, 4],
    budget: v.budget ?? (v.quick ? 30 : 200),
    window: v.window ?? 64,
    maxForeign: v.maxForeign ?? 0.25,
    timeout: v.timeout ?? 300,
    out: v.out,
    json: v.json ?? path.join(v.out, "p2p.json"),
  };
}

/**
 * Upper bounds of timed steps and warm-up per size (the budget usually stops both first). Small
 * messages need some 10^4 warm-up calls for V8 to tier wmpi's facade up (bench/pingpong.mjs).
 */
export function planOf(sizes) {
  return sizes
    .map((s) => {
      if (s <= KiB) return [s, 100000, 20000];
      if (s <= 16 * KiB) return [s, 20000, 5000];
      const iters = Math.max(10, Math.min(2000, Math.round((256 * MiB) / s)));
      return [s, iters, Math.max(3, Math.round(iters / 4))];
    })
    .map((x) => x.join(":"))
    .join(",");
}

/** Builds the C references and finds mpi4py; drops (with a note) what cannot run here. */
function prepare(o) {
  mkdirSync(o.out, { recursive: true });
  const notes = [];
  const bins = {};
  const src = path.join(HERE, "native", "osu_p2p.c");
  for (const [key, cc, runner, pkgs] of [["mpich", "mpicc.mpich", "mpiexec.mpich", "mpich libmpich-dev"], ["openmpi", "mpicc.openmpi", "mpirun.openmpi", "openmpi-bin libopenmpi-dev"]]) {
    if (!o.modes.includes(key)) continue;
    const missing = [cc, runner].filter((c) => !have(c));
    if (missing.length) {
      notes.push(`${key} skipped: ${missing.join(" and ")} not found (apt-get install -y ${pkgs})`);
      continue;
    }
    try {
      execFileSync(cc, ["-O2", "-Wall", "-o", path.join(o.out, `osu_p2p-${key}`), src], { stdio: ["ignore", "ignore", "pipe"] });
      bins[key] = path.join(o.out, `osu_p2p-${key}`);
    } catch (e) {
      notes.push(`${key} skipped: ${cc} failed: ${String(e.stderr ?? e.message).trim().split("\n")[0]}`);
    }
  }
  // Debian's python3-mpi4py lives in the system Python's dist-packages (not in a pyenv one)
  const python = process.env.WMPI_BENCH_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
  if (o.modes.some((m) => m.startsWith("mpi4py"))) {
    let ok = have("mpirun.openmpi");
    try {
      if (ok) execFileSync(python, ["-c", "import numpy, mpi4py"], { stdio: "ignore" });
    } catch {
      ok = false;
    }
    if (!ok) {
      notes.push(`mpi4py skipped: needs mpirun.openmpi and ${python} with mpi4py and numpy (apt-get install -y python3-mpi4py python3-numpy openmpi-bin)`);
      o.modes = o.modes.filter((m) => !m.startsWith("mpi4py"));
    }
  }
  // the TCP reference is the MPICH program under another environment: it goes with it
  for (const key of ["mpich", "openmpi"]) if (!bins[key]) o.modes = o.modes.filter((m) => m !== key && !(key === "mpich" && m === TCP_REFERENCE));
  if (o.modes.some((m) => m.startsWith("wmpi") || PROC_MODES.includes(m)))
    for (const f of ["dist/launcher/main.js", "build/wmpi.wasm"]) if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: build wmpi first (npm run build)`);
  return { bins, python, notes, mpichDevice: o.modes.includes(TCP_REFERENCE) ? mpichDevice() : "" };
}

/** The job of one contender at `ranks` running `tests`. */
function jobOf(mode, ranks, tests, o, env) {
  const args = ["--tests", tests.join(","), "--plan", planOf(o.sizes), "--budget-ms", String(o.budget), "--window", String(o.window)];
  const n = ["-n", String(ranks)];
  if (mode === "mpich") return { key: mode, cmd: "mpiexec.mpich", args: [...n, env.bins.mpich, ...args] };
  if (mode === TCP_REFERENCE) return { key: mode, cmd: "mpiexec.mpich", args: [...n, env.bins.mpich, ...args], env: mpichTcpEnv(env.mpichDevice) };
  if (mode === "openmpi") return { key: mode, cmd: "mpirun.openmpi", args: [...n, "--oversubscribe", env.bins.openmpi, ...args], env: OMPI_ROOT_ENV };
  const wmpi = (launcherOptions, payload) => ({ key: mode, cmd: process.execPath, args: [path.join(ROOT, "bin", "wmpiexec.js"), ...n, ...launcherOptions, path.join(HERE, "wmpi-p2p.ts"), "--mode", payload, ...args] });
  if (PROC_MODES.includes(mode)) return wmpi(launcherOptionsOf(mode), "buffer");
  const [kind, payload] = mode.split("-");
  if (kind === "wmpi") return wmpi([], payload);
  return { key: mode, cmd: "mpirun.openmpi", args: [...n, "--oversubscribe", env.python, path.join(HERE, "mpi4py_p2p.py"), "--mode", payload, ...args], env: OMPI_ROOT_ENV };
}

/**
 * One group per rank count: every contender runs its tests there (ring only beyond 2 ranks; the
 * transport series without the ping-pong), and a contender left with no test runs no job.
 */
export function groupsOf(o, env) {
  return o.ranks
    .map((ranks) => ({ ranks, tests: ranks === 2 ? o.tests : o.tests.filter((t) => t === "ring") }))
    .filter((g) => g.tests.length > 0)
    .map((g) => ({ ...g, jobs: o.modes.map((m) => [m, testsOf(m, g.tests, g.ranks, env.mpichDevice)]).filter(([, t]) => t.length > 0).map(([m, t]) => jobOf(m, g.ranks, t, o, env)) }));
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const env = prepare(o);
  const info = { nproc: os.availableParallelism?.() ?? os.cpus().length, node: process.version, date: new Date().toISOString(), loadavg: os.loadavg() };
  console.log(`p2p (bw, bibw, ring, ping-pong of buffers and objects): ${info.nproc} cores, Node ${info.node}, ${info.date}`);
  console.log(`command: node bench/p2p.mjs ${process.argv.slice(2).join(" ")}`.trimEnd());
  if (o.modes.includes(TCP_REFERENCE)) {
    console.log(mpichTcpNote(env.mpichDevice));
    const skipped = o.ranks.filter((n) => !tcpReferenceRuns(env.mpichDevice, n));
    if (skipped.length) console.log(`MPICH over TCP not run at ${skipped.join(", ")} ranks: ${env.mpichDevice} hangs in MPI_Finalize there (bench/p2p-transports.mjs); the ring across processes is compared with MPICH C there`);
  }
  for (const n of env.notes) console.log(n);
  const groups = groupsOf(o, env);
  const samples = {}; // samples["test@ranks"][mode][case] = [µs per step, one per round]
  const libraries = {};
  const jobSeconds = {}; // mode -> wall seconds of its jobs, waits and reruns included: where the time goes
  const disturbed = [];
  const failures = [];
  // mode -> { bytes: received on loopback during its jobs, payload: what their timed steps sent }
  const loopback = {};
  const save = (extra) => {
    mkdirSync(path.dirname(o.json), { recursive: true });
    writeFileSync(o.json, JSON.stringify({ info, options: o, ...extra, libraries, samples, jobSeconds, loopback, disturbed, failures }, null, 1));
  };
  for (let rep = 0; rep < o.reps; rep++) {
    const t0 = Date.now();
    for (const g of groups) {
      // rotated order per round (A B C, B C A, ...), so that no contender always runs first
      const order = g.jobs.map((_, i) => g.jobs[(i + rep) % g.jobs.length]);
      for (const job of order) {
        const t = performance.now();
        const lo = loopbackBytes();
        const { res, load } = await runQuiet(() => runJob(job, o.timeout, ROOT), { maxForeign: o.maxForeign });
        jobSeconds[job.key] = (jobSeconds[job.key] ?? 0) + (performance.now() - t) / 1000;
        if (OVER_LOOPBACK.includes(job.key) && lo !== undefined) {
          const l = (loopback[job.key] ??= { bytes: 0, payload: 0 });
          l.bytes += loopbackBytes() - lo;
          l.payload += timedPayload(res.lines, g.ranks);
        }
        if (load >= o.maxForeign) disturbed.push(`${job.key} at ${g.ranks} ranks, round ${rep + 1}: other processes used ${load.toFixed(2)} cores`);
        if (res.code !== 0) failures.push(`${job.key} at ${g.ranks} ranks, round ${rep + 1}: ${res.hung ? "hung" : `exit ${res.code}`}: ${job.cmd} ${job.args.join(" ")}\n${res.err.trim().split("\n").slice(-8).join("\n")}`);
        for (const l of res.lines) {
          if (l.library) libraries[job.key] = l.library + (l.mpi4py ? `, mpi4py ${l.mpi4py}` : "");
          if (l.test === undefined) continue;
          if (l.verified !== true) throw new Error(`${job.key} ${l.test} ${l.case}: not verified`);
          (((samples[`${l.test}@${g.ranks}`] ??= {})[job.key] ??= {})[l.case] ??= []).push(l.us);
        }
      }
    }
    console.log(`round ${rep + 1}/${o.reps}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    save({ partial: `${rep + 1} of ${o.reps} rounds` });
  }
  for (const [k, v] of Object.entries(libraries)) if (!k.startsWith("wmpi")) console.log(`${k}: ${v}`);
  save({});
  console.log(`\nFigures: medians over ${o.reps} rounds; ratios to MPICH C from the medians (across processes: to MPICH C over TCP).`);
  console.log(`bw = S x window / time of a window (and its reply); bibw counts both directions; ring = µs per Sendrecv;`);
  console.log(`ping-pong: one-way latency and 2S/Δt.\n`);
  for (const d of datasetsOf("p2p", { options: o, samples })) console.log(osuTable(d));
  const checked = loopbackVerdicts(loopback);
  for (const l of checked.ok) console.log(l);
  failures.push(...checked.failed);
  if (disturbed.length) console.log(`Disturbed even after 2 reruns (figures kept, treat with care): ${disturbed.join("; ")}`);
  if (failures.length) {
    console.log(`\nFAILED JOBS (${failures.length}):\n${failures.join("\n")}`);
    process.exitCode = 1;
  }
  console.log(`Job seconds by contender: ${Object.entries(jobSeconds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")}.`);
  console.log(`${failures.length ? "Every job that finished" : "Every job"} checked each case's data on every receiving rank. Total ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  main().catch((e) => {
    console.error(`bench/p2p.mjs: ${e.message}`);
    process.exitCode = 1;
  });
