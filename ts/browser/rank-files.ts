/**
 * The files of this rank's job (file-client.ts), as the rank worker received
 * them with "start": both the rank worker (a C program) and the facade
 * (platform-browser.ts, MPI-IO of a JS program) instantiate the core with
 * them. Kept on globalThis: the facade's copy of this module may be another
 * bundle's (the program imports the rank library by URL).
 */
import type { FileAccess } from "../runtime/instance.js";
import { remoteFiles } from "./file-client.js";

const BLOCK = Symbol.for("wmpi.fileCallBlock");

/** Installs this rank's call block (absent: the job has no files). */
export function setFileBlock(block: SharedArrayBuffer | undefined): void {
  (globalThis as Record<symbol, unknown>)[BLOCK] = block;
}

/** The job's files for the core instance on `memory`, or none (opening a file fails with ENOENT-like errors). */
export function rankFiles(memory: WebAssembly.Memory): FileAccess | undefined {
  const block = (globalThis as Record<symbol, unknown>)[BLOCK] as SharedArrayBuffer | undefined;
  return block === undefined ? undefined : remoteFiles(block, memory);
}
