/**
 * The Host (runtime/host.ts) of a rank that runs in a Web Worker: output
 * and aborts go to the page as messages (messages.ts); the clock is the
 * worker's performance.now() on its timeOrigin, which the ranks of one page
 * share up to the browser's coarsening of timers. A job that may reach other
 * jobs (startJob's `network`) has a universe: its net worker.
 */
import type { Host } from "../runtime/host.js";
import type { RankMessage } from "./messages.js";
import { BlockUniverse } from "./universe-block.js";

/** The worker's global scope, as far as a rank uses it (the DOM lib types the window instead). */
export const workerScope = globalThis as unknown as {
  postMessage(message: RankMessage): void;
  addEventListener(type: string, listener: (event: { data?: unknown; error?: unknown; reason?: unknown; message?: string; preventDefault(): void }) => void): void;
  location?: { hostname?: string };
};

/** Stops this thread for good: the page terminates the worker once it hears why (an abort never returns). */
function parkForever(): never {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0);
}

export function browserHost(rank: number): Host {
  const post = (m: RankMessage) => workerScope.postMessage(m);
  return {
    now: () => (performance.timeOrigin + performance.now()) / 1000,
    hostname: () => workerScope.location?.hostname || "browser",
    joinUniverse(link) {
      if (!("block" in link)) throw new Error("wmpi: a Node rank's universe link reached a page's rank");
      return new BlockUniverse(link.block, link.net);
    },
    abort(code: number, message: string): never {
      post({ type: "abort", rank, code, message });
      parkForever();
    },
    stdout: (line) => post({ type: "output", rank, stream: "stdout", line }),
    stderr: (line) => post({ type: "output", rank, stream: "stderr", line }),
  };
}
