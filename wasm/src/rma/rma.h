/* One-sided communication (MPI-4.0 chapter 12), shared by win.c (window
 * objects), ops.c (Put, Get, the accumulates), sync.c (fence, PSCW, locks)
 * and issue.c (moving bytes through the channel).
 *
 * An origin reaches a target's window itself: the channel's chan_rma_*
 * (channel.h) copy into and out of the target's memory (at once between
 * ranks of one process; through the network thread of the target's process
 * otherwise), so a target never has to call MPI for an origin to progress.
 * Everything the origin needs to know of a target's window (its address,
 * size, displacement unit, and the address of its lock words) is exchanged
 * when the window is made.
 *
 * Atomicity: every accumulate (Accumulate, Get_accumulate, Fetch_and_op,
 * Compare_and_swap) takes the target window's accumulate mutex, a word in
 * the target's memory taken by compare-and-swap, then reads, combines and
 * writes back. Passive-target locks are another word: -1 exclusive, n > 0
 * shared by n. */
#ifndef WMPI_RMA_H
#define WMPI_RMA_H

#include "../channel.h"
#include "../mpiimpl.h"

/* The words other ranks compare-and-swap, in the target's own memory. */
typedef struct MPIR_Win_sync_words {
    int32_t lock; /* 0 free, -1 held exclusively, n > 0 held shared by n origins */
    int32_t acc;  /* accumulate mutex: 0 free, 1 held */
    /* a dynamic window's attached regions (an array of MPIR_Win_region in the
     * target's memory), which an origin reads to check its target addresses;
     * `version` is odd while the target changes them (a reader retries) */
    uint32_t regions;
    int32_t nregions;
    uint32_t version;
    uint32_t pad;
} MPIR_Win_sync_words;

/* A region attached to a dynamic window: its address and size in its rank's memory. */
typedef struct MPIR_Win_region {
    uint32_t base, size;
} MPIR_Win_region;

/* What each rank tells the others of its window when it is made. */
typedef struct MPIR_Win_peer {
    uint32_t base;   /* its window in its memory (dynamic windows: 0, displacements are addresses) */
    int32_t disp_unit;
    uint64_t size;   /* bytes (dynamic windows: the whole memory) */
    uint32_t words;  /* its MPIR_Win_sync_words */
    int32_t vc;
} MPIR_Win_peer;

typedef struct MPIR_Win MPIR_Win;

/* An operation under way: the channel's pending parts count down to 0
 * (an RMA_DONE packet each); then a get's staged bytes are unpacked into the
 * origin buffer and its request, if any, completes. */
typedef struct MPIR_Rma_op {
    MPIR_Win *win;
    int target;
    int vc;
    int pending;   /* channel operations not yet done */
    int error;     /* MPI error class from a failed part (0: none) */
    int issuing;   /* parts are still being issued: not finished even at pending == 0 */
    int waited;    /* the caller waits for it and takes its error (else the window keeps it) */
    MPIR_Request *req;
    /* a get into a non-contiguous origin buffer: unpack `stage` there when done */
    void *stage;
    void *buf;
    MPI_Count count;
    MPI_Datatype type;
    struct MPIR_Rma_op *prev, *next; /* every op under way (a lost peer fails its own) */
} MPIR_Rma_op;

/* Locks an origin holds on a target. */
#define MPIR_WIN_UNLOCKED 0

struct MPIR_Win {
    int handle;
    MPI_Comm comm_handle; /* a private duplicate of the user's communicator */
    MPIR_Comm *comm;
    int rank, size;
    void *base;
    MPI_Aint size_bytes;
    int disp_unit;
    int flavor;           /* MPI_WIN_FLAVOR_* */
    int owns_base;        /* Win_allocate(_shared): freed with the window */
    MPIR_Win_peer *peers; /* by rank in comm */
    MPIR_Win_sync_words *words;
    MPI_Errhandler errhandler;
    MPI_Info info;        /* the hints it was given (a copy), or MPI_INFO_NULL */
    char name[MPI_MAX_OBJECT_NAME];
    /* values MPI_Win_get_attr points at */
    MPI_Aint attr_size;
    int attr_disp_unit, attr_flavor, attr_model;
    /* dynamic windows: the attached regions (this rank's; words->regions points here). Every
     * change makes a new table; the old ones stay until the window is freed, as an origin may
     * be reading one */
    MPIR_Win_region *attached;
    int nattached;
    MPIR_Win_region **retired;
    int nretired;
    /* epochs */
    int fence;            /* the last fence may open an epoch: operations may follow it */
    int fence_used;       /* ... and one did, so it is an epoch (no lock may start before the next fence) */
    int *start_ranks;     /* Win_start's group (ranks in comm), NULL when no PSCW access epoch */
    int nstart;
    int *post_ranks;      /* Win_post's group, NULL when no exposure epoch */
    int npost;
    MPI_Request *complete_reqs; /* the completions Win_wait waits for, one per post rank */
    uint8_t *locks;       /* by target: MPIR_WIN_UNLOCKED, MPI_LOCK_SHARED or MPI_LOCK_EXCLUSIVE */
    int nlocks;           /* targets locked (lock_all counts every one) */
    int lock_all;
    /* operations under way */
    int pending;          /* channel operations of every target */
    int *pending_to;      /* by target */
    int error;            /* a failed part of an operation, raised at the next synchronization */
};

/* The window behind handle, checked as argument `win` of call fc (MPI_ERR_WIN). */
int MPIR_Win_check(const char *fc, MPI_Win handle, MPIR_Win **win);
/* Raises errclass on the window's error handler; returns what the caller returns. */
int MPIR_Win_raise(MPIR_Win *win, int errclass);
#define MPIR_WIN_ERR(win, errclass, fcname, ...) MPIR_Win_raise((win), MPIR_Err_set((errclass), (fcname), __VA_ARGS__))

/* ---- issue.c ---- */
/* An operation record for target (its part counts start at 0, issuing). */
MPIR_Rma_op *MPIR_Rma_op_new(MPIR_Win *win, int target);
/* Issuing is over: finishes the op now if nothing is pending (returns its error), else when the last part is done. */
int MPIR_Rma_op_issued(MPIR_Rma_op *op);
/* Byte-level operations on target's memory, counted on op when pending.
 * Return MPI_SUCCESS or MPI_ERR_RMA_RANGE (the address is outside its memory). */
int MPIR_Rma_put(MPIR_Rma_op *op, uint32_t addr, const void *local, uint32_t len);
int MPIR_Rma_get(MPIR_Rma_op *op, uint32_t addr, void *local, uint32_t len);
/* Compare-and-swap of the int32 at addr of target's memory; waits for the result (*old). */
int MPIR_Rma_cas_wait(MPIR_Win *win, int target, uint32_t addr, int32_t compare, int32_t swap, int32_t *old);
/* Waits until op has finished (it must still be alive: not yet issued-and-done); returns its error and frees it. */
int MPIR_Rma_op_wait(MPIR_Rma_op *op);
/* Waits until no operation to target (-1: to any target) is pending. */
void MPIR_Rma_wait_target(MPIR_Win *win, int target);
/* Takes and gives back a target's accumulate mutex, or its passive-target lock. */
int MPIR_Rma_acc_lock(MPIR_Win *win, int target);
int MPIR_Rma_acc_unlock(MPIR_Win *win, int target);
int MPIR_Rma_lock(MPIR_Win *win, int target, int lock_type);
int MPIR_Rma_unlock(MPIR_Win *win, int target, int lock_type);
/* The channel's RMA_DONE packet for op (flags: WMPI_CHAN_BADADDR when the target refused it). */
void MPIR_Rma_done(uint32_t token, int flags);
/* A lost peer: every operation under way to it fails with MPI_ERR_PROC_ABORTED. */
void MPIR_Rma_vc_failed(int vc);
/* Reads the regions attached to target's dynamic window (*table: n of them, to free). */
int MPIR_Rma_regions(MPIR_Win *win, int target, MPIR_Win_region **table, int *n);
/* Between tries for a lock or mutex held by another origin: progress, then a short sleep. */
void MPIR_Rma_backoff(int tries);

/* ---- sync.c ---- */
/* Whether an access epoch to target is open (fence, PSCW start, lock): MPI_ERR_RMA_SYNC otherwise. */
int MPIR_Win_access_check(const char *fc, MPIR_Win *win, int target);
/* Whether an epoch is open that a request-based operation may use (passive target only). */
int MPIR_Win_passive_check(const char *fc, MPIR_Win *win, int target);

#endif
