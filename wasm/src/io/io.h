/* Parallel file I/O (MPI-4.0 chapter 14), shared by file.c (opening,
 * closing, sizes, hints, error handlers), view.c (file views: which bytes of
 * the file a rank's data stream covers), access.c (independent reads and
 * writes at explicit offsets, individual and shared file pointers) and
 * collective.c (two-phase collective I/O, ordered and split collectives).
 *
 * Every rank opens the file itself (POSIX calls, which reach the host's
 * files through WASI in wasm), so reads and writes go straight to the file
 * at their offsets. The shared file pointer is an int64 in a window at rank
 * 0 of the file's communicator, advanced by MPI_Fetch_and_op; atomic mode
 * holds that window's exclusive lock around each access. */
#ifndef WMPI_IO_H
#define WMPI_IO_H

#include "../mpiimpl.h"
#include "../datatype.h"

typedef struct MPIR_File {
    int handle;
    MPI_Comm comm_handle; /* a private duplicate of the user's communicator */
    int rank, size;
    int fd;
    int amode;
    char *path;
    MPI_Errhandler errhandler;
    MPI_Info info;         /* hints set (a copy), or MPI_INFO_NULL */
    int atomic;
    /* the view */
    MPI_Offset disp;
    MPI_Datatype etype, filetype;
    MPIR_Dtype *ft;        /* the filetype's object (a reference held) */
    int64_t esize;         /* bytes of one etype */
    char datarep[MPI_MAX_DATAREP_STRING];
    int external32;        /* datarep "external32": the file holds big-endian data, converted on the way */
    MPI_Offset pos;        /* the individual file pointer, in etypes */
    /* the shared file pointer (in etypes): an int64 at rank 0 of shared_win */
    MPI_Win shared_win;
    int64_t *shared;
    /* a split collective under way: its status */
    int split;             /* 0, or 1 (read) / 2 (write) begun */
    const void *split_buf;
    MPI_Status split_status;
    int split_error;
    /* collective buffering: bytes an aggregator handles per round, and how many aggregators */
    int64_t cb_buffer_size;
    int cb_nodes;
} MPIR_File;

/* The file behind handle, checked as argument `fh` of call fc (MPI_ERR_FILE). */
int MPIR_File_check(const char *fc, MPI_File handle, MPIR_File **fh);
/* Raises errclass on the file's error handler (NULL: the default file error handler). */
int MPIR_File_raise(MPIR_File *fh, int errclass);
#define MPIR_FILE_ERR(fh, errclass, fcname, ...) MPIR_File_raise((fh), MPIR_Err_set((errclass), (fcname), __VA_ARGS__))
/* An errno of a failed POSIX call as an MPI error class. */
int MPIR_File_errno_class(int err);

/* ---- view.c ---- */
/* Resets the view to (0, MPI_BYTE, MPI_BYTE, "native"). */
void MPIR_File_default_view(MPIR_File *fh);
void MPIR_File_drop_view(MPIR_File *fh);
/* The contiguous file runs of `n` bytes of the view's data stream from stream byte `at`: fn(arg, file
 * offset, position in those n bytes, length), adjacent runs merged. Stops at fn's first error. */
typedef int (*MPIR_File_run_fn)(void *arg, int64_t file_off, int64_t pos, int64_t len);
int MPIR_File_runs(const MPIR_File *fh, int64_t at, int64_t n, MPIR_File_run_fn fn, void *arg);
/* The file byte of view offset `offset` (etypes). */
int64_t MPIR_File_byte_of(const MPIR_File *fh, MPI_Offset offset);

/* Whether (count, type) can move in place: contiguous, and no conversion on the way. */
int MPIR_File_in_place(const MPIR_File *fh, MPI_Datatype type, MPI_Aint *true_lb);
/* Packs (buf, count, type) into `bytes` bytes at out in the file's representation; unpack is the reverse. */
void MPIR_File_pack(const MPIR_File *fh, const void *buf, int count, MPI_Datatype type, void *out, size_t bytes);
void MPIR_File_unpack(const MPIR_File *fh, const void *in, size_t bytes, void *buf, int count, MPI_Datatype type);

/* ---- access.c ---- */
/* An access of (buf, count, type) checked for call fc: its packed bytes, a whole number of etypes. */
int MPIR_File_check_access(const char *fc, MPIR_File *fh, const void *buf, int count, MPI_Datatype type, int write,
                           size_t *bytes);
/* Reads or writes (buf, count, type) at view offset `offset` (etypes), independently; *done: bytes moved. */
int MPIR_File_rw_at(const char *fc, MPIR_File *fh, MPI_Offset offset, void *buf, int count, MPI_Datatype type,
                    int write, size_t *done);
/* A status of `bytes` bytes (MPI_Get_count then counts elements of the access's datatype). */
void MPIR_File_status(MPI_Status *status, size_t bytes);
/* A complete request carrying status `st` and error `err` (nonblocking calls finish at once). */
int MPIR_File_done_request(MPI_Request *request, size_t bytes, int err);
/* The shared file pointer: fetch and add `n` etypes (independent calls); read or set it. */
int MPIR_File_shared_fetch_add(MPIR_File *fh, int64_t n, int64_t *before);
int MPIR_File_shared_get(MPIR_File *fh, int64_t *value);
int MPIR_File_shared_set(MPIR_File *fh, int64_t value);
/* Atomic mode: the exclusive lock every access holds. */
int MPIR_File_lock(MPIR_File *fh);
int MPIR_File_unlock(MPIR_File *fh);

/* ---- collective.c ---- */
/* A collective read or write at view offset `offset` of every rank (two-phase). */
int MPIR_File_rw_at_all(const char *fc, MPIR_File *fh, MPI_Offset offset, void *buf, int count, MPI_Datatype type,
                        int write, size_t *done);

#endif
