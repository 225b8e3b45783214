/**
 * A port's name (MPI_Open_port): the job's number, the vc of the rank that
 * opened it, its number there; and for a port other jobs may connect to,
 * the job's port token and where the rank's process listens (net-jobs.ts).
 * Both universes give them out and read them: wmpiexec's (launcher/
 * universe.ts) and a page's (browser/page-universe.ts).
 */

export interface PortName {
  /** the job's number, 8 hex digits (so a port of another job is not mistaken for one of ours) */
  job: string;
  vc: number;
  id: number;
  /** a port other jobs may use: the token they prove (hex), and the address they dial */
  reach?: { token: string; address: string };
}

const PORT_NAME = /^wmpi-port:([0-9a-f]{8}):(\d+):(\d+)(?::([0-9a-f]{64}):(.+))?$/;

/** The 8 hex digits a job's ports start with. */
export const jobHex = (job: number): string => (job >>> 0).toString(16).padStart(8, "0");

export function formatPortName(p: PortName): string {
  return `wmpi-port:${p.job}:${p.vc}:${p.id}` + (p.reach ? `:${p.reach.token}:${p.reach.address}` : "");
}

/** The parts of a port's name; undefined if it is not one. */
export function parsePortName(name: string): PortName | undefined {
  const m = PORT_NAME.exec(name);
  if (!m) return undefined;
  return { job: m[1], vc: Number(m[2]), id: Number(m[3]), ...(m[4] !== undefined && { reach: { token: m[4], address: m[5] } }) };
}
