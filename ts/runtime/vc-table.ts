/**
 * A process's vcs, and the names of ranks across jobs (channel.h,
 * dyn_names / dyn_vcs).
 *
 * A vc means a rank only to the process that gave it out; a name, (job, vc),
 * means it everywhere: the number of the job that started the rank, and its
 * vc there. A rank of another job, met through a port, gets a vc here (an
 * alias) the first time its name is turned into a vc; the network thread
 * sends what goes to an alias to that job, and gives what comes from there
 * the sender's alias as its source.
 *
 * The table is one SharedArrayBuffer per process, shared by everything that
 * gives out vcs there: the ranks (they turn names into vcs inside MPI calls,
 * synchronously), the network thread (packets from another job name ranks
 * not seen before) and the universe (spawned groups take a range). Layout in
 * int32s: [0] a lock, [1] aliases made, [2] the next free vc, [3] the end of
 * this process's vcs, [4] the job's number; then per alias: job, vc there,
 * vc here. Entries are written before the count that publishes them, so
 * readers need no lock.
 */

const LOCK = 0;
const COUNT = 1;
const NEXT = 2;
const END = 3;
const JOB = 4;
const HEAD = 8;
const ENTRY = 3;
/** The most ranks of other jobs one process can know. */
export const MAX_ALIASES = 4096;
/** The vcs a job of one process (thread mode, or a page's) may give out over its life: the core's MPIDI_MAX_VC. */
export const MAX_VCS = 1 << 24;
/** The vcs each process of a job of processes may give out (spawned groups and aliases), after the job's own. */
export const PROCESS_VCS = 4096;

/** A rank's name: its job's number and its vc there. */
export type RankName = readonly [job: number, vc: number];

export class VcTable {
  private readonly i32: Int32Array;
  /** what this thread has read of the entries: aliases by job and vc, and the other way */
  private seen = 0;
  private readonly byName = new Map<number, Map<number, number>>();
  private readonly byVc = new Map<number, RankName>();

  constructor(readonly buffer: SharedArrayBuffer) {
    this.i32 = new Int32Array(buffer);
  }

  /** A table for job number `job` whose process gives out vcs first .. end - 1. */
  static create(job: number, first: number, end: number): VcTable {
    const t = new VcTable(new SharedArrayBuffer(4 * (HEAD + ENTRY * MAX_ALIASES)));
    t.i32[NEXT] = first;
    t.i32[END] = end;
    t.i32[JOB] = job | 0;
    return t;
  }

  /** This job's number (unsigned). */
  get job(): number {
    return this.i32[JOB] >>> 0;
  }

  /** Sets the job's number (a job of processes learns it with its token, before its ranks start). */
  setJob(job: number): void {
    Atomics.store(this.i32, JOB, job | 0);
  }

  /** Whether a rank of job `job` has met this process. */
  met(job: number): boolean {
    this.sync();
    return this.byName.has(job >>> 0);
  }

  /** How many ranks of other jobs this process has met. */
  get aliases(): number {
    return Atomics.load(this.i32, COUNT);
  }

  /** How many vcs this process has left. */
  get left(): number {
    return this.i32[END] - Atomics.load(this.i32, NEXT);
  }

  /** Takes n consecutive vcs; undefined when this process has none left. */
  take(n: number): number | undefined {
    for (;;) {
      const next = Atomics.load(this.i32, NEXT);
      if (next + n > this.i32[END]) return undefined;
      if (Atomics.compareExchange(this.i32, NEXT, next, next + n) === next) return next;
    }
  }

  /** The name of vc: an alias's, or (this job, vc). */
  nameOf(vc: number): RankName {
    return this.aliasName(vc) ?? [this.job, vc];
  }

  /** The name an alias stands for; undefined for a vc of this job. */
  aliasName(vc: number): RankName | undefined {
    this.sync();
    return this.byVc.get(vc);
  }

  /** The vc of a name: its own for this job's ranks, else its alias (made now if new); undefined when no vcs are left. */
  vcOf(job: number, vc: number): number | undefined {
    job >>>= 0;
    if (job === this.job) return vc;
    this.sync();
    const known = this.byName.get(job)?.get(vc);
    if (known !== undefined) return known;
    this.lock();
    try {
      this.sync(); // another thread may have made it meanwhile
      const again = this.byName.get(job)?.get(vc);
      if (again !== undefined) return again;
      const n = this.i32[COUNT];
      if (n >= MAX_ALIASES) return undefined;
      const alias = this.take(1);
      if (alias === undefined) return undefined;
      const at = HEAD + ENTRY * n;
      this.i32[at] = job | 0;
      this.i32[at + 1] = vc;
      this.i32[at + 2] = alias;
      Atomics.store(this.i32, COUNT, n + 1);
      this.sync();
      return alias;
    } finally {
      this.unlock();
    }
  }

  /** Reads the entries published since this thread last looked. */
  private sync(): void {
    const n = Atomics.load(this.i32, COUNT);
    for (; this.seen < n; this.seen++) {
      const at = HEAD + ENTRY * this.seen;
      const job = this.i32[at] >>> 0;
      const vc = this.i32[at + 1];
      const alias = this.i32[at + 2];
      let m = this.byName.get(job);
      if (m === undefined) this.byName.set(job, (m = new Map()));
      m.set(vc, alias);
      this.byVc.set(alias, [job, vc]);
    }
  }

  private lock(): void {
    while (Atomics.compareExchange(this.i32, LOCK, 0, 1) !== 0) Atomics.wait(this.i32, LOCK, 1, 1);
  }

  private unlock(): void {
    Atomics.store(this.i32, LOCK, 0);
    Atomics.notify(this.i32, LOCK, 1);
  }
}

/** A job's number from its secret (the same in each of its processes, and no secret itself). */
export function jobNumber(idHex: string): number {
  return Number.parseInt(idHex.slice(0, 8), 16) >>> 0 || 1;
}
