/**
 * wmpi/browser: run MPI jobs in a web page. Each rank is a Web Worker with
 * its own instance of the same core and facade as on Node; a rank's program
 * does `import { MPI } from "wmpi"` and may block, the page awaits the result.
 *
 *   import { startJob } from "wmpi/browser";
 *   const { result } = startJob({ np: 4, program: { source: code }, onOutput: (l) => show(l) });
 *   const { code, failure } = await result;
 *
 * The page must be cross-origin isolated (COOP: same-origin, COEP:
 * require-corp); startJob() throws IsolationError, explaining that, otherwise.
 * @module wmpi/browser
 */
export { startJob } from "./start-job.js";
export { mapWmpiImports } from "./map-imports.js";
export type { BrowserJob, JobOptions, JobResult, OutputLine, ProgramSource } from "./start-job.js";
export type { JobFiles } from "./file-worker-start.js";
export type { TraceOptions } from "./trace-stream.js";
export type { CallArgs, MessageArgs, TraceEvent, TraceFile } from "../runtime/trace-format.js";
export { traceFile } from "../runtime/trace-format.js";
export { isolationProblem, IsolationError } from "./isolation.js";
