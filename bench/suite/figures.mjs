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

/** Modes that send serialized objects (the paper's pickle figures); the others send buffers. */
export const isObjectMode = (mode) => /(^|-)(object|array|dict)$/.test(mode);

/**
 * The C a subject is measured against: mpi4py runs on Open MPI, so where Open MPI C ran its
 * overhead is over that (as the paper measures mpi4py over the C of the same MPI); else the
 * dataset's reference.
 */
const referenceOf = (d, s) => (s.mode.startsWith("mpi4py") && d.series.some((x) => x.mode === "openmpi") ? "openmpi" : d.reference);

/**
 * Relative overhead against C in percent (linear y) of the subject modes of `kind` ("buffer",
 * "object", or all when undefined), or undefined without the reference or such modes.
 */
export function overheadFigure(d, kind) {
  const ref = d.series.find((s) => s.mode === d.reference);
  const others = d.series.filter((s) => s !== ref && OVERHEAD_SUBJECT.test(modeLabel(s.mode)) && (!kind || isObjectMode(s.mode) === (kind === "object")));
  if (!ref || others.length === 0) return undefined;
  const refs = new Map(d.series.map((s) => [s.mode, mediansOf(s)]));
  const ownC = others.some((s) => referenceOf(d, s) !== d.reference) ? ` (mpi4py vs ${modeLabel("openmpi")})` : "";
  return {
    id: `${d.id}-overhead${kind ? `-${kind}` : ""}`,
    title: `${d.title}: ${kind ? `${kind} ` : ""}overhead vs ${modeLabel(ref.mode)}${ownC}`,
    xLabel: xLabelOf(d),
    yLabel: ownC ? "overhead vs C (%)" : `overhead vs ${modeLabel(ref.mode)} (%)`,
    xScale: "log",
    yScale: "linear",
    xFormat: xFormatOf(d),
    series: others.map((s) => {
      const refMed = refs.get(referenceOf(d, s));
      return {
        mode: s.mode,
        label: modeLabel(s.mode),
        color: colorOf(d, s),
        points: [...mediansOf(s)].filter(([x]) => refMed.has(x)).map(([x, m]) => ({ x, y: overheadPercent(m.median, refMed.get(x).median, d.better) })),
      };
    }),
  };
}

/**
 * The overhead figures of a dataset: one, or, where it has both, one for the buffer modes and one
 * for the object modes (the paper's separate buffer and pickle figures, whose scales differ 10x).
 */
export function overheadFigures(d) {
  const both = ["buffer", "object"].every((kind) => overheadFigure(d, kind));
  return (both ? [overheadFigure(d, "buffer"), overheadFigure(d, "object")] : [overheadFigure(d)]).filter(Boolean);
}

/** Whether a log x axis can show the dataset: a barrier's only "size" is 0, which stays a table. */
const plottable = (d) => d.series.some((s) => s.points.some((p) => p.x > 0));

/** Every figure of a list of datasets, in order: each dataset's own, then its overhead figure. */
export const figuresOf = (datasets) => datasets.filter(plottable).flatMap((d) => [valueFigure(d), ...overheadFigures(d)]);
