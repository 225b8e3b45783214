import { createBoard, createRankMemory, type Env, type JobSpec } from "./job.js";
import { nodeCores } from "./host-node.js";
import { compileCore } from "./wasm-file.js";

/** A job of one rank, for a program started without wmpiexec (as mpi4py under plain python). */
export function singletonJob(): JobSpec {
  return {
    rank: 0,
    size: 1,
    cores: nodeCores(),
    module: compileCore(),
    memories: [createRankMemory()],
    board: createBoard(1),
    env: wmpiEnv(process.env),
  };
}

/** The WMPI_* settings of an environment: what the core reads with getenv. */
export function wmpiEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith("WMPI_") && v !== undefined) out[k] = v;
  return out;
}
