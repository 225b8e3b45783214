/**
 * The entry of a process's network thread (a worker thread): listens,
 * connects to every other process of the job once the launcher tells it
 * where they are, proves and checks the job token on every connection, then
 * pumps the ranks' outboxes and the connections (net-router.ts) until the
 * process shuts down. Talks to its process's main thread by messages.
 */
import { parentPort, workerData } from "node:worker_threads";
import { dialPeer, acceptPeer, OTHER_JOB } from "../net/handshake.js";
import { connect, listen, type FrameLink } from "../net/link.js";
import { portToken } from "./job-token.js";
import { meetJob, type MeetingSide } from "./job-meeting.js";
import { RELAY_LINGER_MS } from "./net-relay.js";
import type { JobDirectory } from "./net-jobs.js";
import { NetRouter, type LocalRank } from "./net-router.js";
import type { NetTls } from "./net-tls.js";
import { PROCESS_VCS, VcTable } from "./vc-table.js";

/** What the process hands its network thread. */
export interface NetThreadData {
  proc: number;
  nprocs: number;
  local: LocalRank[];
  board: SharedArrayBuffer;
  doorbell: SharedArrayBuffer;
  /** Where to listen: "unix:/path", "tcp:HOST:0", "tls:HOST:0", "ws://HOST:0", "wss://HOST:0". */
  listen: string;
  /** TLS: listen with cert and key, connect trusting ca (absent: plain connections) */
  tls?: NetTls;
  /** the process's vcs and the ranks of other jobs it knows (vc-table.ts) */
  table: SharedArrayBuffer;
}

/** Messages from the process to its network thread. */
export type ToNet =
  /** where the processes listen (this one too), which process runs each rank, and the job's secret (hex) */
  | { type: "peers"; addresses: string[]; procOf: number[]; token: string }
  /** connect to the job whose port says it listens at `address` with port token `token` (hex): answered by "bridged" */
  | { type: "bridge"; id: number; address: string; token: string; job: number }
  /** thread mode: a rank's outbox, made when it first needed the network */
  | { type: "add-outbox"; outbox: SharedArrayBuffer }
  /** ranks base .. base + size - 1 of this process have exited */
  | { type: "drop-local"; base: number; size: number }
  /** ranks spawned in this process (vcs base..): route to and from them, and tell the other processes they are here */
  | { type: "add-local"; local: LocalRank[]; board: SharedArrayBuffer; base: number }
  | { type: "shutdown" };
/** Messages from the network thread to its process. */
export type FromNet =
  | { type: "listening"; address: string }
  | { type: "ready" }
  /** the job cannot start: no connection to a process */
  | { type: "fatal"; message: string }
  /** a process of the job is gone (its ranks' operations with it fail) */
  | { type: "gone"; proc: number; message: string }
  | { type: "log"; message: string }
  /** the ranks of an add-local are reachable, and every other process has been told */
  | { type: "added"; base: number }
  /** the answer to a bridge: connected to that job (or why not) */
  | { type: "bridged"; id: number; error?: string }
  | { type: "closed" };

const d = workerData as NetThreadData;
const port = parentPort!;
const post = (m: FromNet) => port.postMessage(m);
/** How long the network thread polls the outboxes after traffic before it sleeps (WMPI_NET_SPIN_US). */
const spinMs = Number(process.env.WMPI_NET_SPIN_US ?? 0) / 1000;
/** A process silent for this long is lost (WMPI_NET_TIMEOUT, seconds; the others ping every few seconds). */
const deadMs = 1000 * (Number(process.env.WMPI_NET_TIMEOUT) > 0 ? Number(process.env.WMPI_NET_TIMEOUT) : 30);
/** The job's secret: connections are accepted only once it is known (with the peers). */
let setToken!: (t: Uint8Array) => void;
const tokenKnown = new Promise<Uint8Array>((r) => (setToken = r));
let shuttingDown = false;
let stopped = false;
const byeFrom = new Set<number>();
const table = new VcTable(d.table);
const router = new NetRouter(d.proc, d.local, d.board, d.doorbell, (message) => post({ type: "log", message }), table);
router.ownProcs = d.nprocs;
router.dial = (dir, proc) => dialJob(dir.addresses[proc], Buffer.from(dir.token, "hex"), dir.job, proc).then(() => undefined);
/** What other jobs need to reach this one (once the peers are known), and the port token, which proves a connection from another job. */
let ownJob: JobDirectory | undefined;
let portSecret: Uint8Array | undefined;
// every local rank is done: the others may see this process exit any time now
router.onAllClosed = () => sayBye();

/** A connection whose peer proved the token: route its frames, watch for its loss. */
function adopt(link: FrameLink, peer: number): void {
  if (peer === d.proc || peer < 0 || peer >= d.nprocs || router.links[peer] !== undefined) {
    link.close();
    post({ type: "log", message: `refused a second or impossible connection from process ${peer} (${link.peer})` });
    return;
  }
  router.links[peer] = link;
  link.onFrame((f) => {
    router.heard(peer);
    if (f.type === "bye") {
      byeFrom.add(peer);
      if (shuttingDown) maybeClosed();
    } else if (f.type === "abort") {
      post({ type: "log", message: `rank ${f.rank} aborted the job (code ${f.code}): ${f.message}` });
    } else {
      router.receive(f, link, peer);
    }
  });
  link.onClose((err) => {
    router.links[peer] = undefined;
    if (!byeFrom.has(peer) && !router.gone.has(peer)) {
      router.lose(peer);
      post({ type: "gone", proc: peer, message: `lost process ${peer} (${ranksOf(peer)})${err ? `: ${err.message}` : ""}; operations with it fail` });
    }
    if (shuttingDown) maybeClosed();
  });
  if (router.links.slice(0, d.nprocs).filter(Boolean).length === d.nprocs - 1) start();
}

/** Every process of the job is connected: the job can run. */
function start(): void {
  post({ type: "ready" });
  router.startHeartbeat(Math.min(2000, deadMs / 4), deadMs, (p, why) =>
    p < d.nprocs
      ? post({ type: "gone", proc: p, message: `lost process ${p} (${ranksOf(p)}): ${why}; operations with it fail` })
      : post({ type: "log", message: `lost a process of another job: ${why}; operations with its ranks fail` }),
  );
  void router.pump(spinMs, () => stopped, () => new Promise((r) => setImmediate(r)));
}

/** This process's side of meeting another job on a connection (job-meeting.ts). */
const meeting: MeetingSide = {
  router,
  table,
  proc: d.proc,
  directory: () => ownJob!,
  log: (message) => post({ type: "log", message }),
  stopped: () => stopped,
};

/** Dials process `proc` of job `job` at `address`, proving its port token. */
async function dialJob(address: string, token: Uint8Array, job: number, proc?: number): Promise<void> {
  const link = await connect(address, d.tls && { tls: { ca: d.tls.ca } });
  await dialPeer(link, token, OTHER_JOB);
  const met = await meetJob(link, meeting);
  if (met.dir.job !== job || (proc !== undefined && met.proc !== proc)) {
    link.close();
    throw new Error(`${address} is process ${met.proc} of job ${met.dir.job.toString(16)}, not the one the port names`);
  }
}

/** The directory other jobs reach this one by: ranges of the launcher's ranks by process, then each process's spawned vcs. */
function directoryOf(addresses: string[], procOf: number[], token: string): JobDirectory {
  const ranges: [number, number, number][] = [];
  procOf.forEach((p, r) => {
    const last = ranges[ranges.length - 1];
    if (last && last[2] === p && last[0] + last[1] === r) last[1]++;
    else ranges.push([r, 1, p]);
  });
  // thread mode: every vc is this process's
  const stride = d.nprocs === 1 ? 2 ** 31 : PROCESS_VCS;
  return { job: table.job, token, addresses, ranges, spawnBase: procOf.length, stride };
}

const listener = await listen(
  d.listen,
  (link) => {
    tokenKnown
      .then((token) => acceptPeer(link, (proc) => (proc === OTHER_JOB ? portSecret! : token), d.proc))
      .then(
        (peer) =>
          peer === OTHER_JOB
            ? void meetJob(link, meeting).catch((e: unknown) => post({ type: "log", message: `no job met on ${link.peer}: ${e instanceof Error ? e.message : e}` }))
            : adopt(link, peer),
        (e: unknown) => post({ type: "log", message: `refused a connection from ${link.peer}: ${e instanceof Error ? e.message : e}` }),
      );
  },
  // failed TLS handshakes never become links: log them like refused handshakes
  { tls: d.tls && { cert: d.tls.cert, key: d.tls.key }, onError: (e) => post({ type: "log", message: e.message }) },
);
post({ type: "listening", address: listener.address });

port.on("message", (m: ToNet) => {
  if (m.type === "peers") {
    router.procOf = m.procOf;
    const token = Buffer.from(m.token, "hex");
    const ports = portToken(token);
    portSecret = Buffer.from(ports, "hex");
    ownJob = directoryOf(m.addresses, m.procOf, ports);
    setToken(token);
    if (d.nprocs === 1) start();
    // each pair connects once: the process with the larger id dials
    for (let q = 0; q < d.proc; q++) {
      connect(m.addresses[q], d.tls && { tls: { ca: d.tls.ca } })
        .then((link) => dialPeer(link, token, d.proc).then((peer) => {
          if (peer !== q) throw new Error(`expected process ${q} at ${m.addresses[q]}, found process ${peer}`);
          adopt(link, peer);
        }))
        .catch((e: unknown) =>
          post({ type: "fatal", message: `cannot connect to process ${q} at ${m.addresses[q]}: ${e instanceof Error ? e.message : e}` }),
        );
    }
  } else if (m.type === "add-local") {
    router.addLocal(m.local, m.board, m.base);
    // before anything the new ranks' parents say of them: frames on one connection stay in order
    for (const link of router.links.slice(0, d.nprocs)) link?.send({ type: "ranks", base: m.base, size: m.local.length });
    post({ type: "added", base: m.base });
  } else if (m.type === "bridge") {
    dialJob(m.address, Buffer.from(m.token, "hex"), m.job).then(
      () => post({ type: "bridged", id: m.id }),
      (e: unknown) => post({ type: "bridged", id: m.id, error: e instanceof Error ? e.message : String(e) }),
    );
  } else if (m.type === "add-outbox") {
    router.addOutbox(m.outbox);
  } else if (m.type === "drop-local") {
    router.dropLocal(m.base, m.size);
  } else if (m.type === "shutdown") {
    shuttingDown = true;
    lingerUntil = performance.now() + RELAY_LINGER_MS;
    sayBye();
    maybeClosed();
  }
});

/** "rank 3" or "ranks 4..7": the ranks process p runs. */
function ranksOf(p: number): string {
  const ranks = router.procOf.flatMap((q, r) => (q === p ? [r] : []));
  return ranks.length === 1 ? `rank ${ranks[0]}` : `ranks ${ranks[0]}..${ranks[ranks.length - 1]}`;
}

let byeSent = false;

/** Tells every peer that this process is leaving (after all its ranks sent is written out). */
function sayBye(): void {
  if (byeSent) return;
  byeSent = true;
  for (const link of router.links) link?.send({ type: "bye" });
}

/** Until when a process that relays for other jobs waits for their goodbyes (net-relay.ts), once told to shut down. */
let lingerUntil = 0;
let lingering = false;

/** Once every peer has said bye (or gone after saying it), and the jobs this process relays for have too (a while at most), the thread ends. */
function maybeClosed(): void {
  if (stopped) return;
  for (let q = 0; q < d.nprocs; q++) if (q !== d.proc && !byeFrom.has(q) && !router.gone.has(q)) return;
  if (router.relayPending && performance.now() < lingerUntil) {
    if (!lingering) setTimeout(() => ((lingering = false), maybeClosed()), 50);
    lingering = true;
    return;
  }
  stopped = true;
  for (const link of router.links) link?.close();
  void listener.close().then(() => post({ type: "closed" }));
}
