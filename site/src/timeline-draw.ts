// The timeline drawn as SVG text: one lane per rank, each MPI call a bar (its name inside when it
// fits, the part spent waiting for another rank hatched), each message an arrow from where it was
// sent to where the receive matched it (dashed up to the end while it is not received). Only what
// is in the visible range is drawn, and calls too narrow to see one by one become one grey
// cluster, so a run of thousands of messages stays quick to zoom and pan. Every element that has
// details carries data-call ("lane:index"), data-msg (index) or data-cluster ("lane:from:to").
import type { TimeScale } from "./timeline-scale.js";
import { firstEndingAfter, type Call, type TraceModel } from "./trace-model.js";

/** Below this width (px) a call joins its neighbours' cluster instead of getting a bar of its own. */
const CLUSTER_BELOW_PX = 2;
/** Hit lines make thin arrows easy to hover; above this many arrows they cost more than they help. */
const HIT_LINES_UP_TO = 1000;

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const px = (v: number) => v.toFixed(1);

/** Where the lanes go: label column, axis, each lane's top (by rank) and height. */
export interface LaneLayout {
  labelW: number;
  axisH: number;
  laneH: number;
  barH: number;
  height: number;
  top: Map<number, number>;
}

/** Lanes share the box's height, between a readable minimum (8 ranks fit a laptop) and a maximum. */
export function laneLayout(lanes: number[], rem: number, width: number, boxHeight: number): LaneLayout {
  const labelW = Math.round(5 * rem);
  const axisH = Math.round(1.6 * rem);
  const laneH = Math.round(Math.min(Math.max((boxHeight - axisH - 4) / Math.max(lanes.length, 1), 1.25 * rem), 4.5 * rem));
  const top = new Map(lanes.map((l, i) => [l, axisH + i * laneH]));
  return { labelW, axisH, laneH, barH: Math.round(laneH * 0.62), height: axisH + lanes.length * laneH + 2, top };
}

export interface Drawn {
  svg: string;
  /** bars and clusters, matched arrows, messages not received: drawn in view */
  bars: number;
  arrows: number;
  pending: number;
}

/** The SVG of `model` in `scale`'s range; `end` is where the run ends (a live job's clock). */
export function drawTimeline(m: TraceModel, s: TimeScale, layout: LaneLayout, o: { rem: number; width: number; end: number; selected?: Call }): Drawn {
  const { labelW, axisH, laneH, barH, height } = layout;
  const { rem, width } = o;
  const out: string[] = [];
  out.push(`<clipPath id="tl-clip"><rect x="${labelW}" y="0" width="${px(s.width + 8)}" height="${height}"/></clipPath>`);
  // lanes: alternate shading, labels in a column of their own
  [...layout.top].forEach(([l, y], i) => {
    out.push(`<rect class="lane${i % 2 ? " odd" : ""}" x="0" y="${y}" width="${width}" height="${laneH}"/>`);
    out.push(`<text class="lane-label" x="${labelW - 8}" y="${px(y + laneH / 2)}">${escape(m.laneName(l))}</text>`);
  });
  // time axis and grid
  out.push(`<g class="axis">`);
  const ticks = s.ticks(Math.max(7 * rem, 90));
  ticks.times.forEach((t, i) => {
    const x = px(s.x(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${axisH - 4}" y2="${height}"/><text x="${x}" y="${px(axisH - 8)}">${ticks.labels[i]}</text>`);
  });
  out.push(`</g><line class="axis-base" x1="${labelW}" x2="${width}" y1="${axisH}" y2="${axisH}"/>`);

  out.push(`<g clip-path="url(#tl-clip)">`);
  const bars = drawCalls(m, s, layout, 0.56 * 0.8 * rem, out); // the bars' text is .8rem: an average glyph
  const msgs = drawMessages(m, s, layout, o, out);
  if (o.selected) {
    const sel = o.selected;
    const y = (layout.top.get(sel.lane) ?? 0) + (laneH - barH) / 2 - 3;
    const x0 = s.x(sel.ts) - 3;
    out.push(`<rect class="selected" x="${px(x0)}" y="${px(y)}" width="${px(Math.max(s.x(sel.ts + sel.dur) + 3 - x0, 8))}" height="${barH + 6}"/>`);
  }
  out.push(`</g>`);
  return { svg: out.join(""), bars, ...msgs };
}

/** Each lane's calls in view, as bars or clusters; returns how many. */
function drawCalls(m: TraceModel, s: TimeScale, layout: LaneLayout, charW: number, out: string[]): number {
  const { laneH, barH } = layout;
  let bars = 0;
  for (const [l, top] of layout.top) {
    const calls = m.callsOf(l);
    const y = top + (laneH - barH) / 2;
    let cluster: { from: number; to: number; x0: number; x1: number } | undefined;
    const flush = () => {
      if (!cluster) return;
      if (cluster.from === cluster.to) out.push(bar(s, calls[cluster.from], l, cluster.from, y, barH, charW));
      else out.push(`<rect class="cluster" data-cluster="${l}:${cluster.from}:${cluster.to}" x="${px(cluster.x0)}" y="${px(y)}" width="${px(Math.max(cluster.x1 - cluster.x0, 1.5))}" height="${barH}"/>`);
      bars++;
      cluster = undefined;
    };
    for (let i = firstEndingAfter(calls, s.t0); i < calls.length && calls[i].ts <= s.t1; i++) {
      const c = calls[i];
      const x0 = s.x(c.ts);
      const x1 = s.x(c.ts + c.dur);
      if (x1 - x0 >= CLUSTER_BELOW_PX) {
        flush();
        out.push(bar(s, c, l, i, y, barH, charW));
        bars++;
      } else if (cluster && x0 - cluster.x1 < 1.5) {
        cluster.to = i;
        cluster.x1 = Math.max(x1, cluster.x1);
      } else {
        flush();
        cluster = { from: i, to: i, x0, x1 };
      }
    }
    flush();
  }
  return bars;
}

/** Messages over the bars: arrows from send to matching receive, dashed lines for those not received. */
function drawMessages(m: TraceModel, s: TimeScale, layout: LaneLayout, o: { rem: number; end: number }, out: string[]): { arrows: number; pending: number } {
  const { laneH, barH } = layout;
  const drawn = new Set<string>();
  const arrows: string[] = [];
  let pending = 0;
  const mid = (lane: number) => (layout.top.get(lane) ?? 0) + laneH / 2;
  m.messages().forEach((msg, i) => {
    const end = msg.matchedAt ?? o.end;
    if (end < s.t0 || msg.sentAt > s.t1) return;
    const x1 = px(s.x(msg.sentAt));
    // from the edge of the sender's bar that faces the receiver to the facing edge of the receiver's
    const down = msg.dst > msg.src ? 1 : msg.dst < msg.src ? -1 : 0;
    const y1 = px(mid(msg.src) + (down * barH) / 2);
    const y2 = px(mid(msg.dst) - (down * barH) / 2);
    if (msg.matchedAt === undefined) {
      // sent, not (yet) received: a dashed line towards its receiver, up to the end
      arrows.push(`<line class="msg pending" data-msg="${i}" x1="${x1}" y1="${y1}" x2="${px(s.x(Math.max(o.end, msg.sentAt)))}" y2="${y2}"/>`);
      arrows.push(`<circle class="msg pending" data-msg="${i}" cx="${x1}" cy="${px(mid(msg.src))}" r="${px(o.rem * 0.3)}"/>`);
      pending++;
      return;
    }
    const key = `${Math.round(s.x(msg.sentAt) / 2)},${msg.src},${Math.round(s.x(msg.matchedAt) / 2)},${msg.dst}`;
    if (drawn.has(key)) return; // another arrow covers these pixels
    drawn.add(key);
    arrows.push(`<line class="msg${msg.coll ? " coll" : ""}" data-msg="${i}" x1="${x1}" y1="${y1}" x2="${px(s.x(msg.matchedAt))}" y2="${y2}"/>`);
  });
  // more arrows than the width can tell apart: drawn faint and headless, a texture of traffic
  const dense = drawn.size > s.width / 6;
  out.push(`<g class="messages${dense ? " dense" : ""}">`, ...arrows, `</g>`);
  if (drawn.size <= HIT_LINES_UP_TO)
    out.push(`<g class="hits">`, ...arrows.filter((a) => a.startsWith("<line")).map((a) => a.replace('class="msg', 'class="hit')), `</g>`);
  return { arrows: drawn.size, pending };
}

function bar(s: TimeScale, c: Call, lane: number, i: number, y: number, h: number, charW: number): string {
  const x0 = s.x(c.ts);
  const w = Math.max(s.x(c.ts + c.dur) - x0, 1.5);
  let svg = `<g class="bar k-${c.kind}" data-call="${lane}:${i}"><rect x="${px(x0)}" y="${px(y)}" width="${px(w)}" height="${h}"/>`;
  if (c.waitedUntil !== undefined && c.waitedUntil > c.ts) {
    const ww = Math.min(s.x(c.waitedUntil) - x0, w);
    svg += `<rect class="waited" x="${px(x0)}" y="${px(y)}" width="${px(ww)}" height="${h}" style="fill: url(#tl-wait-${c.kind})"/>`;
  }
  const label = c.name.replace(/^MPI_/, "");
  if (w > label.length * charW + 8) {
    // centred in the part of the bar that is in view, so a long call's name stays readable
    const cx = (Math.max(x0, s.x0) + Math.min(x0 + w, s.x0 + s.width)) / 2;
    svg += `<text x="${px(cx)}" y="${px(y + h / 2)}">${escape(label)}</text>`;
  }
  return svg + `</g>`;
}

/** Hatching for the waiting part of each kind of call, and the arrowheads. */
export const DEFS = `<defs>${["send", "recv", "wait", "coll", "other"]
  .map(
    (k) =>
      `<pattern id="tl-wait-${k}" class="k-${k}" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect class="tint" width="7" height="7"/><rect class="stripe" width="3" height="7"/></pattern>`,
  )
  .join("")}<marker id="tl-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z"/></marker></defs>`;
