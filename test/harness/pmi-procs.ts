// Runs the processes of one PMI job the way a process manager would (Hydra, Slurm): each is
// `wmpiexec --pmi program` with its own environment (its PMI_* variables and wmpi settings),
// optionally under a command prefix such as `ip netns exec NS`. When one process fails, the
// others are killed, as Hydra does; a job that outlives its timeout is killed and rejected.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { JobOutput } from "./job.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** One process of the job. */
export interface PmiProc {
  /** PMI_PORT, PMI_ID, PMI_RANK, PMI_SIZE (PmiServer.envFor) and any WMPI_* settings */
  env: Record<string, string>;
  /** a command the process runs under, e.g. ["ip", "netns", "exec", "ns1"] */
  prefix?: string[];
  /** its working directory (default: the package's root) */
  cwd?: string;
}

/** How the job ended: every process's exit code, and their output together. */
export interface PmiJobOutput extends JobOutput {
  /** each process's exit code (null: killed by a signal) */
  codes: (number | null)[];
}

/** Starts `node bin/wmpiexec.js --pmi test/jobs/<name>` once per process; resolves when all have ended. */
export function runPmiJob(procs: PmiProc[], name: string, timeoutMs = 30_000): Promise<PmiJobOutput> {
  const t0 = Date.now();
  // a PMI_FD or PMI_PORT in the test's own environment would win over the process's own
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PMI_")));
  const cmd = [process.execPath, path.join(root, "bin/wmpiexec.js"), "--pmi", path.join(root, "test/jobs", name)];
  let stdout = "";
  let stderr = "";
  const children: ChildProcess[] = [];
  const killAll = () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill("SIGKILL"));
  const exits = procs.map((p) => {
    const argv = [...(p.prefix ?? []), ...cmd];
    const child = spawn(argv[0]!, argv.slice(1), { cwd: p.cwd ?? root, env: { ...base, ...p.env }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    return new Promise<number | null>((resolve) =>
      child.on("close", (code) => {
        if (code !== 0) killAll(); // a failed process ends the job
        resolve(code);
      }),
    );
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killAll();
      reject(new Error(`PMI job ${name} did not end within ${timeoutMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    }, timeoutMs);
    void Promise.all(exits).then((codes) => {
      clearTimeout(timer);
      // the first failure (null when a signal ended it), else 0
      const failed = codes.findIndex((c) => c !== 0);
      const code = failed < 0 ? 0 : (codes[failed] as number | null);
      resolve({ code, codes, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}
