// The timeline drawn in SVG: one lane per rank, each MPI call a bar (its name inside when it fits,
// the part spent waiting for another rank hatched), each message an arrow from where it was sent
// to where the receive matched it. Only what is in the visible range is drawn, and calls too
// narrow to see one by one are drawn as one grey cluster, so a run of thousands of messages stays
// quick to zoom and pan. Redrawing is batched into animation frames: a live job's events can
// arrive many times a frame. Hover and keyboard selection show a call's or a message's details.
import { describeCall, describeCluster, describeMessage } from "./timeline-details.js";
import { TimeScale } from "./timeline-scale.js";
import { firstEndingAfter, TraceModel, type Call } from "./trace-model.js";

/** Below this width (px) a call joins its neighbours' cluster instead of getting a bar of its own. */
const CLUSTER_BELOW_PX = 2;
/** Hit lines make thin arrows easy to hover; above this many arrows they cost more than they help. */
const HIT_LINES_UP_TO = 1000;

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const px = (v: number) => v.toFixed(1);

/** What the pointer or the keyboard points at. */
type Target = { call: Call } | { message: number } | { cluster: [lane: number, from: number, to: number] };

export class TimelineView {
  readonly scale = new TimeScale();
  model = new TraceModel();
  /** While true (a fresh view, or after Fit), new events widen the view to show everything. */
  following = true;
  /** Called after each drawing (the panel counts what it shows then, once a frame). */
  afterDraw: () => void = () => {};
  private selected: { lane: number; index: number } | undefined;
  private frame = 0;
  private readonly svg: SVGSVGElement;
  private readonly layer: SVGGElement;
  /** lane geometry of the last drawing, for hit tests and the keyboard */
  private laneTop = new Map<number, number>();
  private laneHeight = 0;

  constructor(
    private readonly box: HTMLElement,
    private readonly tip: HTMLElement,
    private readonly said: HTMLElement,
    private readonly empty: HTMLElement,
  ) {
    this.svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    this.svg.setAttribute("aria-hidden", "true"); // the keyboard selection and #timeline-said speak for it
    this.svg.innerHTML = DEFS;
    this.layer = document.createElementNS("http://www.w3.org/2000/svg", "g");
    this.svg.append(this.layer);
    box.prepend(this.svg);
    new ResizeObserver(() => this.invalidate()).observe(box);
  }

  /** Shows `model` (a new job or a trace file) from the start, fitted. */
  show(model: TraceModel): void {
    this.model = model;
    this.selected = undefined;
    this.following = true;
    this.hideTip();
    this.invalidate();
  }

  /** Redraws at the next animation frame (once, however often it is called before). */
  invalidate(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Everything in view, and new events keep it so. */
  fit(): void {
    this.following = true;
    this.invalidate();
  }

  zoom(factor: number, atClientX?: number): void {
    const at = atClientX === undefined ? undefined : this.scale.time(atClientX - this.box.getBoundingClientRect().left);
    this.following = false;
    this.scale.zoom(factor, at ?? this.selectedCenter(), this.fullSpan() * 1.5);
    this.invalidate();
  }

  /** Pans by a fraction of the visible range (positive: later), never so far that no run is left in view. */
  pan(fraction: number): void {
    const s = this.scale;
    this.following = false;
    s.pan(fraction * s.span());
    if (this.model.eventCount > 0) {
      const span = s.span();
      const t0 = Math.min(Math.max(s.t0, this.model.start - 0.9 * span), this.model.end - 0.1 * span);
      s.pan(t0 - s.t0);
    }
    this.invalidate();
  }

  panPixels(dx: number): void {
    this.pan(-dx / this.scale.width);
  }

  private fullSpan(): number {
    return Math.max(this.end() - this.model.start, 10);
  }

  /** Where the run ends in the view: its last event, or a live job's clock if that is later. */
  private end(): number {
    return Math.max(this.model.end, this.model.now ?? -Infinity);
  }

  private selectedCenter(): number | undefined {
    const c = this.selectedCall();
    return c && c.ts + c.dur / 2 >= this.scale.t0 && c.ts <= this.scale.t1 ? c.ts + c.dur / 2 : undefined;
  }

  private selectedCall(): Call | undefined {
    return this.selected && this.model.callsOf(this.selected.lane)[this.selected.index];
  }

  /**
   * Keyboard selection: dx steps along the lane (previous/next call), dy moves to the lane above or
   * below (the call nearest in time). The view pans to keep the selected call in sight.
   */
  step(dx: number, dy: number): void {
    const lanes = this.model.lanes().filter((l) => this.model.callsOf(l).length > 0);
    if (lanes.length === 0) return;
    let call = this.selectedCall();
    if (!call) {
      // the first call in view on the first lane that has one
      for (const l of lanes) {
        const calls = this.model.callsOf(l);
        const i = Math.min(firstEndingAfter(calls, this.scale.t0), calls.length - 1);
        this.selected = { lane: l, index: i };
        if (calls[i].ts <= this.scale.t1) break;
      }
    } else if (dy !== 0) {
      const li = Math.min(Math.max(lanes.indexOf(this.selected!.lane) + dy, 0), lanes.length - 1);
      const calls = this.model.callsOf(lanes[li]);
      this.selected = { lane: lanes[li], index: Math.min(firstEndingAfter(calls, call.ts), calls.length - 1) };
    } else {
      const n = this.model.callsOf(this.selected!.lane).length;
      this.selected!.index = Math.min(Math.max(this.selected!.index + dx, 0), n - 1);
    }
    call = this.selectedCall()!;
    if (call.ts + call.dur < this.scale.t0 || call.ts > this.scale.t1) {
      this.following = false;
      this.scale.pan(call.ts + call.dur / 2 - (this.scale.t0 + this.scale.t1) / 2);
    }
    this.draw();
    this.showTip({ call }, undefined);
  }

  /** A click: selects the call at `target` (as the arrow keys would), or clears the selection. */
  pick(target: Element | null): void {
    const el = target?.closest("[data-call]") as SVGElement | null;
    if (!el) {
      this.blur();
      return;
    }
    const [lane, index] = el.dataset.call!.split(":").map(Number);
    this.selected = { lane, index };
    this.draw();
    this.showTip({ call: this.selectedCall()! }, undefined);
  }

  /** Pointer over the drawing: details of what is under it, or none. */
  hover(target: EventTarget | null, clientX: number, clientY: number): void {
    const hit = this.hit(target);
    if (hit) this.showTip(hit, { clientX, clientY });
    else if (!this.selected) this.hideTip();
  }

  leave(): void {
    if (this.selected) this.showTip({ call: this.selectedCall()! }, undefined);
    else this.hideTip();
  }

  /** Forgets the keyboard selection (focus left the timeline). */
  blur(): void {
    this.selected = undefined;
    this.hideTip();
    this.invalidate();
  }

  private hit(target: EventTarget | null): Target | undefined {
    const el = (target as Element | null)?.closest?.("[data-call],[data-msg],[data-cluster]") as SVGElement | null;
    if (!el) return undefined;
    const d = el.dataset;
    if (d.call) {
      const [lane, i] = d.call.split(":").map(Number);
      const call = this.model.callsOf(lane)[i];
      return call && { call };
    }
    if (d.msg) return { message: Number(d.msg) };
    const [lane, from, to] = d.cluster!.split(":").map(Number);
    return { cluster: [lane, from, to] };
  }

  private showTip(t: Target, at: { clientX: number; clientY: number } | undefined): void {
    const name = (r: number) => this.model.laneName(r);
    let lines: string[];
    if ("call" in t) lines = describeCall(t.call, name(t.call.lane));
    else if ("message" in t) lines = describeMessage(this.model.messages()[t.message], name);
    else {
      const [lane, from, to] = t.cluster;
      const calls = this.model.callsOf(lane);
      lines = describeCluster(to - from + 1, name(lane), calls[from].ts, calls[to].ts + calls[to].dur);
    }
    this.tip.replaceChildren(...lines.map((l, i) => Object.assign(document.createElement(i === 0 ? "strong" : "span"), { textContent: l })));
    this.tip.hidden = false;
    const box = this.box.getBoundingClientRect();
    let x: number;
    let y: number;
    if (at) {
      x = at.clientX - box.left + 14;
      y = at.clientY - box.top + 14;
    } else {
      const c = (t as { call: Call }).call;
      x = Math.max(this.scale.x(c.ts), this.scale.x0);
      y = (this.laneTop.get(c.lane) ?? 0) + this.laneHeight + 4 - this.box.scrollTop;
      this.said.textContent = lines.join(". ");
    }
    // keep it inside the box: flip to the other side of the pointer or bar when it would spill
    const w = this.tip.offsetWidth;
    const h = this.tip.offsetHeight;
    if (x + w > box.width) x = Math.max(0, (at ? at.clientX - box.left - 14 : box.width) - w);
    if (y + h > box.height) y = Math.max(0, y - h - (at ? 28 : this.laneHeight + 8));
    this.tip.style.transform = `translate(${px(x)}px, ${px(y + this.box.scrollTop)}px)`;
  }

  private hideTip(): void {
    this.tip.hidden = true;
  }

  private draw(): void {
    const m = this.model;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const lanes = m.lanes();
    const has = m.eventCount > 0;
    this.empty.hidden = has;
    const width = this.box.clientWidth;
    const labelW = Math.round(5 * rem);
    const axisH = Math.round(1.6 * rem);
    const laneH = Math.round(Math.min(Math.max((this.box.clientHeight - axisH - 4) / Math.max(lanes.length, 1), 1.25 * rem), 4.5 * rem));
    const height = axisH + lanes.length * laneH + 2;
    this.laneHeight = laneH;
    const s = this.scale;
    s.x0 = labelW;
    s.width = Math.max(width - labelW - 8, 10);
    if (this.following && has) s.fit(m.start, this.end());
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(height));

    const out: string[] = [];
    const clip = `<clipPath id="tl-clip"><rect x="${labelW}" y="0" width="${px(s.width + 8)}" height="${height}"/></clipPath>`;
    out.push(clip);
    // lanes: alternate shading, labels in a column of their own
    this.laneTop.clear();
    lanes.forEach((l, i) => {
      const y = axisH + i * laneH;
      this.laneTop.set(l, y);
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
    let bars = 0;
    const barH = Math.round(laneH * 0.62);
    const charW = 0.56 * 0.8 * rem; // the bars' text is .8rem: an average glyph, for "does it fit"
    for (const l of lanes) {
      const calls = m.callsOf(l);
      const y = (this.laneTop.get(l) ?? 0) + (laneH - barH) / 2;
      let cluster: { from: number; to: number; x0: number; x1: number } | undefined;
      const flush = () => {
        if (!cluster) return;
        if (cluster.from === cluster.to) out.push(this.bar(calls[cluster.from], l, cluster.from, y, barH, charW));
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
          out.push(this.bar(c, l, i, y, barH, charW));
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
    // messages over the bars: arrows from send to matching receive, dots for those on their way
    const messages = m.messages();
    const drawn = new Set<string>();
    const arrows: string[] = [];
    let pending = 0;
    const mid = (lane: number) => (this.laneTop.get(lane) ?? 0) + laneH / 2;
    messages.forEach((msg, i) => {
      const end = msg.matchedAt ?? this.end();
      if (end < s.t0 || msg.sentAt > s.t1) return;
      const x1 = px(s.x(msg.sentAt));
      // from the edge of the sender's bar that faces the receiver to the facing edge of the receiver's
      const down = msg.dst > msg.src ? 1 : msg.dst < msg.src ? -1 : 0;
      const y1 = px(mid(msg.src) + (down * barH) / 2);
      if (msg.matchedAt === undefined) {
        // sent, not (yet) received: a dashed line towards its receiver, up to now
        const x2 = px(s.x(Math.max(this.end(), msg.sentAt)));
        arrows.push(`<line class="msg pending" data-msg="${i}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${px(mid(msg.dst) - (down * barH) / 2)}"/>`);
        arrows.push(`<circle class="msg pending" data-msg="${i}" cx="${x1}" cy="${px(mid(msg.src))}" r="${px(rem * 0.3)}"/>`);
        pending++;
        return;
      }
      const x2 = px(s.x(msg.matchedAt));
      const y2 = px(mid(msg.dst) - (down * barH) / 2);
      const key = `${Math.round(s.x(msg.sentAt) / 2)},${msg.src},${Math.round(s.x(msg.matchedAt) / 2)},${msg.dst}`;
      if (drawn.has(key)) return; // another arrow covers exactly these pixels
      drawn.add(key);
      arrows.push(`<line class="msg${msg.coll ? " coll" : ""}" data-msg="${i}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`);
    });
    const hitLines = drawn.size <= HIT_LINES_UP_TO;
    // more arrows than the width can tell apart: drawn faint and headless, a texture of traffic
    const dense = drawn.size > s.width / 6;
    out.push(`<g class="messages${dense ? " dense" : ""}">`, ...arrows, `</g>`);
    if (hitLines) out.push(`<g class="hits">`, ...arrows.filter((a) => a.startsWith("<line")).map((a) => a.replace('class="msg', 'class="hit')), `</g>`);
    const sel = this.selectedCall();
    if (sel) {
      const y = (this.laneTop.get(sel.lane) ?? 0) + (laneH - barH) / 2 - 3;
      const x0 = s.x(sel.ts) - 3;
      out.push(`<rect class="selected" x="${px(x0)}" y="${px(y)}" width="${px(Math.max(s.x(sel.ts + sel.dur) + 3 - x0, 8))}" height="${barH + 6}"/>`);
    }
    out.push(`</g>`);
    this.layer.innerHTML = out.join("");

    // for the page's status line and the tests: what is in view
    const d = this.box.dataset;
    d.t0 = String(s.t0);
    d.t1 = String(s.t1);
    d.lanes = String(lanes.length);
    d.bars = String(bars);
    d.arrows = String(drawn.size);
    d.pending = String(pending);
    this.afterDraw();
  }

  private bar(c: Call, lane: number, i: number, y: number, h: number, charW: number): string {
    const s = this.scale;
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
}

/** Hatching for the waiting part of each kind of call, and the arrowheads. */
const DEFS = `<defs>${["send", "recv", "wait", "coll", "other"]
  .map(
    (k) =>
      `<pattern id="tl-wait-${k}" class="k-${k}" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect class="tint" width="7" height="7"/><rect class="stripe" width="3" height="7"/></pattern>`,
  )
  .join("")}<marker id="tl-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z"/></marker></defs>`;
