// The timeline panel of the page (#timeline): the view with its controls, what it is showing
// (a live job or a trace file) said in one line, and the trace file input and drop zone.
import type { JobResult } from "wmpi/browser";
import { liveTrace, type LiveTrace } from "./live-trace.js";
import { acceptTraceFiles, readTraceFile } from "./trace-file.js";
import { bindTimelineInput } from "./timeline-input.js";
import { TimelineView } from "./timeline-view.js";
import { TraceModel } from "./trace-model.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
/** How often a running job's timeline moves on when no event comes (slow motion, a deadlock). */
const CLOCK_MS = 200;

/** What the panel shows, for the tests (window.wmpiSite.timeline). */
export interface TimelineState {
  source: "none" | "live" | "file";
  /** a live job's timeline while the job runs */
  running: boolean;
  events: number;
  /** matched point-to-point messages, and matched messages inside collectives (args.coll) */
  messages: number;
  collMessages: number;
  /** messages sent and not (yet) received */
  pending: number;
  /** messages to ranks of another job (no lane here) */
  otherJobs: number;
}

export class TimelinePanel {
  readonly view: TimelineView;
  readonly state: TimelineState = { source: "none", running: false, events: 0, messages: 0, collMessages: 0, pending: 0, otherJobs: 0 };
  private readonly caption = $<HTMLElement>("timeline-source");
  private readonly empty = $<HTMLElement>("timeline-empty");
  private label = "";
  /** While a job runs: moves its clock on, so the view shows time passing between events. */
  private clock: ReturnType<typeof setInterval> | undefined;
  private stopClock = () => {};
  /** why the last file could not be opened */
  private problem: string | undefined;

  constructor() {
    const box = $<HTMLElement>("timeline-view");
    this.view = new TimelineView(box, $("timeline-tip"), $("timeline-said"), this.empty);
    this.view.afterDraw = () => this.drawn();
    bindTimelineInput(this.view, box, { zoomIn: $("zoom-in"), zoomOut: $("zoom-out"), fit: $("zoom-fit") });
    acceptTraceFiles($<HTMLInputElement>("trace-file"), $("timeline"), (f) => void this.open(f));
  }

  /** A new job's timeline, filled as its events arrive; pass the returned option to startJob. */
  live(np: number, label: string, paceMs: number): LiveTrace {
    const model = new TraceModel(np);
    this.problem = undefined;
    this.view.show(model);
    // the job's trace clock starts when startJob is called, which the caller does right after this
    const t0 = performance.now();
    const tick = () => {
      model.now = (performance.now() - t0) * 1000;
      if (model.eventCount > 0) this.changed();
    };
    clearInterval(this.clock);
    this.clock = setInterval(tick, CLOCK_MS);
    this.stopClock = () => {
      clearInterval(this.clock);
      tick();
      // the job's end matters only to messages it never received (a deadlock's): else the view ends with the last call
      if (!model.messages().some((m) => m.matchedAt === undefined)) model.now = undefined;
    };
    Object.assign(this.state, { source: "live", running: true, events: 0, messages: 0, collMessages: 0, pending: 0, otherJobs: 0 });
    this.label = label;
    this.empty.textContent = "Waiting for the first MPI call…";
    this.changed();
    return liveTrace(model, () => this.changed(), paceMs);
  }

  /** The job of `live` ended with `result` (a job the panel no longer shows is left alone). */
  ended(live: LiveTrace, result: JobResult): void {
    live.finish(result);
    if (this.view.model !== live.model) return;
    this.stopClock();
    this.state.running = false;
    if (this.view.model.eventCount === 0) this.empty.textContent = "This run made no MPI calls that are traced.";
    this.changed();
  }

  private async open(file: File): Promise<void> {
    try {
      const model = await readTraceFile(file);
      this.stopClock(); // a job still running goes on unseen
      this.problem = undefined;
      this.view.show(model);
      Object.assign(this.state, { source: "file", running: false });
      this.label = `${file.name}${model.title ? ` (${model.title})` : ""}`;
      this.changed();
      $("timeline-view").focus();
    } catch (e) {
      // kept until the next file or run: a redraw (the longer caption resizes the view) must not wipe it
      this.problem = e instanceof Error ? e.message : String(e);
      this.say("");
    }
  }

  /** New events: counted and drawn at the next frame (a live job may send many batches a frame). */
  private changed(): void {
    this.view.invalidate();
  }

  private drawn(): void {
    const m = this.view.model;
    this.state.events = m.eventCount;
    const matched = m.messages().filter((x) => x.matchedAt !== undefined);
    this.state.pending = m.messages().length - matched.length;
    this.state.collMessages = matched.filter((x) => x.coll).length;
    this.state.messages = matched.length - this.state.collMessages;
    this.state.otherJobs = m.toOtherJobs();
    this.say(this.state.running ? "running" : "");
  }

  /** "Ring on 4 ranks · live · 8 calls, 4 messages" (", 6 inside collectives") */
  private say(phase: "running" | ""): void {
    const m = this.view.model;
    const calls = m.lanes().reduce((n, l) => n + m.callsOf(l).length, 0);
    const { messages, collMessages, pending, otherJobs } = this.state;
    const inside =
      (collMessages ? `, ${collMessages} inside collectives` : "") + (pending ? `, ${pending} sent but not received` : "") + (otherJobs ? `, ${otherJobs} to another job` : "");
    const counts = m.eventCount ? ` · ${calls} call${calls === 1 ? "" : "s"}, ${messages} message${messages === 1 ? "" : "s"}${inside}` : "";
    const lost = m.lost ? ` · ${m.lost} record${m.lost === 1 ? "" : "s"} lost (the trace buffer was full): some calls are missing` : "";
    this.caption.classList.toggle("bad", this.problem !== undefined);
    this.caption.textContent = this.problem ?? `${this.label}${phase ? " · live" : ""}${counts}${lost}`;
  }
}
