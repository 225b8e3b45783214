/**
 * wmpiexec --trace FILE (or WMPI_TRACE=FILE): the trace file of a job. The
 * ranks' records are copied out of their buffers every DRAIN_MS and whenever
 * a rank exits; they are decoded and written (which takes the launcher's
 * thread, and so a core from the ranks) only when DECODE_AT of them wait, and
 * at the end. In a job of processes each process writes its own part (NDJSON,
 * one event a line) beside FILE, and wmpiexec joins the parts into FILE.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import type { WatchedRank } from "../runtime/deadlock.js";
import { TraceDrain, traceClock } from "../runtime/trace-drain.js";
import { laneNames, type TraceEvent, type TraceFile } from "../runtime/trace-format.js";

/** How often the ranks' buffers are copied out while the job runs: a rank at full speed fills its 65536 records in ~40 ms. */
const DRAIN_MS = 10;
/**
 * Records copied out that are decoded and written at once (48 MiB of them):
 * decoding takes the launcher's thread for a while, which on a machine with
 * no core to spare stalls the ranks, so it waits for the end unless a job
 * writes this many.
 */
const DECODE_AT = 1 << 20;

/** The settings a traced job's processes get: the job's start, and where they write their parts. */
export const TRACE_ENV = { ON: "WMPI_TRACE", T0: "WMPI_TRACE_T0", PART: "WMPI_TRACE_PART" } as const;

export { traceClock };

/** A trace path that cannot be written: said before the job starts. */
export class TracePathError extends Error {}

/** The file of the whole trace: `{"traceEvents":[` ... `]}` written a piece at a time. */
export class TraceWriter {
  private readonly fd: number;
  private first = true;
  private readonly lanes = new Set<number>();
  private readonly named = new Set<number>();
  private lost = 0;

  /** Creates (or empties) `path`; TracePathError if it cannot be written. */
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, "w");
    } catch (e) {
      throw new TracePathError(`cannot write the trace to ${path}: ${(e as Error).message}`);
    }
    writeSync(this.fd, '{"traceEvents":[\n');
  }

  add(events: TraceEvent[]): void {
    if (events.length === 0) return;
    for (const e of events) this.note(e);
    this.write(events.map((e) => JSON.stringify(e)));
  }

  /** Lines that are events already (a process's part). */
  addLines(lines: string[]): void {
    for (const l of lines) this.note(JSON.parse(l) as TraceEvent);
    this.write(lines);
  }

  /** The lanes events use, and those named already (a spawned job's ranks). */
  private note(e: TraceEvent): void {
    if (e.tid === undefined) return;
    if (e.ph === "M") this.named.add(e.tid);
    else this.lanes.add(e.tid);
  }

  addLost(n: number): void {
    this.lost += n;
  }

  /** Names the lanes (ranks 0..ranks-1, and any other rank seen that has no name yet) and closes the file. */
  close(program: string, ranks: number): void {
    for (let r = 0; r < ranks; r++) this.lanes.add(r);
    const unnamed = [...this.lanes].filter((l) => !this.named.has(l)).sort((a, b) => a - b);
    this.write(laneNames(program, ranks, unnamed).map((e) => JSON.stringify(e)));
    const wmpi: TraceFile["otherData"]["wmpi"] = { version: 1, ranks, program };
    if (this.lost > 0) wmpi.lost = this.lost;
    writeSync(this.fd, `\n],\n"displayTimeUnit":"ms",\n"otherData":${JSON.stringify({ wmpi })}}\n`);
    closeSync(this.fd);
    if (this.lost > 0)
      process.stderr.write(`wmpiexec: the trace lacks ${this.lost} records: a rank wrote them faster than they were drained (WMPI_TRACE_RECORDS sets its buffer)\n`);
  }

  private write(lines: string[]): void {
    writeSync(this.fd, (this.first ? "" : ",\n") + lines.join(",\n"));
    this.first = false;
  }
}

/**
 * Drains `ranks()` every DRAIN_MS, into `sink` by batches, until stop();
 * `drainNow` takes what a rank wrote before it goes (call it when a rank
 * exits, before the rank is dropped from `ranks()`). stop() drains a last
 * time (with the calls ranks are still inside) and returns the number of
 * records the cores dropped.
 */
export function recordTrace(ranks: () => WatchedRank[], startSeconds: number, sink: (events: TraceEvent[]) => void): { drainNow(): void; stop(): number } {
  const drain = new TraceDrain(startSeconds);
  const drainNow = () => {
    if (drain.take(ranks()) >= DECODE_AT) sink(drain.events());
  };
  const timer = setInterval(drainNow, DRAIN_MS);
  timer.unref?.();
  return {
    drainNow,
    stop() {
      clearInterval(timer);
      drain.take(ranks());
      // (a call still open: the job ended inside it, as a deadlocked or failed one does)
      sink([...drain.events(), ...drain.openCalls(), ...drain.spawnedLanes()]);
      return drain.lost();
    },
  };
}

/** The part file of process `p` of a job traced to `path`. */
export function partPath(path: string, p: number): string {
  return `${path}.part${p}`;
}

/** A process's part: its events, one JSON a line, and last a line {"lost": n}. */
export class TracePart {
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, "w");
  }
  add(events: TraceEvent[]): void {
    if (events.length > 0) writeSync(this.fd, events.map((e) => JSON.stringify(e) + "\n").join(""));
  }
  close(lost: number): void {
    writeSync(this.fd, JSON.stringify({ lost }) + "\n");
    closeSync(this.fd);
  }
}

/** Joins the parts of `nprocs` processes into the writer and removes them; a part that is missing (its process died) is skipped. */
export function joinParts(writer: TraceWriter, nprocs: number): void {
  for (let p = 0; p < nprocs; p++) {
    const file = partPath(writer.path, p);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const lines = text.split("\n").filter(Boolean);
    const last = lines.length > 0 ? (JSON.parse(lines[lines.length - 1]) as { lost?: number }) : {};
    if (last.lost !== undefined) {
      writer.addLost(last.lost);
      lines.pop();
    }
    writer.addLines(lines);
    rmSync(file, { force: true });
  }
}
