/**
 * wmpiexec's process mode: one Node process per `ppn` ranks, on this
 * machine. wmpiexec is their process manager: it serves PMI-1 to them (the
 * same protocol MPICH's Hydra speaks, so a process runs the same code either
 * way: proc-main.ts), hands each its ranks and the job's secret, and ends the
 * job when one fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { wireNames } from "../net/name-client.js";
import { PmiServer } from "../pmi/server.js";
import type { LaunchOptions } from "./cli.js";
import { PROC_ENV } from "./proc-main.js";
import { watchDeadlocks } from "../runtime/deadlock.js";
import { ProcessWaits } from "./deadlock-ipc.js";
import { deadlockSeconds, exitCode, type JobResult } from "./threads.js";
import { joinParts, TRACE_ENV, traceClock, type TraceWriter } from "./trace-file.js";
import { prepareProgram, type Runnable } from "./transpile.js";

/** Gives processes that were told to stop this long before they are killed. */
const KILL_GRACE_MS = 2000;

/**
 * The environment that carries wmpiexec's options to a process of a
 * multi-process job (its own children, or itself under --pmi).
 */
export function processSettings(opts: LaunchOptions): Record<string, string> {
  const env: Record<string, string> = {
    ...opts.env,
    [PROC_ENV.PREPEND]: opts.prependRank ? "1" : "0",
    [PROC_ENV.ENV_KEYS]: Object.keys(opts.env).join(","),
  };
  if (opts.net) env[PROC_ENV.TRANSPORT] = opts.net;
  if (opts.universeSize !== undefined) env[PROC_ENV.UNIVERSE_SIZE] = String(opts.universeSize);
  if (opts.bind) env[PROC_ENV.BIND] = opts.bind;
  if (opts.tls?.cert !== undefined) env[PROC_ENV.TLS_CERT] = opts.tls.cert;
  if (opts.tls?.key !== undefined) env[PROC_ENV.TLS_KEY] = opts.tls.key;
  if (opts.tls?.ca !== undefined) env[PROC_ENV.TLS_CA] = opts.tls.ca;
  return env;
}

/**
 * The commands of a job spawned with MPI_Comm_spawn_multiple as processes
 * (child-job.ts): WMPI_APPS, a JSON list of { file, args, np }, one
 * MPI_COMM_WORLD for all; each rank's process runs its command, with
 * MPI_APPNUM its index. Undefined for a job of one command.
 */
async function appsOf(env: NodeJS.ProcessEnv): Promise<{ runnable: Runnable; args: string[]; np: number }[] | undefined> {
  const text = env[PROC_ENV.APPS];
  if (!text) return undefined;
  const apps = JSON.parse(text) as { file: string; args: string[]; np: number }[];
  return Promise.all(apps.map(async (a) => ({ runnable: await prepareProgram(a.file), args: a.args, np: a.np })));
}

/** Runs `opts.np` ranks of `file` in processes of `opts.ppn` ranks each; resolves when the job ends. */
export async function runProcesses(opts: LaunchOptions, file: string, trace?: TraceWriter): Promise<JobResult> {
  const apps = await appsOf(process.env);
  // (a rank's command: the one whose ranks it falls in)
  const appOf = (rank: number) => {
    let first = 0;
    for (const [i, a] of (apps ?? []).entries()) if (rank < (first += a.np)) return { i, file: a.runnable.file, args: a.args };
    return { i: 0, file, args: opts.args };
  };
  const ppn = apps ? 1 : (opts.ppn ?? 1);
  const nprocs = Math.ceil(opts.np / ppn);
  const firstOf = (p: number) => p * ppn;
  const countOf = (p: number) => Math.min(ppn, opts.np - p * ppn);
  const describe = (p: number) =>
    countOf(p) === 1 ? `rank ${firstOf(p)}` : `ranks ${firstOf(p)}..${firstOf(p) + countOf(p) - 1} (process ${p})`;
  let failed: JobResult | undefined;
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
    setTimeout(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill("SIGKILL")), KILL_GRACE_MS).unref();
  };
  const fail = (r: JobResult) => {
    if (failed) return;
    failed = r;
    if (!opts.noAutoCleanup) stopAll();
    else process.stderr.write(`wmpiexec: ${r.failure}; the other processes go on (--disable-auto-cleanup)\n`);
  };
  const pmi = await PmiServer.start({
    size: nprocs,
    // the process printed the reason itself; PMI carries it with its spaces replaced
    onAbort: (p, code) => fail({ code: exitCode(code), failure: `${describe(p)} aborted the job with code ${code}` }),
    // a process gone before its PMI finalize: the others would wait for it forever
    onLost: (p) => fail({ code: 1, failure: `${describe(p)} ended before finishing the job` }),
    // --nameserver: the processes' names go to it as they sent them (what wmpi's PMI client encodes, as in thread mode)
    names: opts.nameserver ? wireNames(opts.nameserver) : undefined,
  });
  // a PMI_FD inherited from a process manager above us would win over our server's address
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PMI_")));
  // (a job spawned as processes: its parents chose the token, to know the job when it connects)
  const token = process.env[PROC_ENV.SPAWN_TOKEN] ?? randomBytes(32).toString("hex");
  const entry = fileURLToPath(new URL("./proc-entry.js", import.meta.url));
  const exits: Promise<void>[] = [];
  // a job whose every rank waits in MPI with nothing on its way ends with a report instead of hanging
  const waits = new ProcessWaits();
  const seconds = deadlockSeconds(opts);
  const watch = seconds > 0 ? watchDeadlocks(() => waits.sample(), (report) => fail({ code: 1, failure: report }), seconds * 1000) : undefined;
  // each process drains its own ranks into a part of the trace, stamped from the same start
  const traced = trace ? { [TRACE_ENV.T0]: String(traceClock()), [TRACE_ENV.PART]: trace.path } : {};
  for (let p = 0; p < nprocs; p++) {
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      ...processSettings({ ...opts, net: opts.net ?? "unix" }),
      ...pmi.envFor(p),
      [PROC_ENV.RANKS]: `${firstOf(p)}:${countOf(p)}`,
      [PROC_ENV.NP]: String(opts.np),
      [PROC_ENV.TOKEN]: token,
      ...traced,
    };
    const app = appOf(firstOf(p));
    if (apps) env[PROC_ENV.APPNUM] = String(app.i);
    // the "ipc" slot carries the process's waits (deadlock-ipc.ts)
    const child = spawn(process.execPath, [...process.execArgv, entry, app.file, ...app.args], { env, stdio: ["inherit", "inherit", "inherit", "ipc"] });
    children.push(child);
    waits.listen(p, child);
    exits.push(
      new Promise((resolve) =>
        child.on("exit", (code, signal) => {
          if (code !== 0 && !failed)
            fail({ code: exitCode(code ?? 1), failure: `${describe(p)} exited with ${signal ? `signal ${signal}` : `code ${code}`}` });
          resolve();
        }),
      ),
    );
    child.on("error", (e) => fail({ code: 1, failure: `cannot start ${describe(p)}: ${e.message}` }));
  }
  const onSignal = () => stopAll();
  process.on("SIGINT", onSignal);
  try {
    await Promise.all(exits);
  } finally {
    watch?.stop();
    process.off("SIGINT", onSignal);
    await pmi.close();
    for (const a of apps ?? []) a.runnable.cleanup();
    if (trace) joinParts(trace, nprocs);
  }
  return failed ?? { code: 0 };
}
