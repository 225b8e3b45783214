/**
 * The entry of a process's network thread (a worker thread): listens,
 * connects to every other process of the job once the launcher tells it
 * where they are, proves and checks the job token on every connection, then
 * pumps the ranks' outboxes and the connections (net-router.ts) until the
 * process shuts down. Talks to its process's main thread by messages.
 */
import { parentPort, workerData } from "node:worker_threads";
import { dialPeer, acceptPeer } from "../net/handshake.js";
import { connect, listen, type FrameLink } from "../net/link.js";
import { NetRouter, type LocalRank } from "./net-router.js";
import type { NetTls } from "./net-tls.js";

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
}

/** Messages from the process to its network thread. */
export type ToNet =
  /** where the other processes listen, which process runs each rank, and the job's secret (hex) */
  | { type: "peers"; addresses: string[]; procOf: number[]; token: string }
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
const router = new NetRouter(d.proc, d.local, d.board, d.doorbell, (message) => post({ type: "log", message }));
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
  if (router.links.filter(Boolean).length === d.nprocs - 1) {
    post({ type: "ready" });
    router.startHeartbeat(Math.min(2000, deadMs / 4), deadMs, (p, why) =>
      post({ type: "gone", proc: p, message: `lost process ${p} (${ranksOf(p)}): ${why}; operations with it fail` }),
    );
    void pump();
  }
}

const listener = await listen(
  d.listen,
  (link) => {
    tokenKnown
      .then((token) => acceptPeer(link, token, d.proc))
      .then(
        (peer) => adopt(link, peer),
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
    setToken(token);
    if (d.nprocs === 1) {
      post({ type: "ready" });
      void pump();
    }
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
    for (const link of router.links) link?.send({ type: "ranks", base: m.base, size: m.local.length });
    post({ type: "added", base: m.base });
  } else if (m.type === "shutdown") {
    shuttingDown = true;
    sayBye();
    maybeClosed();
  }
});

/** "rank 3" or "ranks 4..7": the ranks process p runs. */
function ranksOf(p: number): string {
  const ranks = router.procOf.flatMap((q, r) => (q === p ? [r] : []));
  return ranks.length === 1 ? `rank ${ranks[0]}` : `ranks ${ranks[0]}..${ranks[ranks.length - 1]}`;
}

/** Moves outbox records onto the connections; sleeps on the doorbell when there are none. */
async function pump(): Promise<void> {
  let busy = performance.now();
  while (!stopped) {
    const moved = router.drain();
    if (moved > 0) busy = performance.now();
    // poll for a while after traffic (the sockets are served between turns), then sleep on the doorbell
    if (performance.now() - busy < spinMs || moved > 0) await new Promise((r) => setImmediate(r));
    else if (router.pending) await new Promise((r) => setTimeout(r, 1)); // records wait for a backed-up connection
    else await router.sleep(20);
  }
}

let byeSent = false;

/** Tells every peer that this process is leaving (after all its ranks sent is written out). */
function sayBye(): void {
  if (byeSent) return;
  byeSent = true;
  for (const link of router.links) link?.send({ type: "bye" });
}

/** Once every peer has said bye (or gone after saying it), the thread ends. */
function maybeClosed(): void {
  if (stopped) return;
  for (let q = 0; q < d.nprocs; q++) if (q !== d.proc && !byeFrom.has(q) && !router.gone.has(q)) return;
  stopped = true;
  for (const link of router.links) link?.close();
  void listener.close().then(() => post({ type: "closed" }));
}
