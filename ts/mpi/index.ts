import * as constants from "./constants.js";
import { Comm, COMM_NULL, Intercomm, Intracomm } from "./comm.js";
import { Group, GROUP_EMPTY, GROUP_NULL } from "./group.js";
import { Info, INFO_ENV, INFO_NULL } from "./info.js";
import { Datatype, Datatypes } from "./datatype.js";
import * as dtypes from "./datatype.js";
import { Combiner } from "./typedecode.js";
import * as env from "./environment.js";
import { Errhandler, Errhandlers } from "./errhandler.js";
import { ErrorClass } from "./errorclasses.js";
import { MPIException } from "./exception.js";
import { Message } from "./message.js";
import { Op, Ops } from "./op.js";
import { BOTTOM, IN_PLACE } from "./collective.js";
import "./collective-obj.js";
import { pickle } from "./pickle.js";
import { Prequest, Request } from "./request.js";
import type { Serializer } from "./serializer.js";
import { Status } from "./status.js";
// ---- process topologies (adds Create_cart, ... to Intracomm) ----
import * as topology from "./topology.js";
// ---- one-sided communication ----
import { Win, WIN_NULL } from "./win.js";
// ---- attributes (their deletion at MPI.Finalize) ----
import * as attributes from "./attributes.js";
// ---- parallel file I/O (issue 8) ----
import { File, FILE_NULL } from "./file.js";
// ---- dynamic processes (issue 9: adds Spawn, Accept, Connect to Intracomm) ----
import * as dynamic from "./dynamic.js";

const { HANDLE } = constants;

/**
 * The MPI namespace, shaped like mpi4py's `from mpi4py import MPI`: the classes (MPI.Comm, MPI.Win,
 * ...), the predefined objects (MPI.COMM_WORLD, MPI.DOUBLE, MPI.SUM, ...), the constants
 * (MPI.ANY_SOURCE, MPI.ERR_RANK, ...) and the environment functions (MPI.Init, MPI.Wtime, ...).
 * Errors of functions not tied to an object (the environment, Compute_dims, the port and name
 * functions) are raised through MPI.COMM_SELF's error handler, which throws {@link Exception}
 * unless the program changes it.
 * @namespace
 */
export const MPI = {
  // ---- classes ----
  Comm,
  Intracomm,
  Intercomm,
  Group,
  Info,
  Datatype,
  Errhandler,
  Status,
  Request,
  Prequest,
  Message,
  /** MPI.Exception, as mpi4py's. */
  Exception: MPIException,

  // ---- predefined objects ----
  COMM_WORLD: new Intracomm(HANDLE.COMM_WORLD),
  COMM_SELF: new Intracomm(HANDLE.COMM_SELF),
  COMM_NULL,
  GROUP_NULL,
  GROUP_EMPTY,
  INFO_NULL,
  INFO_ENV,
  REQUEST_NULL: new Request(HANDLE.REQUEST_NULL),
  MESSAGE_NULL: new Message(HANDLE.MESSAGE_NULL, 0),
  MESSAGE_NO_PROC: new Message(HANDLE.MESSAGE_NO_PROC, 0),
  ...Datatypes,
  ...Errhandlers,
  ...ErrorClass,

  // ---- constants ----
  IN_PLACE,
  BOTTOM,
  ANY_SOURCE: constants.ANY_SOURCE,
  ANY_TAG: constants.ANY_TAG,
  PROC_NULL: constants.PROC_NULL,
  ROOT: constants.ROOT,
  UNDEFINED: constants.UNDEFINED,
  BSEND_OVERHEAD: constants.BSEND_OVERHEAD,
  THREAD_SINGLE: constants.THREAD_SINGLE,
  THREAD_FUNNELED: constants.THREAD_FUNNELED,
  THREAD_SERIALIZED: constants.THREAD_SERIALIZED,
  THREAD_MULTIPLE: constants.THREAD_MULTIPLE,
  TAG_UB: constants.KEYVAL_TAG_UB,
  HOST: constants.KEYVAL_HOST,
  IO: constants.KEYVAL_IO,
  WTIME_IS_GLOBAL: constants.KEYVAL_WTIME_IS_GLOBAL,
  UNIVERSE_SIZE: constants.KEYVAL_UNIVERSE_SIZE,
  APPNUM: constants.KEYVAL_APPNUM,
  LASTUSEDCODE: constants.KEYVAL_LASTUSEDCODE,
  KEYVAL_INVALID: constants.KEYVAL_INVALID,
  IDENT: constants.IDENT,
  CONGRUENT: constants.CONGRUENT,
  SIMILAR: constants.SIMILAR,
  UNEQUAL: constants.UNEQUAL,
  COMM_TYPE_SHARED: constants.COMM_TYPE_SHARED,
  COMM_TYPE_HW_GUIDED: constants.COMM_TYPE_HW_GUIDED,
  COMM_TYPE_HW_UNGUIDED: constants.COMM_TYPE_HW_UNGUIDED,

  // ---- derived datatypes ----
  ...Combiner,
  ORDER_C: dtypes.ORDER_C,
  ORDER_FORTRAN: dtypes.ORDER_FORTRAN,
  DISTRIBUTE_BLOCK: dtypes.DISTRIBUTE_BLOCK,
  DISTRIBUTE_CYCLIC: dtypes.DISTRIBUTE_CYCLIC,
  DISTRIBUTE_NONE: dtypes.DISTRIBUTE_NONE,
  DISTRIBUTE_DFLT_DARG: dtypes.DISTRIBUTE_DFLT_DARG,
  TYPECLASS_REAL: dtypes.TYPECLASS_REAL,
  TYPECLASS_INTEGER: dtypes.TYPECLASS_INTEGER,
  TYPECLASS_COMPLEX: dtypes.TYPECLASS_COMPLEX,
  // ---- end of derived datatypes ----

  // ---- environment ----
  rc: env.rc,
  Init: env.Init,
  Init_thread: env.Init_thread,
  Finalize: env.Finalize,
  Is_initialized: env.Is_initialized,
  Is_finalized: env.Is_finalized,
  Query_thread: env.Query_thread,
  Is_thread_main: env.Is_thread_main,
  Wtime: env.Wtime,
  Wtick: env.Wtick,
  Get_processor_name: env.Get_processor_name,
  Get_version: env.Get_version,
  Get_library_version: env.Get_library_version,
  Get_error_string: env.Get_error_string,
  Get_error_class: env.Get_error_class,
  Alloc_mem: env.Alloc_mem,
  Free_mem: env.Free_mem,
  Attach_buffer: env.Attach_buffer,
  Detach_buffer: env.Detach_buffer,

  // ---- process topologies ----
  Topocomm: topology.Topocomm,
  Cartcomm: topology.Cartcomm,
  Graphcomm: topology.Graphcomm,
  Distgraphcomm: topology.Distgraphcomm,
  Compute_dims: topology.Compute_dims,
  CART: topology.CART,
  GRAPH: topology.GRAPH,
  DIST_GRAPH: topology.DIST_GRAPH,
  UNWEIGHTED: topology.UNWEIGHTED as typeof topology.UNWEIGHTED,
  WEIGHTS_EMPTY: topology.WEIGHTS_EMPTY as typeof topology.WEIGHTS_EMPTY,
  // ---- reduction operations ----
  Op,
  ...Ops,
  // ---- one-sided communication ----
  Win,
  WIN_NULL,
  WIN_BASE: constants.WIN_BASE,
  WIN_SIZE: constants.WIN_SIZE,
  WIN_DISP_UNIT: constants.WIN_DISP_UNIT,
  WIN_CREATE_FLAVOR: constants.WIN_CREATE_FLAVOR,
  /** mpi4py's other name of WIN_CREATE_FLAVOR. */
  WIN_FLAVOR: constants.WIN_CREATE_FLAVOR,
  WIN_MODEL: constants.WIN_MODEL,
  WIN_FLAVOR_CREATE: constants.WIN_FLAVOR_CREATE,
  WIN_FLAVOR_ALLOCATE: constants.WIN_FLAVOR_ALLOCATE,
  WIN_FLAVOR_DYNAMIC: constants.WIN_FLAVOR_DYNAMIC,
  WIN_FLAVOR_SHARED: constants.WIN_FLAVOR_SHARED,
  WIN_SEPARATE: constants.WIN_SEPARATE,
  WIN_UNIFIED: constants.WIN_UNIFIED,
  MODE_NOCHECK: constants.MODE_NOCHECK,
  MODE_NOSTORE: constants.MODE_NOSTORE,
  MODE_NOPUT: constants.MODE_NOPUT,
  MODE_NOPRECEDE: constants.MODE_NOPRECEDE,
  MODE_NOSUCCEED: constants.MODE_NOSUCCEED,
  LOCK_EXCLUSIVE: constants.LOCK_EXCLUSIVE,
  LOCK_SHARED: constants.LOCK_SHARED,
  // ---- parallel file I/O (issue 8) ----
  File,
  FILE_NULL,
  MODE_RDONLY: constants.MODE_RDONLY,
  MODE_WRONLY: constants.MODE_WRONLY,
  MODE_RDWR: constants.MODE_RDWR,
  MODE_CREATE: constants.MODE_CREATE,
  MODE_EXCL: constants.MODE_EXCL,
  MODE_DELETE_ON_CLOSE: constants.MODE_DELETE_ON_CLOSE,
  MODE_UNIQUE_OPEN: constants.MODE_UNIQUE_OPEN,
  MODE_SEQUENTIAL: constants.MODE_SEQUENTIAL,
  MODE_APPEND: constants.MODE_APPEND,
  SEEK_SET: constants.SEEK_SET,
  SEEK_CUR: constants.SEEK_CUR,
  SEEK_END: constants.SEEK_END,
  DISPLACEMENT_CURRENT: constants.DISPLACEMENT_CURRENT,
  // ---- dynamic processes (issue 9) ----
  Open_port: dynamic.Open_port,
  Close_port: dynamic.Close_port,
  Publish_name: dynamic.Publish_name,
  Lookup_name: dynamic.Lookup_name,
  Unpublish_name: dynamic.Unpublish_name,
  ARGV_NULL: null,
  ERRCODES_IGNORE: null,
  MAX_PORT_NAME: 256,

  /** The serializer of lowercase methods ({ dumps, loads }), like mpi4py's MPI.pickle; assign to replace it. */
  get serializer(): Serializer {
    return pickle.current;
  },
  set serializer(s: Serializer) {
    pickle.current = s;
  },
};

// ---- attributes: MPI.Finalize deletes COMM_SELF's, then COMM_WORLD's, through their delete callbacks (MPI-4.0 11.2.4) ----
env.beforeFinalize.push(() => {
  attributes.deleteAll(MPI.COMM_SELF, HANDLE.COMM_SELF);
  attributes.deleteAll(MPI.COMM_WORLD, HANDLE.COMM_WORLD);
});

if (env.rc.initialize && !env.Is_initialized()) env.Init();
