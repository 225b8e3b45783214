/**
 * The page's side of a job's net worker (net-worker.ts): start-job.ts starts
 * it beside the ranks when the job may reach other jobs (startJob's
 * `network`). It makes what the ranks and the net worker share: the job's vc
 * table, one universe call block and one outbox per rank, and the doorbell.
 */
import { createOutbox, createDoorbell, outboxBytesFor } from "../runtime/outbox.js";
import { eagerLimitOf, type Env, type UniverseLink } from "../runtime/job.js";
import { MAX_VCS, VcTable } from "../runtime/vc-table.js";
import type { NetWorkerMessage, NetWorkerStart } from "./messages.js";
import { UNIVERSE_BLOCK_BYTES } from "./universe-block.js";

/** How long the goodbyes to other jobs may take when the job ends. */
const CLOSE_MS = 2000;

export interface StartedNetWorker {
  worker: Worker;
  /** by rank: what its JobSpec carries */
  links: UniverseLink[];
  table: SharedArrayBuffer;
  /** Says goodbye to the other jobs' processes, then ends the worker. */
  close(): Promise<void>;
}

/** `log`: what goes wrong on the network (a refused or lost connection); `fail`: the worker itself failed, and the ranks' requests would wait for good. */
export function startNetWorker(
  np: number,
  memories: WebAssembly.Memory[],
  board: SharedArrayBuffer,
  env: Env,
  names: Record<string, string>,
  url: string | URL,
  log: (message: string) => void,
  fail: (message: string) => void,
): StartedNetWorker {
  const table = VcTable.create(crypto.getRandomValues(new Uint32Array(1))[0] || 1, np, MAX_VCS);
  const doorbell = createDoorbell();
  const blocks = memories.map(() => new SharedArrayBuffer(UNIVERSE_BLOCK_BYTES));
  const outboxes = memories.map(() => createOutbox(outboxBytesFor(eagerLimitOf(env))));
  const worker = new Worker(new URL(url, location.href), { type: "module", name: "wmpi network" });
  let closed: (() => void) | undefined;
  let dead = false;
  worker.onmessage = (ev: MessageEvent<NetWorkerMessage>) => {
    if (ev.data.type === "log") log(ev.data.message);
    else closed?.();
  };
  worker.onerror = (ev) => {
    ev.preventDefault();
    dead = true;
    fail(`the job's network worker failed: ${ev.message || `it did not start (${String(url)})`}`);
  };
  worker.postMessage({ type: "start", np, memories, board, blocks, outboxes, doorbell, table: table.buffer, names } satisfies NetWorkerStart);
  return {
    worker,
    links: blocks.map((block, rank) => ({ block, net: { outbox: outboxes[rank], doorbell } })),
    table: table.buffer,
    async close() {
      if (dead) return worker.terminate();
      const done = new Promise<void>((resolve) => {
        closed = resolve;
        setTimeout(resolve, CLOSE_MS);
      });
      worker.postMessage({ type: "shutdown" });
      await done;
      worker.terminate();
    },
  };
}
