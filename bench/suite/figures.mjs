// Which figures a dataset gives, as plot specs for svg.mjs: its figure against message size (or
// rank count) on log-log axes, one line per mode at the medians, and, where the native reference
// ran, the paper's relative overhead of every other mode against it, in percent.
import { modeLabel } from "./datasets.mjs";
import { overheadPercent } from "./summary.mjs";
import { PALETTE } from "./svg.mjs";
import { mediansOf } from "./table.mjs";

/** Native C references are dashed, so that wmpi's lines stand out among them. */
const isNative = (mode) => /^(mpich|openmpi)/.test(mode);

/** A mode keeps its colour from the dataset's own figure in its overhead figure. */
const colorOf = (d, s) => PALETTE[d.series.indexOf(s) % PALETTE.length];

const Y_LABELS = { latency: "latency (µs)", throughput: "throughput (MB/s)", bandwidth: "bandwidth (MB/s)", time: "wall time (s)", memory: "resident memory per rank (MiB)" };
const xLabelOf = (d) => (d.x === "ranks" ? "ranks" : "message size");
const xFormatOf = (d) => (d.x === "ranks" ? "number" : "size");

/** The dataset's own figure: medians against x, log-log. */
export function valueFigure(d) {
  return {
    id: d.id,
    title: d.title,
    xLabel: xLabelOf(d),
    yLabel: Y_LABELS[d.metric] ?? `${d.metric} (${d.unit})`,
    xScale: "log",
    yScale: "log",
    xFormat: xFormatOf(d),
    series: d.series.map((s) => ({ mode: s.mode, label: modeLabel(s.mode), color: colorOf(d, s), dashed: isNative(s.mode), points: [...mediansOf(s)].map(([x, m]) => ({ x, y: m.median })) })),
  };
}

/**
 * The modes an overhead figure shows: wmpi's (and mpi4py's and the browser's, the paper's subjects),
 * not the other native library or postMessage, whose scale would flatten them.
 */
const OVERHEAD_SUBJECT = /^(wmpi|mpi4py|browser)/;

/** Relative overhead against the reference in percent (linear y), or undefined without a reference or subject modes. */
export function overheadFigure(d) {
  const ref = d.series.find((s) => s.mode === d.reference);
  const others = d.series.filter((s) => s !== ref && OVERHEAD_SUBJECT.test(modeLabel(s.mode)));
  if (!ref || others.length === 0) return undefined;
  const refMed = mediansOf(ref);
  return {
    id: `${d.id}-overhead`,
    title: `${d.title}: overhead vs ${modeLabel(ref.mode)}`,
    xLabel: xLabelOf(d),
    yLabel: `overhead vs ${modeLabel(ref.mode)} (%)`,
    xScale: "log",
    yScale: "linear",
    xFormat: xFormatOf(d),
    series: others.map((s) => ({
      mode: s.mode,
      label: modeLabel(s.mode),
      color: colorOf(d, s),
      points: [...mediansOf(s)].filter(([x]) => refMed.has(x)).map(([x, m]) => ({ x, y: overheadPercent(m.median, refMed.get(x).median, d.better) })),
    })),
  };
}

/** Whether a log x axis can show the dataset: a barrier's only "size" is 0, which stays a table. */
const plottable = (d) => d.series.some((s) => s.points.some((p) => p.x > 0));

/** Every figure of a list of datasets, in order: each dataset's own, then its overhead figure. */
export const figuresOf = (datasets) => datasets.filter(plottable).flatMap((d) => [valueFigure(d), overheadFigure(d)].filter(Boolean));
