/**
 * One process of a job that spans processes: started by wmpiexec's process
 * mode, or by a real process manager (MPICH's Hydra, Slurm) through PMI.
 *
 * It learns its place from PMI (which process it is, how many there are),
 * starts its network thread, publishes that thread's address in the PMI
 * key-value space, reads everyone else's after a PMI barrier, and once its
 * network thread has connected to every other process (each connection
 * proving the job token), runs its ranks as worker threads. When they have
 * all finished it says goodbye to the other processes and exits.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { PmiClient } from "../pmi/client.js";
import { decodeValue, encodeValue } from "../pmi/value-codec.js";
import { nodeCores } from "../runtime/host-node.js";
import { createBoard, createRankMemory } from "../runtime/job.js";
import type { FromNet, NetThreadData, ToNet } from "../runtime/net-thread.js";
import { createDoorbell, createOutbox } from "../runtime/outbox.js";
import { wmpiEnv } from "../runtime/singleton.js";
import { compileCore } from "../runtime/wasm-file.js";
import type { RankData } from "../runtime/worker-main.js";
import { startRankThreads } from "./threads.js";

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
} as const;

/** Where this process's network thread listens. */
function listenAddress(transport: string, bind: string, proc: number, token: string): string {
  if (transport === "unix") return `unix:${path.join(os.tmpdir(), `wmpi-${token.slice(0, 12)}-${proc}.sock`)}`;
  if (transport === "tcp") return `tcp:${bind}:0`;
  if (transport === "ws") return `ws://${bind}:0`;
  throw new Error(`${PROC_ENV.TRANSPORT} must be unix, tcp or ws, not "${transport}"`);
}

function parseRanks(spec: string | undefined, pmiRank: number): { first: number; count: number } {
  if (spec === undefined) return { first: pmiRank, count: 1 };
  const m = /^(\d+):(\d+)$/.exec(spec);
  if (!m || Number(m[2]) < 1) throw new Error(`${PROC_ENV.RANKS} must be FIRST:COUNT, not "${spec}"`);
  return { first: Number(m[1]), count: Number(m[2]) };
}

/** Runs this process's part of the job; resolves to the process's exit code. */
export async function runProcess(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const pmi = PmiClient.fromEnv(env);
  if (pmi === null) throw new Error("not started by a process manager: neither PMI_FD nor PMI_PORT is set");
  await pmi.init();
  const proc = pmi.rank;
  const nprocs = pmi.size;
  const { first, count } = parseRanks(env[PROC_ENV.RANKS], proc);
  const np = env[PROC_ENV.NP] ? Number(env[PROC_ENV.NP]) : nprocs;
  const transport = env[PROC_ENV.TRANSPORT] ?? "tcp";
  const bind = env[PROC_ENV.BIND] ?? "127.0.0.1";
  let token = env[PROC_ENV.TOKEN];
  if (token === undefined && proc === 0) {
    token = randomBytes(32).toString("hex");
    await pmi.put("wmpi-token", token);
  }

  // the network thread, with this process's ranks' memories and outboxes
  const memories: WebAssembly.Memory[] = [];
  const outboxes: SharedArrayBuffer[] = [];
  for (let r = first; r < first + count; r++) {
    memories[r] = createRankMemory();
    outboxes[r] = createOutbox();
  }
  const board = createBoard(np);
  const doorbell = createDoorbell();
  const netData: NetThreadData = {
    proc,
    nprocs,
    local: memories.map((memory, rank) => ({ rank, memory, outbox: outboxes[rank] })).filter(Boolean),
    board,
    doorbell,
    listen: listenAddress(transport, bind, proc, token ?? randomBytes(8).toString("hex")),
  };
  const net = new Worker(fileURLToPath(new URL("../runtime/net-thread.js", import.meta.url)), { workerData: netData });
  const fromNet = (type: FromNet["type"]) =>
    new Promise<FromNet>((resolve) => {
      const on = (m: FromNet) => {
        if (m.type !== type) return;
        net.off("message", on);
        resolve(m);
      };
      net.on("message", on);
    });
  let ranks: ReturnType<typeof startRankThreads> | undefined;
  const fail = async (message: string, code = 1): Promise<never> => {
    process.stderr.write(`wmpi: process ${proc} (ranks ${first}..${first + count - 1}): ${message}\n`);
    ranks?.terminate();
    await pmi.abort(code, message).catch(() => undefined);
    process.exit(code);
  };
  net.on("message", (m: FromNet) => {
    if (m.type === "fatal") void fail(m.message);
    else if (m.type === "gone" || m.type === "log") process.stderr.write(`wmpi: process ${proc}: ${m.message}\n`);
  });
  net.on("error", (e) => void fail(`network thread failed: ${e.stack ?? e.message}`));

  const listening = (await fromNet("listening")) as Extract<FromNet, { type: "listening" }>;
  await pmi.put(`wmpi-p${proc}`, encodeValue(`${first}:${count}:${listening.address}`));
  await pmi.barrier();
  const jobToken = token ?? (await pmi.get("wmpi-token"));
  const procOf: number[] = [];
  const addresses: string[] = [];
  for (let q = 0; q < nprocs; q++) {
    const v = q === proc ? `${first}:${count}:${listening.address}` : decodeValue(await pmi.get(`wmpi-p${q}`));
    const m = /^(\d+):(\d+):(.*)$/.exec(v);
    if (!m) return fail(`process ${q} published a malformed address "${v}"`);
    for (let r = Number(m[1]); r < Number(m[1]) + Number(m[2]); r++) procOf[r] = q;
    addresses[q] = m[3];
  }
  if (procOf.length !== np || procOf.some((p) => p === undefined))
    return fail(`the processes' ranks do not cover 0..${np - 1}: ${JSON.stringify(procOf)}`);
  const ready = fromNet("ready");
  net.postMessage({ type: "peers", addresses, procOf, token: jobToken } satisfies ToNet);
  await ready;

  const module = compileCore();
  const rankEnv = { ...wmpiEnv(env) };
  const data: RankData[] = [];
  for (let r = first; r < first + count; r++)
    data.push({
      rank: r,
      size: np,
      cores: nodeCores(),
      process: proc,
      module,
      memories,
      board,
      env: rankEnv,
      net: { outbox: outboxes[r], doorbell },
      program,
    });
  ranks = startRankThreads(data, { args, env: {}, prependRank: env[PROC_ENV.PREPEND] === "1" });
  const r = await ranks.result;
  if (r.code !== 0) return fail(r.failure ?? `exit code ${r.code}`, r.code);
  const closed = fromNet("closed");
  net.postMessage({ type: "shutdown" } satisfies ToNet);
  await closed;
  await net.terminate();
  await pmi.finalize();
  pmi.close();
  return 0;
}
