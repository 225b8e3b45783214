/**
 * wmpi's public API: `import { MPI } from "wmpi"`, whose classes are listed here as the API
 * reference shows them (a program reaches them as `MPI.Comm`, `MPI.Win`, ...).
 * This file exists for the reference generator only (`npm run docs`); programs import "wmpi".
 * @module wmpi
 */
export { MPI } from "../../ts/mpi/index.js";
export { Comm, Intracomm, Intercomm } from "../../ts/mpi/comm.js";
export { Topocomm } from "../../ts/mpi/topocomm.js";
export { Cartcomm, Graphcomm, Distgraphcomm } from "../../ts/mpi/topology.js";
export { Group } from "../../ts/mpi/group.js";
export { Info } from "../../ts/mpi/info.js";
export { Datatype } from "../../ts/mpi/datatype.js";
export { Status } from "../../ts/mpi/status.js";
export { Request, Prequest } from "../../ts/mpi/request.js";
export { Message } from "../../ts/mpi/message.js";
export { Op } from "../../ts/mpi/op.js";
export { Errhandler } from "../../ts/mpi/errhandler.js";
export { MPIException as Exception } from "../../ts/mpi/exception.js";
export { Win } from "../../ts/mpi/win.js";
export { File } from "../../ts/mpi/file.js";
export type { BufSpec } from "../../ts/mpi/msgbuffer.js";
export type { Serializer } from "../../ts/mpi/serializer.js";
export type { OpFunction, OpVector } from "../../ts/mpi/op.js";
export type { BufferLike } from "../../ts/mpi/msgbuffer.js";
export type { CollBuf, VecBuf, WBuf, OpLike } from "../../ts/mpi/collective.js";
export type { VBufSpec, WBufSpec } from "../../ts/mpi/coll-buffers.js";
export type { ObjectOp } from "../../ts/mpi/collective-obj.js";
export { IN_PLACE, BOTTOM } from "../../ts/mpi/collective.js";
export type { CopyFn, DeleteFn } from "../../ts/mpi/attributes.js";
export type { Weights } from "../../ts/mpi/topology.js";
export { UNWEIGHTED, WEIGHTS_EMPTY } from "../../ts/mpi/topology.js";
export type { StructField, PlacedField } from "../../ts/mpi/datatype.js";
export type { FileName } from "../../ts/mpi/file.js";
export type { WinMemory, TargetSpec } from "../../ts/mpi/win.js";
export type { JoinSocket } from "../../ts/mpi/dynamic.js";
