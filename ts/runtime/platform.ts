/**
 * The Node platform of the facade (platform-types.ts): the core instance
 * comes from the job wmpiexec installed, a job a process manager started
 * (`mpiexec.hydra -n 4 node app.js`: joined here, before the core starts),
 * or a 1-rank job; settings come from process.env; the program ends at
 * process exit. A browser bundle swaps this file for platform-browser.ts.
 */
import { wholeFileSystem } from "./host-dir.js";
import { nodeHost } from "./host-node.js";
import { instantiateRank } from "./instance.js";
import { getJob, setJob } from "./job.js";
import type { Platform } from "./platform-types.js";
import { joinJob, startedByProcessManager } from "./process-job.js";
import { singletonJob } from "./singleton.js";

/** The job this process joined by itself, if a process manager started it. */
let processJob: Awaited<ReturnType<typeof joinJob>> | undefined;
let finalizeIfNeeded: () => void = () => {};

if (getJob() === undefined && startedByProcessManager()) {
  const job = (processJob = await joinJob());
  if (job.count !== 1) await job.fail("a program started directly by a process manager runs one rank per process");
  setJob(job.rankSpec(job.first));
  job.keepAlive(false);
  let left = false;
  process.on("beforeExit", () => {
    if (left) return;
    left = true;
    finalizeIfNeeded();
    void job.finish().then(() => {
      if (job.lost.length > 0) process.exitCode ||= 1; // the job as a whole failed
    });
  });
}

export const platform: Platform = {
  instantiateRank: () => instantiateRank(getJob() ?? singletonJob(), nodeHost, undefined, wholeFileSystem()),
  getenv: (name) => process.env[name],
  atExit: (fn) => void process.once("exit", fn),
  connect(finalize) {
    finalizeIfNeeded = finalize;
  },
  finalized() {
    // everything this rank sent is written out (chan_close waits for it): the process may exit now
    processJob?.leavingNow();
  },
};
