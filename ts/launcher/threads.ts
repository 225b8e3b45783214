import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AbortNotice } from "../runtime/host-node.js";
import { nodeCores } from "../runtime/host-node.js";
import { createBoard, createRankMemory } from "../runtime/job.js";
import { wmpiEnv } from "../runtime/singleton.js";
import { compileCore } from "../runtime/wasm-file.js";
import type { RankData } from "../runtime/worker-main.js";
import type { LaunchOptions } from "./cli.js";
import { forwardLines } from "./output.js";

const OUTPUT_GRACE_MS = 200;

/** A failed job's exit status: the rank's code as a process can report it, never 0 (256 would wrap to it). */
function exitCode(code: number): number {
  return code & 0xff || 1;
}

/** How a job ended: the exit code for wmpiexec, and why it failed if it did. */
export interface JobResult {
  code: number;
  failure?: string;
}

/** Runs `opts.np` ranks of `file` as worker threads sharing one process; resolves when the job ends. */
export async function runThreads(opts: LaunchOptions, file: string): Promise<JobResult> {
  const module = compileCore();
  const memories = Array.from({ length: opts.np }, createRankMemory);
  const board = createBoard(opts.np);
  const env = { ...wmpiEnv(process.env), ...opts.env };
  const entry = fileURLToPath(new URL("../runtime/worker-main.js", import.meta.url));
  const workers: Worker[] = [];
  const outputs: Promise<void>[] = [];
  let result: JobResult | undefined;
  let exited = 0;

  return new Promise<JobResult>((resolve) => {
    const finish = (r: JobResult) => {
      if (result) return;
      result = r;
      // A failure ends every other rank. Lines a rank has already written are
      // still on their way from its thread: give them a moment, not the job.
      if (r.code !== 0) setTimeout(() => workers.forEach((w) => void w.terminate()), OUTPUT_GRACE_MS);
    };
    const settle = () => {
      if (exited === opts.np) void Promise.all(outputs).then(() => resolve(result ?? { code: 0 }));
    };
    for (let rank = 0; rank < opts.np; rank++) {
      const data: RankData = { rank, size: opts.np, cores: nodeCores(), module, memories, board, env, program: file };
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
      });
      w.on("error", (e: unknown) => {
        const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
        finish({ code: 1, failure: `rank ${rank} failed: ${text}` });
      });
      w.on("exit", (code) => {
        exited++;
        if (code !== 0 && !result) finish({ code: exitCode(code), failure: `rank ${rank} exited with code ${code}` });
        settle();
      });
    }
  });
}
