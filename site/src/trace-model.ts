// What the timeline draws, built from trace events (docs: /work/notes/s6-trace-schema.md, the
// Chrome trace event format that `wmpiexec --trace` writes and startJob streams): one lane per rank,
// its MPI calls in time order, and the messages that a send's `s` flow event and the matching
// receive's `f` event make. Events come in any order and in any chunks (a live job streams them),
// so the model keeps them as they come and sorts and matches lazily, once per drawing.

/** One event as the reader accepts it: the fields of the trace format it uses (others are kept out). */
export interface TraceEvent {
  ph: string;
  name?: string;
  cat?: string;
  pid?: number;
  tid?: number;
  ts?: number;
  dur?: number;
  id?: string | number;
  bp?: string;
  /** an object (the format's CallArgs, MessageArgs, or a name), read field by field */
  args?: object;
}

/** The colour group of a call: what a student should tell apart at a glance. */
export type CallKind = "send" | "recv" | "wait" | "coll" | "other";

/** One MPI call on one rank's lane. */
export interface Call {
  lane: number;
  name: string;
  kind: CallKind;
  /** start and duration, µs since the job started */
  ts: number;
  dur: number;
  args: Record<string, unknown>;
  /**
   * Until when the call waited: the moment the last message it waited for matched (a receive's
   * own `f`, or a synchronous send's message taken by its receiver inside the call); undefined when
   * the trace does not say it waited. The rest of the call is its own work (copying, handing over).
   */
  waitedUntil?: number;
}

/** One message: from the send's `s` event to the matching receive's `f` event. */
export interface Message {
  id: string;
  src: number;
  dst: number;
  sentAt: number;
  /** when the receive matched it; undefined while it is on its way (live) or never taken */
  matchedAt?: number;
  args: Record<string, unknown>;
  /** a collective's internal message (args.coll names the collective) */
  coll?: string;
}

const SEND = /^MPI_(I?[sbr]?send|(S|B|R)?send_init|Put|Accumulate|Rput|Raccumulate)$/i;
const RECV = /^MPI_(I?m?recv|Recv_init|I?m?probe|Sendrecv(_replace)?|Get|Rget)$/i;
const WAIT = /^MPI_(Wait|Test)(all|any|some)?$|^MPI_(Win_(fence|wait|complete|lock|unlock|flush.*)|Start(all)?)$/i;
const COLL = /^MPI_I?(Barrier|Bcast|Reduce|Allreduce|Reduce_scatter(_block)?|Scan|Exscan|Gatherv?|Allgatherv?|Scatterv?|Alltoall[vw]?|Neighbor_\w+)$/i;

export function callKind(name: string): CallKind {
  if (SEND.test(name)) return "send";
  if (RECV.test(name)) return "recv";
  if (WAIT.test(name)) return "wait";
  if (COLL.test(name)) return "coll";
  return "other";
}

/** Calls that do nothing but wait for the other ranks: the whole call counts as waiting. */
const PURE_WAIT = /^MPI_Barrier$/i;
const SYNC_SEND = /^MPI_Ssend$/i;

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

export class TraceModel {
  /** lane (rank) -> its label, from thread_name metadata or made up ("rank 3") */
  private readonly names = new Map<number, string>();
  private readonly calls = new Map<number, Call[]>();
  private readonly flows = new Map<string, Message>();
  /** `f` events seen before their `s` (order is not significant in a trace file) */
  private readonly orphanEnds = new Map<string, { lane: number; ts: number }>();
  private dirty = false;
  private sortedMessages: Message[] = [];
  private leaving = 0;
  /** what the trace says about itself: process_name, or otherData.wmpi.program */
  title = "";
  /** the latest time any event reaches, µs */
  end = 0;
  /** the earliest time of any event, µs (0 for a job's own clock) */
  start = Infinity;
  /** events taken in, for "N events" in the view */
  eventCount = 0;
  /** records the tracer dropped (its buffer was full): the picture has gaps */
  lost = 0;
  /**
   * A live job's clock: now while it runs, its end once it ended (µs, the trace's own clock). The
   * view reaches this far, so time passing shows while nothing is traced (slow motion's pauses,
   * a deadlock's wait) and a message still on its way is drawn up to it.
   */
  now: number | undefined;

  /** A model with lanes 0..ranks-1 already there (a live job's lanes show before its first event). */
  constructor(ranks = 0) {
    for (let r = 0; r < ranks; r++) this.lane(r);
  }

  /** Takes a whole trace file: the object form {traceEvents, otherData} or a bare array of events. */
  static fromFile(json: unknown): TraceModel {
    const events = Array.isArray(json) ? json : (json as { traceEvents?: unknown })?.traceEvents;
    if (!Array.isArray(events)) throw new TypeError("not a trace: expected {\"traceEvents\": [...]} or an array of events");
    const model = new TraceModel(num(wmpiData(json)?.ranks) ?? 0);
    model.about(json);
    model.append(events as TraceEvent[]);
    if (model.eventCount === 0) throw new TypeError("the trace holds no MPI calls or messages");
    return model;
  }

  /** Takes what a whole trace says about itself (otherData.wmpi: its program, lost records). */
  about(json: unknown): void {
    const wmpi = wmpiData(json);
    if (typeof wmpi?.program === "string") this.title = wmpi.program;
    this.lost = num(wmpi?.lost) ?? this.lost;
  }

  /** Adds events (any order, any chunk); events of other kinds and malformed ones are skipped. */
  append(events: readonly TraceEvent[]): void {
    for (const e of events) {
      if (!e || typeof e !== "object") continue;
      const lane = num(e.tid) ?? 0;
      const ts = num(e.ts);
      if (e.ph === "M") {
        const name = (e.args as { name?: unknown } | undefined)?.name;
        if (typeof name !== "string") continue;
        if (e.name === "thread_name") this.names.set(lane, name), this.lane(lane);
        else if (e.name === "process_name" && !this.title) this.title = name;
        continue;
      }
      if (ts === undefined) continue;
      if (e.ph === "X" && typeof e.name === "string") {
        const dur = Math.max(0, num(e.dur) ?? 0);
        this.lane(lane).push({ lane, name: e.name, kind: callKind(e.name), ts, dur, args: argsOf(e) });
        this.see(ts, ts + dur);
      } else if ((e.ph === "s" || e.ph === "f") && e.id !== undefined) {
        this.flow(e, String(e.id), lane, ts);
        this.see(ts, ts);
      } else continue;
      this.eventCount++;
      this.dirty = true;
    }
  }

  private flow(e: TraceEvent, id: string, lane: number, ts: number): void {
    if (e.ph === "f") {
      const m = this.flows.get(id);
      if (m) m.matchedAt = ts;
      else this.orphanEnds.set(id, { lane, ts });
      if (m && m.dst !== lane) m.dst = lane; // the lane that took it is where the arrow ends
      return;
    }
    const args = argsOf(e);
    const end = this.orphanEnds.get(id);
    this.orphanEnds.delete(id);
    const coll = typeof args.coll === "string" ? args.coll : undefined;
    this.flows.set(id, { id, src: lane, dst: end?.lane ?? num(args.dst) ?? lane, sentAt: ts, matchedAt: end?.ts, args, coll });
  }

  private see(from: number, to: number): void {
    if (from < this.start) this.start = from;
    if (to > this.end) this.end = to;
  }

  private lane(r: number): Call[] {
    let calls = this.calls.get(r);
    if (!calls) this.calls.set(r, (calls = []));
    return calls;
  }

  /** The lanes (ranks), in order. */
  lanes(): number[] {
    return [...this.calls.keys()].sort((a, b) => a - b);
  }

  laneName(r: number): string {
    return this.names.get(r) ?? `rank ${r}`;
  }

  /** A lane's calls sorted by start (a rank makes one call at a time, so their ends are sorted too). */
  callsOf(r: number): readonly Call[] {
    this.prepare();
    return this.calls.get(r) ?? [];
  }

  /** Every message between the lanes, sorted by send time; matched and still on its way. */
  messages(): readonly Message[] {
    this.prepare();
    return this.sortedMessages;
  }

  /**
   * Messages sent to ranks with no lane here, never seen arriving: ranks of
   * another job (a page's ranks joined to a Node job, two jobs met through a
   * port), whose own trace has the receives. They are not in messages().
   */
  toOtherJobs(): number {
    this.prepare();
    return this.leaving;
  }

  /** The call on lane `r` that is under way at time `t` (its start <= t <= its end), if any. */
  callAt(r: number, t: number): Call | undefined {
    const calls = this.callsOf(r);
    const i = firstEndingAfter(calls, t);
    const c = calls[i];
    return c && c.ts <= t ? c : undefined;
  }

  /** Sorts lanes and messages and works out how long each call waited; only after new events. */
  private prepare(): void {
    if (!this.dirty) return;
    this.dirty = false;
    for (const calls of this.calls.values()) {
      calls.sort((a, b) => a.ts - b.ts);
      for (const c of calls) c.waitedUntil = PURE_WAIT.test(c.name) ? c.ts + c.dur : undefined;
    }
    const all = [...this.flows.values()];
    this.sortedMessages = all.filter((m) => m.matchedAt !== undefined || this.calls.has(m.dst)).sort((a, b) => a.sentAt - b.sentAt);
    this.leaving = all.length - this.sortedMessages.length;
    for (const m of this.sortedMessages) {
      if (m.matchedAt === undefined) continue;
      // the receive waited until this message matched; so did a synchronous send, which returns
      // only once its message is taken (an eager send's match inside the call is its own delivery)
      const sender = this.callAtRaw(m.src, m.sentAt);
      for (const c of [this.callAtRaw(m.dst, m.matchedAt), sender && SYNC_SEND.test(sender.name) ? sender : undefined])
        if (c && m.matchedAt <= c.ts + c.dur && m.matchedAt > (c.waitedUntil ?? -Infinity)) c.waitedUntil = m.matchedAt;
    }
  }

  private callAtRaw(r: number, t: number): Call | undefined {
    const calls = this.calls.get(r) ?? [];
    const c = calls[firstEndingAfter(calls, t)];
    return c && c.ts <= t ? c : undefined;
  }
}

const argsOf = (e: TraceEvent): Record<string, unknown> => (e.args && typeof e.args === "object" ? (e.args as Record<string, unknown>) : {});

function wmpiData(json: unknown): { ranks?: unknown; program?: unknown; lost?: unknown } | undefined {
  return (json as { otherData?: { wmpi?: { ranks?: unknown; program?: unknown; lost?: unknown } } } | null)?.otherData?.wmpi;
}

/** The index of the first call (of calls sorted by start and end) that ends at or after `t`. */
export function firstEndingAfter(calls: readonly Call[], t: number): number {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calls[mid].ts + calls[mid].dur < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
