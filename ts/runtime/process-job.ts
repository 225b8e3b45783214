/**
 * Joining a job that spans processes, for one process: started by wmpiexec's
 * process mode, or by a real process manager (MPICH's Hydra, Slurm) through
 * PMI.
 *
 * The process learns its place from PMI (which process it is, how many there
 * are), starts its network thread, publishes that thread's address in the
 * PMI key-value space, reads everyone else's after a PMI barrier, and is
 * ready once its network thread has connected to every other process (each
 * connection proving the job token). Then its ranks can run: worker threads
 * started by wmpiexec (launcher/proc-main.ts), or the program itself when a
 * process manager started `node app.js` (runtime/platform.ts).
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { PmiClient } from "../pmi/client.js";
import { decodeValue, encodeValue } from "../pmi/value-codec.js";
import { nodeCores } from "./host-node.js";
import { createBoard, createRankMemory, eagerLimitOf, envNumber, rankMemoryPages, type Env, type JobSpec, type RankGroup } from "./job.js";
import type { FromNet, NetThreadData, ToNet } from "./net-thread.js";
import type { NameService } from "./universe-protocol.js";
import { TLS_ENV, tlsFromEnv } from "./net-tls.js";
import { createDoorbell, createOutbox, outboxBytesFor } from "./outbox.js";
import { wmpiEnv } from "./singleton.js";
import { jobIdOf, portToken } from "./job-token.js";
import type { JobNetwork } from "./net-jobs.js";
import { jobNumber, PROCESS_VCS, VcTable } from "./vc-table.js";
import { compileCore } from "./wasm-file.js";

/** The settings wmpiexec passes to its processes (absent under Hydra or Slurm). */
export const PROC_ENV = {
  /** "FIRST:COUNT": the ranks this process runs (default: one, its PMI rank) */
  RANKS: "WMPI_PROC_RANKS",
  /** ranks in the whole job (default: the PMI size) */
  NP: "WMPI_NP",
  /** the job's secret, hex (default: made by process 0 and shared through PMI) */
  TOKEN: "WMPI_JOB_TOKEN",
  /** unix | tcp | ws (default: tcp, unix when wmpiexec started the job) */
  TRANSPORT: "WMPI_NET",
  /** the address to listen on (default 127.0.0.1) */
  BIND: "WMPI_BIND",
  /** "1": prefix each output line with "[rank] " */
  PREPEND: "WMPI_PREPEND_RANK",
  /** MPI_UNIVERSE_SIZE, and how many ranks spawning may add (wmpiexec --universe-size) */
  UNIVERSE_SIZE: "WMPI_UNIVERSE_SIZE",
  /** a spawned job of processes: its parents' port (MPI_Comm_get_parent) and its MPI_APPNUM */
  PARENT_PORT: "WMPI_PARENT_PORT",
  APPNUM: "WMPI_APPNUM",
  /** to wmpiexec in process mode: the commands of a job spawned with Spawn_multiple (launcher/processes.ts) */
  APPS: "WMPI_APPS",
  /** to wmpiexec in process mode: the token for the job (a spawning parent chose it, to know the job) */
  SPAWN_TOKEN: "WMPI_SPAWN_TOKEN",
  /** names of the variables wmpiexec --env passed (a C program sees only these), comma-separated */
  ENV_KEYS: "WMPI_ENV_KEYS",
  /** TLS between the processes: WMPI_TLS_CERT, WMPI_TLS_KEY, WMPI_TLS_CA (PEM file paths; net-tls.ts) */
  ...TLS_ENV,
} as const;

/** The key of a spawned job's space that holds its parents' port (as MPICH names it). */
const PARENT_PORT_KEY = "PARENT_ROOT_PORT_NAME";

/** Where this process's network thread listens (secure: over TLS, which the address then says: tls:, wss://). */
function listenAddress(transport: string, bind: string, proc: number, token: string, secure: boolean): string {
  if (transport === "unix") return `unix:${path.join(os.tmpdir(), `wmpi-${token.slice(0, 12)}-${proc}.sock`)}`;
  if (transport === "tcp") return `${secure ? "tls" : "tcp"}:${bind}:0`;
  if (transport === "ws") return `${secure ? "wss" : "ws"}://${bind}:0`;
  throw new Error(`${PROC_ENV.TRANSPORT} must be unix, tcp or ws, not "${transport}"`);
}

function parseRanks(spec: string | undefined, pmiRank: number): { first: number; count: number } {
  if (spec === undefined) return { first: pmiRank, count: 1 };
  const m = /^(\d+):(\d+)$/.exec(spec);
  if (!m || Number(m[2]) < 1) throw new Error(`${PROC_ENV.RANKS} must be FIRST:COUNT, not "${spec}"`);
  return { first: Number(m[1]), count: Number(m[2]) };
}

/** Runs this process's part of the job; resolves to the process's exit code. */
/**
 * The address other hosts can reach this listener at: a wildcard bind
 * (0.0.0.0, ::) is published as this host's first external IPv4 address.
 */
export function reachable(address: string): string {
  const m = /^(tcp:|tls:|wss?:\/\/)(0\.0\.0\.0|\[?::\]?)(:\d+)$/.exec(address);
  if (!m) return address;
  const ip = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
  return `${m[1]}${ip ?? "127.0.0.1"}${m[3]}`;
}

/** Children to start through the process manager: their commands (one MPI_COMM_WORLD), working directory and parents' port. */
export interface SpawnJobSpec {
  commands: { execname: string; args: string[]; nprocs: number }[];
  wdir?: string;
  parentPort: string;
}

/** This process's part of a job, connected and ready to run its ranks. */
export interface ProcessJob {
  proc: number;
  nprocs: number;
  /** the ranks this process runs: first .. first + count - 1 */
  first: number;
  count: number;
  /** a name of the job, the same in each of its processes, and not secret (a hash of the job token) */
  id: string;
  /** ranks in the whole job */
  np: number;
  /** The spec of each of this process's ranks (to run in a thread, or in this one). */
  rankSpec(rank: number): JobSpec;
  /** The process manager's name service (MPI_Publish_name ...), through PMI. */
  names: NameService;
  /** this process's vcs (spawned groups take theirs from it) and the ranks of other jobs it knows */
  table: VcTable;
  /** how ranks here reach other jobs (ports) */
  network: JobNetwork;
  /** a job spawned by a process manager (PMI_SPAWNED): its parents' port, from its key-value space */
  parentPort?: string;
  /** MPI_APPNUM, as the process manager says */
  appnum: number;
  /** A process manager other than wmpiexec (Hydra): starts spawned children as a job of its own (PMI spawn); rejects with why not. */
  spawnJob?(spec: SpawnJobSpec): Promise<void>;
  /** Ranks spawned in this process: reachable from the others once it resolves; what each needs to reach them (its channel to the network). */
  addRanks(group: RankGroup): Promise<Pick<JobSpec, "net" | "process">[]>;
  /** Ends the process's part: says goodbye to the other processes, then to the process manager. */
  finish(): Promise<void>;
  /** Tells the process manager at once that this process is done (it may exit any moment now); finish() completes the rest. */
  leavingNow(): void;
  /** Ends the whole job with `code`, telling the process manager why (never returns). */
  fail(message: string, code?: number): Promise<never>;
  /** Called before fail() exits the process (to stop rank threads). */
  onFail?: () => void;
  /** What was said of each process the job lost (its ranks' operations with it failed). */
  readonly lost: string[];
  /** Whether the network thread alone keeps the process alive (not when the program runs in this thread: it leaves at beforeExit). */
  keepAlive(on: boolean): void;
}

/** True if a process manager started this process (PMI_FD or PMI_PORT is set). */
export function startedByProcessManager(env: Env = process.env): boolean {
  return env.PMI_FD !== undefined || env.PMI_PORT !== undefined;
}

/** Joins the job this process belongs to, through PMI. */
export async function joinJob(env: Env = process.env, program?: string): Promise<ProcessJob> {
  const found = PmiClient.fromEnv(env);
  if (found === null) throw new Error("not started by a process manager: neither PMI_FD nor PMI_PORT is set (under Slurm use srun --mpi=pmi2)");
  const pmi = found;
  await pmi.init();
  const proc = pmi.rank;
  const nprocs = pmi.size;
  const np = env[PROC_ENV.NP] ? Number(env[PROC_ENV.NP]) : nprocs;
  const transport = env[PROC_ENV.TRANSPORT] ?? "tcp";
  const bind = env[PROC_ENV.BIND] ?? "127.0.0.1";
  let ranks: { first: number; count: number }, tls: ReturnType<typeof tlsFromEnv>;
  try {
    ranks = parseRanks(env[PROC_ENV.RANKS], proc);
    tls = tlsFromEnv(env, transport);
  } catch (e) {
    // a mistake in this process's settings: end the job now, through the process manager
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`wmpi: process ${proc}: ${message}\n`);
    await pmi.abort(1, message).catch(() => undefined);
    process.exit(1);
  }
  const { first, count } = ranks;
  let token = env[PROC_ENV.TOKEN];
  if (token === undefined && proc === 0) {
    token = randomBytes(32).toString("hex");
    await pmi.put("wmpi-token", token);
  }

  // the network thread, with this process's ranks' memories and outboxes
  const memories: WebAssembly.Memory[] = [];
  const outboxes: SharedArrayBuffer[] = [];
  for (let r = first; r < first + count; r++) {
    memories[r] = createRankMemory(rankMemoryPages(env));
    outboxes[r] = createOutbox(outboxBytesFor(eagerLimitOf(env)));
  }
  const board = createBoard(np);
  const doorbell = createDoorbell();
  // the job's number is known once the token is (below); ranks start after that
  const table = VcTable.create(0, np + proc * PROCESS_VCS, np + (proc + 1) * PROCESS_VCS);
  const netData: NetThreadData = {
    proc,
    nprocs,
    local: memories.map((memory, rank) => ({ rank, memory, outbox: outboxes[rank] })).filter(Boolean),
    board,
    doorbell,
    listen: listenAddress(transport, bind, proc, token ?? randomBytes(8).toString("hex"), tls !== undefined),
    tls,
    table: table.buffer,
  };
  const net = new Worker(fileURLToPath(new URL("./net-thread.js", import.meta.url)), { workerData: netData });
  const job: ProcessJob = {
    proc,
    nprocs,
    first,
    count,
    np,
    id: "",
    rankSpec,
    addRanks,
    table,
    network: { address: "", portToken: "", bridge: (address, token, number) => bridge(address, token, number) },
    names: {
      publish: (service, port) => pmi.publishName(service, port),
      lookup: (service) => pmi.lookupName(service),
      // PMI unpublishes by name alone: withdraw it only if it is this port's
      unpublish: async (service, port) => (await pmi.lookupName(service)) === port && pmi.unpublishName(service),
    },
    finish,
    fail: (m, c) => fail(m, c),
    keepAlive: (on) => void (on ? net.ref() : net.unref()),
    leavingNow: () => void pmi.finalizeNow(),
    lost: [],
    appnum: pmi.appnum,
    // wmpiexec's own processes (it hands them their ranks) spawn through wmpiexec (launcher/child-job.ts)
    spawnJob:
      env[PROC_ENV.RANKS] === undefined
        ? (spec) =>
            pmi.spawn(
              spec.commands.map((c) => ({ ...c, info: spec.wdir ? [["wdir", spec.wdir]] : [] })),
              [[PARENT_PORT_KEY, encodeValue(spec.parentPort)]],
            )
        : undefined,
  };
  if (pmi.spawned) job.parentPort = decodeValue(await pmi.get(PARENT_PORT_KEY));
  const fromNet = (type: FromNet["type"], which: (m: FromNet) => boolean = () => true) =>
    new Promise<FromNet>((resolve) => {
      const on = (m: FromNet) => {
        if (m.type !== type || !which(m)) return;
        net.off("message", on);
        resolve(m);
      };
      net.on("message", on);
    });
  const fail = async (message: string, code = 1): Promise<never> => {
    process.stderr.write(`wmpi: process ${proc} (ranks ${first}..${first + count - 1}): ${message}\n`);
    job.onFail?.();
    // Hydra stops forwarding a job's output once it acts on an abort: give it a moment to pass ours on
    await new Promise((r) => setTimeout(r, 100));
    await pmi.abort(code, message).catch(() => undefined);
    process.exit(code);
  };
  net.on("message", (m: FromNet) => {
    if (m.type === "fatal") void fail(m.message);
    else if (m.type === "gone" || m.type === "log") process.stderr.write(`wmpi: process ${proc}: ${m.message}\n`);
    if (m.type === "gone") job.lost.push(m.message);
  });
  net.on("error", (e) => void fail(`network thread failed: ${e.stack ?? e.message}`));

  const listening = (await fromNet("listening")) as Extract<FromNet, { type: "listening" }>;
  const address = reachable(listening.address);
  // a socket file left behind would stay in the temporary directory for good
  // (it stays until this process exits: other jobs may connect to a port here any time)
  const unlink = () => address.startsWith("unix:") && rmSync(address.slice(5), { force: true });
  process.on("exit", unlink);
  process.once("SIGTERM", () => process.exit(143)); // (how a process manager ends a failed job) runs the exit hooks
  const host = os.hostname().replaceAll(":", "_");
  const mine = `${first}:${count}:${host}:${address}`;
  await pmi.put(`wmpi-p${proc}`, encodeValue(mine));
  await pmi.barrier();
  const jobToken = token ?? (await pmi.get("wmpi-token"));
  job.id = jobIdOf(jobToken);
  table.setJob(jobNumber(job.id));
  job.network.address = address;
  job.network.portToken = portToken(Buffer.from(jobToken, "hex"));
  const procOf: number[] = [];
  const addresses: string[] = [];
  let threadsHere = 0; // ranks and network threads on this host
  for (let q = 0; q < nprocs; q++) {
    const v = q === proc ? mine : decodeValue(await pmi.get(`wmpi-p${q}`));
    const m = /^(\d+):(\d+):([^:]*):(.*)$/.exec(v);
    if (!m) return fail(`process ${q} published a malformed address "${v}"`);
    for (let r = Number(m[1]); r < Number(m[1]) + Number(m[2]); r++) procOf[r] = q;
    if (m[3] === host) threadsHere += Number(m[2]) + 1;
    addresses[q] = m[4];
  }
  if (procOf.length !== np || procOf.some((p) => p === undefined))
    return fail(`the processes' ranks do not cover 0..${np - 1}: ${JSON.stringify(procOf)}`);
  const ready = fromNet("ready");
  net.postMessage({ type: "peers", addresses, procOf, token: jobToken } satisfies ToNet);
  const setupMs = 1000 * envNumber(env.WMPI_NET_TIMEOUT, 30);
  const timedOut = await Promise.race([ready.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), setupMs).unref())]);
  if (timedOut) return fail(`could not connect to every process of the job within ${setupMs / 1000} s (WMPI_NET_TIMEOUT)`);

  // a C program built by wmpicc carries the core: it is the module the ranks run
  const module = compileCore(program?.endsWith(".wasm") ? program : undefined);
  const rankEnv = { ...wmpiEnv(env) };
  // A rank that polls while it waits would take the core its process's
  // network thread needs to deliver what it waits for: with more busy threads
  // than cores here, ranks sleep at once (unless WMPI_SPIN_US says otherwise).
  if (threadsHere > nodeCores() && rankEnv.WMPI_SPIN_US === undefined) rankEnv.WMPI_SPIN_US = "0";
  function rankSpec(rank: number): JobSpec {
    return {
      rank,
      size: np,
      cores: nodeCores(),
      process: proc,
      module,
      memories,
      board,
      env: rankEnv,
      net: { outbox: outboxes[rank], doorbell },
      vcTable: table.buffer,
    };
  }
  async function addRanks(group: RankGroup): Promise<Pick<JobSpec, "net" | "process">[]> {
    const boxes = group.memories.map(() => createOutbox(outboxBytesFor(eagerLimitOf(env))));
    const added = fromNet("added", (m) => m.type === "added" && m.base === group.base);
    const local = group.memories.map((memory, i) => ({ rank: group.base + i, memory, outbox: boxes[i] }));
    net.postMessage({ type: "add-local", local, board: group.board, base: group.base } satisfies ToNet);
    await added;
    return boxes.map((outbox) => ({ process: proc, net: { outbox, doorbell } }));
  }
  let bridges = 0;
  async function bridge(address: string, token: string, number: number): Promise<void> {
    const id = ++bridges;
    net.postMessage({ type: "bridge", id, address, token, job: number } satisfies ToNet);
    const m = (await fromNet("bridged", (b) => b.type === "bridged" && b.id === id)) as Extract<FromNet, { type: "bridged" }>;
    if (m.error !== undefined) throw new Error(m.error);
  }
  async function finish(): Promise<void> {
    net.ref(); // until the goodbyes are done
    const closed = fromNet("closed");
    net.postMessage({ type: "shutdown" } satisfies ToNet);
    await closed;
    await net.terminate();
    await pmi.finalize();
    pmi.close();
  }
  return job;
}
