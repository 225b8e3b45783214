/**
 * Starting a job of N ranks in a page, as launcher/threads.ts does with
 * Node worker threads: one module Web Worker per rank, each with its own
 * instance of the core on its own shared memory; the page compiles the
 * module once and hands it, every rank's memory and the start-up board to
 * every worker. Everything here is asynchronous: the page's main thread
 * never blocks (only the workers do, in blocking MPI calls).
 *
 * The first failure (an exception, MPI_Abort, a trap, a non-zero exit of a C
 * program) ends every rank; the result says which rank and why.
 */
import { sampleWaits, watchDeadlocks } from "../runtime/deadlock.js";
import { createBoard, createRankMemory, parseSize, rankMemoryPages, type JobSpec } from "../runtime/job.js";
import { startFileWorker, type JobFiles } from "./file-worker-start.js";
import { startNetWorker, type StartedNetWorker } from "./net-worker-start.js";
import { VcTable } from "../runtime/vc-table.js";
import { IsolationError, isolationProblem } from "./isolation.js";
import { mapWmpiImports } from "./map-imports.js";
import type { RankMessage, RankProgram, StartMessage } from "./messages.js";
import type { TraceFile } from "../runtime/trace-format.js";
import { BrowserTrace, traceEnv, type TraceOptions } from "./trace-stream.js";

/** A line a rank wrote (its console, or its C stdout/stderr). */
export interface OutputLine {
  /** the rank that wrote it */
  rank: number;
  /** "stdout": console.log, info, debug and a C program's stdout; "stderr": console.warn, error, trace and its stderr */
  stream: "stdout" | "stderr";
  /** the text, without its newline */
  line: string;
}

/** What every rank runs. */
export type ProgramSource =
  /** the URL of an ES module (JS), or of a .wasm built by wmpicc */
  | string
  | URL
  /** ES module source text (JS): its `import ... from "wmpi"` gets the rank library */
  | { source: string }
  /** a C program built by wmpicc: its URL, bytes or compiled module; `name` is its argv[0] */
  | { wasm: string | URL | ArrayBuffer | Uint8Array | WebAssembly.Module; name?: string };

/** What startJob() runs and how: the ranks, the program, and where output, files and traces go. */
export interface JobOptions {
  /** Number of ranks. */
  np: number;
  /** What every rank runs: a module's URL, its source text, or a C program (see ProgramSource). */
  program: ProgramSource;
  /** A C program's arguments after its name. */
  args?: string[];
  /** The ranks' environment: WMPI_* settings of the core (WMPI_EAGER_LIMIT, ...); a C program's main sees all of it. */
  env?: Record<string, string>;
  /** Each output line as it arrives (they are also collected in the result). */
  onOutput?: (line: OutputLine) => void;
  /** Each rank's memory cap, bytes or "256M" (default 4 GiB, as on Node). */
  maxMemory?: number | string;
  /**
   * End the job as deadlocked once every rank has waited this many seconds in
   * MPI with no message on its way; the failure then says who waits on whom
   * (as wmpiexec's WMPI_DEADLOCK_SECONDS). Default: never.
   */
  deadlockSeconds?: number;
  /**
   * Where the ranks' files live (MPI-IO, a C program's fopen), shared by every
   * rank: "opfs" (the default), the origin's private file system, where files
   * outlive the job (a page reads them with navigator.storage.getDirectory());
   * `directory` puts the job's root below the origin's (made if missing). Where
   * the browser has no OPFS, the job runs on "memory" instead and the result
   * says so. "memory": files in a worker of the job, gone with it. false: no
   * files (opening one fails).
   */
  files?: JobFiles["store"] | false | JobFiles;
  /** Where the built package's files are; by default found from this module's URL (dist/web/ and build/wmpi.wasm). */
  coreUrl?: string | URL;
  /** The rank worker's module (dist/web/), likewise. */
  workerUrl?: string | URL;
  /** The file worker's module (dist/web/), likewise. */
  fileWorkerUrl?: string | URL;
  /** The rank library a program's `import "wmpi"` means (dist/web/wmpi.js). */
  libraryUrl?: string | URL;
  /** Trace every MPI call and message: live to `onEvents`, and whole in the result (`trace`). */
  trace?: TraceOptions;
  /**
   * Let the ranks reach other jobs: MPI_Comm_connect to the port of a Node
   * job started with `wmpiexec --net ws` (ws:// or wss://, the port's name
   * says which) joins this page's ranks with that job's, as two wmpiexec jobs
   * join (then Intercomm_merge makes one communicator of them). The port
   * carries the job's port token, which the page proves. A page can only
   * connect: its own ports serve its own ranks. The job then runs a network
   * worker (netWorkerUrl), which says what goes wrong on the console.
   */
  network?: boolean;
  /**
   * With `network`: names published in the job before its ranks start, as
   * MPI_Publish_name would (service → port name), so that a program finds a
   * port the page was given with MPI_Lookup_name, e.g. `{ class: port }`.
   */
  names?: Record<string, string>;
  /** The network worker's module (dist/web/), found like workerUrl. */
  netWorkerUrl?: string | URL;
}

/** How a job ended. */
export interface JobResult {
  /** 0 when every rank succeeded, else the failing rank's code (1 for an exception or a trap) */
  code: number;
  /** which rank failed and why, e.g. "rank 1 failed: MPI.Exception: MPI_Send: invalid rank 5 ..." */
  failure?: string;
  /** every line, in the order they arrived (per rank: in the order written) */
  output: OutputLine[];
  /** where the job's files were ("memory" with `fallback` when OPFS was asked for and is unavailable), if it had files */
  files?: { store: JobFiles["store"]; fallback?: string };
  /** with the `trace` option: the whole trace (the format of `wmpiexec --trace`) */
  trace?: TraceFile;
}

/** A job under way. */
export interface BrowserJob {
  /** Its number of ranks. */
  readonly np: number;
  /** Settles once every rank has ended; never rejects. */
  readonly result: Promise<JobResult>;
  /** Ends every rank now (the result says "terminated"). */
  terminate(): void;
}

/** Lines a failing job's other ranks still send in this window are kept: their messages are on the way. */
const OUTPUT_GRACE_MS = 100;

const here = (file: string) => new URL(file, import.meta.url);
/** The compiled core per URL: a page that runs many jobs compiles it once. */
const compiled = new Map<string, Promise<WebAssembly.Module>>();

/**
 * Starts `np` ranks of `program` as Web Workers, each with its own instance of the core, and
 * returns at once: the page's main thread never blocks, only the workers do, in blocking MPI
 * calls. The first failure (an exception, MPI_Abort, a trap, a C program's non-zero exit) ends
 * every rank, and the result says which rank failed and why.
 * @param options the job: `np`, `program`, and optionally output, files, tracing, limits
 * @returns the job under way: `result` settles when every rank has ended, `terminate()` ends it
 * @throws {@link IsolationError} at once, with nothing started, when the page is not cross-origin
 * isolated (see {@link isolationProblem}); RangeError when np is not a whole number >= 1, or
 * `names` come without `network`; TypeError when a name's port is not a string.
 * @example
 * ```ts
 * import { startJob } from "wmpi/browser";
 * const code = `import { MPI } from "wmpi";
 * console.log(MPI.COMM_WORLD.allreduce(MPI.COMM_WORLD.rank));`;
 * const job = startJob({ np: 4, program: { source: code }, onOutput: (l) => console.log(`[${l.rank}] ${l.line}`) });
 * const { code: exit, failure } = await job.result;
 * ```
 */
export function startJob(options: JobOptions): BrowserJob {
  const problem = isolationProblem();
  if (problem !== undefined) throw new IsolationError(problem);
  const np = options.np;
  if (!Number.isInteger(np) || np < 1) throw new RangeError(`startJob: np must be a whole number of ranks, at least 1 (got ${np})`);
  if (options.names !== undefined) {
    if (!options.network) throw new RangeError("startJob: names are held by the job's network worker: give network: true too");
    const bad = Object.entries(options.names).find(([, port]) => typeof port !== "string");
    if (bad) throw new TypeError(`startJob: names["${bad[0]}"] must be a port name (a string)`);
  }

  const output: OutputLine[] = [];
  const workers: Worker[] = [];
  let failure: { code: number; failure: string } | undefined;
  let settled = false;
  let exited = 0;
  let resolve!: (r: JobResult) => void;
  const result = new Promise<JobResult>((r) => (resolve = r));

  const exitedRanks = new Set<number>();
  let watch: { stop(): void } | undefined;
  let net: StartedNetWorker | undefined;
  let files: JobResult["files"];
  const trace = options.trace && new BrowserTrace(options.trace, programLabel(options.program), np);
  const settle = () => {
    if (settled) return;
    settled = true;
    watch?.stop();
    for (const w of workers) w.terminate();
    const result: JobResult = { code: failure?.code ?? 0, failure: failure?.failure, output, ...(files && { files }), ...(trace && { trace: trace.finish() }) };
    // the other jobs met hear goodbye before the result says the job is over
    void (net?.close() ?? Promise.resolve()).then(() => resolve(result));
  };
  const fail = (code: number, text: string) => {
    if (failure || settled) return;
    failure = { code: code & 0xff || 1, failure: text };
    setTimeout(settle, OUTPUT_GRACE_MS);
  };
  const onMessage = (m: RankMessage) => {
    if (settled) return;
    if (m.type === "output") {
      const line = { rank: m.rank, stream: m.stream, line: m.line };
      output.push(line);
      options.onOutput?.(line);
    } else if (m.type === "abort") fail(m.code, `rank ${m.rank} aborted the job: ${m.message}`);
    else if (m.type === "failure") fail(1, `rank ${m.rank} failed: ${m.message}`);
    else if (m.type === "trap") fail(1, `rank ${m.rank} trapped: ${m.message}`);
    else if (m.type === "exit") {
      exitedRanks.add(m.rank);
      if (m.code !== 0) fail(m.code, `rank ${m.rank} exited with code ${m.code}`);
      if (++exited === np && !failure) settle();
    }
  };

  const started = (memories: WebAssembly.Memory[], board: SharedArrayBuffer) => {
    trace?.watch(memories, board);
    const seconds = options.deadlockSeconds ?? 0;
    if (seconds <= 0) return;
    const b = new Int32Array(board);
    const live = () => memories.flatMap((memory, vc) => (exitedRanks.has(vc) ? [] : [{ vc, memory, board: b, slot: 1 + vc }]));
    // once ranks of another job are met, what they may send cannot be seen from here: never all stuck
    const table = net && new VcTable(net.table);
    watch = watchDeadlocks(() => (table && table.aliases > 0 ? "busy" : sampleWaits(live())), (report) => fail(1, report), seconds * 1000);
  };
  const filesReady = (f: NonNullable<JobResult["files"]>) => void (files = f);
  const netStarted = (n: StartedNetWorker) => void (net = n);
  void launch(options, workers, onMessage, fail, () => settled, started, filesReady, netStarted).catch((e: unknown) => fail(1, `the job did not start: ${e instanceof Error ? e.message : String(e)}`));
  return {
    np,
    result,
    terminate() {
      if (!failure) failure = { code: 143, failure: "terminated" };
      settle();
    },
  };
}

/** Compiles the module, makes the memories and starts the workers. */
async function launch(
  options: JobOptions,
  workers: Worker[],
  onMessage: (m: RankMessage) => void,
  fail: (code: number, text: string) => void,
  over: () => boolean,
  started: (memories: WebAssembly.Memory[], board: SharedArrayBuffer) => void,
  filesReady: (f: NonNullable<JobResult["files"]>) => void,
  netStarted: (n: StartedNetWorker) => void,
): Promise<void> {
  const { np } = options;
  const env = { ...(options.env ?? {}), ...(options.trace && traceEnv(options.trace)) };
  if (options.maxMemory !== undefined) env.WMPI_MAX_MEMORY = String(options.maxMemory);
  if (env.WMPI_MAX_MEMORY !== undefined && parseSize(env.WMPI_MAX_MEMORY) === undefined)
    throw new Error(`maxMemory: not a size: "${env.WMPI_MAX_MEMORY}" (bytes, or like 256M, 2G)`);
  const { module, program } = await prepare({ ...options, env });
  if (over()) return; // terminated while the module compiled: start nothing
  const pages = rankMemoryPages(env);
  const memories = Array.from({ length: np }, () => createRankMemory(pages));
  const board = createBoard(np);
  const wanted = options.files ?? "opfs";
  const fileWorker = wanted === false ? undefined : startFileWorker(typeof wanted === "string" ? { store: wanted } : wanted, memories, options.fileWorkerUrl ?? here("./file-worker.js"));
  if (fileWorker) {
    workers.push(fileWorker.worker);
    filesReady(await fileWorker.ready);
    if (over()) return;
  }
  const netUrl = options.netWorkerUrl ?? here("./net-worker.js");
  const net = options.network ? startNetWorker(np, memories, board, env, options.names ?? {}, netUrl, (m) => console.warn(`wmpi: network: ${m}`), (m) => fail(1, m)) : undefined;
  if (net) netStarted(net);
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  const workerUrl = new URL(options.workerUrl ?? here("./rank-worker.js"), location.href);
  for (let rank = 0; rank < np; rank++) {
    const w = new Worker(workerUrl, { type: "module", name: `wmpi rank ${rank}` });
    workers.push(w);
    w.onmessage = (ev: MessageEvent<RankMessage>) => onMessage(ev.data);
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      fail(1, `rank ${rank} failed: ${ev.message || `its worker did not start (${workerUrl.href})`}`);
    };
    w.onmessageerror = () => fail(1, `rank ${rank} failed: a message from it could not be read`);
    const job: JobSpec = { rank, size: np, cores, module, memories, board, env, ...(net && { universe: net.links[rank], vcTable: net.table }) };
    w.postMessage({ type: "start", job, program, files: fileWorker?.blocks[rank] } satisfies StartMessage);
  }
  started(memories, board);
}

/** The module every rank instantiates (the core, or a C program that carries it) and what each rank runs. */
async function prepare(options: JobOptions): Promise<{ module: WebAssembly.Module; program: RankProgram }> {
  const p = options.program;
  const wasm = typeof p === "object" && "wasm" in p ? p.wasm : isWasmUrl(p) ? (p as string | URL) : undefined;
  if (wasm !== undefined) {
    const name = (typeof p === "object" && "name" in p && p.name) || programName(wasm);
    return { module: await compileWasm(wasm), program: { kind: "wasm", args: [name, ...(options.args ?? [])], env: options.env ?? {} } };
  }
  const module = await compileWasm(new URL(options.coreUrl ?? here("../../build/wmpi.wasm"), location.href));
  if (typeof p === "object" && "source" in p) {
    const library = new URL(options.libraryUrl ?? here("./wmpi.js"), location.href).href;
    return { module, program: { kind: "source", text: mapWmpiImports(p.source, library) } };
  }
  return { module, program: { kind: "module", url: new URL(p as string | URL, location.href).href } };
}

/** What a trace calls the program: its file name, or "program" for source text. */
function programLabel(p: ProgramSource): string {
  if (typeof p === "string" || p instanceof URL) return new URL(p, location.href).pathname.split("/").pop() || "program";
  return "wasm" in p ? p.name ?? programName(p.wasm) : "program";
}

function isWasmUrl(p: ProgramSource): boolean {
  if (typeof p !== "string" && !(p instanceof URL)) return false;
  return new URL(p, location.href).pathname.endsWith(".wasm");
}

function programName(wasm: string | URL | ArrayBuffer | Uint8Array | WebAssembly.Module): string {
  if (typeof wasm !== "string" && !(wasm instanceof URL)) return "program.wasm";
  return new URL(wasm, location.href).pathname.split("/").pop() || "program.wasm";
}

async function compileWasm(w: string | URL | ArrayBuffer | Uint8Array | WebAssembly.Module): Promise<WebAssembly.Module> {
  if (w instanceof WebAssembly.Module) return w;
  if (w instanceof ArrayBuffer || w instanceof Uint8Array) return WebAssembly.compile(w as BufferSource);
  const url = new URL(w, location.href).href;
  let module = compiled.get(url);
  if (module === undefined) {
    module = fetchAndCompile(url);
    compiled.set(url, module);
    module.catch(() => compiled.delete(url));
  }
  return module;
}

async function fetchAndCompile(url: string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  // streaming compilation needs the application/wasm type; any other server gets the plain way
  if (response.headers.get("content-type")?.startsWith("application/wasm")) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}
