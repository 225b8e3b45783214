/* Synchronization: fence, post/start/complete/wait (PSCW), and passive
 * target locks and flushes. Operations between ranks of one process are
 * complete when their call returns; those through the network are counted
 * (issue.c) and every synchronization that ends an epoch waits for them.
 * Fence is a barrier on the window's private communicator; PSCW sends
 * zero-byte messages on it (POST from a target to each origin, COMPLETE
 * from an origin to each target); locks are the target's lock word. */
#include "rma.h"
#include <stdlib.h>

#define TAG_POST 1
#define TAG_COMPLETE 2

/* MPIR_Win.locks[rank]: what this origin holds there (NOCHECK: nothing really, by the user's word) */
#define HELD_SHARED 1
#define HELD_EXCLUSIVE 2
#define HELD_NOCHECK 4

static uint8_t held(int lock_type, int assert)
{
    return (uint8_t)((lock_type == MPI_LOCK_EXCLUSIVE ? HELD_EXCLUSIVE : HELD_SHARED) | (assert & MPI_MODE_NOCHECK ? HELD_NOCHECK : 0));
}

int MPIR_Win_access_check(const char *fc, MPIR_Win *w, int target)
{
    if (w->lock_all || w->locks[target] != MPIR_WIN_UNLOCKED)
        return MPI_SUCCESS;
    if (w->fence) {
        w->fence_used = 1; /* the fence did open an epoch (MPI-4.0 12.5.1) */
        return MPI_SUCCESS;
    }
    for (int i = 0; i < w->nstart; i++)
        if (w->start_ranks[i] == target)
            return MPI_SUCCESS;
    return MPIR_Err_set(MPI_ERR_RMA_SYNC, fc,
                        "no access epoch to rank %d is open (target_rank): call MPI_Win_fence, MPI_Win_start or "
                        "MPI_Win_lock(_all) first",
                        target);
}

int MPIR_Win_passive_check(const char *fc, MPIR_Win *w, int target)
{
    if (w->lock_all || (target >= 0 && target < w->size && w->locks[target] != MPIR_WIN_UNLOCKED) ||
        target == MPI_PROC_NULL)
        return MPI_SUCCESS;
    return MPIR_Err_set(MPI_ERR_RMA_SYNC, fc,
                        "request-based operations need a passive-target epoch: rank %d is not locked (target_rank)",
                        target);
}

/* The error an operation under way met, once (raised by the synchronization that completes it). */
static int take_error(MPIR_Win *w, const char *fc)
{
    int err = w->error;
    w->error = 0;
    if (err)
        MPIR_Err_set(err, fc, "an operation of this epoch failed at its target (%s)",
                     err == MPI_ERR_RMA_RANGE ? "outside the target's memory"
                     : err == MPI_ERR_PROC_ABORTED ? "the target's process is gone"
                                                   : "see the error class");
    return err;
}

int MPI_Win_fence(int assert, MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Win_fence", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_fence";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (w->start_ranks || w->post_ranks || w->nlocks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "a %s epoch is open on the window (win)",
                            w->nlocks ? "passive-target (lock)" : "post/start/complete/wait");
    MPIR_Rma_wait_target(w, -1);
    err = take_error(w, fc);
    /* every origin's operations are done before any rank goes on to read its window */
    int barrier = MPI_Barrier(w->comm_handle);
    err = err ? err : barrier;
    w->fence = !(assert & MPI_MODE_NOSUCCEED);
    w->fence_used = 0;
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

/* The ranks of group in the window's group, or an error naming argument `arg`. */
static int ranks_of(const char *fc, MPIR_Win *w, MPI_Group group, int **out, int *n)
{
    int size;
    if (MPI_Group_size(group, &size) != MPI_SUCCESS)
        return MPIR_Err_set(MPI_ERR_GROUP, fc, "invalid group (group)");
    int *in = malloc(((size_t)size + 1) * sizeof *in), *ranks = malloc(((size_t)size + 1) * sizeof *ranks);
    MPI_Group wg;
    if (in == NULL || ranks == NULL || MPI_Comm_group(w->comm_handle, &wg) != MPI_SUCCESS) {
        free(in);
        free(ranks);
        return MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory");
    }
    for (int i = 0; i < size; i++)
        in[i] = i;
    int err = MPI_Group_translate_ranks(group, size, in, wg, ranks);
    MPI_Group_free(&wg);
    free(in);
    for (int i = 0; !err && i < size; i++)
        if (ranks[i] == MPI_UNDEFINED)
            err = MPIR_Err_set(MPI_ERR_GROUP, fc, "rank %d of the group is not in the window's group (group)", i);
    if (err) {
        free(ranks);
        return err;
    }
    *out = ranks;
    *n = size;
    return MPI_SUCCESS;
}

static void end_access(MPIR_Win *w)
{
    free(w->start_ranks);
    w->start_ranks = NULL;
    w->nstart = 0;
}

static void end_exposure(MPIR_Win *w)
{
    free(w->post_ranks);
    free(w->complete_reqs);
    w->post_ranks = NULL;
    w->complete_reqs = NULL;
    w->npost = 0;
}

int MPI_Win_post(MPI_Group group, int assert, MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Win_post", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_post";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (w->post_ranks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "an exposure epoch is open already (MPI_Win_post without MPI_Win_wait)");
    if ((err = ranks_of(fc, w, group, &w->post_ranks, &w->npost)))
        return MPIR_Win_raise(w, err);
    w->complete_reqs = malloc(((size_t)w->npost + 1) * sizeof *w->complete_reqs);
    if (w->complete_reqs == NULL) {
        end_exposure(w);
        return MPIR_WIN_ERR(w, MPI_ERR_NO_MEM, fc, "out of memory");
    }
    for (int i = 0; i < w->npost; i++)
        w->complete_reqs[i] = MPI_REQUEST_NULL;
    for (int i = 0; !err && i < w->npost; i++) {
        int r = w->post_ranks[i];
        err = MPI_Irecv(NULL, 0, MPI_BYTE, r, TAG_COMPLETE, w->comm_handle, &w->complete_reqs[i]);
        if (!err && !(assert & MPI_MODE_NOCHECK)) {
            /* the origin may start accessing once this arrives: the window is ready */
            MPI_Request post;
            err = MPI_Isend(NULL, 0, MPI_BYTE, r, TAG_POST, w->comm_handle, &post);
            if (!err)
                MPI_Request_free(&post);
        }
    }
    if (err) { /* no exposure epoch: take back the receives already posted */
        for (int i = 0; i < w->npost; i++)
            if (w->complete_reqs[i] != MPI_REQUEST_NULL) {
                MPI_Cancel(&w->complete_reqs[i]);
                MPI_Request_free(&w->complete_reqs[i]);
            }
        end_exposure(w);
    }
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

int MPI_Win_start(MPI_Group group, int assert, MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Win_start", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_start";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (w->start_ranks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "an access epoch is open already (MPI_Win_start without MPI_Win_complete)");
    if (w->fence_used)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "a fence epoch is open on the window (win)");
    if ((err = ranks_of(fc, w, group, &w->start_ranks, &w->nstart)))
        return MPIR_Win_raise(w, err);
    w->fence = 0;
    /* wait for each target's post: its window is exposed */
    for (int i = 0; !err && !(assert & MPI_MODE_NOCHECK) && i < w->nstart; i++)
        err = MPI_Recv(NULL, 0, MPI_BYTE, w->start_ranks[i], TAG_POST, w->comm_handle, MPI_STATUS_IGNORE);
    if (err) /* no access epoch */
        end_access(w);
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

int MPI_Win_complete(MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Win_complete", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_complete";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (!w->start_ranks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "no access epoch is open (MPI_Win_complete without MPI_Win_start)");
    for (int i = 0; i < w->nstart; i++)
        MPIR_Rma_wait_target(w, w->start_ranks[i]);
    err = take_error(w, fc);
    for (int i = 0; i < w->nstart; i++) {
        int sent = MPI_Send(NULL, 0, MPI_BYTE, w->start_ranks[i], TAG_COMPLETE, w->comm_handle);
        err = err ? err : sent;
    }
    end_access(w);
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}


int MPI_Win_wait(MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Win_wait", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_wait";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (!w->post_ranks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "no exposure epoch is open (MPI_Win_wait without MPI_Win_post)");
    err = MPI_Waitall(w->npost, w->complete_reqs, MPI_STATUSES_IGNORE);
    end_exposure(w);
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

int MPI_Win_test(MPI_Win win, int *flag)
{
    MPIR_TRACE_CALL("MPI_Win_test", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_test";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (flag == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_ARG, fc, "null pointer (flag)");
    if (!w->post_ranks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "no exposure epoch is open (MPI_Win_test without MPI_Win_post)");
    err = MPI_Testall(w->npost, w->complete_reqs, flag, MPI_STATUSES_IGNORE);
    if (!err && *flag)
        end_exposure(w);
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

/* A target rank argument of a passive-target call. */
static int check_rank(const char *fc, MPIR_Win *w, int rank)
{
    if (rank < 0 || rank >= w->size)
        return MPIR_Err_set(MPI_ERR_RANK, fc, "invalid rank %d (rank): the window's group has %d ranks", rank, w->size);
    return MPI_SUCCESS;
}

int MPI_Win_lock(int lock_type, int rank, int assert, MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Win_lock", rank, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_lock";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (rank == MPI_PROC_NULL)
        return MPI_SUCCESS;
    if ((err = check_rank(fc, w, rank)))
        return MPIR_Win_raise(w, err);
    if (lock_type != MPI_LOCK_SHARED && lock_type != MPI_LOCK_EXCLUSIVE)
        return MPIR_WIN_ERR(w, MPI_ERR_LOCKTYPE, fc, "lock type %d is neither MPI_LOCK_SHARED nor MPI_LOCK_EXCLUSIVE (lock_type)",
                            lock_type);
    if (w->locks[rank] != MPIR_WIN_UNLOCKED || w->lock_all)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "rank %d is locked already (rank)", rank);
    if (w->fence_used || w->start_ranks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "an active-target epoch (%s) is open on the window (win)",
                            w->fence_used ? "fence" : "MPI_Win_start");
    w->fence = 0; /* the last fence opened no epoch: operations now need the lock */
    if (!(assert & MPI_MODE_NOCHECK) && (err = MPIR_Rma_lock(w, rank, lock_type)))
        return MPIR_WIN_ERR(w, err, fc, "could not lock rank %d (rank)", rank);
    w->locks[rank] = held(lock_type, assert);
    w->nlocks++;
    return MPI_SUCCESS;
}

/* Gives back a lock taken by MPI_Win_lock (a NOCHECK one holds nothing). */
static int release(MPIR_Win *w, int rank)
{
    int type = w->locks[rank];
    w->locks[rank] = MPIR_WIN_UNLOCKED;
    w->nlocks--;
    if (type & HELD_NOCHECK)
        return MPI_SUCCESS;
    return MPIR_Rma_unlock(w, rank, type & HELD_EXCLUSIVE ? MPI_LOCK_EXCLUSIVE : MPI_LOCK_SHARED);
}

int MPI_Win_unlock(int rank, MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Win_unlock", rank, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_unlock";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (rank == MPI_PROC_NULL)
        return MPI_SUCCESS;
    if ((err = check_rank(fc, w, rank)))
        return MPIR_Win_raise(w, err);
    if (w->locks[rank] == MPIR_WIN_UNLOCKED || w->lock_all)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "rank %d is not locked by MPI_Win_lock (rank)", rank);
    MPIR_Rma_wait_target(w, rank);
    err = take_error(w, fc);
    int released = release(w, rank);
    err = err ? err : released;
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

int MPI_Win_lock_all(int assert, MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Win_lock_all", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_lock_all";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (w->lock_all || w->nlocks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "%s is locked already (win)", w->lock_all ? "the window" : "a rank");
    if (w->fence_used || w->start_ranks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "an active-target epoch is open on the window (win)");
    w->fence = 0;
    for (int r = 0; r < w->size; r++) {
        if (!(assert & MPI_MODE_NOCHECK) && (err = MPIR_Rma_lock(w, r, MPI_LOCK_SHARED))) {
            for (int i = 0; i < r; i++) { /* give back what was taken: no epoch is open */
                MPIR_Rma_unlock(w, i, MPI_LOCK_SHARED);
                w->locks[i] = MPIR_WIN_UNLOCKED;
            }
            return MPIR_WIN_ERR(w, err, fc, "could not lock rank %d", r);
        }
        w->locks[r] = held(MPI_LOCK_SHARED, assert);
    }
    w->lock_all = 1;
    w->nlocks = w->size;
    return MPI_SUCCESS;
}

int MPI_Win_unlock_all(MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Win_unlock_all", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Win_unlock_all";
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (!w->lock_all)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "the window is not locked by MPI_Win_lock_all (win)");
    MPIR_Rma_wait_target(w, -1);
    err = take_error(w, fc);
    w->lock_all = 0;
    for (int r = 0; r < w->size; r++) {
        int released = release(w, r);
        err = err ? err : released;
    }
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

/* Flushes: wait for the operations to rank (or every rank) to be done at the target. */
static int flush(const char *fc, MPI_Win win, int rank, int all)
{
    MPIR_TRACE_CALL(fc, all ? MPIR_TRACE_NONE : rank, MPIR_TRACE_NONE, 0, win, MPIR_TRACE_NONE);
    MPIR_Win *w;
    int err = MPIR_Win_check(fc, win, &w);
    if (err)
        return err;
    if (!all && rank == MPI_PROC_NULL)
        return MPI_SUCCESS;
    if (!all && (err = check_rank(fc, w, rank)))
        return MPIR_Win_raise(w, err);
    if (!w->nlocks)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "no passive-target epoch is open (win): flushes need MPI_Win_lock(_all)");
    if (!all && w->locks[rank] == MPIR_WIN_UNLOCKED)
        return MPIR_WIN_ERR(w, MPI_ERR_RMA_SYNC, fc, "rank %d is not locked (rank)", rank);
    MPIR_Rma_wait_target(w, all ? -1 : rank);
    err = take_error(w, fc);
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

int MPI_Win_flush(int rank, MPI_Win win) { return flush("MPI_Win_flush", win, rank, 0); }
int MPI_Win_flush_all(MPI_Win win) { return flush("MPI_Win_flush_all", win, 0, 1); }
/* local completion: a put's data is taken at the call and a get's arrives with its completion, so local = remote */
int MPI_Win_flush_local(int rank, MPI_Win win) { return flush("MPI_Win_flush_local", win, rank, 0); }
int MPI_Win_flush_local_all(MPI_Win win) { return flush("MPI_Win_flush_local_all", win, 0, 1); }

int MPI_Win_sync(MPI_Win win)
{
    MPIR_Win *w;
    int err = MPIR_Win_check("MPI_Win_sync", win, &w);
    if (err)
        return err;
    /* the unified model: public and private copies are the same memory; order this rank's loads and stores */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return MPI_SUCCESS;
}
