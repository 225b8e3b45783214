import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** What a finished job printed and how it ended. */
export interface JobOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Options of one job run. */
export interface JobOptions {
  args?: string[];
  env?: Record<string, string>;
  launcherArgs?: string[];
  timeoutMs?: number;
  /** Working directory (default: the repository root). */
  cwd?: string;
}

/** Runs `wmpiexec -n np test/jobs/<name>` and collects its output. */
export function runJob(np: number, name: string, opts: JobOptions = {}): Promise<JobOutput> {
  const program = path.join(root, "test/jobs", name);
  return runCommand(process.execPath, [path.join(root, "bin/wmpiexec.js"), "-n", String(np), ...(opts.launcherArgs ?? []), program, ...(opts.args ?? [])], opts);
}

/** Runs a command from the repository root, killing it after a timeout. */
export function runCommand(cmd: string, args: string[], opts: JobOptions = {}): Promise<JobOutput> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? root, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out after ${opts.timeoutMs} ms: ${cmd} ${args.join(" ")}\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
    // it could not start (no such command, no such working directory): say so now, not at the timeout
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd} in ${opts.cwd ?? root}: ${e.message}`));
    });
  });
}

/** Asserts that every rank of a job printed "No Errors" (MPICH's test convention) and the job exited 0. */
export function expectNoErrors(out: JobOutput, np: number): void {
  const ok = out.stdout.split("\n").filter((l) => /^rank \d+: No Errors$/.test(l)).length;
  if (out.code !== 0 || ok !== np) {
    throw new Error(`job failed (exit ${out.code}, ${ok}/${np} ranks reported No Errors)\n--- stdout\n${out.stdout}\n--- stderr\n${out.stderr}`);
  }
}
