/**
 * The files a C program may reach: the directories given with --preopen, or
 * else a scratch directory of the job's own, made here and removed when the
 * job ends. The ranks learn them from WMPI_PREOPEN (host paths joined with
 * path.delimiter), the same in every process the launcher starts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LaunchOptions } from "./cli.js";

/** The variable that carries the directories to the ranks. */
export const PREOPEN_ENV = "WMPI_PREOPEN";

/** Sets WMPI_PREOPEN in `opts.env` for a C program; returns what removes the scratch directory, if one was made. */
export function prepareSandbox(opts: LaunchOptions): () => void {
  if (!opts.program.endsWith(".wasm")) return () => {};
  if (opts.preopen.length > 0) {
    opts.env[PREOPEN_ENV] = opts.preopen.join(path.delimiter);
    return () => {};
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), "wmpi-scratch-"));
  opts.env[PREOPEN_ENV] = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
