/**
 * The page's side of a job's file worker (file-worker.ts): start-job.ts starts it
 * before the ranks, with one call block per rank (file-protocol.ts) and every
 * rank's memory, and waits until it serves.
 */
import { CALL_BLOCK_BYTES, type FileStoreKind, type FileWorkerReply, type FileWorkerStart } from "./file-protocol.js";

/** Where a job's files are: the store, and for OPFS the job's root below the origin's ('/'-separated). */
export interface JobFiles {
  /** "opfs" (the origin's private file system) or "memory" (a worker of the job) */
  store: FileStoreKind;
  /** for OPFS, the job's root below the origin's, made if missing */
  directory?: string;
}

export interface StartedFileWorker {
  worker: Worker;
  /** by rank */
  blocks: SharedArrayBuffer[];
  /** settles when it serves: with the store it got (memory, and why, when OPFS was unavailable) */
  ready: Promise<{ store: FileStoreKind; fallback?: string }>;
}

/** A file worker that has not answered by then never will (a wrong URL that loads, a worker that lost the message): the job fails instead of waiting. */
const READY_MS = 30_000;

export function startFileWorker(files: JobFiles, memories: WebAssembly.Memory[], url: string | URL): StartedFileWorker {
  if (files.store !== "opfs" && files.store !== "memory") throw new Error(`files: the store is "opfs" or "memory" (got ${JSON.stringify(files.store)})`);
  const directory = files.directory ?? "";
  if (directory.split("/").some((c) => c === "." || c === ".."))
    throw new Error(`files: the directory is a path below the origin's root, without . or .. (got "${directory}")`);
  const blocks = memories.map(() => new SharedArrayBuffer(CALL_BLOCK_BYTES));
  const worker = new Worker(new URL(url, location.href), { type: "module", name: "wmpi files" });
  const ready = new Promise<{ store: FileStoreKind; fallback?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the file worker did not answer within ${READY_MS / 1000} s (${String(url)})`)), READY_MS);
    worker.onmessage = (ev: MessageEvent<FileWorkerReply>) => {
      clearTimeout(timer);
      const m = ev.data;
      if (m.type === "ready") resolve({ store: m.store, ...(m.fallback && { fallback: m.fallback }) });
      else reject(new Error(`the file worker could not start: ${m.message}`));
    };
    worker.onerror = (ev) => {
      clearTimeout(timer);
      ev.preventDefault();
      reject(new Error(`the file worker could not start: ${ev.message || String(url)}`));
    };
  });
  worker.postMessage({ type: "start", store: files.store, directory, blocks, memories } satisfies FileWorkerStart);
  return { worker, blocks, ready };
}
