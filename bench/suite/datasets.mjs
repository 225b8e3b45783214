// Turns each benchmark's own JSON (the --json file it writes) into the suite's datasets: one
// dataset is one table and one figure, a set of series (one per mode) of raw samples per x
// (message size, or rank count for start-up), in one unit, with the native reference to compare.
//
//   { id, bench, title, x: "size"|"ranks", metric, unit, better: "lower"|"higher", reference,
//     series: [{ mode, points: [{ x, samples: [...] }] }] }
import { TCP_REFERENCE, isTransportMode } from "../p2p-transports.mjs";
import { alltoallThroughput, pingpongThroughput, windowBandwidth } from "./summary.mjs";

/** The label the tables and legends give each mode key the benchmarks use. */
export const MODE_LABELS = {
  mpich: "MPICH C",
  openmpi: "Open MPI C",
  "mpich-tcp": "MPICH C (TCP)",
  "openmpi-tcp": "Open MPI C (TCP)",
  buffer: "wmpi buffer",
  alloc: "wmpi Alloc_mem",
  object: "wmpi object",
  core: "wmpi core",
  "pm-poll": "postMessage poll",
  "pm-event": "postMessage event",
  "proc-unix": "wmpi process unix",
  "proc-tcp": "wmpi process tcp",
  "proc-ws": "wmpi process ws",
  wmpi: "wmpi (wmpicc)",
  "wmpi-proc": "wmpi (wmpicc) --ppn 1",
  "wmpi-buffer": "wmpi buffer",
  "wmpi-alloc": "wmpi Alloc_mem",
  "wmpi-p2p": "wmpi p2p",
  "wmpi-core": "wmpi core",
  "wmpi-object": "wmpi object",
  "mpi4py-buffer": "mpi4py buffer",
  "mpi4py-object": "mpi4py pickle",
  "wmpi-array": "wmpi number[]",
  "wmpi-dict": "wmpi dict",
  "mpi4py-array": "mpi4py pickle list",
  "mpi4py-dict": "mpi4py pickle dict",
  "wmpi-thread": "wmpi threads",
  "wmpi-process": "wmpi processes",
  "mpich-nods": "MPICH C, no data sieving",
  "node-alloc": "Node threads Alloc_mem",
  "node-buffer": "Node threads buffer",
  "browser-alloc": "browser workers Alloc_mem",
  "browser-buffer": "browser workers buffer",
};

export const modeLabel = (mode) => MODE_LABELS[mode] ?? mode;

/** series from { mode: { x: [samples] } }, keeping numeric x only, sorted. */
function seriesOf(byMode, transform = (_x, v) => v, keep = () => true) {
  return Object.entries(byMode).map(([mode, byX]) => ({
    mode,
    points: Object.entries(byX)
      .filter(([x]) => /^\d+$/.test(x) && keep(Number(x)))
      .map(([x, xs]) => ({ x: Number(x), samples: xs.map((v) => transform(Number(x), v)) }))
      .sort((a, b) => a.x - b.x),
  })).filter((s) => s.points.length > 0);
}

/** bench/pingpong.mjs (and --net): samples[mode][size] = round trip µs per round. */
function pingpong(run, bench) {
  const reference = bench === "net" ? "mpich-tcp" : "mpich";
  const name = bench === "net" ? "Ping-pong across processes" : "Ping-pong";
  return [
    { id: `${bench}-latency`, bench, title: `${name}, 2 ranks: one-way latency`, x: "size", metric: "latency", unit: "us", better: "lower", reference, series: seriesOf(run.samples, (_s, rt) => rt / 2) },
    { id: `${bench}-throughput`, bench, title: `${name}, 2 ranks: throughput 2S/Δt`, x: "size", metric: "throughput", unit: "MB/s", better: "higher", reference, series: seriesOf(run.samples, (s, rt) => pingpongThroughput(s, rt), (s) => s > 0) },
  ];
}

/**
 * The native reference at a rank count: MPICH C, but Open MPI C where ranks outnumber the cores,
 * since MPICH's busy polling then makes it the slowest of all (bench/collectives.mjs's targets).
 */
const referenceAt = (ranks, run, byMode) => (ranks > (run.info?.nproc ?? Infinity) && byMode.openmpi ? "openmpi" : "mpich");

/** bench/collectives.mjs: samples["op@N"][mode][size] = µs per operation. */
function collectives(run) {
  const out = [];
  for (const [group, byMode] of Object.entries(run.samples)) {
    const [op, n] = group.split("@");
    const ranks = Number(n);
    const reference = referenceAt(ranks, run, byMode);
    out.push({ id: `coll-${op}-${ranks}`, bench: "coll", title: `${op}, ${ranks} ranks: latency`, x: "size", metric: "latency", unit: "us", better: "lower", reference, series: seriesOf(byMode) });
    if (op === "alltoall")
      out.push({ id: `coll-alltoall-${ranks}-throughput`, bench: "coll", title: `alltoall, ${ranks} ranks: throughput 2(N-1)S/Δt`, x: "size", metric: "throughput", unit: "MB/s", better: "higher", reference, series: seriesOf(byMode, (s, us) => alltoallThroughput(s, ranks, us), (s) => s > 0) });
  }
  return out;
}

/** What one timed step of a p2p test is. */
const P2P_STEP = { pingpong: () => "round trip", bw: (w) => `window of ${w} and its reply`, bibw: (w) => `window of ${w} each way`, ring: () => "Sendrecv" };

/**
 * bench/p2p.mjs: samples["test@N"][mode][case] = µs per step (a round trip, a window and its
 * reply, a bidirectional window, a Sendrecv), case a size or "dict". The dict, of no size, is a
 * table of its own per test (µs per step, against mpi4py's pickle); the rest are figures against
 * size. The transport series (wmpi across processes and MPICH over TCP, bench/p2p-transports.mjs)
 * get datasets of their own, "across processes", whose reference is MPICH C over TCP (MPICH C
 * through shared memory stays beside it as a column); the other modes' reference stays MPICH C.
 */
function p2p(run) {
  const w = run.options.window;
  const out = [];
  for (const [group, byMode] of Object.entries(run.samples)) {
    const [test, n] = group.split("@");
    const local = Object.fromEntries(Object.entries(byMode).filter(([m]) => !isTransportMode(m)));
    const localReference = referenceAt(Number(n), run, local);
    // where MPICH over TCP did not run (missing, or at ranks where it hangs), the threads' reference stands in
    const across = Object.fromEntries(Object.entries(byMode).filter(([m]) => isTransportMode(m) || m === "mpich" || m === localReference));
    out.push(...p2pDatasets(test, n, w, local, { id: `p2p-${test}-${n}`, where: "", reference: localReference }));
    if (Object.keys(across).some(isTransportMode))
      out.push(...p2pDatasets(test, n, w, across, { id: `p2p-${test}-${n}-processes`, where: " across processes", reference: across[TCP_REFERENCE] ? TCP_REFERENCE : localReference }));
  }
  return out;
}

/** The datasets of one p2p test at `n` ranks for the modes of `byMode`. */
function p2pDatasets(test, n, w, byMode, { id, where, reference }) {
  const out = [];
  const base = { bench: "p2p", x: "size", reference };
  if (test === "pingpong") {
    out.push({ ...base, id: `${id}-latency`, title: `Ping-pong${where}, ${n} ranks: one-way latency`, metric: "latency", unit: "us", better: "lower", series: seriesOf(byMode, (_s, rt) => rt / 2) });
    out.push({ ...base, id: `${id}-throughput`, title: `Ping-pong${where}, ${n} ranks: throughput 2S/Δt`, metric: "throughput", unit: "MB/s", better: "higher", series: seriesOf(byMode, (s, rt) => pingpongThroughput(s, rt), (s) => s > 0) });
  } else if (test === "ring") {
    out.push({ ...base, id, title: `Sendrecv ring${where}, ${n} ranks: time per Sendrecv`, metric: "latency", unit: "us", better: "lower", series: seriesOf(byMode) });
  } else {
    const ways = test === "bibw" ? 2 : 1;
    out.push({ ...base, id, title: `${test === "bw" ? "osu_bw" : "osu_bibw"}${where}, ${n} ranks, window of ${w}: bandwidth`, metric: "bandwidth", unit: "MB/s", better: "higher", series: seriesOf(byMode, (s, us) => windowBandwidth(s, w * ways, us), (s) => s > 0) });
  }
  const dicts = Object.entries(byMode).filter(([, byCase]) => byCase.dict).map(([mode, byCase]) => ({ mode, points: [{ x: 0, samples: byCase.dict }] }));
  if (dicts.length) out.push({ ...base, id: `${id}-dict`, title: `${test}${where}, ${n} ranks: a small dict {a: 1, b: [1, 2, 3]}, time per ${P2P_STEP[test](w)}`, metric: "latency", unit: "us", better: "lower", reference: "mpi4py-dict", series: dicts });
  return out;
}

/** bench/c-programs.mjs: samples["test@N"][mode][size] = µs, or MB/s for bw. */
function cPrograms(run) {
  return Object.entries(run.samples).map(([group, byMode]) => {
    const [test, n] = group.split("@");
    const bw = test === "bw";
    return { id: `c-${test}-${n}`, bench: "c", title: `C program ${test}, ${n} ranks${bw ? ": bandwidth" : ": latency"}`, x: "size", metric: bw ? "bandwidth" : "latency", unit: bw ? "MB/s" : "us", better: bw ? "higher" : "lower", reference: "mpich", series: seriesOf(byMode) };
  });
}

/** bench/rma.mjs: samples[test][sync][mode][size] = µs, or MB/s for put_bw. */
function rma(run) {
  const out = [];
  for (const [test, bySync] of Object.entries(run.samples))
    for (const [sync, byMode] of Object.entries(bySync)) {
      const bw = test.endsWith("_bw");
      out.push({ id: `rma-${test}-${sync}`, bench: "rma", title: `${test} (${sync}), 2 ranks`, x: "size", metric: bw ? "bandwidth" : "latency", unit: bw ? "MB/s" : "us", better: bw ? "higher" : "lower", reference: "mpich", series: seriesOf(byMode) });
    }
  return out;
}

/** bench/io.mjs: samples["layout@N"][mode]["size access op"] = [{ mbps }]. One dataset per access and op. */
function io(run) {
  const groups = {};
  for (const [group, byMode] of Object.entries(run.samples)) {
    const [layout, n] = group.split("@");
    for (const [mode, byCase] of Object.entries(byMode))
      for (const [c, xs] of Object.entries(byCase)) {
        const [size, access, op] = c.split(" ");
        const id = `io-${access}-${op}-${layout}-${n}`;
        const g = (groups[id] ??= { id, bench: "io", title: `I/O ${access} ${op}, ${n} ranks, layout ${layout}`, x: "size", metric: "bandwidth", unit: "MB/s", better: "higher", reference: "mpich", byMode: {} });
        ((g.byMode[mode] ??= {})[size] ??= []).push(...xs.map((x) => x.mbps));
      }
  }
  return Object.values(groups).map(({ byMode, ...d }) => ({ ...d, series: seriesOf(byMode) }));
}

/**
 * bench/browser.mjs: samples["side-mode"][size] = µs up to 16 KiB, MB/s above. One dataset per
 * mode and metric, so that each browser series is compared with Node in the same mode, as the
 * benchmark's own ratios are.
 */
function browser(run) {
  const LATENCY_MAX = 16 * 1024;
  const out = [];
  for (const mode of ["alloc", "buffer"]) {
    const byMode = Object.fromEntries(Object.entries(run.samples).filter(([key]) => key.endsWith(`-${mode}`)));
    const mk = (metric, unit, better, keep) => ({ id: `browser-${mode}-${metric}`, bench: "browser", title: `Browser workers vs Node threads (${mode}), 2 ranks: ${metric}`, x: "size", metric, unit, better, reference: `node-${mode}`, series: seriesOf(byMode, undefined, keep) });
    out.push(mk("latency", "us", "lower", (s) => s <= LATENCY_MAX), mk("bandwidth", "MB/s", "higher", (s) => s > LATENCY_MAX));
  }
  return out;
}

/** bench/suite/startup.mjs: wall[mode][ranks] = s, rss[mode][ranks] = MiB per rank. */
function startup(run) {
  return [
    { id: "startup-time", bench: "startup", title: "Start-up: hello world with a barrier, wall time", x: "ranks", metric: "time", unit: "s", better: "lower", reference: "mpich", series: seriesOf(run.wall) },
    { id: "startup-memory", bench: "startup", title: "Start-up: resident memory per rank", x: "ranks", metric: "memory", unit: "MiB", better: "lower", reference: "mpich", series: seriesOf(run.rss) },
  ];
}

const CONVERTERS = { pingpong, p2p, net: pingpong, coll: collectives, c: cPrograms, rma, io, browser, startup };

/**
 * The datasets of one benchmark's JSON; `modes` (optional) keeps only those series and the
 * reference, without which no ratio could be given. Datasets left with no chosen mode are dropped.
 */
export function datasetsOf(bench, run, modes) {
  const convert = CONVERTERS[bench];
  if (!convert) throw new Error(`no dataset converter for benchmark ${bench}`);
  const keep = (d, s) => !modes || modes.includes(s.mode) || s.mode === d.reference;
  return convert(run, bench)
    // the reference first: the tables' first figure column and the figures' first colour
    .map((d) => ({ ...d, series: d.series.filter((s) => keep(d, s)).sort((a, b) => (b.mode === d.reference) - (a.mode === d.reference)) }))
    // the reference kept only for ratios is no reason for a table (--modes named none of its modes)
    .filter((d) => d.series.length > 0 && (!modes || d.series.some((s) => modes.includes(s.mode))));
}
