/**
 * The Host (runtime/host.ts) of a rank that runs in a Web Worker: output
 * and aborts go to the page as messages (messages.ts); the clock is the
 * worker's performance.now() on its timeOrigin, which the ranks of one page
 * share up to the browser's coarsening of timers.
 */
import type { Host } from "../runtime/host.js";
import type { RankMessage } from "./messages.js";

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
    abort(code: number, message: string): never {
      post({ type: "abort", rank, code, message });
      parkForever();
    },
    stdout: (line) => post({ type: "output", rank, stream: "stdout", line }),
    stderr: (line) => post({ type: "output", rank, stream: "stderr", line }),
  };
}
