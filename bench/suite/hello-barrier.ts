// Start-up benchmark job for wmpi (bench/suite/startup.mjs): every rank is up once the barrier
// passes; each prints its process id and the process's resident memory after it, like
// bench/native/hello_barrier.c, so the driver counts the memory of ranks sharing a process once.
import { readFileSync } from "node:fs";
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
comm.Barrier();
const rss = /VmRSS:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"));
console.log(JSON.stringify({ rank: comm.rank, size: comm.size, pid: process.pid, rss_kb: rss ? Number(rss[1]) : -1 }));
