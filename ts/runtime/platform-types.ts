import type { RankInstance } from "./instance.js";

/**
 * What the facade (mpi/environment.ts) needs from the environment its rank
 * runs in. One implementation per target: platform.ts for Node, and
 * platform-browser.ts for a browser rank (a Web Worker), which bundlers pick
 * through package.json's "browser" field (scripts/build-browser.mjs does the
 * same). Everything Node-only the facade reaches goes through here, so the
 * browser bundle never sees node:fs, node:worker_threads or process.
 */
export interface Platform {
  /** This thread's instance of the core: the job a launcher installed (setJob), or one the platform makes itself. */
  instantiateRank(): RankInstance;
  /** A setting of the rank's environment (WMPI_RC_INITIALIZE, ...). */
  getenv(name: string): string | undefined;
  /** Runs `fn` once when the program is over (Node: the process exits; a browser rank: its module has settled). */
  atExit(fn: () => void): void;
  /**
   * The facade is loaded: `finalizeIfNeeded` runs MPI_Finalize unless it
   * was run (or MPI never started). A Node process a process manager started
   * calls it before it leaves its job.
   */
  connect(finalizeIfNeeded: () => void): void;
  /** MPI_Finalize returned: everything this rank sent is out. */
  finalized(): void;
}
