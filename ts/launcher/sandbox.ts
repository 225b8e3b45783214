/**
 * The files a C program may reach: the directories given with --preopen, or
 * else a scratch directory of the job's own, removed when the job ends. The
 * ranks learn them from WMPI_PREOPEN (host paths joined with path.delimiter).
 *
 * wmpiexec makes one scratch directory for the job it starts (threads, or
 * its own processes). Under a process manager (--pmi) each process makes it
 * once it has joined the job, by a name from the job's id, so the processes
 * of one host share it; each removes it after the job's last barrier.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LaunchOptions } from "./cli.js";

/** The variable that carries the directories to the ranks. */
export const PREOPEN_ENV = "WMPI_PREOPEN";

const made = new Set<string>();
// a job that ends by process.exit (an abort, a lost process) removes its scratch too
process.on("exit", removeScratch);

/** A scratch directory: `tmpdir/wmpi-scratch-<jobId>` (made if absent), or a fresh one. */
export function makeScratch(jobId?: string): string {
  const prefix = path.join(os.tmpdir(), "wmpi-scratch-");
  let dir: string;
  if (jobId === undefined) dir = mkdtempSync(prefix);
  else mkdirSync((dir = prefix + jobId), { recursive: true, mode: 0o700 });
  made.add(dir);
  return dir;
}

/** Removes the scratch directories this process made (another process of the host may be removing the same one). */
export function removeScratch(): void {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // the other process got there first
    }
  }
  made.clear();
}

/**
 * Sets WMPI_PREOPEN in `opts.env` for a C program: the --preopen directories,
 * or (unless the job is a process manager's, `managed`) a scratch directory.
 */
export function prepareSandbox(opts: LaunchOptions, managed: boolean): void {
  if (!opts.program.endsWith(".wasm")) return;
  if (opts.preopen.length > 0) opts.env[PREOPEN_ENV] = opts.preopen.join(path.delimiter);
  else if (!managed) opts.env[PREOPEN_ENV] = makeScratch();
}
