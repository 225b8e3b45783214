// Text tables in the OSU micro-benchmarks' layout (`# Size  Latency (us)`, the size left-aligned
// in 10 columns, figures right-aligned in 18), which MPI users read at a glance, widened to one
// column per mode and a ratio column against the native reference after each other mode.
import { modeLabel } from "./datasets.mjs";
import { ratio, summarize } from "./summary.mjs";

const SIZE_WIDTH = 10;
const FIGURE_WIDTH = 18;

/** A figure with 2 decimals below 1000 (OSU prints %.2f), whole above; "-" when missing. */
export const formatFigure = (x) => (!Number.isFinite(x) ? "-" : Math.abs(x) < 1000 ? x.toFixed(2) : x.toFixed(0));

/** A ratio as formatFigure, but with 2 significant digits below 0.1, where "0.00" would hide a 300x gap. */
export const formatRatio = (x) => (Number.isFinite(x) && Math.abs(x) < 0.1 && x !== 0 ? x.toPrecision(2) : formatFigure(x));

const METRIC_TEXT = { latency: "Latency", throughput: "Throughput", bandwidth: "Bandwidth", time: "Time", memory: "Memory" };

/** Every x of a dataset's series, ascending. */
const xsOf = (d) => [...new Set(d.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);

/** The medians of one series by x. */
export const mediansOf = (s) => new Map(s.points.map((p) => [p.x, summarize(p.samples)]));

/**
 * The columns of a dataset's table: each mode's figure, and after every mode but the reference
 * its ratio to the reference (mode / reference in the figure's unit).
 */
function columns(d) {
  const ref = d.series.find((s) => s.mode === d.reference);
  const refMed = ref ? mediansOf(ref) : undefined;
  const cols = [];
  for (const s of d.series) {
    const med = mediansOf(s);
    cols.push({ head: `${modeLabel(s.mode)} (${d.unit})`, cell: (x) => formatFigure(med.get(x)?.median), range: (x) => med.get(x) });
    if (refMed && s !== ref) cols.push({ head: `x ${modeLabel(ref.mode)}`, cell: (x) => formatRatio(ratio(med.get(x)?.median, refMed.get(x)?.median)) });
  }
  return cols;
}

const row = (first, cells, widths) => first.padEnd(SIZE_WIDTH) + cells.map((c, i) => c.padStart(widths[i])).join("");

/**
 * The OSU-style table of one dataset: a title comment, a header line starting "# Size" (or
 * "# Ranks"), one row per x with the median figure of each mode and its ratio to the reference,
 * then the same layout with each figure's range (min-max over the repeats).
 */
export function osuTable(d) {
  const cols = columns(d);
  const widths = cols.map((c) => Math.max(FIGURE_WIDTH, c.head.length + 2));
  const xs = xsOf(d);
  const first = d.x === "ranks" ? "# Ranks" : "# Size";
  const better = d.better === "lower" ? "lower is better" : "higher is better";
  const repeats = Math.max(0, ...d.series.flatMap((s) => s.points.map((p) => p.samples.length)));
  const refNote = d.series.some((s) => s.mode === d.reference) ? `; x ${modeLabel(d.reference)} = mode / ${modeLabel(d.reference)}` : `; no ${modeLabel(d.reference)} reference in this run`;
  const lines = [
    `# ${d.title}`,
    `# ${METRIC_TEXT[d.metric] ?? d.metric} in ${d.unit}, ${better}; median of up to ${repeats} repeats${refNote}`,
    row(first, cols.map((c) => c.head), widths),
    ...xs.map((x) => row(String(x), cols.map((c) => c.cell(x)), widths)),
  ];
  const ranged = cols.filter((c) => c.range);
  const rwidths = ranged.map((c) => Math.max(FIGURE_WIDTH, c.head.length + 2));
  lines.push(`# range (min-max over the repeats)`, row(first, ranged.map((c) => c.head), rwidths));
  for (const x of xs)
    lines.push(row(String(x), ranged.map((c) => {
      const r = c.range(x);
      return r && r.n ? `${formatFigure(r.min)}-${formatFigure(r.max)}` : "-";
    }), rwidths));
  return lines.join("\n") + "\n";
}
