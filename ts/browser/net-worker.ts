/**
 * The entry of a page job's net worker (a module Web Worker that
 * start-job.ts starts beside the ranks when the job may reach other jobs):
 * what runtime/net-thread.ts is to a Node process, for a page, which can
 * only dial. It answers the ranks' universe requests (page-universe.ts) and
 * routes what they send to ranks of other jobs (runtime/net-router.ts), over
 * WebSocket links (ws:// or wss://) it dials with the job-token handshake
 * in WebCrypto.
 *
 * Nobody can dial a page, so when it meets a job through a port it dials
 * every process of that job at once: each then has a connection to send to
 * the page's ranks on (its router waits for it, net-router.ts). The page's
 * directory says so with empty addresses. Other jobs (another page, a job it
 * hears of from the one it met) reach it, and it them, through a process of
 * the job it met (runtime/net-relay.ts).
 */
import { OTHER_JOB } from "../net/frame.js";
import { dialPeerWeb } from "../net/handshake-web.js";
import { connectWebWs } from "../net/web-ws-link.js";
import { meetJob, type MeetingSide } from "../runtime/job-meeting.js";
import type { JobDirectory } from "../runtime/net-jobs.js";
import { NetRouter } from "../runtime/net-router.js";
import { VcTable } from "../runtime/vc-table.js";
import type { NetWorkerMessage, NetWorkerShutdown, NetWorkerStart } from "./messages.js";
import { PageUniverse } from "./page-universe.js";
import { serveUniverse } from "./universe-block.js";

const scope = globalThis as unknown as {
  postMessage(m: NetWorkerMessage): void;
  addEventListener(type: "message", f: (ev: { data: NetWorkerStart | NetWorkerShutdown }) => void): void;
};
const log = (message: string) => scope.postMessage({ type: "log", message });

/** Pings every few seconds; a process silent for this long is lost (as WMPI_NET_TIMEOUT's default). */
const PING_MS = 2000;
const DEAD_MS = 30_000;
/** How long the goodbyes may take to be written before the connections close anyway. */
const BYE_MS = 1000;

let router: NetRouter | undefined;
let stopped = false;

scope.addEventListener("message", (ev) => {
  const m = ev.data;
  if (m.type === "start" && router === undefined) start(m);
  else if (m.type === "shutdown") void shutdown();
});

function start(m: NetWorkerStart): void {
  const table = new VcTable(m.table);
  const r = new NetRouter(0, m.memories.map((memory, rank) => ({ rank, memory })), m.board, m.doorbell, log, table);
  router = r;
  const ownJob: JobDirectory = {
    job: table.job,
    // nobody dials a page, so nobody proves its token: any will do
    token: hex(crypto.getRandomValues(new Uint8Array(32))),
    addresses: [""],
    ranges: [[0, m.np, 0]],
    spawnBase: m.np,
    stride: 2 ** 31,
  };
  const side: MeetingSide = { router: r, table, proc: 0, directory: () => ownJob, log, stopped: () => stopped };

  /** Dials process `proc` (if given) of job `job` at `address`, proving its port token; resolves with that job's directory. */
  const dialJob = async (address: string, token: string, job: number, proc?: number): Promise<JobDirectory> => {
    const link = await connectWebWs(address);
    await dialPeerWeb(link, unhex(token), OTHER_JOB);
    const met = await meetJob(link, side);
    if (met.dir.job !== job || (proc !== undefined && met.proc !== proc)) {
      link.close();
      throw new Error(`${address} is process ${met.proc} of job ${met.dir.job.toString(16)}, not the one the port names`);
    }
    return met.dir;
  };
  r.dial = (dir, proc) => dialJob(dir.addresses[proc], dir.token, dir.job, proc).then(() => undefined);
  r.canDial = (address) => /^wss?:\/\//.test(address);

  const outboxAdded = new Set<number>();
  const universe = new PageUniverse(table, {
    async bridge(address, token, job) {
      const dir = await dialJob(address, token, job);
      // the job's other processes cannot dial the page: each gets its connection now
      await Promise.all(dir.addresses.map((a, proc) => (r.reaches(job, proc) || !r.canDial(a) ? undefined : r.dial!(dir, proc))));
    },
    addOutbox(rank) {
      if (outboxAdded.has(rank)) return;
      outboxAdded.add(rank);
      r.addOutbox(m.outboxes[rank]);
    },
    log,
  });
  serveUniverse(m.blocks, (rank, request) => universe.answer(rank, request), () => stopped);
  r.onAllClosed = sayBye;
  r.startHeartbeat(PING_MS, DEAD_MS, (_, why) => log(`lost a process of another job: ${why}; operations with its ranks fail`));
  // a macrotask that is not clamped as nested setTimeouts are
  const channel = new MessageChannel();
  let wake: (() => void) | undefined;
  channel.port1.onmessage = () => wake?.();
  const turn = () => new Promise<void>((resolve) => ((wake = resolve), channel.port2.postMessage(0)));
  void r.pump(0, () => stopped, turn);
}

let byeSent = false;

/** Tells every process met that this job is leaving (once what its ranks sent is written out). */
function sayBye(): void {
  if (byeSent) return;
  byeSent = true;
  for (const link of router?.links ?? []) link?.send({ type: "bye" });
}

async function shutdown(): Promise<void> {
  if (router) {
    router.drain();
    sayBye();
    const until = performance.now() + BYE_MS;
    while (router.links.some((l) => l !== undefined && l.bufferedAmount > 0) && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
    stopped = true;
    for (const link of router.links) link?.close();
  }
  stopped = true;
  scope.postMessage({ type: "closed" });
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function unhex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}
