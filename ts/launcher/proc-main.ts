/**
 * One process of a job that spans processes, as wmpiexec runs it (process
 * mode, or `wmpiexec --pmi` under a process manager): joins the job
 * (runtime/process-job.ts), runs its ranks as worker threads, and when they
 * have all finished, leaves the job.
 */
import { joinJob, PROC_ENV } from "../runtime/process-job.js";
import type { RankData } from "../runtime/worker-main.js";
import { makeScratch, PREOPEN_ENV } from "./sandbox.js";
import { startRankThreads } from "./threads.js";
import { nodeCores } from "../runtime/host-node.js";
import { Universe } from "./universe.js";
import { PROCESS_VCS } from "../runtime/vc-table.js";
import { reportWaits } from "./deadlock-ipc.js";
import { partPath, recordTrace, TRACE_ENV, TracePart } from "./trace-file.js";

export { PROC_ENV };

/** Runs this process's part of the job; resolves to the process's exit code. */
export async function runProcess(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const job = await joinJob(env, program);
  const passed = (env[PROC_ENV.ENV_KEYS] ?? "").split(",").filter(Boolean);
  const programEnv = Object.fromEntries(passed.map((k) => [k, env[k] ?? ""]));
  // a C program under a process manager, given no directory: the scratch directory its host's processes share
  const scratch: Record<string, string> = program.endsWith(".wasm") && env[PREOPEN_ENV] === undefined ? { [PREOPEN_ENV]: makeScratch(job.id) } : {};
  // this process's universe: ranks spawned here are threads of it, at vcs of its own range
  const given = Number(env[PROC_ENV.UNIVERSE_SIZE]) || undefined;
  const universeSize = given ?? Math.max(job.np, nodeCores());
  const universe = new Universe(
    { env: { ...programEnv, ...scratch }, args, universeSize: given },
    {
      table: job.table,
      // --universe-size bounds what each process may add (the processes do not share a count)
      limit: given === undefined ? PROCESS_VCS : Math.min(PROCESS_VCS, Math.max(given - job.np, 0)),
      size: universeSize,
      names: job.names,
      network: async () => job.network,
      spawnJob: job.spawnJob,
      // the job's own placement: children of a job of processes are processes too (info wmpi_mode=thread: threads here)
      children: "process",
      place: (group) => job.addRanks(group),
      remoteVc: (vc) => vc >= 0 && vc < job.np + job.nprocs * PROCESS_VCS,
    },
    // the core the job runs, unless that is a C program's module (wmpicc): TS children need the core alone
    program.endsWith(".wasm") ? undefined : job.rankSpec(job.first).module,
  );
  const data: RankData[] = [];
  for (let r = job.first; r < job.first + job.count; r++) {
    const spec = job.rankSpec(r);
    // a spawned job of processes: its parents' port and its command's number come in the environment
    const parent = { parentPort: job.parentPort ?? (env[PROC_ENV.PARENT_PORT] || undefined), appnum: env[PROC_ENV.APPNUM] ? Number(env[PROC_ENV.APPNUM]) : job.appnum };
    data.push(universe.join({ ...spec, ...parent, env: { ...spec.env, ...scratch }, program, args, programEnv }));
  }
  const ranks = startRankThreads(data, { args, env: {}, prependRank: env[PROC_ENV.PREPEND] === "1" });
  universe.threads = { start: (more) => ranks.add(more), fail: (failure) => ranks.fail(failure) };
  // wmpiexec --trace: this process's ranks go to a part of the trace, which wmpiexec joins
  const partOf = env[TRACE_ENV.PART];
  const part = partOf ? new TracePart(partPath(partOf, job.proc)) : undefined;
  const recorder = part && recordTrace(() => universe.liveRanks(), Number(env[TRACE_ENV.T0]), (events) => part.add(events));
  ranks.onExit = (vc) => {
    recorder?.drainNow();
    universe.exited(vc);
  };
  job.onFail = () => ranks.terminate();
  const report = reportWaits(() => universe.waits());
  const r = await ranks.result;
  report.stop();
  if (recorder) part.close(recorder.stop());
  await universe.close(r.code !== 0);
  if (r.code !== 0) return job.fail(r.failure ?? `exit code ${r.code}`, r.code);
  await job.finish();
  return job.lost.length > 0 ? 1 : 0; // the job as a whole failed: let the process manager end what is left of it
}
