import { statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseNameServerAddress, type NameServerAddress } from "../net/name-client.js";
import { parseSize } from "../runtime/job.js";

/** Options of wmpiexec. */
export interface LaunchOptions {
  np: number;
  prependRank: boolean;
  program: string;
  args: string[];
  env: Record<string, string>;
  /** a C program: the host directories it may reach (absolute); none: a scratch directory of its own */
  preopen: string[];
  /** thread: every rank a thread of one process; process: processes of `ppn` ranks (default 1) */
  mode: "thread" | "process";
  ppn?: number;
  /** process mode: the transport between processes */
  net?: "unix" | "tcp" | "ws";
  /** the address the processes listen on (process mode), and where other jobs reach ports (any mode) */
  bind?: string;
  /** started by a process manager (Hydra, Slurm): this process is one of the job's, found through PMI */
  pmi: boolean;
  /** MPI_UNIVERSE_SIZE, and the most ranks spawning may grow the job to (thread mode) */
  universeSize?: number;
  /** process mode: a failed process does not end the others (Hydra's -disable-auto-cleanup) */
  noAutoCleanup?: boolean;
  /** process mode over tcp or ws: TLS between the processes (PEM file paths; ca absent: the system's CAs) */
  tls?: { cert?: string; key?: string; ca?: string };
  /** write a trace of every MPI call and message to this file (Chrome trace event format) */
  trace?: string;
  /** the name server MPI_Publish_name and friends use, shared with other jobs (else the job's own names) */
  nameserver?: NameServerAddress;
}

/** The variable that gives wmpiexec a name server when --nameserver does not. */
export const NAMESERVER_ENV = "WMPI_NAMESERVER";

/** wmpiexec --help. */
export const USAGE = `Usage: wmpiexec -n N [options] program.(ts|mts|js|mjs|wasm) [program args...]

Runs N ranks of an MPI program written with wmpi, as worker threads in one
Node process sharing memory, or in several processes. TypeScript programs run
directly.

Options:
  -n, -np N             number of ranks (default 1)
  --mode thread|process thread (default): every rank is a thread of one process;
                        process: one process per rank (or per --ppn ranks)
  --ppn K               ranks per process (implies --mode process); ranks of
                        one process share memory, others talk over --net
  --net unix|tcp|ws     transport between processes (default unix); in thread
                        mode, ws: other jobs reach ports over WebSocket
                        (with ws, browser pages can join through ports)
  --bind ADDRESS        address the processes listen on, and (any mode) where
                        other jobs reach this one's ports (default 127.0.0.1)
  --iface NAME          listen on the IPv4 address of this network interface
  --tls-cert FILE       process mode or --pmi, --net tcp|ws: TLS between the
  --tls-key FILE          processes (TLS sockets, wss://); each process listens
                        with this PEM certificate and key (both needed)
  --tls-ca FILE         trust this PEM CA (or self-signed certificate) when
                        connecting (default: the system's CAs); also
                        WMPI_TLS_CERT, WMPI_TLS_KEY, WMPI_TLS_CA
  --max-memory SIZE     cap each rank's memory (like 256M or 2G; default 4G)
  --preopen DIR         a C program (.wasm) may read and write below DIR, by
                        the same path (repeatable); without it, only a fresh
                        scratch directory (its working directory), removed
                        when the job ends. The working directory is wmpiexec's
                        when a --preopen DIR holds it, else the first DIR.
  --universe-size N     MPI_UNIVERSE_SIZE, and the most ranks the job may
                        grow to by MPI_Comm_spawn (default: -n or the cores,
                        whichever is more, and spawning may go past it, up to
                        256 ranks in threads or 4096 more per process)
  --disable-auto-cleanup  process mode: when a process fails, let the others
                        go on (their operations with it fail with
                        ERR_PROC_ABORTED) instead of ending the job
  --nameserver HOST[:PORT]  publish and look up names (MPI_Publish_name,
                        MPI_Lookup_name) on the name server there, shared by
                        independent jobs, instead of in this job alone: a
                        wmpi-nameserver, or MPICH's hydra_nameserver (PORT
                        defaults to 6392); also -nameserver, WMPI_NAMESERVER.
                        Under a process manager, give it -nameserver instead
  --pmi                 this process is one of a job started by a process
                        manager (mpiexec.hydra, srun): rank, size and peers
                        come from PMI (also when PMI_FD/PMI_PORT is set)
  --trace FILE          record every MPI call and message of every rank into
                        FILE (Chrome trace event JSON: open it in
                        ui.perfetto.dev or chrome://tracing); also WMPI_TRACE=FILE
  -l, --prepend-rank    prefix each output line with "[rank] " (also --tag-output)
  --env NAME=VALUE      set an environment variable for every rank (repeatable;
                        also -genv); a C program (.wasm from wmpicc) sees only these
  --eager-limit BYTES   largest message sent eagerly; larger ones use rendezvous
                        (WMPI_EAGER_LIMIT, default 16384)
  -h, --help            show this help
  --version             show the wmpi version

Environment (passed to every rank):
  WMPI_EAGER_LIMIT      bytes sent eagerly (default 16384)
  WMPI_RING_CELLS       64-byte cells of each rank's receive ring (default 16384)
  WMPI_SPIN_US          microseconds a waiting rank polls before it sleeps
                        (default 250; with more ranks than cores it sleeps at once)
  WMPI_RC_INITIALIZE=0  do not call MPI.Init when wmpi is imported
  WMPI_DEADLOCK_SECONDS a job whose every rank has waited this long in MPI
                        with no message on its way is deadlocked: wmpiexec
                        reports who waits on whom and exits 1 (default 3;
                        0: never; not under another process manager)
  WMPI_TRACE=FILE       as --trace FILE
  WMPI_TRACE_RECORDS    records each rank's trace buffer holds between two
                        drains (default 65536, 48 bytes each); a full buffer
                        drops records, and wmpiexec says how many
  WMPI_TRACE_PACE_MS    slow motion: a traced rank pauses this long after
                        each MPI call
  WMPI_CONNECT_TIMEOUT  seconds MPI_Comm_connect waits to be accepted (60)
  WMPI_NAMESERVER       as --nameserver HOST[:PORT] (read by wmpiexec itself)
  WMPI_WASM             a core other than the packaged build/wmpi.wasm

Exit status: 0 when every rank succeeds. A rank that throws, rejects, calls
MPI.COMM_WORLD.Abort(code) or exits non-zero ends the whole job; wmpiexec
names the rank and exits with its code (1 for an exception).
`;

/** A command-line mistake: print it with the usage and exit 2. */
export class UsageError extends Error {}

/** Parses argv (without node and the script); "help" or "version" for those options. */
export function parseArgs(argv: string[]): LaunchOptions | "help" | "version" {
  const o: LaunchOptions = { np: 1, prependRank: false, program: "", args: [], env: {}, preopen: [], mode: "thread", pmi: false };
  let i = 0;
  const value = (flag: string): string => {
    const v = argv[++i];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") return "help";
    if (a === "--version") return "version";
    if (a === "-n" || a === "-np" || a === "--np") {
      const v = value(a);
      o.np = Number(v);
      if (!Number.isInteger(o.np) || o.np < 1) throw new UsageError(`${a} takes a positive whole number, not "${v}"`);
    } else if (a === "-l" || a === "--prepend-rank" || a === "--tag-output") o.prependRank = true;
    else if (a === "--env" || a === "-genv") {
      // NAME=VALUE, or MPICH's -genv NAME VALUE
      const v = value(a);
      const eq = v.indexOf("=");
      if (eq > 0) o.env[v.slice(0, eq)] = v.slice(eq + 1);
      else if (a === "-genv" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) o.env[v] = value(a);
      else throw new UsageError(`${a} takes NAME=VALUE, not "${v}"`);
    } else if (a === "--eager-limit") {
      const v = value(a);
      if (!/^\d+$/.test(v)) throw new UsageError(`--eager-limit takes a number of bytes, not "${v}"`);
      o.env.WMPI_EAGER_LIMIT = v;
    } else if (a === "--mode") {
      const v = value(a);
      if (v !== "thread" && v !== "process") throw new UsageError(`--mode takes thread or process, not "${v}"`);
      o.mode = v;
    } else if (a === "--ppn") {
      const v = value(a);
      o.ppn = Number(v);
      if (!Number.isInteger(o.ppn) || o.ppn < 1) throw new UsageError(`--ppn takes a positive whole number, not "${v}"`);
      o.mode = "process";
    } else if (a === "--net") {
      const v = value(a);
      if (v !== "unix" && v !== "tcp" && v !== "ws") throw new UsageError(`--net takes unix, tcp or ws, not "${v}"`);
      o.net = v;
    } else if (a === "--bind") {
      o.bind = value(a);
    } else if (a === "--iface") {
      const v = value(a);
      const addr = os.networkInterfaces()[v]?.find((i) => i.family === "IPv4");
      if (!addr) throw new UsageError(`--iface: no network interface "${v}" with an IPv4 address`);
      o.bind = addr.address;
    } else if (a === "--tls-cert" || a === "--tls-key" || a === "--tls-ca") {
      o.tls = { ...o.tls, [a.slice("--tls-".length)]: value(a) }; // cert, key or ca
    } else if (a === "--max-memory") {
      const v = value(a);
      const bytes = parseSize(v);
      if (bytes === undefined || bytes < 16 << 20) throw new UsageError(`--max-memory takes a size of at least 16M (like 256M or 2G), not "${v}"`);
      o.env.WMPI_MAX_MEMORY = String(bytes);
    } else if (a === "--preopen") {
      const v = value(a);
      if (!statSync(v, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--preopen takes a directory, and "${v}" is not one`);
      o.preopen.push(path.resolve(v));
    } else if (a === "--universe-size") {
      const v = value(a);
      o.universeSize = Number(v);
      if (!Number.isInteger(o.universeSize) || o.universeSize < 1) throw new UsageError(`--universe-size takes a positive whole number, not "${v}"`);
    } else if (a === "--disable-auto-cleanup") {
      o.noAutoCleanup = true;
    } else if (a === "--trace") {
      o.trace = value(a);
    } else if (a === "--nameserver" || a === "-nameserver") {
      const v = value(a);
      try {
        o.nameserver = parseNameServerAddress(v, a);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    } else if (a === "--pmi") {
      o.pmi = true;
    } else if (a === "--") {
      i++;
      break;
    } else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else break;
  }
  if (o.tls) {
    if (o.tls.cert === undefined || o.tls.key === undefined) throw new UsageError("TLS needs both --tls-cert and --tls-key: every process listens");
    if (o.mode !== "process" && !o.pmi) throw new UsageError("--tls-* is for jobs of several processes (--mode process, --ppn or --pmi)");
    if (o.net !== "tcp" && o.net !== "ws" && !(o.pmi && o.net === undefined))
      throw new UsageError(`--tls-* needs --net tcp or ws, not ${o.net ?? "unix (the default)"}`);
  }
  if (o.universeSize !== undefined && o.universeSize < o.np) throw new UsageError(`--universe-size ${o.universeSize} is less than -n ${o.np}`);
  if (i >= argv.length) throw new UsageError("no program given");
  o.program = argv[i];
  o.args = argv.slice(i + 1);
  return o;
}
