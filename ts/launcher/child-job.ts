/**
 * Spawned children as processes (info "wmpi_mode" = "process"): a job of
 * their own, started by running wmpiexec in process mode as a child of this
 * process, whose ranks connect back to the parents' port over the network
 * as another job would (runtime/net-jobs.ts). Their MPI_COMM_WORLD is their
 * own; MPI_Comm_get_parent, MPI_APPNUM and MPI_UNIVERSE_SIZE come to them in
 * the environment (WMPI_PARENT_PORT, WMPI_APPNUM, WMPI_UNIVERSE_SIZE).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { PROC_ENV } from "../runtime/process-job.js";
import { jobIdOf } from "../runtime/job-token.js";
import { jobNumber } from "../runtime/vc-table.js";

/** What starts a child job: its commands (one MPI_COMM_WORLD for all, MPI_APPNUM their index). */
export interface ChildJobSpec {
  apps: { file: string; args: string[]; np: number }[];
  cwd?: string;
  /** the parents' port, as other jobs reach it */
  parentPort: string;
  /** wmpiexec --universe-size of the parents' job, if it was given (it bounds the children's spawns too) */
  universeSize?: number;
  /** wmpiexec --env of the parents' job: the children see them too */
  env: Record<string, string>;
}

/** A child job under way. */
export interface ChildJob {
  /** its job number (from the token chosen for it here), to tell whether it ever met the parents */
  job: number;
  /** resolves with its exit code once wmpiexec has ended */
  exited: Promise<number>;
  kill(): void;
}

/** wmpiexec's command-line entry. */
export const WMPIEXEC = fileURLToPath(new URL("../../bin/wmpiexec.js", import.meta.url));

export function startChildJob(spec: ChildJobSpec): ChildJob {
  const token = randomBytes(32).toString("hex");
  // (a job's number is what process-job.ts makes of its token)
  const job = jobNumber(jobIdOf(token));
  // a PMI_FD or PMI_PORT of our own process manager would make it one of our job's processes
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PMI_")));
  Object.assign(env, {
    [PROC_ENV.SPAWN_TOKEN]: token,
    [PROC_ENV.PARENT_PORT]: spec.parentPort,
    [PROC_ENV.APPNUM]: "0",
  });
  if (spec.universeSize !== undefined) env[PROC_ENV.UNIVERSE_SIZE] = String(spec.universeSize);
  if (spec.apps.length > 1) env[PROC_ENV.APPS] = JSON.stringify(spec.apps);
  const envArgs = Object.entries(spec.env).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
  const np = spec.apps.reduce((n, a) => n + a.np, 0);
  const [first] = spec.apps;
  const child: ChildProcess = spawn(process.execPath, [WMPIEXEC, "--mode", "process", "-n", String(np), ...envArgs, first.file, ...first.args], {
    cwd: spec.cwd,
    env,
    stdio: "inherit",
  });
  const exited = new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on("error", () => resolve(127));
  });
  return { job, exited, kill: () => void (child.exitCode === null && child.kill("SIGTERM")) };
}
