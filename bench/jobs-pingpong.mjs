// Ping-pong between two independent jobs (issue 9: ranks met through a port, over TCP) against
// the same two ranks as one job of two processes over TCP (--ppn 1 --net tcp), interleaved
// A B A B, several rounds; prints the median one-way time per size and the ratio.
//   node bench/jobs-pingpong.mjs [--rounds N]
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runJob } from "./run-job.mjs";
import { median } from "./stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const wmpiexec = path.join(root, "bin/wmpiexec.js");
const program = path.join(root, "bench/jobs-pingpong.ts");
const i = process.argv.indexOf("--rounds");
const rounds = i > 0 ? Number(process.argv[i + 1]) : 3;
const job = (args) => ({ cmd: process.execPath, args: [wmpiexec, ...args] });

/** One job of two processes over TCP. */
async function oneJob() {
  const r = await runJob(job(["-n", "2", "--ppn", "1", "--net", "tcp", program, "world"]), 120, root);
  if (r.code !== 0) throw new Error(`one job failed: ${r.err}`);
  return r.lines;
}

/** Two jobs of one thread rank each, meeting through a port (TCP between the jobs). */
async function twoJobs(k) {
  const file = path.join(os.tmpdir(), `wmpi-jobs-pingpong-${process.pid}-${k}`);
  const [s, c] = await Promise.all([runJob(job(["-n", "1", program, "server", file]), 120, root), runJob(job(["-n", "1", program, "client", file]), 120, root)]);
  if (s.code !== 0 || c.code !== 0) throw new Error(`two jobs failed: ${s.err}${c.err}`);
  return s.lines;
}

const samples = { one: {}, two: {} };
for (let k = 0; k < rounds; k++) {
  for (const [name, run] of [["one", oneJob], ["two", () => twoJobs(k)]]) {
    for (const { size, us } of await run()) (samples[name][size] ??= []).push(us);
  }
  process.stderr.write(`round ${k + 1}/${rounds}\n`);
}
console.log("# one-way time (us), median of", rounds, "rounds; one job: 2 processes over TCP; two jobs: 1 rank each, through a port (TCP)");
console.log("# size      one job    two jobs   two/one");
for (const size of Object.keys(samples.one)) {
  const a = median(samples.one[size]);
  const b = median(samples.two[size]);
  console.log(`${String(size).padEnd(9)} ${a.toFixed(2).padStart(9)} ${b.toFixed(2).padStart(11)} ${(b / a).toFixed(2).padStart(9)}`);
}
