// The suite's statistics: a figure is the median over interleaved repeats with its range, a
// ratio compares with the native reference, and the paper's throughput and overhead definitions.
import { median } from "../stats.mjs";

/** { median, min, max, n } of a list of samples (NaN figures for an empty list). */
export function summarize(xs) {
  const ok = xs.filter(Number.isFinite);
  if (ok.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  return { median: median(ok), min: Math.min(...ok), max: Math.max(...ok), n: ok.length };
}

/**
 * Ping-pong throughput of the mpi4py paper, 2S/Δt, in MB/s (10^6 B/s): S bytes each way in a
 * round trip of Δt µs, so bytes per µs are MB/s.
 */
export const pingpongThroughput = (size, roundTripUs) => (2 * size) / roundTripUs;

/** osu_bw's bandwidth in MB/s: `messages` of S bytes (a window, both directions for osu_bibw) in `us` µs. */
export const windowBandwidth = (size, messages, us) => (size * messages) / us;

/** Alltoall throughput of the paper, 2(N-1)S/Δt in MB/s: every rank sends and receives S to N-1 peers. */
export const alltoallThroughput = (size, ranks, us) => (2 * (ranks - 1) * size) / us;

/**
 * How much slower a mode is than the reference, in percent of the reference's time (the paper's
 * "relative overhead"): 0 is as fast as C, 100 takes twice as long, negative is faster. For a
 * throughput figure (higher is better) the time is its inverse.
 */
export function overheadPercent(value, reference, better) {
  const ratio = better === "higher" ? reference / value : value / reference;
  return (ratio - 1) * 100;
}

/** value / reference in the figure's own unit: the "x MPICH" column. */
export const ratio = (value, reference) => value / reference;
