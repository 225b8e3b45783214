/**
 * The entry of one browser rank (a module Web Worker), as worker-main.ts is
 * for a Node rank thread: it waits for the page's "start" (the job: the
 * compiled module, every rank's shared memory, the board), installs the job,
 * and runs the program. Blocking MPI calls block this worker (Atomics.wait),
 * never the page.
 *
 * The rank's console becomes its output lines; the program is done when its
 * module has settled (top-level await included), then MPI_Finalize runs if
 * the program did not call it, as at a Node rank's exit. Anything the program
 * throws, at the top or later in a callback, fails the job with its text
 * (an MPI error is an MPI.Exception naming the call).
 */
import { instantiateRank } from "../runtime/instance.js";
import { setJob, type JobSpec } from "../runtime/job.js";
import { runExitHooks } from "../runtime/platform-browser.js";
import { describeTrap } from "../runtime/trap.js";
import { captureConsole } from "./console-lines.js";
import type { RankMessage, RankProgram, StartMessage } from "./messages.js";
import { browserHost, workerScope } from "./rank-host.js";
import { rankFiles, setFileBlock } from "./rank-files.js";

let rank = -1;
let ended = false;
/** A C program's stack overflow is a trap; a JS program's is its own RangeError, as under wmpiexec. */
let cProgram = false;
const post = (m: RankMessage) => workerScope.postMessage(m);

/** The first failure ends this rank's part: the page ends the job. */
function fail(e: unknown): void {
  if (ended) return;
  ended = true;
  if (e instanceof WebAssembly.RuntimeError || (cProgram && e instanceof RangeError && /call stack/i.test(e.message)))
    post({ type: "trap", rank, message: describeTrap(e) });
  else post({ type: "failure", rank, message: errorText(e) });
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.stack?.includes(e.message) ? e.stack : `${e.name}: ${e.message}\n${e.stack ?? ""}`.trimEnd();
  return String(e);
}

workerScope.addEventListener("error", (ev) => {
  ev.preventDefault();
  fail(ev.error ?? ev.message);
});
workerScope.addEventListener("unhandledrejection", (ev) => {
  ev.preventDefault();
  fail(ev.reason);
});

workerScope.addEventListener("message", (ev) => {
  const m = ev.data as StartMessage;
  if (m?.type !== "start" || rank >= 0) return;
  rank = m.job.rank;
  setFileBlock(m.files);
  captureConsole((stream, line) => post({ type: "output", rank, stream, line }));
  void run(m).then(
    (code) => {
      if (ended) return;
      ended = true;
      post({ type: "exit", rank, code });
    },
    (e) => fail(e),
  );
});

async function run(m: StartMessage): Promise<number> {
  const program = m.program;
  cProgram = program.kind === "wasm";
  if (program.kind === "wasm") return runC(m.job, program);
  setJob(m.job);
  await importProgram(program);
  runExitHooks();
  return 0;
}

/** Imports a module program; a bare `import "wmpi"` that nothing mapped gets an explanation. */
async function importProgram(p: Exclude<RankProgram, { kind: "wasm" }>): Promise<void> {
  const url = p.kind === "module" ? p.url : URL.createObjectURL(new Blob([p.text], { type: "text/javascript" }));
  try {
    await import(/* @vite-ignore */ url);
  } catch (e) {
    if (e instanceof TypeError && /specifier "wmpi/.test(e.message))
      throw new TypeError(
        `${e.message}: a browser cannot resolve the bare name "wmpi" in a module it loads by URL. ` +
          `Import the rank library by URL (wmpi/dist/web/wmpi.js), pass the program as source text to startJob() (it maps "wmpi"), ` +
          `or serve it with wmpi's server (scripts/serve.mjs), which maps it.`,
      );
    throw e;
  } finally {
    if (p.kind === "source") URL.revokeObjectURL(url);
  }
}

/**
 * A C program built by wmpicc: its main runs with the arguments and the
 * environment the page gave, in the job's files (its root "/" is the working
 * directory; every rank sees the same files, as MPI-IO needs).
 */
function runC(job: JobSpec, { args, env }: Extract<RankProgram, { kind: "wasm" }>): number {
  const instance = instantiateRank(job, browserHost(rank), { args, env: { ...job.env, ...env } }, rankFiles(job.memories[job.rank]));
  return instance.start();
}
