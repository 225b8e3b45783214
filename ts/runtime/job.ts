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

/** An environment (process.env or one made for a child). */
export type Env = Record<string, string | undefined>;

const JOB = Symbol.for("wmpi.job");

/** Installs the job this thread's rank belongs to (done by the rank's bootstrap). */
export function setJob(job: JobSpec): void {
  (globalThis as Record<symbol, unknown>)[JOB] = job;
}

/** The job installed by a launcher, if any. */
export function getJob(): JobSpec | undefined {
  return (globalThis as Record<symbol, unknown>)[JOB] as JobSpec | undefined;
}

/** The most memory a rank may have: 4 GiB (what the core was linked with) or WMPI_MAX_MEMORY bytes. */
export function rankMemoryPages(env: Env = process.env): number {
  const cap = parseSize(env.WMPI_MAX_MEMORY);
  return cap === undefined ? 65536 : Math.max(256, Math.min(65536, Math.floor(cap / 65536)));
}

/** "512M", "2G", "1048576": bytes; undefined if unset or not a size. */
export function parseSize(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^(\d+)([KMG]?)i?B?$/i.exec(v.trim());
  if (!m) return undefined;
  return Number(m[1]) * { "": 1, K: 1 << 10, M: 1 << 20, G: 1 << 30 }[m[2].toUpperCase() as "" | "K" | "M" | "G"];
}

/** A shared memory for one rank, within the limits the core was linked with (16 MiB to start, at most `maxPages` of 64 KiB). */
export function createRankMemory(maxPages = rankMemoryPages()): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 256, maximum: maxPages, shared: true });
}

/** The start-up board for `size` ranks: a counter, then one ring address per rank. */
export function createBoard(size: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (1 + size));
}
