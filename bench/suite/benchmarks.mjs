// The suite's benchmarks: each an existing script run as a child process, and how the suite's
// options translate to that script's own (they predate the suite and keep their options so that
// `npm run bench:coll` and the rest work as before). Each writes its raw samples to one JSON file.
import path from "node:path";
import { P2P_MODES } from "../p2p.mjs";
import { TCP_REFERENCE, isTransportMode } from "../p2p-transports.mjs";

/** Mode names the ping-pong scripts accept for --modes (bench/pingpong.mjs KNOWN_MODES). */
const PINGPONG_MODES = ["mpich", "buffer", "alloc", "object", "pm-poll", "pm-event", "core", "mpich-tcp", "openmpi-tcp", "proc-unix", "proc-tcp", "proc-ws"];

const K = 1024;
const M = K * K;

/**
 * The suite's default plan (issue 11: every benchmark in under 10 minutes on this 2-core machine).
 * The scripts' own defaults (--full) take about half an hour, mostly in sizes and rank counts that
 * repeat what their neighbours show and in long per-case budgets: RMA 450 s, I/O 442 s, collectives
 * 401 s, C programs 135 s, network 123 s, start-up 117 s, ping-pong 63 s (bench/README.md, "How
 * long it takes"). This plan keeps 3 interleaved rounds everywhere (a median and a spread), the
 * sizes where the curves bend (8 B latency, the 16-64 KiB protocol switch, 1 MiB bandwidth) and
 * shorter budgets. `quick` means the script's short iteration counts; what a user gives
 * (--sizes, --ranks, --repeats) replaces the plan's value.
 */
export const DEFAULT_PLAN = {
  pingpong: { quick: true, sizes: [0, 8, 64, K, 4 * K, 16 * K, 64 * K, 256 * K, M, 4 * M], repeats: 3 },
  // 256 KiB, not 1 MiB: a window of 64 plain arrays of 1 MiB takes 0.4 s to send, 5 times at least
  p2p: { sizes: [8, K, 64 * K, 256 * K], ranks: [2], repeats: 3, extra: ["--budget-ms", "20"] },
  // A job's start, not its sizes, sets coll's time: 28 jobs a round per rank count (5 operations x
  // MPICH, Open MPI, mpi4py buffer and pickle, wmpi buffer and object) took 157 s at 2 and 4 ranks.
  // 2 ranks, one per core, is the fair comparison; --ranks 2,4 adds the oversubscribed one.
  coll: { sizes: [8, 64 * K, M], ranks: [2], repeats: 3, extra: ["--budget-ms", "30"] },
  c: { sizes: [8, K, 64 * K, M], ranks: [2], repeats: 3, extra: ["--budget-ms", "60"] },
  rma: { sizes: [8, 64 * K], repeats: 3, extra: ["--budget-ms", "20"] },
  io: { ranks: [2, 4], repeats: 3, extra: ["--sizes", "4M", "--reps", "3", "--warmup-ms", "100", "--layouts", "square"] },
  net: { quick: true, sizes: [8, K, 64 * K, M], repeats: 3 },
  browser: { quick: true, sizes: [8, K, 64 * K, M], repeats: 3 },
  startup: { ranks: [1, 4, 16, 64], repeats: 3 },
};

/**
 * The options a benchmark runs with: the user's as given under --quick and --full, else the user's
 * over the default plan's. `extra` holds the plan's script-specific options.
 */
export function planned(name, o) {
  if (o.quick || o.full) return { ...o, extra: [] };
  const p = DEFAULT_PLAN[name] ?? {};
  return { ...o, quick: p.quick ?? false, sizes: o.sizes ?? p.sizes, ranks: o.ranks ?? p.ranks, repeats: o.repeats ?? p.repeats, extra: p.extra ?? [] };
}

const common = (o) => [...(o.quick ? ["--quick"] : []), ...(o.maxForeign !== undefined ? ["--max-foreign-load", String(o.maxForeign)] : []), ...o.extra];
const sizes = (o) => (o.sizes ? ["--sizes", o.sizes.join(",")] : []);
const ranks = (o) => (o.ranks ? ["--ranks", o.ranks.join(",")] : []);
const reps = (o, flag = "--reps") => (o.repeats ? [flag, String(o.repeats)] : []);
/** --modes for a ping-pong script: the suite's modes it knows, plus its reference so ratios remain. */
const pingpongModes = (o, reference) => {
  const known = o.modes?.filter((m) => PINGPONG_MODES.includes(m));
  return known?.length ? ["--modes", [...new Set([reference, ...known])].join(",")] : [];
};

/**
 * --modes for bench/p2p.mjs: the suite's modes it knows (it always runs MPICH, its reference), and
 * MPICH over TCP with any transport series, their reference.
 */
const p2pModes = (o) => {
  const known = o.modes?.filter((m) => P2P_MODES.includes(m));
  if (!known?.length) return [];
  return ["--modes", [...new Set([...known, ...(known.some(isTransportMode) ? [TCP_REFERENCE] : [])])].join(",")];
};

/**
 * name -> { script, title, args(o, json, build) }: `o` the options of planned(); `json` the file the
 * script must write; `build` a directory for its compiled programs.
 */
export const BENCHMARKS = {
  pingpong: { script: "bench/pingpong.mjs", title: "point-to-point ping-pong: latency and throughput 2S/Δt, 2 ranks in threads", args: (o, json) => [...common(o), ...reps(o), ...sizes(o), ...pingpongModes(o, "mpich"), "--json", json] },
  p2p: { script: "bench/p2p.mjs", title: "osu_bw, osu_bibw, Sendrecv ring, ping-pong of objects (typed array, number[], dict) vs MPICH, Open MPI, mpi4py; bw, bibw, ring across processes (unix, tcp, ws) vs MPICH over TCP", args: (o, json, build) => [...common(o), ...reps(o), ...sizes(o), ...ranks(o), ...p2pModes(o), "--out", build, "--json", json] },
  coll: { script: "bench/collectives.mjs", title: "collectives: bcast, allreduce, alltoall (and 2(N-1)S/Δt), allgather, barrier", args: (o, json) => [...common(o), ...reps(o), ...sizes(o), ...ranks(o), "--json", json] },
  c: { script: "bench/c-programs.mjs", title: "one OSU-style C program built by wmpicc and by mpicc.mpich", args: (o, json, build) => [...common(o), ...reps(o), ...sizes(o), ...ranks(o), "--out", build, "--json", json] },
  rma: { script: "bench/rma.mjs", title: "one-sided: put/get/accumulate/fetch-and-op latency, put bandwidth, 2 ranks", args: (o, json, build) => [...common(o), ...reps(o), ...sizes(o), "--out", build, "--json", json] },
  // io's sizes are array sizes (MiB and up), not message sizes: it keeps its own
  io: { script: "bench/io.mjs", title: "MPI-IO: collective, independent and contiguous write/read bandwidth", args: (o, json, build) => [...common(o), ...reps(o, "--rounds"), ...ranks(o), "--out", build, "--json", json] },
  net: { script: "bench/net-pingpong.mjs", title: "ping-pong across processes over Unix socket, TCP, WebSocket", args: (o, json) => [...common(o), ...reps(o), ...sizes(o), ...pingpongModes(o, "mpich-tcp"), "--json", json] },
  browser: { script: "bench/browser.mjs", title: "ping-pong between Web Worker ranks in headless Chromium vs Node threads", args: (o, json) => [...common(o), ...reps(o), ...sizes(o), "--json", json] },
  startup: { script: "bench/suite/startup.mjs", title: "start-up and scale: hello world with a barrier at 1-64 ranks, wall time and memory per rank", args: (o, _json, build) => [...common(o), ...(o.repeats ? ["--repeats", String(o.repeats)] : []), ...ranks(o), ...(o.modes ? ["--modes", o.modes.join(",")] : []), "--out", build] },
};

/** Where a benchmark's JSON lands inside the run's raw/ directory (startup.mjs names its own). */
export const rawJsonOf = (name, rawDir) => path.join(rawDir, name === "startup" ? path.join("build", "startup.json") : `${name}.json`);
