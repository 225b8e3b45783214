// The one place the site talks to startJob's tracing: the `trace` option streams the events as
// the ranks make their calls (every ~50 ms), `paceMs` is slow motion (every rank pauses that long
// after each traced call), and the result's `trace` is the whole trace, whose otherData says how
// many records the ranks' buffers lost.
import type { JobOptions, JobResult, TraceOptions } from "wmpi/browser";
import type { TraceModel } from "./trace-model.js";

export interface LiveTrace {
  /** what the events go into */
  readonly model: TraceModel;
  /** spread into startJob's options */
  readonly option: Required<Pick<JobOptions, "trace">>;
  /** Takes the job's result: what the trace says about itself (lost records) once it is whole. */
  finish(result: JobResult): void;
}

/** Streams a job's events into `model`, calling `changed` after each batch. */
export function liveTrace(model: TraceModel, changed: () => void, paceMs: number): LiveTrace {
  const trace: TraceOptions = {
    onEvents(events) {
      model.append(events);
      changed();
    },
  };
  if (paceMs > 0) trace.paceMs = paceMs;
  return {
    model,
    option: { trace },
    finish(result) {
      if (result.trace) model.about(result.trace);
      changed();
    },
  };
}
