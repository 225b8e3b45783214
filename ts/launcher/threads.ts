import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AbortNotice } from "../runtime/host-node.js";
import type { RankData } from "../runtime/worker-main.js";
import type { LaunchOptions } from "./cli.js";
import { forwardLines } from "./output.js";
import { watchDeadlocks } from "../runtime/deadlock.js";
import { Universe } from "./universe.js";
import { recordTrace, traceClock, type TraceWriter } from "./trace-file.js";

const OUTPUT_GRACE_MS = 200;
/** How long every rank must have waited, with nothing on its way, before a job counts as deadlocked (WMPI_DEADLOCK_SECONDS; 0: never). */
const DEADLOCK_SECONDS = 3;

export function deadlockSeconds(opts: LaunchOptions): number {
  return Number({ ...process.env, ...opts.env }.WMPI_DEADLOCK_SECONDS ?? DEADLOCK_SECONDS);
}

/** A failed job's exit status: the rank's code as a process can report it, never 0 (256 would wrap to it). */
export function exitCode(code: number): number {
  return code & 0xff || 1;
}

/** How a job ended: the exit code for wmpiexec, and why it failed if it did. */
export interface JobResult {
  code: number;
  failure?: string;
}

/** Rank threads under way: their outcome, a way to stop them all, and to start more (spawned ranks). */
export interface RankThreads {
  result: Promise<JobResult>;
  terminate(): void;
  /** Starts more rank threads, which the result then waits for too. */
  add(ranks: RankData[]): void;
  /** Ends the job: `failure` says why. */
  fail(failure: string): void;
  /** Called with a rank's vc when its thread has exited. */
  onExit?: (vc: number) => void;
}

/**
 * Starts one worker thread per entry of `ranks` (all of this process's
 * ranks). The first failure (an exception, an abort, a non-zero exit) ends
 * the others; `result` settles once every thread has exited and its output is
 * flushed.
 */
export function startRankThreads(ranks: RankData[], opts: Pick<LaunchOptions, "args" | "env" | "prependRank">): RankThreads {
  const entry = fileURLToPath(new URL("../runtime/worker-main.js", import.meta.url));
  /** the threads running (an exited one is let go: a job that spawns in a loop keeps none of them) */
  const workers = new Set<Worker>();
  let started = 0;
  const outputs: Promise<void>[] = [];
  let failed: JobResult | undefined;
  let exited = 0;
  let resolve!: (r: JobResult) => void;
  const result = new Promise<JobResult>((r) => (resolve = r));
  const terminate = () => workers.forEach((w) => void w.terminate());
  const finish = (r: JobResult) => {
    if (failed) return;
    failed = r;
    // A failure ends every other rank. Lines a rank has already written are
    // still on their way from its thread: give them a moment, not the job.
    setTimeout(terminate, OUTPUT_GRACE_MS);
  };
  const add = (more: RankData[]) => {
    for (const data of more) {
      // a spawned rank is named by its vc: its world rank repeats other jobs'
      const rank = (data.worldVc ?? 0) + data.rank;
      const w = new Worker(entry, {
        workerData: data,
        transferList: data.universe && "port" in data.universe ? [data.universe.port as never] : [],
        argv: data.args ?? opts.args,
        execArgv: [...process.execArgv, "--enable-source-maps"],
        env: { ...process.env, ...opts.env },
        stdout: true,
        stderr: true,
      });
      workers.add(w);
      started++;
      const prefix = opts.prependRank ? `[${rank}] ` : "";
      outputs.push(forwardLines(w.stdout, process.stdout, prefix), forwardLines(w.stderr, process.stderr, prefix));
      w.on("message", (m: AbortNotice) => {
        if (m?.type === "abort") finish({ code: exitCode(m.code), failure: `rank ${rank} aborted the job: ${m.message}` });
        if (m?.type === "trap") finish({ code: exitCode(m.code), failure: `rank ${rank} trapped: ${m.message}` });
      });
      w.on("error", (e: unknown) => {
        const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
        finish({ code: 1, failure: `rank ${rank} failed: ${text}` });
      });
      w.on("exit", (code) => {
        exited++;
        threads.onExit?.(rank);
        if (code !== 0 && !failed) finish({ code: exitCode(code), failure: `rank ${rank} exited with code ${code}` });
        workers.delete(w);
        if (exited === started) void Promise.all(outputs).then(() => resolve(failed ?? { code: 0 }));
      });
    }
  };
  const threads: RankThreads = { result, terminate, add, fail: (failure) => finish({ code: 1, failure }) };
  add(ranks);
  return threads;
}

/** Runs `opts.np` ranks of `file` as worker threads sharing one process; resolves when the job ends. */
export async function runThreads(opts: LaunchOptions, file: string, trace?: TraceWriter): Promise<JobResult> {
  const universe = Universe.forThreads(opts);
  const start = traceClock();
  const threads = startRankThreads(await universe.firstJob(file, opts.np), opts);
  universe.threads = { start: (ranks) => threads.add(ranks), fail: (failure) => threads.fail(failure) };
  const recorder = trace && recordTrace(() => universe.liveRanks(), start, (events) => trace.add(events));
  threads.onExit = (vc) => {
    recorder?.drainNow(); // (the universe forgets an exited rank: its last records first)
    universe.exited(vc);
  };
  // a job whose every rank waits in MPI with nothing on its way ends with a report instead of hanging
  const seconds = deadlockSeconds(opts);
  const watch = seconds > 0 ? watchDeadlocks(() => universe.waits(), (report) => threads.fail(report), seconds * 1000) : undefined;
  let result: JobResult | undefined;
  try {
    return (result = await threads.result);
  } finally {
    watch?.stop();
    if (recorder) trace.addLost(recorder.stop());
    await universe.close(result?.code !== 0);
  }
}
