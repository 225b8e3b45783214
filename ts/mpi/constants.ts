/** Special values and predefined handles (wasm/include/mpi.h). */

/** Receive from any source. */
export const ANY_SOURCE = -2;
/** Receive with any tag. */
export const ANY_TAG = -1;
/** The null process: sends to it and receives from it complete at once. */
export const PROC_NULL = -1;
/** The root's own rank argument in intercommunicator collectives. */
export const ROOT = -3;
/** Returned where a value is undefined (Get_count of a partial element, Waitany of no active request). */
export const UNDEFINED = -32766;
/** The largest tag (the value of the TAG_UB attribute). */
export const TAG_UB_VALUE = 0x7fffffff;
/** Bytes of the attached buffer each buffered message needs besides its data. */
export const BSEND_OVERHEAD = 96;

/** Thread levels of Init_thread / Query_thread. */
export const THREAD_SINGLE = 0;
/** Only the thread that called Init_thread makes MPI calls. */
export const THREAD_FUNNELED = 1;
/** Any thread may call MPI, one at a time (what a wmpi rank, one JS thread, provides). */
export const THREAD_SERIALIZED = 2;
/** Any thread at any time. */
export const THREAD_MULTIPLE = 3;

/** Attribute key: the largest tag. */
export const KEYVAL_TAG_UB = 0x64400001;
/** Attribute key: the rank of the host process (MPI.PROC_NULL: none). */
export const KEYVAL_HOST = 0x64400003;
/** Attribute key: a rank that can do I/O (MPI.ANY_SOURCE: every one). */
export const KEYVAL_IO = 0x64400005;
/** Attribute key: whether Wtime is synchronized across ranks (0). */
export const KEYVAL_WTIME_IS_GLOBAL = 0x64400007;

/** Predefined handle values, as the core numbers them (MPICH's values). */
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

// ---- communicators, groups, attributes, info (issue 4) ----
/** Attribute key: the number of processes the job may grow to (the job's size). */
export const KEYVAL_UNIVERSE_SIZE = 0x64400009;
/** Attribute key: the largest error code in use. */
export const KEYVAL_LASTUSEDCODE = 0x6440000b;
/** Attribute key: which application of a multi-program job this process runs (0). */
export const KEYVAL_APPNUM = 0x6440000d;
/** An invalid keyval (what Free_keyval leaves). */
export const KEYVAL_INVALID = 0x24000000;
/** Results of Comm.Compare and Group.Compare. */
export const IDENT = 0;
export const CONGRUENT = 1;
export const SIMILAR = 2;
export const UNEQUAL = 3;
/** Split_type: the processes that share memory. */
export const COMM_TYPE_SHARED = 1;
export const COMM_TYPE_HW_GUIDED = 2;
export const COMM_TYPE_HW_UNGUIDED = 3;
/** More predefined handles. */
export const HANDLE4 = {
  GROUP_NULL: 0x08000000,
  GROUP_EMPTY: 0x48000000,
  INFO_NULL: 0x1c000000,
  INFO_ENV: 0x5c000001,
} as const;

// ---- one-sided communication (issue 7) ----
/** MPI_WIN_NULL's handle. */
export const WIN_NULL_HANDLE = 0x20000000;
/** Window attribute keys (Win.Get_attr): the base address, the size in bytes, the displacement unit, how it was made, its memory model. */
export const WIN_BASE = 0x66000001;
export const WIN_SIZE = 0x66000003;
export const WIN_DISP_UNIT = 0x66000005;
export const WIN_CREATE_FLAVOR = 0x66000007;
export const WIN_MODEL = 0x66000009;
/** How a window was made (the WIN_CREATE_FLAVOR attribute, Win.flavor). */
export const WIN_FLAVOR_CREATE = 1;
export const WIN_FLAVOR_ALLOCATE = 2;
export const WIN_FLAVOR_DYNAMIC = 3;
export const WIN_FLAVOR_SHARED = 4;
/** Memory models (the WIN_MODEL attribute, Win.model): separate public and private copies, or one (unified). */
export const WIN_SEPARATE = 1;
export const WIN_UNIFIED = 2;
/** Assertions for Fence, Post, Start and Lock: promises that let the synchronization do less. */
export const MODE_NOCHECK = 1024;
export const MODE_NOSTORE = 2048;
export const MODE_NOPUT = 4096;
export const MODE_NOPRECEDE = 8192;
export const MODE_NOSUCCEED = 16384;
/** Lock types of Win.Lock. */
export const LOCK_EXCLUSIVE = 234;
export const LOCK_SHARED = 235;

// ---- parallel file I/O (issue 8): ROMIO's values, as wasm/include/mpi.h ----
/** File access modes of File.Open, or-ed together (exactly one of RDONLY, WRONLY, RDWR). */
export const MODE_CREATE = 1;
export const MODE_RDONLY = 2;
export const MODE_WRONLY = 4;
export const MODE_RDWR = 8;
export const MODE_DELETE_ON_CLOSE = 16;
export const MODE_UNIQUE_OPEN = 32;
export const MODE_EXCL = 64;
export const MODE_APPEND = 128;
export const MODE_SEQUENTIAL = 256;
/** `whence` of File.Seek and Seek_shared. */
export const SEEK_SET = 600;
export const SEEK_CUR = 602;
export const SEEK_END = 604;
/** Set_view's disp on a file opened with MODE_SEQUENTIAL: where the shared file pointer is. */
export const DISPLACEMENT_CURRENT = -54278278;
/** The null file handle. */
export const FILE_NULL_HANDLE = 0x10000000;
