// One benchmark job as a child process group, for the benchmark drivers (collectives.mjs,
// c-programs.mjs): its exit, its output, and the JSON lines it printed; a job still running after
// the timeout has its whole process group killed (hung: true).
import { spawn } from "node:child_process";

/**
 * Runs `job` ({ cmd, args, env? }) from `cwd`; resolves to { code, signal, hung, lines, out, err }
 * (code 128 when a signal ended it); rejects if it cannot be started.
 */
export function runJob(job, timeoutS, cwd) {
  return new Promise((resolve, reject) => {
    let hung = false;
    const child = spawn(job.cmd, job.args, { cwd, env: { ...process.env, ...job.env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => {
      hung = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, timeoutS * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const lines = out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l.replace(/\\u0000/g, "")));
      resolve({ code: signal ? 128 : code, signal, hung, lines, out, err });
    });
  });
}
