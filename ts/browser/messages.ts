/**
 * What a page and its rank workers say to each other (browser/start-job.ts
 * and browser/rank-worker.ts). The page sends one "start"; a rank sends its
 * output a line at a time, then how it ended.
 */
import type { JobSpec } from "../runtime/job.js";

/** The program a rank runs. */
export type RankProgram =
  /** an ES module (JS); its `import "wmpi"` must reach the rank library (start-job.ts rewrites sources) */
  | { kind: "module"; url: string }
  /** ES module source text, imported from a blob: URL in the worker */
  | { kind: "source"; text: string }
  /** a C program built by wmpicc: JobSpec.module is it (core and main together) */
  | { kind: "wasm"; args: string[]; env: Record<string, string> };

/** page -> rank worker */
export interface StartMessage {
  type: "start";
  job: JobSpec;
  program: RankProgram;
  /** the rank's call block to the job's file worker (file-protocol.ts); absent: the job has no files */
  files?: SharedArrayBuffer;
}

/** rank worker -> page */
export type RankMessage =
  | { type: "output"; rank: number; stream: "stdout" | "stderr"; line: string }
  /** MPI_Abort, or a fatal MPI error (ERRORS_ARE_FATAL): the job ends with `code` */
  | { type: "abort"; rank: number; code: number; message: string }
  /** the rank's program threw (at the top, or later in a callback): the job fails */
  | { type: "failure"; rank: number; message: string }
  /** the rank's wasm trapped (a C program's out-of-bounds access, unreachable, stack overflow): the job fails */
  | { type: "trap"; rank: number; message: string }
  /** the program is done (a C program's exit code; 0 for a module that settled) */
  | { type: "exit"; rank: number; code: number };

/** page -> the job's net worker (net-worker.ts): the ranks it routes for, and the job's table. */
export interface NetWorkerStart {
  type: "start";
  np: number;
  memories: WebAssembly.Memory[];
  board: SharedArrayBuffer;
  /** by rank: its universe call block (universe-block.ts) and its outbox */
  blocks: SharedArrayBuffer[];
  outboxes: SharedArrayBuffer[];
  doorbell: SharedArrayBuffer;
  /** the job's vc table (runtime/vc-table.ts): its number, and the ranks of other jobs met */
  table: SharedArrayBuffer;
}

/** page -> net worker: the job is over; say goodbye to the other jobs' processes. */
export interface NetWorkerShutdown {
  type: "shutdown";
}

/** net worker -> page */
export type NetWorkerMessage =
  /** something the page's job should hear of (a refused or lost connection): it goes to the job's output */
  | { type: "log"; message: string }
  /** every connection is closed after the goodbyes */
  | { type: "closed" };
