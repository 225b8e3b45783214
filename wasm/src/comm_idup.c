/* MPI_Comm_idup of an intracommunicator (MPI-4.0 7.4.2) as a nonblocking
 * context-id agreement. Each process offers the free slots of one window of
 * its mask and reserves them, so that no other agreement on it takes them
 * while this one is pending; rank 0 gathers the offers, ANDs them and sends
 * the result back. A slot free in every offer is the new context; an empty
 * AND tries the next window. The progress engine advances the agreement. */
#include "mpiimpl.h"
#include <stdlib.h>
#include <string.h>

/* Tags of the agreement on the parent's MPIR_CONTEXT_NBC (nonblocking collectives use 0..2^30-1). */
#define IDUP_TAG 0x40000000
#define W MPIR_CONTEXT_WINDOW_WORDS
_Static_assert(MPIR_CONTEXT_WINDOWS <= 32, "a window's number takes 5 bits of the tag");
#define IDUP_MAX_ROUNDS (4 * MPIR_CONTEXT_WINDOWS)

typedef struct idup {
    MPIR_Comm *parent; /* held until done */
    MPIR_Request *req;
    MPI_Comm *newcomm;
    MPI_Info hints;    /* Comm_idup_with_info's (a copy), or MPI_INFO_NULL */
    unsigned seq;      /* this idup's number on the parent: the same on every process */
    int window;
    int rounds;        /* windows tried */
    uint32_t offer[W], agreed[W];
    uint32_t *offers;  /* rank 0: every process's offer */
    MPIR_Request **pending;
    int npending;
    int gathered;      /* rank 0: the offers are in and the AND is on its way out */
    struct idup *next;
} idup;

static idup *active;
static int in_progress;

static int post(idup *op, int send, void *buf, int peer)
{
    MPIR_Request **r = &op->pending[op->npending++];
    int tag = IDUP_TAG | (int)((op->seq & 0xffffu) << 5) | op->window; /* MPIR_CONTEXT_WINDOWS <= 32 */
    return send ? MPIR_Isend_typed(buf, W, MPI_UINT32_T, peer, tag, op->parent, MPIR_CONTEXT_NBC, r)
                : MPIR_Irecv_typed(buf, W, MPI_UINT32_T, peer, tag, op->parent, MPIR_CONTEXT_NBC, r);
}

/* Offers this window's free slots: rank 0 collects, the others send and wait for the AND. */
static int start_round(idup *op)
{
    MPIR_Contextid_reserve(op->window, op->offer);
    op->npending = 0;
    op->gathered = 0;
    MPIR_Comm *c = op->parent;
    if (c->rank != 0) {
        int rc = post(op, 1, op->offer, 0);
        return rc ? rc : post(op, 0, op->agreed, 0);
    }
    memcpy(op->agreed, op->offer, sizeof op->agreed);
    for (int r = 1; r < c->size; r++) {
        int rc = post(op, 0, op->offers + (size_t)r * W, r);
        if (rc)
            return rc;
    }
    return MPI_SUCCESS;
}

/* 1 once every message of the stage has completed (their requests released). */
static int stage_done(idup *op, int *err)
{
    for (int i = 0; i < op->npending; i++)
        if (!op->pending[i]->complete)
            return 0;
    for (int i = 0; i < op->npending; i++) {
        if (op->pending[i]->error && !*err)
            *err = op->pending[i]->error;
        MPIR_Request_release(op->pending[i]);
    }
    op->npending = 0;
    return 1;
}

static void finish(idup *op, int err)
{
    MPIR_Request *req = op->req;
    if (err == MPI_SUCCESS) {
        uint32_t mask[MPIR_CONTEXT_MASK_WORDS] = {0};
        memcpy(mask + op->window * W, op->agreed, sizeof op->agreed);
        int ctx;
        MPIR_Comm *n;
        MPIR_Contextid_unreserve(op->window, op->offer);
        err = MPIR_Contextid_take(mask, &ctx); /* set: every offer holds it */
        if (err == MPI_SUCCESS && (err = MPIR_Comm_copy("MPI_Comm_idup", op->parent, ctx, &n)) == MPI_SUCCESS) {
            if (op->hints != MPI_INFO_NULL)
                err = MPIR_Comm_set_hints(n, op->hints);
            *op->newcomm = n->handle;
        }
    }
    req->error = err;
    MPIR_Comm_release(op->parent);
    if (op->hints != MPI_INFO_NULL)
        MPI_Info_free(&op->hints);
    free(op->offers);
    free(op->pending);
    free(op);
    MPIR_Request_complete(req);
}

/* Advances op; 1 when it is done. */
static int advance(idup *op)
{
    int err = MPI_SUCCESS;
    for (;;) {
        if (!stage_done(op, &err))
            return 0;
        if (err) {
            MPIR_Contextid_unreserve(op->window, op->offer);
            finish(op, err);
            return 1;
        }
        MPIR_Comm *c = op->parent;
        if (c->rank == 0 && !op->gathered && c->size > 1) {
            for (int r = 1; r < c->size; r++)
                for (int i = 0; i < W; i++)
                    op->agreed[i] &= op->offers[(size_t)r * W + i];
            op->gathered = 1;
            for (int r = 1; r < c->size && !err; r++)
                err = post(op, 1, op->agreed, r);
            continue;
        }
        int any = 0;
        for (int i = 0; i < W; i++)
            any |= op->agreed[i] != 0;
        if (any) {
            finish(op, MPI_SUCCESS);
            return 1;
        }
        MPIR_Contextid_unreserve(op->window, op->offer);
        /* the next window; once past the last, around again (other pending idups may
         * have released theirs), a few times before giving up */
        op->window = (op->window + 1) % MPIR_CONTEXT_WINDOWS;
        if (++op->rounds == IDUP_MAX_ROUNDS) {
            MPIR_Err_set(MPI_ERR_OTHER, "MPI_Comm_idup", "no context id is free in every process: too many communicators");
            finish(op, MPI_ERR_OTHER);
            return 1;
        }
        if ((err = start_round(op)) != MPI_SUCCESS) {
            MPIR_Contextid_unreserve(op->window, op->offer);
            finish(op, err);
            return 1;
        }
    }
}

int MPIR_Comm_idup_start(MPIR_Comm *c, MPI_Comm *newcomm, MPI_Info info, MPIR_Request *req)
{
    MPI_Info hints = MPI_INFO_NULL;
    if (info != MPI_INFO_NULL && MPI_Info_dup(info, &hints) != MPI_SUCCESS)
        return MPI_ERR_NO_MEM;
    idup *op = calloc(1, sizeof *op);
    MPIR_Request **pending = malloc(sizeof *pending * (size_t)(c->size + 1));
    uint32_t *offers = c->rank == 0 ? calloc((size_t)c->size, sizeof(uint32_t) * W) : NULL;
    if (op == NULL || pending == NULL || (c->rank == 0 && offers == NULL)) {
        if (hints != MPI_INFO_NULL)
            MPI_Info_free(&hints);
        free(op);
        free(pending);
        free(offers);
        return MPI_ERR_NO_MEM;
    }
    op->parent = c;
    c->refcount++; /* the user may free it before the idup completes */
    op->req = req;
    op->newcomm = newcomm;
    op->hints = hints;
    op->seq = c->idup_seq++;
    op->offers = offers;
    op->pending = pending;
    *newcomm = MPI_COMM_NULL;
    int rc = start_round(op);
    if (rc == MPI_SUCCESS && advance(op))
        return MPI_SUCCESS;
    if (rc) {
        MPIR_Contextid_unreserve(op->window, op->offer);
        finish(op, rc);
        return MPI_SUCCESS;
    }
    op->next = active;
    active = op;
    return MPI_SUCCESS;
}

int MPIR_Comm_idup_progress(void)
{
    if (active == NULL || in_progress)
        return 0;
    in_progress = 1;
    int done = 0;
    for (idup **link = &active; *link;) {
        idup *op = *link, *next = op->next;
        if (advance(op)) { /* op is freed */
            *link = next;
            done++;
        } else {
            link = &op->next;
        }
    }
    in_progress = 0;
    return done;
}
