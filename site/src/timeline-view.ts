// The timeline view: what part of the run is in view (zoom, pan, following a live job), which call
// is selected, and the details of what the pointer or the selection is on. Drawing itself is
// timeline-draw.ts; it is batched into animation frames, since a live job's events can arrive
// many times a frame.
import { describeCall, describeCluster, describeMessage } from "./timeline-details.js";
import { DEFS, drawTimeline, laneLayout } from "./timeline-draw.js";
import { TimeScale } from "./timeline-scale.js";
import { firstEndingAfter, TraceModel, type Call } from "./trace-model.js";

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
      const t0 = Math.min(Math.max(s.t0, this.model.start - 0.9 * span), this.end() - 0.1 * span);
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
    const has = m.eventCount > 0;
    this.empty.hidden = has;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const width = this.box.clientWidth;
    const layout = laneLayout(m.lanes(), rem, width, this.box.clientHeight);
    this.scale.x0 = layout.labelW;
    this.scale.width = Math.max(width - layout.labelW - 8, 10);
    if (this.following && has) this.scale.fit(m.start, this.end());
    this.laneTop = layout.top;
    this.laneHeight = layout.laneH;
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(layout.height));
    const drawn = drawTimeline(m, this.scale, layout, { rem, width, end: this.end(), selected: this.selectedCall() });
    this.layer.innerHTML = drawn.svg;

    // for the page's status line and the tests: what is in view
    const d = this.box.dataset;
    d.t0 = String(this.scale.t0);
    d.t1 = String(this.scale.t1);
    d.lanes = String(layout.top.size);
    d.bars = String(drawn.bars);
    d.arrows = String(drawn.arrows);
    d.pending = String(drawn.pending);
    this.afterDraw();
  }
}
