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
import type { RankData } from "./worker-main.js";

/** Frames of a trap's stack worth showing. */
const MAX_FRAMES = 12;

/** Runs the program's main in this thread; returns its exit code. */
export function runCProgram(data: RankData): number {
  const args = [path.basename(data.program), ...(data.args ?? [])];
  // the core's own settings (WMPI_*) are part of the job; anything else only if passed on
  const env = { ...data.env, ...(data.programEnv ?? {}) };
  const dirs = (data.env.WMPI_PREOPEN ?? "").split(path.delimiter).filter(Boolean);
  const rank = instantiateRank(data, nodeHost, { args, env }, { dirs: dirs.map((d) => HostDirectory.preopen(d, d)), cwd: workingDirectory(dirs) });
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

/** "memory access out of bounds\n    at main (wasm...)": the trap and its wasm frames, repeats folded. */
export function describeTrap(e: Error): string {
  const what = e instanceof RangeError && /call stack/i.test(e.message) ? "stack overflow (call stack exhausted)" : e.message;
  const frames = (e.stack ?? "").split("\n").filter((l) => l.includes("wasm://") || l.includes("wasm-function"));
  const out: string[] = [];
  for (let i = 0; i < frames.length && out.length < MAX_FRAMES; ) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[i]) j++;
    out.push(frames[i].trim().replace(/^at /, "at ") + (j > i ? ` (x${j - i + 1})` : ""));
    i = j + 1;
  }
  return [what, ...out.map((f) => `    ${f}`)].join("\n");
}

/** The rank's memory cap in bytes. */
function capBytes(): number {
  return rankMemoryPages(process.env) * 65536;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / (1 << 20))} MiB`;
}
