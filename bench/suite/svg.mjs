// A small SVG line-plot writer for the suite's figures, in the style of the mpi4py paper's
// Figures 1-6: log-log axes with ticks at powers, one line with markers per mode, a legend and a
// title. Written here rather than taken from a plotting library so the figures need no network
// and no browser to be made, and so the tests can read positions back from the markup.
import { sizeLabel } from "../stats.mjs";

export const WIDTH = 680;
export const HEIGHT = 420;
/** The plot area inside the figure; the legend sits right of it. */
export const AREA = { left: 72, top: 44, right: 500, bottom: 360 };
const DASH = ` stroke-dasharray="6 3"`;
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (v) => Number(v.toFixed(2));

/** A compact tick label: 1, 10, 100, 1k, 10k, 1M (for values), or 1e-3 style below 1. */
export function numberLabel(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e6) return `${v / 1e6}M`;
  if (a >= 1e4) return `${v / 1e3}k`;
  if (a >= 0.01) return String(Number(v.toPrecision(3)));
  return v.toExponential(0);
}

/**
 * A log axis over [lo, hi] (both > 0): the domain widened to whole powers of `base`, and ticks at
 * those powers, thinned to at most ~9 labelled ticks by stepping several powers at a time.
 */
export function logAxis(lo, hi, base) {
  const e0 = Math.floor(Math.log(lo) / Math.log(base) + 1e-9);
  let e1 = Math.ceil(Math.log(hi) / Math.log(base) - 1e-9);
  if (e1 === e0) e1 = e0 + 1;
  const step = Math.max(1, Math.ceil((e1 - e0) / 8));
  e1 = e0 + step * Math.ceil((e1 - e0) / step); // the last tick at the axis' end
  const ticks = [];
  for (let e = e0; e <= e1; e += step) ticks.push(base ** e);
  return { kind: "log", lo: base ** e0, hi: base ** e1, ticks };
}

/** A linear axis over [lo, hi] with "nice" ticks (1, 2 or 5 times a power of ten), including 0 when near. */
export function linearAxis(lo, hi) {
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const raw = (hi - lo) / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  const a = Math.floor(lo / step) * step;
  const b = Math.ceil(hi / step) * step;
  const ticks = [];
  for (let v = a; v <= b + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { kind: "linear", lo: a, hi: b, ticks };
}

/** Maps a value on an axis to a pixel between p0 (axis start) and p1 (axis end). */
export function project(axis, v, p0, p1) {
  const t = axis.kind === "log" ? Math.log(v / axis.lo) / Math.log(axis.hi / axis.lo) : (v - axis.lo) / (axis.hi - axis.lo);
  return p0 + t * (p1 - p0);
}

/**
 * The SVG of one figure. spec: { title, xLabel, yLabel, xScale, yScale ("log"|"linear"),
 * xFormat ("size"|"number"), series: [{ label, mode, color?, dashed?, points: [{ x, y }] }] }. On a log axis the
 * points with x or y <= 0 cannot be drawn and are left out (a 0-byte message on a size axis).
 */
export function plotSvg(spec) {
  const drawable = (p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (spec.xScale !== "log" || p.x > 0) && (spec.yScale !== "log" || p.y > 0);
  const series = spec.series.map((s) => ({ ...s, points: s.points.filter(drawable) })).filter((s) => s.points.length > 0);
  const all = series.flatMap((s) => s.points);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`];
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  out.push(`<text class="title" x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(spec.title)}</text>`);
  if (all.length === 0) {
    out.push(`<text class="empty" x="${(AREA.left + AREA.right) / 2}" y="${(AREA.top + AREA.bottom) / 2}" text-anchor="middle">no data to plot</text></svg>`);
    return out.join("\n");
  }
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const xAxis = spec.xScale === "log" ? logAxis(Math.min(...xs), Math.max(...xs), spec.xFormat === "size" ? 4 : 2) : linearAxis(Math.min(...xs), Math.max(...xs));
  const yAxis = spec.yScale === "log" ? logAxis(Math.min(...ys), Math.max(...ys), 10) : linearAxis(Math.min(0, ...ys), Math.max(0, ...ys));
  const X = (v) => project(xAxis, v, AREA.left, AREA.right);
  const Y = (v) => project(yAxis, v, AREA.bottom, AREA.top);
  const xText = spec.xFormat === "size" ? sizeLabel : numberLabel;

  out.push(`<g class="grid" stroke="#e5e5e5">`);
  for (const t of xAxis.ticks) out.push(`<line x1="${fmt(X(t))}" y1="${AREA.top}" x2="${fmt(X(t))}" y2="${AREA.bottom}"/>`);
  for (const t of yAxis.ticks) out.push(`<line x1="${AREA.left}" y1="${fmt(Y(t))}" x2="${AREA.right}" y2="${fmt(Y(t))}"/>`);
  out.push(`</g>`);

  out.push(`<g class="axis x" data-scale="${xAxis.kind}" data-min="${xAxis.lo}" data-max="${xAxis.hi}">`);
  out.push(`<line x1="${AREA.left}" y1="${AREA.bottom}" x2="${AREA.right}" y2="${AREA.bottom}" stroke="black"/>`);
  for (const t of xAxis.ticks) {
    out.push(`<line class="tick" data-value="${t}" x1="${fmt(X(t))}" y1="${AREA.bottom}" x2="${fmt(X(t))}" y2="${AREA.bottom + 5}" stroke="black"/>`);
    out.push(`<text class="tick-label" x="${fmt(X(t))}" y="${AREA.bottom + 18}" text-anchor="middle">${esc(xText(t))}</text>`);
  }
  out.push(`<text class="label" x="${(AREA.left + AREA.right) / 2}" y="${AREA.bottom + 38}" text-anchor="middle">${esc(spec.xLabel)}</text></g>`);

  out.push(`<g class="axis y" data-scale="${yAxis.kind}" data-min="${yAxis.lo}" data-max="${yAxis.hi}">`);
  out.push(`<line x1="${AREA.left}" y1="${AREA.top}" x2="${AREA.left}" y2="${AREA.bottom}" stroke="black"/>`);
  for (const t of yAxis.ticks) {
    out.push(`<line class="tick" data-value="${t}" x1="${AREA.left - 5}" y1="${fmt(Y(t))}" x2="${AREA.left}" y2="${fmt(Y(t))}" stroke="black"/>`);
    out.push(`<text class="tick-label" x="${AREA.left - 8}" y="${fmt(Y(t) + 4)}" text-anchor="end">${esc(numberLabel(t))}</text>`);
  }
  const yMid = (AREA.top + AREA.bottom) / 2;
  out.push(`<text class="label" x="16" y="${yMid}" text-anchor="middle" transform="rotate(-90 16 ${yMid})">${esc(spec.yLabel)}</text></g>`);
  if (yAxis.kind === "linear" && yAxis.lo < 0) out.push(`<line class="zero" x1="${AREA.left}" y1="${fmt(Y(0))}" x2="${AREA.right}" y2="${fmt(Y(0))}" stroke="#888" stroke-dasharray="4 3"/>`);

  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const d = s.points.map((p, j) => `${j ? "L" : "M"}${fmt(X(p.x))},${fmt(Y(p.y))}`).join(" ");
    out.push(`<g class="series-group" data-mode="${esc(s.mode)}">`);
    out.push(`<path class="series" data-mode="${esc(s.mode)}" d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? DASH : ""}/>`);
    for (const p of s.points) out.push(`<circle class="point" data-x="${p.x}" data-y="${p.y}" cx="${fmt(X(p.x))}" cy="${fmt(Y(p.y))}" r="3" fill="${color}"><title>${esc(s.label)}: ${esc(xText(p.x))}, ${esc(numberLabel(p.y))}</title></circle>`);
    out.push(`</g>`);
  });

  out.push(`<g class="legend">`);
  series.forEach((s, i) => {
    const y = AREA.top + 8 + i * 18;
    const color = s.color ?? PALETTE[i % PALETTE.length];
    out.push(`<line x1="${AREA.right + 14}" y1="${y}" x2="${AREA.right + 38}" y2="${y}" stroke="${color}" stroke-width="2"${s.dashed ? DASH : ""}/>`);
    out.push(`<text class="legend-label" x="${AREA.right + 44}" y="${y + 4}">${esc(s.label)}</text>`);
  });
  out.push(`</g></svg>`);
  return out.join("\n");
}
