import os from "node:os";
import { isMainThread, parentPort } from "node:worker_threads";
import type { Host } from "./host.js";
import { UniverseClient } from "./universe-client.js";
import { swapOverFd } from "./fd-swap.js";

/** A message from a rank thread to its launcher. */
export interface AbortNotice {
  /** abort: MPI_Abort or a fatal MPI error; trap: the rank's wasm trapped (a C program) */
  type: "abort" | "trap";
  code: number;
  message: string;
}

/** The Node host: a worker-thread rank tells its launcher; a lone process exits. */
export const nodeHost: Host = {
  now: () => (performance.timeOrigin + performance.now()) / 1000,
  hostname: () => os.hostname(),
  abort(code: number, message: string): never {
    if (!isMainThread && parentPort) {
      parentPort.postMessage({ type: "abort", code, message } satisfies AbortNotice);
    } else {
      process.stderr.write(`${message}\n`);
    }
    process.exit(code & 0xff || 1);
  },
  joinUniverse: (link, onGroup, onGone) => new UniverseClient(link, onGroup, onGone),
  swapOverFd: (fd, mine) => swapOverFd(fd, mine, Number(process.env.WMPI_CONNECT_TIMEOUT) > 0 ? Number(process.env.WMPI_CONNECT_TIMEOUT) : 60),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** The cores this machine offers to the ranks. */
export function nodeCores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}
