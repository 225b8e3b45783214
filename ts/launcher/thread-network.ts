/**
 * The network of a thread-mode job: its ranks share memory and need no
 * network among themselves, but reaching another job (MPI_Open_port with
 * a connect from elsewhere, MPI_Comm_connect to another job's port) does.
 * The first such call starts this process's network thread
 * (runtime/net-thread.ts) as a job of one process, listening on TCP at
 * --bind (default 127.0.0.1), or on WebSocket with --net ws (where browser
 * pages can reach it). Every rank of the process is reachable
 * through it; a rank gets an outbox when it first sends to another job.
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Env, RankGroup } from "../runtime/job.js";
import { portToken } from "../runtime/job-token.js";
import type { JobNetwork } from "../runtime/net-jobs.js";
import type { FromNet, NetThreadData, ToNet } from "../runtime/net-thread.js";
import { createBoard, eagerLimitOf } from "../runtime/job.js";
import { createDoorbell, createOutbox, outboxBytesFor } from "../runtime/outbox.js";
import { reachable } from "../runtime/process-job.js";
import type { VcTable } from "../runtime/vc-table.js";
import { RELAY_LINGER_MS } from "../runtime/net-relay.js";

export class ThreadNetwork implements JobNetwork {
  private nextBridge = 0;
  portToken = "";

  private constructor(
    private readonly net: Worker,
    readonly address: string,
    private readonly doorbell: SharedArrayBuffer,
    private readonly outboxBytes: number,
  ) {}

  /** Starts the network thread, reaching the ranks of `groups` (and of groups added later). */
  /** onFail: the network thread died (the job cannot go on: its ranks' messages to other jobs would wait for good). */
  static async start(groups: RankGroup[], table: VcTable, env: Env, bind = "127.0.0.1", ws = false, onFail: (why: string) => void = () => {}): Promise<ThreadNetwork> {
    const doorbell = createDoorbell();
    const listen = ws ? `ws://${bind}:0` : `tcp:${bind}:0`;
    const data: NetThreadData = { proc: 0, nprocs: 1, local: [], board: createBoard(0), doorbell, listen, table: table.buffer };
    const worker = new Worker(fileURLToPath(new URL("../runtime/net-thread.js", import.meta.url)), { workerData: data });
    worker.unref(); // the ranks keep the process alive, not the network
    const failed = new Promise<never>((_, reject) => worker.once("error", reject));
    const listening = (await Promise.race([next(worker, "listening"), failed])) as Extract<FromNet, { type: "listening" }>;
    const n = new ThreadNetwork(worker, reachable(listening.address), doorbell, outboxBytesFor(eagerLimitOf(env)));
    worker.on("message", (m: FromNet) => {
      if (m.type === "log" || m.type === "fatal") process.stderr.write(`wmpi: network: ${m.message}\n`);
    });
    worker.on("error", (e) => onFail(`the network thread failed: ${e.stack ?? e.message}`));
    const token = randomBytes(32);
    n.portToken = portToken(token);
    const ready = next(worker, "ready");
    worker.postMessage({ type: "peers", addresses: [n.address], procOf: [], token: token.toString("hex") } satisfies ToNet);
    await ready;
    for (const g of groups) n.addGroup(g);
    return n;
  }

  /** Ranks that joined this process (spawned): reachable from other jobs too. */
  addGroup(g: RankGroup): void {
    const local = g.memories.flatMap((memory, i) => (memory ? [{ rank: g.base + i, memory }] : []));
    this.net.postMessage({ type: "add-local", local, board: g.board, base: g.base } satisfies ToNet);
  }

  dropGroup(base: number, size: number): void {
    this.net.postMessage({ type: "drop-local", base, size } satisfies ToNet);
  }

  async bridge(address: string, token: string, job: number): Promise<void> {
    const id = ++this.nextBridge;
    const answer = next(this.net, "bridged", (m) => m.type === "bridged" && m.id === id);
    this.net.postMessage({ type: "bridge", id, address, token, job } satisfies ToNet);
    const m = (await answer) as Extract<FromNet, { type: "bridged" }>;
    if (m.error !== undefined) throw new Error(m.error);
  }

  outbox(): { outbox: SharedArrayBuffer; doorbell: SharedArrayBuffer } {
    const outbox = createOutbox(this.outboxBytes);
    this.net.postMessage({ type: "add-outbox", outbox } satisfies ToNet);
    return { outbox, doorbell: this.doorbell };
  }

  /** Says goodbye to the other jobs' processes and ends the thread. */
  async close(): Promise<void> {
    const closed = next(this.net, "closed");
    this.net.postMessage({ type: "shutdown" } satisfies ToNet);
    // (a network thread that relays for other jobs waits for their goodbyes a while)
    await Promise.race([closed, new Promise((r) => setTimeout(r, RELAY_LINGER_MS + 2000).unref())]);
    await this.net.terminate();
  }
}

/** The network thread's next message of `type` (that `which` accepts). */
function next(worker: Worker, type: FromNet["type"], which: (m: FromNet) => boolean = () => true): Promise<FromNet> {
  return new Promise((resolve) => {
    const on = (m: FromNet) => {
      if (m.type !== type || !which(m)) return;
      worker.off("message", on);
      resolve(m);
    };
    worker.on("message", on);
  });
}
