/**
 * The trace format of wmpi (issue 10): Chrome's trace event format in its
 * JSON object form, which Perfetto (ui.perfetto.dev) and chrome://tracing
 * open: one lane (tid) per rank, an "X" event per MPI call, and an "s"/"f"
 * flow pair per message from the send to the receive that matched it (the
 * README's Tracing section). The teaching site's timeline reads it too.
 */

/** Arguments of an MPI call's X event: what applies to the call. */
export interface CallArgs {
  /** rank in `comm` (-1: MPI_ANY_SOURCE); absent for collectives */
  peer?: number;
  /** the root of a rooted collective */
  root?: number;
  /** the tag of a point-to-point call */
  tag?: number;
  /** the bytes the call moves (present for every send and receive, 0 included) */
  bytes?: number;
  /** "MPI_COMM_WORLD", "MPI_COMM_SELF" or "comm <n>" */
  comm?: string;
  /** RMA calls: "win <n>" */
  win?: string;
  /** MPI-IO calls: "file <n>" */
  file?: string;
  /** the job ended while the rank was inside this call (a deadlock, a failure): `dur` runs to the job's end */
  unfinished?: true;
}

/** Arguments of a message's "s" event. */
export interface MessageArgs {
  /** the sender's lane (world rank) */
  src: number;
  /** the receiver's lane (world rank) */
  dst: number;
  /** the message's tag */
  tag: number;
  /** the message's size */
  bytes: number;
  /** its communicator, named as in CallArgs */
  comm?: string;
  /** set when the message is part of a collective: the collective's name */
  coll?: string;
}

/** One event of a trace. `ts` and `dur` are microseconds since the job started. */
export type TraceEvent =
  | { ph: "M"; name: "process_name" | "thread_name"; pid: number; tid?: number; args: { name: string } }
  | { ph: "X"; cat: "mpi"; name: string; pid: number; tid: number; ts: number; dur: number; args: CallArgs }
  | { ph: "s"; cat: "message"; name: "message"; id: string; pid: number; tid: number; ts: number; args: MessageArgs }
  | { ph: "f"; bp: "e"; cat: "message"; name: "message"; id: string; pid: number; tid: number; ts: number };

/** A whole trace, as `wmpiexec --trace` writes it and a browser job's result carries it. */
export interface TraceFile {
  /** the events: lane names first, then calls and messages */
  traceEvents: TraceEvent[];
  /** how viewers show times */
  displayTimeUnit: "ms";
  /** the job: the format's version, its ranks, the program */
  otherData: { wmpi: { version: 1; ranks: number; program: string; /** records the core dropped: its buffer was full */ lost?: number } };
}

/** The metadata events that name the job's process and each rank's lane. */
export function laneNames(program: string, ranks: number, lanes: Iterable<number> = Array.from({ length: ranks }, (_, r) => r)): TraceEvent[] {
  const out: TraceEvent[] = [{ ph: "M", name: "process_name", pid: 0, args: { name: `wmpi: ${program}, ${ranks} rank${ranks === 1 ? "" : "s"}` } }];
  for (const tid of lanes) out.push({ ph: "M", name: "thread_name", pid: 0, tid, args: { name: `rank ${tid}` } });
  return out;
}

/**
 * A trace file of events, in the format `wmpiexec --trace` writes (Chrome's trace events, which
 * Perfetto and the teaching site's timeline open), with lanes named for `ranks` ranks and any
 * others the events use (spawned ranks).
 * @param program the program's name, for the title
 * @param ranks the job's ranks
 * @param events the events, as the `trace.onEvents` option of startJob() receives them
 * @param lost records the core dropped because its buffer was full
 * @example
 * ```ts
 * import { startJob, traceFile, type TraceEvent } from "wmpi/browser";
 * const events: TraceEvent[] = [];
 * const job = startJob({ np: 2, program: "ring.js", trace: { onEvents: (batch) => events.push(...batch) } });
 * await job.result;
 * const json = JSON.stringify(traceFile("ring.js", 2, events));
 * ```
 */
export function traceFile(program: string, ranks: number, events: TraceEvent[], lost = 0): TraceFile {
  const lanes = new Set<number>(Array.from({ length: ranks }, (_, r) => r));
  for (const e of events) if (e.ph !== "M" && e.tid !== undefined) lanes.add(e.tid);
  const wmpi: TraceFile["otherData"]["wmpi"] = { version: 1, ranks, program };
  if (lost > 0) wmpi.lost = lost;
  return { traceEvents: [...laneNames(program, ranks, [...lanes].sort((a, b) => a - b)), ...events], displayTimeUnit: "ms", otherData: { wmpi } };
}
