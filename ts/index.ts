/** wmpi: MPI for JavaScript and TypeScript. `import { MPI } from "wmpi"`. */
export { MPI } from "./mpi/index.js";
export type { Serializer } from "./mpi/serializer.js";
export type { BufSpec } from "./mpi/msgbuffer.js";
export type { OpFunction, OpVector } from "./mpi/op.js";
export { defaultSerializer } from "./mpi/serializer.js";
