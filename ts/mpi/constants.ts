/** Special values and predefined handles (wasm/include/mpi.h). */
export const ANY_SOURCE = -2;
export const ANY_TAG = -1;
export const PROC_NULL = -1;
export const ROOT = -3;
export const UNDEFINED = -32766;
export const TAG_UB_VALUE = 0x7fffffff;
export const BSEND_OVERHEAD = 96;

export const THREAD_SINGLE = 0;
export const THREAD_FUNNELED = 1;
export const THREAD_SERIALIZED = 2;
export const THREAD_MULTIPLE = 3;

export const KEYVAL_TAG_UB = 0x64400001;
export const KEYVAL_HOST = 0x64400003;
export const KEYVAL_IO = 0x64400005;
export const KEYVAL_WTIME_IS_GLOBAL = 0x64400007;

export const HANDLE = {
  COMM_NULL: 0x04000000,
  COMM_WORLD: 0x44000000,
  COMM_SELF: 0x44000001,
  REQUEST_NULL: 0x2c000000,
  MESSAGE_NULL: 0x2c000000,
  MESSAGE_NO_PROC: 0x6c000000,
  ERRHANDLER_NULL: 0x14000000,
  ERRORS_ARE_FATAL: 0x54000000,
  ERRORS_RETURN: 0x54000001,
  ERRORS_ABORT: 0x54000003,
} as const;

/** Send modes as the ABI numbers them. */
export const enum SendMode {
  Standard = 0,
  Synchronous = 1,
  Buffered = 2,
  Ready = 3,
}
