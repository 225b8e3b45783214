/* The one-sided operations: Put, Get, Accumulate, Get_accumulate,
 * Fetch_and_op, Compare_and_swap and their request-based forms.
 *
 * The origin side is packed into (or unpacked from) one contiguous buffer;
 * the target side is walked as the contiguous runs of its datatype, each a
 * chan_rma_* call at (window base + disp * disp_unit + run offset). An
 * accumulate holds the target's accumulate mutex while it reads the target
 * runs, combines them with the origin data here and writes them back. */
#include "rma.h"
#include "../datatype.h"
#include "../op_predefined.h"
#include <stdlib.h>
#include <string.h>

/* One side of an operation, checked: its packed size and its datatype. */
typedef struct side {
    const void *buf;
    MPI_Count count;
    MPI_Datatype type;
    MPIR_Dtype *t;
    size_t bytes;
} side;

static int check_side(const char *fc, side *s, const char *buf_arg, const char *count_arg, const char *type_arg)
{
    if (s->count < 0)
        return MPIR_Err_set(MPI_ERR_COUNT, fc, "negative count %lld (%s)", (long long)s->count, count_arg);
    s->t = MPIR_Dtype_get(s->type);
    if (s->t == NULL || s->t->user_refs == 0)
        return MPIR_Err_set(MPI_ERR_TYPE, fc, "%s datatype 0x%x (%s)", s->t ? "freed" : "invalid", (unsigned)s->type,
                            type_arg);
    if (!s->t->committed)
        return MPIR_Err_set(MPI_ERR_TYPE, fc, "datatype 0x%x is not committed (%s)", (unsigned)s->type, type_arg);
    uint64_t bytes;
    if (__builtin_mul_overflow((uint64_t)s->count, (uint64_t)s->t->size, &bytes) || bytes > UINT32_MAX)
        return MPIR_Err_set(MPI_ERR_COUNT, fc, "count %lld of %lld-byte elements is too large (%s)",
                            (long long)s->count, (long long)s->t->size, count_arg);
    if (buf_arg != NULL && s->buf == NULL && bytes > 0 && HANDLE_IS_BUILTIN(s->type))
        return MPIR_Err_set(MPI_ERR_BUFFER, fc, "null buffer with count %lld (%s)", (long long)s->count, buf_arg);
    s->bytes = (size_t)bytes;
    return MPI_SUCCESS;
}

/* The target of an operation: its rank (comm rank of the window), displacement and side. */
typedef struct target {
    int rank;
    MPI_Aint disp;
    side s;
    int64_t at; /* byte offset of the target buffer in the target's window */
} target;

static int check_target(const char *fc, MPIR_Win *w, target *t)
{
    if (t->rank < 0 || t->rank >= w->size)
        return MPIR_Err_set(MPI_ERR_RANK, fc, "invalid rank %d (target_rank): the window's group has %d ranks",
                            t->rank, w->size);
    if (t->disp < 0)
        return MPIR_Err_set(MPI_ERR_DISP, fc, "negative displacement %ld (target_disp)", (long)t->disp);
    int err = check_side(fc, &t->s, NULL, "target_count", "target_datatype"); /* no buffer here: a displacement */
    if (err)
        return err;
    t->at = (int64_t)t->disp * w->peers[t->rank].disp_unit;
    return MPIR_Win_access_check(fc, w, t->rank);
}

/* Where the bytes of (count, type) at buf are when they are one contiguous run, else NULL. */
static char *contiguous(const side *s)
{
    const MPIR_Dtype *t = s->t;
    if (t->is_contig)
        return (char *)s->buf + t->true_lb;
    if (s->count == 1 && t->nrep <= 1 && t->nblocks == 1)
        return (char *)s->buf + t->blocks[0].off;
    return NULL;
}

/* ---- the target's runs ---- */
typedef int (*run_fn)(void *arg, uint32_t addr, int64_t pos, uint32_t len);

typedef struct walk {
    const char *fc;
    MPIR_Win *w;
    const target *t;
    run_fn fn;          /* NULL: only check every run (before any is issued) */
    void *arg;
    const MPIR_Win_region *regions; /* a dynamic window's target regions (checking) */
    int nregions;
} walk;

/* Whether [addr, addr + len) lies inside one of the regions. */
static int attached(const walk *k, uint64_t addr, int64_t len)
{
    for (int i = 0; i < k->nregions; i++)
        if (addr >= k->regions[i].base && addr + (uint64_t)len <= (uint64_t)k->regions[i].base + k->regions[i].size)
            return 1;
    return 0;
}

/* Checks one run against the target's window (when checking), or passes on its address. */
static int run(walk *k, int64_t off, int64_t pos, int64_t len)
{
    const MPIR_Win_peer *p = &k->w->peers[k->t->rank];
    int64_t at = k->t->at + off;
    if (k->fn)
        return k->fn(k->arg, (uint32_t)(p->base + (uint64_t)at), pos, (uint32_t)len);
    if (at < 0 || (uint64_t)(at + len) > p->size || (uint64_t)p->base + (uint64_t)(at + len) > UINT32_MAX + (uint64_t)1)
        return MPIR_Err_set(MPI_ERR_RMA_RANGE, k->fc,
                            "target bytes %lld..%lld are outside rank %d's window of %llu bytes (target_disp %ld, "
                            "target_count, target_datatype)",
                            (long long)at, (long long)(at + len), k->t->rank, (unsigned long long)p->size,
                            (long)k->t->disp);
    if (k->w->flavor == MPI_WIN_FLAVOR_DYNAMIC && !attached(k, p->base + (uint64_t)at, len))
        return MPIR_Err_set(MPI_ERR_RMA_RANGE, k->fc,
                            "target bytes %#llx..%#llx are not inside a region rank %d attached (target_disp %ld, "
                            "target_count, target_datatype)",
                            (unsigned long long)at, (unsigned long long)(at + len), k->t->rank, (long)k->t->disp);
    return MPI_SUCCESS;
}

/* Calls fn for each contiguous run of the target buffer, adjacent runs merged. */
static int for_each_run(walk *k)
{
    const side *s = &k->t->s;
    const MPIR_Dtype *t = s->t;
    if (s->bytes == 0)
        return MPI_SUCCESS;
    if (t->is_contig)
        return run(k, t->true_lb, 0, (int64_t)s->bytes);
    int64_t extent = MPIR_DTYPE_EXTENT(t), run_off = 0, run_pos = 0, run_len = 0;
    for (MPI_Count e = 0; e < s->count; e++)
        for (MPI_Aint r = 0; r < t->nrep; r++)
            for (MPI_Aint b = 0; b < t->nblocks; b++) {
                const MPIR_Type_block *blk = &t->blocks[b];
                int64_t off = e * extent + r * t->rep_stride + blk->off;
                int64_t pos = e * t->size + r * t->period + blk->pos;
                if (run_len > 0 && off == run_off + run_len && pos == run_pos + run_len) {
                    run_len += blk->len;
                    continue;
                }
                if (run_len > 0) {
                    int err = run(k, run_off, run_pos, run_len);
                    if (err)
                        return err;
                }
                run_off = off;
                run_pos = pos;
                run_len = blk->len;
            }
    return run_len > 0 ? run(k, run_off, run_pos, run_len) : MPI_SUCCESS;
}

/* Checks every run of the target buffer before any is issued: a failing call changes nothing. */
static int check_runs(const char *fc, MPIR_Win *w, const target *t)
{
    walk k = {fc, w, t, NULL, NULL, NULL, 0};
    MPIR_Win_region *table = NULL;
    if (w->flavor == MPI_WIN_FLAVOR_DYNAMIC) {
        int err = MPIR_Rma_regions(w, t->rank, &table, &k.nregions);
        if (err)
            return MPIR_Err_set(err, fc, "could not read rank %d's attached regions", t->rank);
        k.regions = table;
    }
    int err = for_each_run(&k);
    free(table);
    return err;
}

/* The error of a channel operation on op's target, recorded. */
static int channel_error(int err, const MPIR_Rma_op *op, uint32_t addr)
{
    if (err == MPI_ERR_PROC_ABORTED)
        return MPIR_Err_set(err, "MPI one-sided operation", "rank %d's process is gone (target_rank)", op->target);
    return MPIR_Err_set(err, "MPI one-sided operation", "address %#x is outside rank %d's memory (target_disp)", addr,
                        op->target);
}

static int put_run(void *arg, uint32_t addr, int64_t pos, uint32_t len)
{
    void **a = arg;
    int err = MPIR_Rma_put(a[0], addr, (char *)a[1] + pos, len);
    return err ? channel_error(err, a[0], addr) : 0;
}

static int get_run(void *arg, uint32_t addr, int64_t pos, uint32_t len)
{
    void **a = arg;
    int err = MPIR_Rma_get(a[0], addr, (char *)a[1] + pos, len);
    return err ? channel_error(err, a[0], addr) : 0;
}

/* Moves the target runs of t to (put) or from (get) the packed bytes at `packed`; returns the op still
 * under way (or NULL when done) through *pending when asked, else waits for it. */
static int move(const char *fc, MPIR_Win *w, const target *t, void *packed, int put, MPIR_Rma_op **keep)
{
    MPIR_Rma_op *op = MPIR_Rma_op_new(w, t->rank);
    if (op == NULL)
        return MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory");
    void *a[2] = {op, packed};
    walk k = {fc, w, t, put ? put_run : get_run, a, NULL, 0};
    int err = for_each_run(&k);
    if (keep && !err) {
        *keep = op;
        return MPI_SUCCESS;
    }
    int done = MPIR_Rma_op_wait(op);
    return err ? err : done;
}

static int window_of(const char *fc, MPI_Win win, MPIR_Win **w) { return MPIR_Win_check(fc, win, w); }

/* A request that is complete already (the operation is done, or done locally). */
static int done_request(MPI_Request *request)
{
    MPIR_Request *r = MPIR_Request_create(MPIR_REQ_SEND);
    if (r == NULL)
        return MPI_ERR_NO_MEM;
    MPIR_Status_set_empty(&r->status);
    MPIR_Request_complete(r);
    *request = r->handle;
    return MPI_SUCCESS;
}

/* Checks shared by every operation; *skip when target_rank is MPI_PROC_NULL. */
static int begin(const char *fc, MPI_Win win, MPIR_Win **w, target *t, MPI_Request *request, int *skip)
{
    int err = window_of(fc, win, w);
    if (err)
        return err;
    *skip = 0;
    if (request != NULL) {
        err = MPIR_Win_passive_check(fc, *w, t->rank);
        if (err)
            return MPIR_Win_raise(*w, err);
    }
    if (t->rank == MPI_PROC_NULL) {
        *skip = 1;
        return request ? done_request(request) : MPI_SUCCESS;
    }
    err = check_target(fc, *w, t);
    if (!err)
        err = check_runs(fc, *w, t);
    return err ? MPIR_Win_raise(*w, err) : MPI_SUCCESS;
}

/* Packs side s into a new buffer (or points at it when contiguous); *owned to free. */
static int packed_of(const char *fc, const side *s, char **bytes, char **owned)
{
    *owned = NULL;
    *bytes = contiguous(s);
    if (*bytes || s->bytes == 0)
        return MPI_SUCCESS;
    if ((*owned = MPIR_Malloc(s->bytes)) == NULL)
        return MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory for %zu bytes", s->bytes);
    MPIR_Localcopy(s->buf, s->count, s->type, *owned, (MPI_Count)s->bytes, MPI_BYTE);
    *bytes = *owned;
    return MPI_SUCCESS;
}

/* begin(), and the origin side of a put or get: as many bytes as the target side. */
static int begin_transfer(const char *fc, MPI_Win win, MPIR_Win **w, target *t, side *o, MPI_Request *request, int *skip)
{
    int err = begin(fc, win, w, t, request, skip);
    if (err || *skip)
        return err;
    if ((err = check_side(fc, o, "origin_addr", "origin_count", "origin_datatype")))
        return MPIR_Win_raise(*w, err);
    if (o->bytes != t->s.bytes)
        return MPIR_WIN_ERR(*w, MPI_ERR_TRUNCATE, fc, "the origin has %zu bytes and the target %zu (origin_count, target_count)",
                            o->bytes, t->s.bytes);
    return MPI_SUCCESS;
}

static int rma_put(const char *fc, const void *obuf, MPI_Count ocount, MPI_Datatype otype, int trank, MPI_Aint disp,
                   MPI_Count tcount, MPI_Datatype ttype, MPI_Win win, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, trank, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(ocount, otype), win, MPIR_TRACE_NONE);
    MPIR_Win *w;
    target t = {trank, disp, {NULL, tcount, ttype, NULL, 0}, 0};
    side o = {obuf, ocount, otype, NULL, 0};
    int skip, err = begin_transfer(fc, win, &w, &t, &o, request, &skip);
    if (err || skip)
        return err;
    char *src, *packed;
    if ((err = packed_of(fc, &o, &src, &packed)))
        return MPIR_Win_raise(w, err);
    MPIR_Rma_op *op = NULL;
    err = move(fc, w, &t, src, 1, &op);
    MPIR_Free(packed); /* the channel took the bytes at the call */
    if (op)
        err = err ? err : MPIR_Rma_op_issued(op);
    if (!err && request)
        err = done_request(request); /* a put is complete locally once issued */
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

static int rma_get(const char *fc, void *obuf, MPI_Count ocount, MPI_Datatype otype, int trank, MPI_Aint disp,
                   MPI_Count tcount, MPI_Datatype ttype, MPI_Win win, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, trank, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(ocount, otype), win, MPIR_TRACE_NONE);
    MPIR_Win *w;
    target t = {trank, disp, {NULL, tcount, ttype, NULL, 0}, 0};
    side o = {obuf, ocount, otype, NULL, 0};
    int skip, err = begin_transfer(fc, win, &w, &t, &o, request, &skip);
    if (err || skip)
        return err;
    MPIR_Rma_op *op = MPIR_Rma_op_new(w, t.rank);
    if (op == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_NO_MEM, fc, "out of memory");
    char *dst = contiguous(&o);
    if (dst == NULL && o.bytes > 0) {
        /* staged, and unpacked into the origin buffer when the whole get is done */
        if ((op->stage = MPIR_Malloc(o.bytes)) == NULL) {
            MPIR_Rma_op_issued(op);
            return MPIR_WIN_ERR(w, MPI_ERR_NO_MEM, fc, "out of memory for %zu bytes", o.bytes);
        }
        op->buf = obuf;
        op->count = ocount;
        op->type = otype;
        MPIR_Dtype_addref(o.t);
        dst = op->stage;
    }
    if (request) {
        MPIR_Request *r = MPIR_Request_create(MPIR_REQ_SEND);
        if (r == NULL) {
            MPIR_Rma_op_issued(op);
            return MPIR_WIN_ERR(w, MPI_ERR_NO_MEM, fc, "out of requests");
        }
        MPIR_Status_set_empty(&r->status);
        op->req = r;
        *request = r->handle;
    }
    void *a[2] = {op, dst};
    walk k = {fc, w, &t, get_run, a, NULL, 0};
    err = for_each_run(&k);
    if (err)
        op->buf = NULL; /* raised here: nothing to unpack */
    int done = MPIR_Rma_op_issued(op);
    err = err ? err : done;
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

/* ---- accumulates ---- */

/* Whether op may combine data of basic type `basic` in a one-sided accumulate. */
static int check_acc_op(const char *fc, MPI_Op op, const side *s, int fetch)
{
    if (op == MPI_NO_OP && !fetch)
        return MPIR_Err_set(MPI_ERR_OP, fc, "MPI_NO_OP is for the accumulates that return data (op): "
                            "MPI_Get_accumulate, MPI_Fetch_and_op");
    if (!MPIR_Op_builtin_index(op))
        return MPIR_Err_set(MPI_ERR_OP, fc, "op 0x%x is not a predefined operation (op): one-sided accumulates take "
                            "predefined ones only", (unsigned)op);
    if (s->t->basic == MPI_DATATYPE_NULL && s->bytes > 0)
        return MPIR_Err_set(MPI_ERR_TYPE, fc, "the target datatype mixes basic types (target_datatype): an "
                            "accumulate's must be made of one");
    if (s->bytes > 0 && !MPIR_Op_builtin_applies(op, s->t->basic))
        return MPIR_Err_set(MPI_ERR_OP, fc, "%s is not defined for the target datatype's elements (op)", MPIR_Op_name(op));
    return MPI_SUCCESS;
}

/* Under the target's accumulate mutex: read the target, hand the old data to
 * `result` (if any), combine with `in` and write back. */
static int accumulate(const char *fc, MPIR_Win *w, const target *t, const char *in, MPI_Op op, const side *result)
{
    char *old = t->s.bytes ? MPIR_Malloc(t->s.bytes) : NULL;
    if (t->s.bytes && old == NULL)
        return MPIR_Err_set(MPI_ERR_NO_MEM, fc, "out of memory for %zu bytes", t->s.bytes);
    int err = MPIR_Rma_acc_lock(w, t->rank);
    if (err) {
        MPIR_Free(old);
        return MPIR_Err_set(err, fc, "could not take rank %d's accumulate lock", t->rank);
    }
    int need_old = result != NULL || (op != MPI_REPLACE && op != MPI_NO_OP);
    if (need_old)
        err = move(fc, w, t, old, 0, NULL);
    if (!err && result)
        MPIR_Localcopy(old, (MPI_Count)t->s.bytes, MPI_BYTE, (void *)result->buf, result->count, result->type);
    if (!err && op != MPI_NO_OP) {
        const char *next = in;
        if (op != MPI_REPLACE) {
            MPI_Count n = t->s.bytes / (size_t)MPIR_Datatype_size(t->s.t->basic);
            MPIR_Op_builtin_apply(op, t->s.t->basic, in, old, (size_t)n);
            next = old;
        }
        err = move(fc, w, t, (void *)next, 1, NULL);
    }
    int unlocked = MPIR_Rma_acc_unlock(w, t->rank);
    MPIR_Free(old);
    return err ? err : unlocked;
}

static int rma_acc(const char *fc, const void *obuf, MPI_Count ocount, MPI_Datatype otype, void *rbuf, MPI_Count rcount,
                   MPI_Datatype rtype, int trank, MPI_Aint disp, MPI_Count tcount, MPI_Datatype ttype, MPI_Op op,
                   MPI_Win win, MPI_Request *request, int fetch)
{
    MPIR_TRACE_CALL(fc, trank, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(ocount, otype), win, MPIR_TRACE_NONE);
    MPIR_Win *w;
    target t = {trank, disp, {NULL, tcount, ttype, NULL, 0}, 0};
    int skip, err = begin(fc, win, &w, &t, request, &skip);
    if (err || skip)
        return err;
    side o = {obuf, ocount, otype, NULL, 0}, r = {rbuf, rcount, rtype, NULL, 0};
    if ((err = check_acc_op(fc, op, &t.s, fetch)))
        return MPIR_Win_raise(w, err);
    if (op != MPI_NO_OP) {
        if ((err = check_side(fc, &o, "origin_addr", "origin_count", "origin_datatype")))
            return MPIR_Win_raise(w, err);
        if (o.bytes != t.s.bytes || (o.bytes > 0 && o.t->basic != t.s.t->basic))
            return MPIR_WIN_ERR(w, MPI_ERR_TYPE, fc,
                                "the origin (%zu bytes) and the target (%zu bytes) are not the same number of elements "
                                "of one basic type (origin_datatype, target_datatype)",
                                o.bytes, t.s.bytes);
    }
    if (fetch) {
        if ((err = check_side(fc, &r, "result_addr", "result_count", "result_datatype")))
            return MPIR_Win_raise(w, err);
        if (r.bytes != t.s.bytes || (r.bytes > 0 && r.t->basic != t.s.t->basic))
            return MPIR_WIN_ERR(w, MPI_ERR_TYPE, fc,
                                "the result (%zu bytes) and the target (%zu bytes) are not the same number of elements "
                                "of one basic type (result_datatype, target_datatype)",
                                r.bytes, t.s.bytes);
    }
    char *in = NULL, *owned = NULL;
    if (op != MPI_NO_OP && (err = packed_of(fc, &o, &in, &owned)))
        return MPIR_Win_raise(w, err);
    err = accumulate(fc, w, &t, in, op, fetch ? &r : NULL);
    MPIR_Free(owned);
    if (!err && request)
        err = done_request(request); /* done at the target already */
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}

int MPI_Put(const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank,
            MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Win win)
{
    return rma_put("MPI_Put", origin_addr, origin_count, origin_datatype, target_rank, target_disp, target_count,
                   target_datatype, win, NULL);
}

int MPI_Get(void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp,
            int target_count, MPI_Datatype target_datatype, MPI_Win win)
{
    return rma_get("MPI_Get", origin_addr, origin_count, origin_datatype, target_rank, target_disp, target_count,
                   target_datatype, win, NULL);
}

int MPI_Rput(const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank,
             MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Win win, MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Rput", "null pointer (request)");
    return rma_put("MPI_Rput", origin_addr, origin_count, origin_datatype, target_rank, target_disp, target_count,
                   target_datatype, win, request);
}

int MPI_Rget(void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp,
             int target_count, MPI_Datatype target_datatype, MPI_Win win, MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Rget", "null pointer (request)");
    return rma_get("MPI_Rget", origin_addr, origin_count, origin_datatype, target_rank, target_disp, target_count,
                   target_datatype, win, request);
}

int MPI_Accumulate(const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank,
                   MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Op op, MPI_Win win)
{
    return rma_acc("MPI_Accumulate", origin_addr, origin_count, origin_datatype, NULL, 0, MPI_BYTE, target_rank,
                   target_disp, target_count, target_datatype, op, win, NULL, 0);
}

int MPI_Raccumulate(const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank,
                    MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Op op, MPI_Win win,
                    MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Raccumulate", "null pointer (request)");
    return rma_acc("MPI_Raccumulate", origin_addr, origin_count, origin_datatype, NULL, 0, MPI_BYTE, target_rank,
                   target_disp, target_count, target_datatype, op, win, request, 0);
}

int MPI_Get_accumulate(const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, void *result_addr,
                       int result_count, MPI_Datatype result_datatype, int target_rank, MPI_Aint target_disp,
                       int target_count, MPI_Datatype target_datatype, MPI_Op op, MPI_Win win)
{
    return rma_acc("MPI_Get_accumulate", origin_addr, origin_count, origin_datatype, result_addr, result_count,
                   result_datatype, target_rank, target_disp, target_count, target_datatype, op, win, NULL, 1);
}

int MPI_Rget_accumulate(const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, void *result_addr,
                        int result_count, MPI_Datatype result_datatype, int target_rank, MPI_Aint target_disp,
                        int target_count, MPI_Datatype target_datatype, MPI_Op op, MPI_Win win, MPI_Request *request)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Rget_accumulate", "null pointer (request)");
    return rma_acc("MPI_Rget_accumulate", origin_addr, origin_count, origin_datatype, result_addr, result_count,
                   result_datatype, target_rank, target_disp, target_count, target_datatype, op, win, request, 1);
}

int MPI_Fetch_and_op(const void *origin_addr, void *result_addr, MPI_Datatype datatype, int target_rank,
                     MPI_Aint target_disp, MPI_Op op, MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Fetch_and_op", target_rank, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(1, datatype), win, MPIR_TRACE_NONE);
    if (datatype != MPI_DATATYPE_NULL && !HANDLE_IS_BUILTIN(datatype))
        return MPIR_ERR(NULL, MPI_ERR_TYPE, "MPI_Fetch_and_op", "datatype 0x%x is not predefined (datatype)",
                        (unsigned)datatype);
    return rma_acc("MPI_Fetch_and_op", origin_addr, 1, datatype, result_addr, 1, datatype, target_rank, target_disp, 1,
                   datatype, op, win, NULL, 1);
}

int MPI_Compare_and_swap(const void *origin_addr, const void *compare_addr, void *result_addr, MPI_Datatype datatype,
                         int target_rank, MPI_Aint target_disp, MPI_Win win)
{
    MPIR_TRACE_CALL("MPI_Compare_and_swap", target_rank, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(1, datatype), win, MPIR_TRACE_NONE);
    static const char fc[] = "MPI_Compare_and_swap";
    MPIR_Win *w;
    target t = {target_rank, target_disp, {NULL, 1, datatype, NULL, 0}, 0};
    int skip, err = begin(fc, win, &w, &t, NULL, &skip);
    if (err || skip)
        return err;
    if (!HANDLE_IS_BUILTIN(datatype) || !(MPIR_Op_builtin_applies(MPI_BAND, datatype) || MPIR_Op_builtin_applies(MPI_LAND, datatype)))
        return MPIR_WIN_ERR(w, MPI_ERR_TYPE, fc, "datatype 0x%x is not an integer, logical or byte type (datatype)",
                            (unsigned)datatype);
    if (origin_addr == NULL || compare_addr == NULL || result_addr == NULL)
        return MPIR_WIN_ERR(w, MPI_ERR_BUFFER, fc, "null pointer (origin_addr, compare_addr or result_addr)");
    size_t n = t.s.bytes;
    if ((err = MPIR_Rma_acc_lock(w, t.rank)))
        return MPIR_Win_raise(w, MPIR_Err_set(err, fc, "could not take rank %d's accumulate lock", t.rank));
    err = move(fc, w, &t, result_addr, 0, NULL);
    if (!err && memcmp(result_addr, compare_addr, n) == 0)
        err = move(fc, w, &t, (void *)origin_addr, 1, NULL);
    int unlocked = MPIR_Rma_acc_unlock(w, t.rank);
    err = err ? err : unlocked;
    return err ? MPIR_Win_raise(w, err) : MPI_SUCCESS;
}
