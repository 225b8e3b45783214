/* Moving bytes to and from a target's memory through the channel
 * (chan_rma_*), counting what is still under way, and the mutexes and locks
 * other ranks compare-and-swap on. */
#include "rma.h"
#include "../datatype.h"
#include "../device/mpidi.h"
#include <stdlib.h>
#include <string.h>

static MPIR_Rma_op *live; /* operations under way (a lost peer fails its own) */
static MPIR_Rma_op *spare; /* finished records, reused: most operations finish at once */

MPIR_Rma_op *MPIR_Rma_op_new(MPIR_Win *win, int target)
{
    MPIR_Rma_op *op = spare;
    if (op)
        spare = op->next;
    else if ((op = malloc(sizeof *op)) == NULL)
        return NULL;
    memset(op, 0, sizeof *op);
    op->win = win;
    op->target = target;
    op->vc = win->peers[target].vc;
    op->issuing = 1;
    op->next = live;
    if (live)
        live->prev = op;
    live = op;
    return op;
}

/* The op's parts are all done: unpack a staged get, complete its request, free it. */
static int finish(MPIR_Rma_op *op)
{
    int err = op->error;
    if (op->stage) {
        if (!err && op->buf)
            MPIR_Localcopy(op->stage, MPIR_Datatype_size(op->type) * op->count, MPI_BYTE, op->buf, op->count, op->type);
        MPIR_Free(op->stage);
    }
    if (op->type)
        MPIR_Dtype_release(MPIR_Dtype_get(op->type), 0);
    if (op->req) {
        op->req->error = err;
        op->req->status.MPI_ERROR = err;
        MPIR_Request_complete(op->req);
    }
    if (err && !op->waited && !op->req && !op->win->error)
        op->win->error = err; /* nobody waits for it: the next synchronization raises it */
    if (op->prev)
        op->prev->next = op->next;
    else
        live = op->next;
    if (op->next)
        op->next->prev = op->prev;
    op->next = spare;
    spare = op;
    return err;
}

int MPIR_Rma_op_issued(MPIR_Rma_op *op)
{
    op->issuing = 0;
    return op->pending == 0 ? finish(op) : MPI_SUCCESS;
}

static int counted(MPIR_Rma_op *op, int rc)
{
    if (rc == WMPI_CHAN_PENDING) {
        op->pending++;
        op->win->pending++;
        op->win->pending_to[op->target]++;
        return MPI_SUCCESS;
    }
    return rc == WMPI_CHAN_BADADDR ? MPI_ERR_RMA_RANGE : MPI_SUCCESS;
}

int MPIR_Rma_put(MPIR_Rma_op *op, uint32_t addr, const void *local, uint32_t len)
{
    if (MPIDI_Vc_failed(op->vc))
        return MPI_ERR_PROC_ABORTED; /* the channel would drop it: no RMA_DONE would come */
    return counted(op, wmpi_chan_rma_put(op->vc, addr, local, len, (uint32_t)(uintptr_t)op));
}

int MPIR_Rma_get(MPIR_Rma_op *op, uint32_t addr, void *local, uint32_t len)
{
    if (MPIDI_Vc_failed(op->vc))
        return MPI_ERR_PROC_ABORTED;
    return counted(op, wmpi_chan_rma_get(op->vc, addr, local, len, (uint32_t)(uintptr_t)op));
}

void MPIR_Rma_done(uint32_t token, int flags)
{
    MPIR_Rma_op *op = (MPIR_Rma_op *)(uintptr_t)token;
    if (flags == WMPI_CHAN_BADADDR && !op->error)
        op->error = MPI_ERR_RMA_RANGE;
    op->pending--;
    op->win->pending--;
    op->win->pending_to[op->target]--;
    if (op->pending == 0 && !op->issuing)
        finish(op);
}

void MPIR_Rma_vc_failed(int vc)
{
    for (MPIR_Rma_op *op = live, *next; op; op = next) {
        next = op->next;
        if (op->vc != vc || op->pending == 0)
            continue;
        op->error = MPI_ERR_PROC_ABORTED;
        op->win->pending -= op->pending;
        op->win->pending_to[op->target] -= op->pending;
        op->pending = 0;
        if (!op->issuing)
            finish(op);
    }
}

int MPIR_Rma_op_wait(MPIR_Rma_op *op)
{
    op->waited = 1;
    while (op->pending > 0)
        MPID_Progress_wait();
    return MPIR_Rma_op_issued(op);
}

void MPIR_Rma_wait_target(MPIR_Win *win, int target)
{
    while (target < 0 ? win->pending > 0 : win->pending_to[target] > 0)
        MPID_Progress_wait();
}

int MPIR_Rma_cas_wait(MPIR_Win *win, int target, uint32_t addr, int32_t compare, int32_t swap, int32_t *old)
{
    MPIR_Rma_op *op = MPIR_Rma_op_new(win, target);
    if (op == NULL)
        return MPI_ERR_NO_MEM;
    int err = MPIDI_Vc_failed(op->vc) ? MPI_ERR_PROC_ABORTED
                                      : counted(op, wmpi_chan_rma_cas(op->vc, addr, compare, swap, old, (uint32_t)(uintptr_t)op));
    int done = MPIR_Rma_op_wait(op);
    return err ? err : done;
}

/* Reads target's sync words (the region table's address, count and version). */
static int read_words(MPIR_Win *win, int target, MPIR_Win_sync_words *words)
{
    MPIR_Rma_op *op = MPIR_Rma_op_new(win, target);
    if (op == NULL)
        return MPI_ERR_NO_MEM;
    int err = MPIR_Rma_get(op, win->peers[target].words, words, sizeof *words);
    int done = MPIR_Rma_op_wait(op);
    return err ? err : done;
}

int MPIR_Rma_regions(MPIR_Win *win, int target, MPIR_Win_region **table, int *n)
{
    *table = NULL;
    *n = 0;
    for (int tries = 0;; tries++) {
        /* a consistent read: the version is even and the same before and after the table */
        MPIR_Win_sync_words before, after;
        int err = read_words(win, target, &before);
        if (err)
            return err;
        if (before.version & 1) {
            MPIR_Rma_backoff(tries);
            continue;
        }
        MPIR_Win_region *t = NULL;
        if (before.nregions > 0) {
            size_t bytes = (size_t)before.nregions * sizeof *t;
            MPIR_Rma_op *op;
            if ((t = malloc(bytes)) == NULL || (op = MPIR_Rma_op_new(win, target)) == NULL) {
                free(t);
                return MPI_ERR_NO_MEM;
            }
            err = MPIR_Rma_get(op, before.regions, t, (uint32_t)bytes);
            int done = MPIR_Rma_op_wait(op);
            err = err ? err : done;
        }
        if (!err)
            err = read_words(win, target, &after);
        if (err) {
            free(t);
            return err;
        }
        if (after.version == before.version) {
            *table = t;
            *n = before.nregions > 0 ? before.nregions : 0;
            return MPI_SUCCESS;
        }
        free(t); /* the target attached or detached meanwhile: read again */
        MPIR_Rma_backoff(tries);
    }
}

void MPIR_Rma_backoff(int tries)
{
    MPID_Progress_poll();
    if (tries > 16)
        wmpi_chan_wait(tries > 256 ? 200 : 20); /* the holder is busy: let it have the core */
}

/* Compare-and-swap until the word goes from `from` to `to`. */
static int swap_until(MPIR_Win *win, int target, uint32_t addr, int32_t from, int32_t to)
{
    for (int tries = 0;; tries++) {
        int32_t old;
        int err = MPIR_Rma_cas_wait(win, target, addr, from, to, &old);
        if (err || old == from)
            return err;
        MPIR_Rma_backoff(tries);
    }
}

static uint32_t word_addr(MPIR_Win *win, int target, int acc)
{
    return win->peers[target].words + (acc ? offsetof(MPIR_Win_sync_words, acc) : offsetof(MPIR_Win_sync_words, lock));
}

int MPIR_Rma_acc_lock(MPIR_Win *win, int target) { return swap_until(win, target, word_addr(win, target, 1), 0, 1); }

int MPIR_Rma_acc_unlock(MPIR_Win *win, int target) { return swap_until(win, target, word_addr(win, target, 1), 1, 0); }

int MPIR_Rma_lock(MPIR_Win *win, int target, int lock_type)
{
    uint32_t addr = word_addr(win, target, 0);
    if (lock_type == MPI_LOCK_EXCLUSIVE)
        return swap_until(win, target, addr, 0, -1);
    /* shared: add one holder unless it is held exclusively */
    int32_t seen = 0;
    for (int tries = 0;; tries++) {
        int32_t old;
        int err = MPIR_Rma_cas_wait(win, target, addr, seen, seen + 1, &old);
        if (err || old == seen)
            return err;
        if (old < 0) {
            MPIR_Rma_backoff(tries);
            seen = 0;
        } else
            seen = old;
    }
}

int MPIR_Rma_unlock(MPIR_Win *win, int target, int lock_type)
{
    uint32_t addr = word_addr(win, target, 0);
    if (lock_type == MPI_LOCK_EXCLUSIVE)
        return swap_until(win, target, addr, -1, 0);
    int32_t seen = 1;
    for (;;) {
        int32_t old;
        int err = MPIR_Rma_cas_wait(win, target, addr, seen, seen - 1, &old);
        if (err || old == seen)
            return err;
        if (old <= 0)
            return MPI_ERR_RMA_SYNC; /* nobody holds it shared: a bug of ours, not the user's */
        seen = old;
    }
}
