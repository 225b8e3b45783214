/**
 * startJob's `trace` option: the page drains its ranks' trace buffers (the
 * ranks' memories are the page's) every DRAIN_MS, hands each batch of events
 * to onEvents as it comes, and keeps them all for the job's result.
 */
import type { WatchedRank } from "../runtime/deadlock.js";
import { TraceDrain } from "../runtime/trace-drain.js";
import { traceFile, type TraceEvent, type TraceFile } from "../runtime/trace-format.js";

/** Tracing a browser job: its events live, and slow motion. */
export interface TraceOptions {
  /** Each batch of events as it is drained from the ranks (about every 50 ms while they run, and at the end). */
  onEvents?: (events: TraceEvent[]) => void;
  /**
   * Slow motion: every rank pauses this many milliseconds at the end of each
   * MPI call it makes, so that a class can follow the job. A pausing rank is
   * not waiting in MPI: the deadlock detector does not take it for blocked.
   */
  paceMs?: number;
}

const DRAIN_MS = 50;

/** The settings that make the ranks' core trace (wasm/src/trace.c reads them). */
export function traceEnv(options: TraceOptions): Record<string, string> {
  const env: Record<string, string> = { WMPI_TRACE: "1" };
  const pace = options.paceMs ?? 0;
  if (!(pace >= 0) || !Number.isFinite(pace)) throw new RangeError(`trace.paceMs must be a number of milliseconds, at least 0 (got ${options.paceMs})`);
  if (pace > 0) env.WMPI_TRACE_PACE_MS = String(pace);
  return env;
}

/** The trace of one browser job, from its start (made when startJob is called) to finish(). */
export class BrowserTrace {
  private readonly start = (performance.timeOrigin + performance.now()) / 1000;
  private readonly events: TraceEvent[] = [];
  private drain?: TraceDrain;
  private ranks: WatchedRank[] = [];
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly options: TraceOptions, private readonly program: string, private readonly np: number) {}

  /** The ranks are starting: drain them from now on. */
  watch(memories: WebAssembly.Memory[], board: SharedArrayBuffer): void {
    const b = new Int32Array(board);
    this.ranks = memories.map((memory, vc) => ({ vc, memory, board: b, slot: 1 + vc }));
    this.drain = new TraceDrain(this.start);
    this.timer = setInterval(() => this.take(), DRAIN_MS);
  }

  /**
   * Drains a last time (the job has ended: its memories hold its last
   * records, and the calls ranks were inside, as in a deadlock) and gives the
   * whole trace.
   */
  finish(): TraceFile {
    clearInterval(this.timer);
    this.take(true);
    return traceFile(this.program, this.np, this.events, this.drain?.lost() ?? 0);
  }

  private take(last = false): void {
    const batch = this.drain?.drain(this.ranks) ?? [];
    if (last) batch.push(...(this.drain?.openCalls() ?? []));
    if (batch.length === 0) return;
    for (const e of batch) this.events.push(e);
    try {
      this.options.onEvents?.(batch);
    } catch (e) {
      console.error("wmpi: trace.onEvents threw", e); // the page's bug must not stop the job's trace
    }
  }
}
