// How much of the machine other processes use, from /proc (Linux): the benchmarks
// wait for a quiet machine before a job and rerun the jobs that others disturbed.
import { readFileSync } from "node:fs";

/**
 * CPU time (in seconds) used on the whole machine and by our own process tree: our children's
 * times reach /proc/self/stat (cutime, cstime) once they have been waited for, i.e. after a job.
 * The difference over a job is the load of everything else: other users' jobs on these 2 cores
 * turn wmpi's spinning ranks into sleeping ones, and the figures into noise.
 */
export function cpuTimes() {
  const hz = 100; // USER_HZ
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = (f.reduce((a, b) => a + b, 0) - f[3] - (f[4] ?? 0)) / hz;
  const st = readFileSync("/proc/self/stat", "utf8");
  const g = st.slice(st.lastIndexOf(")") + 2).split(" ").map(Number); // g[0] is field 3 (state)
  const own = (g[11] + g[12] + g[13] + g[14]) / hz; // utime, stime, cutime, cstime (fields 14-17)
  return { busy, own, wall: performance.now() / 1000 };
}

/** Average cores used by other processes between two cpuTimes() samples. */
export function foreignLoad(a, b) {
  const wall = b.wall - a.wall;
  return wall > 0 ? Math.max(0, b.busy - a.busy - (b.own - a.own)) / wall : 0;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits (up to maxS seconds) until other processes use less than `limit` cores; returns their load. */
export async function waitQuiet(limit, maxS) {
  const deadline = Date.now() + maxS * 1000;
  for (;;) {
    const a = cpuTimes();
    await sleep(250);
    const load = foreignLoad(a, cpuTimes());
    if (load < limit || Date.now() > deadline) return load;
  }
}
