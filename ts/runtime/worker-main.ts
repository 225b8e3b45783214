/**
 * The entry of one rank thread: installs the job the launcher built, then
 * runs the program. `import { MPI } from "wmpi"` in the program finds the job.
 */
import { pathToFileURL } from "node:url";
import { workerData } from "node:worker_threads";
import { setJob, type JobSpec } from "./job.js";

/** What the launcher hands each rank thread. */
export interface RankData extends JobSpec {
  program: string;
}

const data = workerData as RankData;
setJob(data);
await import(pathToFileURL(data.program).href);
