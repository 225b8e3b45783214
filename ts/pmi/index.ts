/** PMI: how wmpi processes started by a process manager (Hydra, Slurm, wmpiexec) find each other. */
export { PmiClient, type PmiMaxes } from "./client.js";
export { PmiServer, type PmiServerOptions } from "./server.js";
export { decodeValue, encodeValue, maxEncodedTextBytes } from "./value-codec.js";
export { DEFAULT_MAXES, checkWireValue } from "./wire.js";
