/**
 * Running a C MPI program (a .wasm built by wmpicc) as one rank: the module
 * holds the program and wmpi's core; it imports the same channel and host
 * functions as the core alone, and WASI for its C library. Its main sees the
 * arguments and only the environment wmpiexec passed on, and only the files
 * below the directories wmpiexec preopened (WMPI_PREOPEN: --preopen, or the
 * job's scratch directory), by their host paths.
 *
 * A trap (out-of-bounds access, unreachable, stack overflow) ends the job
 * naming the rank, the trap and the wasm frames (with names when the module
 * has them: wmpicc keeps function names); a rank that ends badly at its
 * memory cap says so.
 */
import path from "node:path";
import { parentPort } from "node:worker_threads";
import { HostDirectory } from "./host-dir.js";
import type { AbortNotice } from "./host-node.js";
import { nodeHost } from "./host-node.js";
import { instantiateRank } from "./instance.js";
import { rankMemoryPages } from "./job.js";
import { describeTrap } from "./trap.js";
import type { RankData } from "./worker-main.js";

export { describeTrap };

/** Runs the program's main in this thread; returns its exit code. */
export function runCProgram(data: RankData): number {
  const args = [path.basename(data.program), ...(data.args ?? [])];
  // the core's own settings (WMPI_*) are part of the job; anything else only if passed on
  const env = { ...data.env, ...(data.programEnv ?? {}) };
  const dirs = (data.env.WMPI_PREOPEN ?? "").split(path.delimiter).filter(Boolean);
  const rank = instantiateRank(data, nodeHost, { args, env }, { dirs: dirs.map((d) => HostDirectory.preopen(d, d)), cwd: workingDirectory(dirs, data.cwd) });
  // with a cap, a rank that ends badly says how close to it its memory was
  const capNote = () =>
    process.env.WMPI_MAX_MEMORY === undefined ? "" : ` (its memory was ${mib(rank.memory.buffer.byteLength)} of its ${mib(capBytes())} cap, --max-memory)`;
  try {
    const code = rank.start();
    if (code !== 0 && capNote()) process.stderr.write(`wmpi: rank ${data.rank} exited with code ${code}${capNote()}\n`);
    return code;
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError || e instanceof RangeError)) throw e;
    parentPort?.postMessage({ type: "trap", code: 1, message: `${describeTrap(e)}${capNote()}` } satisfies AbortNotice);
    return 1;
  }
}

/** wmpiexec's working directory when one of `dirs` holds it (so relative paths mean what they would natively), else the first. */
export function workingDirectory(dirs: string[], cwd = process.cwd()): string | undefined {
  const holds = (d: string) => cwd === d || cwd.startsWith(d.endsWith(path.sep) ? d : d + path.sep);
  return dirs.some(holds) ? cwd : dirs[0];
}

/** The rank's memory cap in bytes. */
function capBytes(): number {
  return rankMemoryPages(process.env) * 65536;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / (1 << 20))} MiB`;
}
