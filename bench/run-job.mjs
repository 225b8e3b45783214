// One benchmark job as a child process group, for the benchmark drivers (collectives.mjs,
// c-programs.mjs, rma.mjs, io.mjs): its exit, its output, and the JSON lines it printed; a job still running after
// the timeout has its whole process group killed (hung: true).
import { spawn } from "node:child_process";
import { cpuTimes, foreignLoad, waitQuiet } from "./machine-load.mjs";

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

/**
 * Runs `run` (a function resolving to runJob's result) once the machine is quiet, and again (up to
 * `attempts` tries) while other processes used `maxForeign` cores or more meanwhile; resolves to
 * { res, load } of the last try (load: the cores other processes used during it).
 */
export async function runQuiet(run, { maxForeign, waitS = 30, attempts = 3 }) {
  let res;
  let load = 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
    await waitQuiet(maxForeign, waitS);
    const a = cpuTimes();
    res = await run();
    load = foreignLoad(a, cpuTimes());
    if (res.code !== 0 || load < maxForeign) break;
  }
  return { res, load };
}
