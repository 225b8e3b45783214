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
  /** The vc of MPI_COMM_WORLD's rank 0 (default 0): a spawned job's ranks have vcs of their own. */
  worldVc?: number;
  /** The launcher's universe, which spawns, holds ports and names (absent: no dynamic processes). */
  universe?: UniverseLink;
  /** The universe's other groups of ranks when this rank starts (more are announced on `universe`). */
  groups?: RankGroup[];
  /** MPI_UNIVERSE_SIZE (default: size) and MPI_APPNUM (default 0). */
  universeSize?: number;
  appnum?: number;
  /** A spawned job: the port its parents accept on. */
  parentPort?: string;
  /** Its process's vcs and the names of ranks of other jobs (vc-table.ts); absent: a job no other can reach. */
  vcTable?: SharedArrayBuffer;
}

/** Ranks of the universe that share one start-up board: a launcher's job, or a spawned one. */
export interface RankGroup {
  /** the vc of its rank 0: its ranks are vcs base .. base + size - 1 */
  base: number;
  size: number;
  /** by rank in the group (sparse when the group spans processes) */
  memories: WebAssembly.Memory[];
  board: SharedArrayBuffer;
}

/**
 * A rank's line to its universe. Node (universe-client.ts): requests go on
 * `port`, and the launcher bumps `bell` when it has answered. A page
 * (browser/universe-block.ts): requests go through `block` to the job's net
 * worker, and `net` is the rank's outbox, which the net worker takes on the
 * rank's first message to another job.
 */
export type UniverseLink =
  /** port: a MessagePort of node:worker_threads */
  | { port: unknown; bell: SharedArrayBuffer }
  | { block: SharedArrayBuffer; net: { outbox: SharedArrayBuffer; doorbell: SharedArrayBuffer } };

/** The group a rank's own job is, in the universe. */
export function ownGroup(job: JobSpec): RankGroup {
  return { base: job.worldVc ?? 0, size: job.size, memories: job.memories, board: job.board };
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

/** A whole number from the environment as the core reads it (decimal or 0x hex), else the fallback. */
export function envNumber(v: string | undefined, fallback: number): number {
  const n = v === undefined || v.trim() === "" ? NaN : Number(v.trim());
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** The eager limit the core will settle on (progress.c, MPID_Init): WMPI_EAGER_LIMIT, capped by the ring. */
export function eagerLimitOf(env: Env): number {
  let cells = 1 << 14;
  const want = envNumber(env.WMPI_RING_CELLS, cells);
  while (cells < want) cells *= 2;
  while (cells > 64 && cells / 2 >= want) cells /= 2;
  return Math.min(envNumber(env.WMPI_EAGER_LIMIT, 16384), (cells * 64) / 2 - 48);
}
