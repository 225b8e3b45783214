/**
 * The entry of a browser job's file worker (a module Web Worker that
 * start-job.ts starts beside the ranks): it opens the store the page asked
 * for (the Origin Private File System, which gives synchronous access only to
 * a dedicated worker; or memory where there is none) and answers the ranks'
 * file calls (file-server.ts) until the page terminates it.
 */
import type { FileWorkerReply, FileWorkerStart } from "./file-protocol.js";
import { MemoryStore } from "./file-store-memory.js";
import { OpfsStore } from "./file-store-opfs.js";
import type { FileStore } from "./file-store.js";
import { serveFiles } from "./file-server.js";

const scope = globalThis as unknown as {
  postMessage(m: FileWorkerReply): void;
  addEventListener(type: "message", f: (ev: { data: FileWorkerStart }) => void): void;
};

scope.addEventListener("message", (ev) => {
  const m = ev.data;
  if (m?.type !== "start") return;
  void open(m).then(
    ({ store, fallback }) => {
      serveFiles(store, m.blocks, m.memories);
      scope.postMessage({ type: "ready", store: store.kind, fallback });
    },
    (e: unknown) => scope.postMessage({ type: "failed", message: e instanceof Error ? e.message : String(e) }),
  );
});

async function open(m: FileWorkerStart): Promise<{ store: FileStore; fallback?: string }> {
  if (m.store === "memory") return { store: new MemoryStore() };
  const origin = await OpfsStore.origin();
  // no OPFS here: memory still serves the job, and the page learns why
  if (typeof origin === "string") return { store: new MemoryStore(), fallback: `the Origin Private File System is unavailable: ${origin}` };
  return { store: await OpfsStore.at(origin, m.directory) };
}
