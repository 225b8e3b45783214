/**
 * Running a C MPI program (a .wasm built by wmpicc) as one rank: the module
 * holds the program and wmpi's core; it imports the same channel and host
 * functions as the core alone, and WASI for its C library. Its main sees the
 * arguments and only the environment wmpiexec passed on, and no files.
 */
import path from "node:path";
import { nodeHost } from "./host-node.js";
import { instantiateRank } from "./instance.js";
import type { RankData } from "./worker-main.js";

/** Runs the program's main in this thread; returns its exit code. */
export function runCProgram(data: RankData): number {
  const args = [path.basename(data.program), ...(data.args ?? [])];
  // the core's own settings (WMPI_*) are part of the job; anything else only if passed on
  const env = { ...data.env, ...(data.programEnv ?? {}) };
  const rank = instantiateRank(data, nodeHost, { args, env });
  return rank.start();
}
