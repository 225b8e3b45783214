/**
 * The browser platform of the facade (platform-types.ts), for a rank that
 * runs in a Web Worker started by browser/start-job.ts: the core instance
 * comes from the job the rank's worker installed; settings are the job's
 * environment (there is no process.env); the program is over when its
 * module has settled, and then the rank worker runs the exit hooks.
 * Bundlers take this file in place of platform.ts (package.json "browser").
 */
import { browserHost } from "../browser/rank-host.js";
import { rankFiles } from "../browser/rank-files.js";
import { instantiateRank } from "./instance.js";
import { getJob } from "./job.js";
import type { Platform } from "./platform-types.js";

/** Kept on globalThis: a second copy of this module in the same worker shares the hooks. */
const EXIT_HOOKS = Symbol.for("wmpi.exitHooks");

function exitHooks(): Array<() => void> {
  const g = globalThis as Record<symbol, Array<() => void> | undefined>;
  return (g[EXIT_HOOKS] ??= []);
}

export const platform: Platform = {
  instantiateRank() {
    const job = getJob();
    if (job === undefined)
      throw new Error("wmpi: in a browser, MPI runs in the ranks of a job started by startJob() of wmpi/browser (Web Workers); this thread is not one of them");
    // MPI-IO's files: the job's file worker (browser/file-client.ts), unless the page started the job without files
    return instantiateRank(job, browserHost(job.rank), undefined, rankFiles(job.memories[job.rank]));
  },
  getenv: (name) => getJob()?.env[name],
  atExit: (fn) => void exitHooks().push(fn),
  connect() {},
  finalized() {},
};

/** Runs, once, what atExit registered: the rank worker calls it when the program has settled. */
export function runExitHooks(): void {
  const hooks = exitHooks().splice(0);
  for (const fn of hooks) fn();
}
