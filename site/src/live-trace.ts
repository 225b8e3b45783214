// The one place the site talks to startJob's tracing (the `trace` option: events streamed as the
// ranks make their calls, and `paceMs`, the slow motion that pauses every rank after each traced
// call). A wmpi without tracing ignores the option: no event ever comes, and finish() says so,
// so the page tells the reader instead of showing an empty timeline as if the job did nothing.
import type { TraceEvent, TraceModel } from "./trace-model.js";

/** The option as startJob takes it (wmpi/browser's TraceOptions). */
export interface TraceOption {
  trace: { onEvents(events: TraceEvent[]): void; paceMs?: number };
}

export interface LiveTrace {
  /** what the events go into */
  readonly model: TraceModel;
  /** spread into startJob's options */
  readonly option: TraceOption;
  /**
   * Takes the job's result: a wmpi that gives the whole trace at the end (result.trace) but streamed
   * nothing fills the model from it; the trace's otherData says how many records were lost.
   * Returns whether the job was traced at all.
   */
  finish(result: object): boolean;
}

/** Streams a job's events into `model`, calling `changed` after each batch. */
export function liveTrace(model: TraceModel, changed: () => void, paceMs: number): LiveTrace {
  let streamed = false;
  return {
    model,
    option: {
      trace: {
        onEvents(events) {
          streamed = true;
          model.append(events);
          changed();
        },
        ...(paceMs > 0 ? { paceMs } : {}),
      },
    },
    finish(result) {
      const trace = (result as { trace?: { traceEvents?: TraceEvent[] } }).trace;
      if (trace) model.about(trace); // how many records were lost is known only at the end
      if (!streamed && Array.isArray(trace?.traceEvents)) model.append(trace.traceEvents);
      changed();
      return streamed || Array.isArray(trace?.traceEvents);
    },
  };
}
