/**
 * Jobs reaching each other (MPI_Comm_connect / MPI_Comm_accept between
 * independent jobs): what one job tells another so that the other's network
 * threads can reach every one of its processes, and the secret its ports
 * carry.
 *
 * A port names the process of the rank that opened it and carries the job's
 * port token (derived from the job token, so it opens no connection of the
 * job's own). The connecting process proves the token in the handshake
 * (net/handshake.ts), and the two processes swap their jobs' directories in
 * "job" frames; each passes the other's on to the rest of its own job. From
 * then on a network thread sends what its ranks address to a rank of the
 * other job (an alias, vc-table.ts) straight to that rank's process, dialing
 * it the first time. (The job's secrets, which need node:crypto, are in
 * job-token.ts: a page meets jobs with this file too.)
 */
/** What another job needs to reach a job's processes. */
export interface JobDirectory {
  /** the job's number (vc-table.ts) */
  job: number;
  /** the secret its ports carry (hex): connections to its processes prove it */
  token: string;
  /** where each of its processes listens for other jobs */
  addresses: string[];
  /** the ranks its launcher started: [first vc, count, process] */
  ranges: [number, number, number][];
  /** vcs from spawnBase on were given out by process floor((vc - spawnBase) / stride) */
  spawnBase: number;
  stride: number;
}

/** The process of job `dir` that runs its rank vc; undefined if none does. */
export function processOf(dir: JobDirectory, vc: number): number | undefined {
  for (const [first, count, proc] of dir.ranges) if (vc >= first && vc < first + count) return proc;
  if (vc < dir.spawnBase) return undefined;
  const p = Math.floor((vc - dir.spawnBase) / dir.stride);
  return p < dir.addresses.length ? p : undefined;
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2 ** 32;

/** A directory from a job frame; throws an Error saying what is wrong with it. */
export function parseDirectory(text: string): JobDirectory {
  let d: JobDirectory;
  try {
    d = JSON.parse(text) as JobDirectory;
  } catch {
    throw new Error("a job directory that is not JSON");
  }
  const ok =
    d !== null &&
    typeof d === "object" &&
    isCount(d.job) &&
    typeof d.token === "string" &&
    /^[0-9a-f]{32,}$/.test(d.token) &&
    Array.isArray(d.addresses) &&
    d.addresses.length > 0 &&
    d.addresses.every((a) => typeof a === "string") &&
    Array.isArray(d.ranges) &&
    d.ranges.every((r) => Array.isArray(r) && r.length === 3 && r.every(isCount) && r[2] < d.addresses.length) &&
    isCount(d.spawnBase) &&
    isCount(d.stride) &&
    d.stride > 0;
  if (!ok) throw new Error("a malformed job directory");
  return d;
}

/** A process's way to other jobs: its network thread (in thread mode started when first needed). */
export interface JobNetwork {
  /** where other jobs reach this process, and the token this job's ports carry (hex) */
  address: string;
  portToken: string;
  /** Connects to the job behind a port (its number, where it listens, its token); rejects with why not. */
  bridge(address: string, token: string, job: number): Promise<void>;
  /** thread mode: an outbox for a rank, which first needs the network now */
  outbox?(): { outbox: SharedArrayBuffer; doorbell: SharedArrayBuffer };
}
