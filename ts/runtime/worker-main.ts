/**
 * The entry of one rank thread: installs the job the launcher built, then
 * runs the program. `import { MPI } from "wmpi"` in the program finds the job.
 */
import { pathToFileURL } from "node:url";
import { workerData } from "node:worker_threads";
import { runCProgram } from "./c-program.js";
import { setJob, type JobSpec } from "./job.js";

/** What the launcher hands each rank thread. */
export interface RankData extends JobSpec {
  program: string;
  /** a C program's argv after its name, and the environment it sees (wmpiexec's --env) */
  args?: string[];
  programEnv?: Record<string, string>;
  /** A C program's working directory (MPI_Comm_spawn's info "wdir"), if below a directory it may reach; default: wmpiexec's. */
  cwd?: string;
}

const data = workerData as RankData;
if (data.program.endsWith(".wasm")) {
  // a C program built by wmpicc: its module (already in data.module) is the core and main together
  process.exitCode = runCProgram(data);
} else {
  setJob(data);
  await import(pathToFileURL(data.program).href);
}
