/** What one rank needs to know about its job; the launcher builds it. */
export interface JobSpec {
  rank: number;
  size: number;
  /** Cores the ranks share: with more ranks than cores, waiting sleeps at once. */
  cores: number;
  /** Which process the rank lives in (ranks with equal ids share memory); 0 when all are threads of one. */
  process?: number;
  module: WebAssembly.Module;
  /** One shared memory per rank of this process, indexed by rank (sparse when the job spans processes): the shm channel reads and writes them directly. */
  memories: WebAssembly.Memory[];
  /** Start-up board: each rank publishes the address of its receive ring here. */
  board: SharedArrayBuffer;
  env: Record<string, string>;
  /** When the job spans processes: this rank's outbox and its process's doorbell (net-channel.ts). */
  net?: { outbox: SharedArrayBuffer; doorbell: SharedArrayBuffer };
}

const JOB = Symbol.for("wmpi.job");

/** Installs the job this thread's rank belongs to (done by the rank's bootstrap). */
export function setJob(job: JobSpec): void {
  (globalThis as Record<symbol, unknown>)[JOB] = job;
}

/** The job installed by a launcher, if any. */
export function getJob(): JobSpec | undefined {
  return (globalThis as Record<symbol, unknown>)[JOB] as JobSpec | undefined;
}

/** A shared memory for one rank, within the limits the core was linked with. */
export function createRankMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
}

/** The start-up board for `size` ranks: a counter, then one ring address per rank. */
export function createBoard(size: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (1 + size));
}
