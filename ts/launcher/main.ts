/** wmpiexec: runs an MPI program written with wmpi as N ranks. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { NAMESERVER_ENV, parseArgs, USAGE, UsageError } from "./cli.js";
import { parseNameServerAddress } from "../net/name-client.js";
import { startedByProcessManager } from "../runtime/process-job.js";
import { runProcess } from "./proc-main.js";
import { processSettings, runProcesses } from "./processes.js";
import { runThreads } from "./threads.js";
import { prepareSandbox, removeScratch } from "./sandbox.js";
import { prepareProgram } from "./transpile.js";
import { TRACE_ENV, TracePathError, TraceWriter } from "./trace-file.js";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Runs wmpiexec with the given arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`wmpiexec: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (opts === "version") {
    process.stdout.write(`wmpiexec (wmpi) ${version()}\n`);
    return 0;
  }
  if (!existsSync(opts.program)) {
    process.stderr.write(`wmpiexec: cannot run ${opts.program}: no such file\n`);
    return 1;
  }
  let program;
  try {
    program = await prepareProgram(opts.program);
  } catch (e) {
    // esbuild has printed the errors with their locations
    process.stderr.write(`wmpiexec: cannot run ${opts.program}: ${e instanceof Error ? e.message.split("\n")[0] : e}\n`);
    return 1;
  }
  const managed = opts.pmi || startedByProcessManager();
  const fromEnv = process.env[TRACE_ENV.ON];
  // (WMPI_TRACE=0 is off, as the core reads it)
  const tracePath = opts.trace ?? (managed || !fromEnv || fromEnv === "0" ? undefined : fromEnv);
  if (tracePath !== undefined && managed) {
    process.stderr.write("wmpiexec: --trace is for jobs wmpiexec starts itself (thread or process mode), not under a process manager\n");
    return 2;
  }
  if (managed && opts.nameserver) {
    process.stderr.write("wmpiexec: --nameserver is for jobs wmpiexec starts itself: under a process manager, names go through it (mpiexec -nameserver HOST)\n");
    program.cleanup();
    return 2;
  }
  // (the processes of a job of processes inherit the variable, and are managed: their names go through wmpiexec)
  const fromEnvNs = process.env[NAMESERVER_ENV];
  if (!managed && opts.nameserver === undefined && fromEnvNs) {
    try {
      opts.nameserver = parseNameServerAddress(fromEnvNs, NAMESERVER_ENV);
    } catch (e) {
      process.stderr.write(`wmpiexec: ${(e as Error).message}\n`);
      program.cleanup();
      return 2;
    }
  }
  let trace: TraceWriter | undefined;
  try {
    // made now, so that a path that cannot be written stops the job before it starts
    if (tracePath !== undefined) trace = new TraceWriter(path.resolve(tracePath));
  } catch (e) {
    if (!(e instanceof TracePathError)) throw e;
    process.stderr.write(`wmpiexec: ${e.message}\n`);
    program.cleanup();
    return 2;
  }
  // the ranks' core traces when WMPI_TRACE is set (wasm/src/trace.c)
  if (trace) opts.env[TRACE_ENV.ON] = trace.path;
  prepareSandbox(opts, managed);
  const cleanup = () => {
    program.cleanup();
    removeScratch();
  };
  // an interrupted job must not leave its transpiled copy beside the program, nor its scratch directory
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.once(signal, () => {
      cleanup();
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    });
  try {
    if (managed)
      return await runProcess(program.file, opts.args, { ...process.env, ...processSettings(opts) }).catch((e: unknown) => {
        process.stderr.write(`wmpiexec: ${e instanceof Error ? e.message : e}\n`);
        return 1;
      });
    const r = opts.mode === "process" ? await runProcesses(opts, program.file, trace) : await runThreads(opts, program.file, trace);
    trace?.close(path.basename(opts.program), opts.np);
    if (r.failure) process.stderr.write(`wmpiexec: ${r.failure}\n`);
    return r.code;
  } finally {
    cleanup();
  }
}
