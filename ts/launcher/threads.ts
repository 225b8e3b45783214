import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AbortNotice } from "../runtime/host-node.js";
import { nodeCores } from "../runtime/host-node.js";
import { createBoard, createRankMemory, rankMemoryPages } from "../runtime/job.js";
import { wmpiEnv } from "../runtime/singleton.js";
import { compileCore } from "../runtime/wasm-file.js";
import type { RankData } from "../runtime/worker-main.js";
import type { LaunchOptions } from "./cli.js";
import { forwardLines } from "./output.js";

const OUTPUT_GRACE_MS = 200;

/** A failed job's exit status: the rank's code as a process can report it, never 0 (256 would wrap to it). */
export function exitCode(code: number): number {
  return code & 0xff || 1;
}

/** How a job ended: the exit code for wmpiexec, and why it failed if it did. */
export interface JobResult {
  code: number;
  failure?: string;
}

/** Rank threads under way: their outcome, and a way to stop them all. */
export interface RankThreads {
  result: Promise<JobResult>;
  terminate(): void;
}

/**
 * Starts one worker thread per entry of `ranks` (all of this process's
 * ranks). The first failure (an exception, an abort, a non-zero exit) ends
 * the others; `result` settles once every thread has exited and its output is
 * flushed.
 */
export function startRankThreads(ranks: RankData[], opts: Pick<LaunchOptions, "args" | "env" | "prependRank">): RankThreads {
  const entry = fileURLToPath(new URL("../runtime/worker-main.js", import.meta.url));
  const workers: Worker[] = [];
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
  for (const data of ranks) {
    const rank = data.rank;
    const w = new Worker(entry, {
      workerData: data,
      argv: opts.args,
      execArgv: [...process.execArgv, "--enable-source-maps"],
      env: { ...process.env, ...opts.env },
      stdout: true,
      stderr: true,
    });
    workers.push(w);
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
      if (code !== 0 && !failed) finish({ code: exitCode(code), failure: `rank ${rank} exited with code ${code}` });
      if (exited === ranks.length) void Promise.all(outputs).then(() => resolve(failed ?? { code: 0 }));
    });
  }
  return { result, terminate };
}

/** Runs `opts.np` ranks of `file` as worker threads sharing one process; resolves when the job ends. */
export async function runThreads(opts: LaunchOptions, file: string): Promise<JobResult> {
  // a C program built by wmpicc carries the core: it is the module every rank runs
  const module = compileCore(file.endsWith(".wasm") ? file : undefined);
  const pages = rankMemoryPages({ ...process.env, ...opts.env });
  const memories = Array.from({ length: opts.np }, () => createRankMemory(pages));
  const board = createBoard(opts.np);
  const env = { ...wmpiEnv(process.env), ...opts.env };
  const ranks = Array.from({ length: opts.np }, (_, rank): RankData => ({
    rank,
    size: opts.np,
    cores: nodeCores(),
    module,
    memories,
    board,
    env,
    program: file,
    args: opts.args,
    programEnv: opts.env,
  }));
  return startRankThreads(ranks, opts).result;
}
