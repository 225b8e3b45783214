/* The schedule engine of the collectives (MPICH's MPIDU_Sched): a list of
 * steps in phases; the progress engine advances the nonblocking ones
 * (MPIR_Sched_progress), a blocking collective advances its own. */
#include "coll.h"
#include "../datatype.h"
#include "../channel.h"
#include <stdio.h>
#include <string.h>

enum { STEP_SEND, STEP_RECV, STEP_REDUCE, STEP_COPY, STEP_BARRIER };

typedef struct step {
    uint8_t kind;
    const void *src;
    void *dst;
    MPI_Count count, count2;
    MPI_Datatype type, type2;
    MPI_Op op;
    int peer;
    MPIR_Comm *comm;
    MPIR_Request *req;
} step;

typedef struct alloc_hdr {
    struct alloc_hdr *next;
    char pad[16 - sizeof(void *)]; /* the memory after the header keeps malloc's 16-byte alignment */
} alloc_hdr;

#define INLINE_STEPS 8
#define SCRATCH 512

struct MPIR_Sched {
    step *steps;
    int n, cap;
    int cur;       /* first step of the running phase */
    int phase_end; /* the barrier (or n) that ends it */
    int waiting;   /* the running phase's steps before this one have completed */
    int running;   /* the phase at cur has been started */
    MPIR_Comm *comm;
    int context_offset, tag;
    int error;
    /* the first failed message, for the error text */
    uint64_t fail_size;
    size_t fail_capacity;
    int fail_source;
    alloc_hdr *allocs;
    MPIR_Request *req; /* nonblocking: the user's request */
    MPIR_Sched *next;  /* in the list of active schedules */
    size_t scratch_used;
    int nreduce;         /* reduce steps: each holds its op */
    char fail_text[160]; /* what a failed local step (a user op's exception) said; not cleared whole */
    step inline_steps[INLINE_STEPS];
    double scratch[SCRATCH / sizeof(double)]; /* small buffers: no malloc on a short collective's path */
};

static MPIR_Sched *active;
static int in_progress;
/* freed schedules kept for the next collectives (a blocking collective's latency) */
#define MAX_CACHED 4
static MPIR_Sched *cache;
static int ncached;
static int tuning_ready;

MPI_Aint MPIR_Type_extent(MPI_Datatype type)
{
    MPIR_Datatype_info info;
    return MPIR_Datatype_query(type, &info) == MPI_SUCCESS ? info.extent : 0;
}

MPIR_Comm *MPIR_Sched_comm(MPIR_Sched *s) { return s->comm; }

MPIR_Sched *MPIR_Sched_create(MPIR_Comm *comm, int kind_tag, int nonblocking)
{
    if (!tuning_ready) {
        MPIR_Coll_tuning_init();
        tuning_ready = 1;
    }
    MPIR_Sched *s = cache;
    step *steps = NULL;
    int cap = INLINE_STEPS;
    if (s) { /* a recycled schedule keeps its grown steps array */
        cache = s->next;
        ncached--;
        steps = s->steps != s->inline_steps ? s->steps : NULL;
        cap = steps ? s->cap : INLINE_STEPS;
    } else if ((s = MPIR_Malloc(sizeof *s)) == NULL) {
        return NULL;
    }
    memset(s, 0, offsetof(MPIR_Sched, fail_text));
    s->fail_text[0] = '\0';
    s->steps = steps ? steps : s->inline_steps;
    s->cap = cap;
    s->comm = comm;
    if (nonblocking) {
        s->context_offset = MPIR_CONTEXT_NBC;
        s->tag = (int)(comm->nbc_seq++ & 0x3fffffffu); /* tags from 2^30 on: MPI_Comm_idup's */
    } else {
        s->context_offset = MPIR_CONTEXT_COLL;
        s->tag = kind_tag;
    }
    return s;
}

static step *add(MPIR_Sched *s, int kind)
{
    if (s->error)
        return NULL;
    if (s->n == s->cap) {
        step *grown = MPIR_Malloc(sizeof *grown * (size_t)s->cap * 2);
        if (grown == NULL) {
            s->error = MPI_ERR_NO_MEM;
            return NULL;
        }
        memcpy(grown, s->steps, sizeof *grown * (size_t)s->n);
        if (s->steps != s->inline_steps)
            MPIR_Free(s->steps);
        s->steps = grown;
        s->cap *= 2;
    }
    step *st = &s->steps[s->n++];
    memset(st, 0, sizeof *st);
    st->kind = (uint8_t)kind;
    return st;
}

void MPIR_Sched_send(MPIR_Sched *s, const void *buf, MPI_Count count, MPI_Datatype type, int peer, MPIR_Comm *comm)
{
    step *st = add(s, STEP_SEND);
    if (st) {
        st->src = buf;
        st->count = count;
        st->type = type;
        st->peer = peer;
        st->comm = comm ? comm : s->comm;
    }
}

void MPIR_Sched_recv(MPIR_Sched *s, void *buf, MPI_Count count, MPI_Datatype type, int peer, MPIR_Comm *comm)
{
    step *st = add(s, STEP_RECV);
    if (st) {
        st->dst = buf;
        st->count = count;
        st->type = type;
        st->peer = peer;
        st->comm = comm ? comm : s->comm;
    }
}

void MPIR_Sched_reduce(MPIR_Sched *s, const void *in, void *inout, MPI_Count count, MPI_Datatype type, MPI_Op op)
{
    step *st = add(s, STEP_REDUCE);
    if (st) {
        st->src = in;
        st->dst = inout;
        st->count = count;
        st->type = type;
        st->op = op;
        MPIR_Op_ref(op); /* MPI_Op_free while the collective runs leaves it usable */
        s->nreduce++;
    }
}

void MPIR_Sched_copy(MPIR_Sched *s, const void *src, MPI_Count scount, MPI_Datatype stype, void *dst,
                     MPI_Count rcount, MPI_Datatype rtype)
{
    step *st = add(s, STEP_COPY);
    if (st) {
        st->src = src;
        st->count = scount;
        st->type = stype;
        st->dst = dst;
        st->count2 = rcount;
        st->type2 = rtype;
    }
}

void MPIR_Sched_barrier(MPIR_Sched *s)
{
    if (s->n > 0 && s->steps[s->n - 1].kind != STEP_BARRIER)
        add(s, STEP_BARRIER);
}

void *MPIR_Sched_alloc(MPIR_Sched *s, size_t bytes)
{
    if (s->error)
        return NULL;
    size_t rounded = (bytes + 15) & ~(size_t)15;
    if (bytes <= SCRATCH && rounded <= SCRATCH - s->scratch_used) {
        void *p = (char *)s->scratch + s->scratch_used;
        s->scratch_used += rounded;
        return p;
    }
    alloc_hdr *h = MPIR_Malloc(sizeof *h + (bytes ? bytes : 1));
    if (h == NULL) {
        s->error = MPI_ERR_NO_MEM;
        return NULL;
    }
    h->next = s->allocs;
    s->allocs = h;
    return h + 1;
}

void *MPIR_Sched_tmpbuf(MPIR_Sched *s, MPI_Count count, MPI_Datatype type)
{
    MPIR_Datatype_info info;
    if (MPIR_Datatype_query(type, &info) != MPI_SUCCESS) {
        if (!s->error)
            s->error = MPI_ERR_TYPE;
        return NULL;
    }
    uint64_t bytes = 0;
    if (count > 0) {
        uint64_t a = (uint64_t)count * (uint64_t)(info.extent > 0 ? info.extent : 0);
        uint64_t b = (uint64_t)(count - 1) * (uint64_t)(info.extent > 0 ? info.extent : 0) +
                     (uint64_t)(info.true_extent > 0 ? info.true_extent : 0);
        bytes = a > b ? a : b;
    }
    if (bytes > SIZE_MAX - 64) {
        if (!s->error)
            s->error = MPI_ERR_NO_MEM;
        return NULL;
    }
    char *p = MPIR_Sched_alloc(s, (size_t)bytes);
    return p ? p - info.true_lb : NULL;
}

static void fail(MPIR_Sched *s, int err, const MPIR_Request *req)
{
    if (s->error)
        return;
    s->error = err;
    if (req) {
        s->fail_size = req->msg_size;
        s->fail_capacity = req->capacity;
        s->fail_source = req->status.MPI_SOURCE;
    }
}

static void start_step(MPIR_Sched *s, step *st)
{
    int rc = MPI_SUCCESS;
    switch (st->kind) {
    case STEP_SEND: {
        /* the common case needs no request: a small contiguous message the peer's ring takes now */
        const MPIR_Dtype *t = st->peer >= 0 ? MPIR_Dtype_get(st->type) : NULL;
        if (t && t->is_contig &&
            MPID_Send_eager_now((const char *)st->src + t->true_lb, (size_t)st->count * (size_t)t->size,
                                st->comm->vcs[st->peer], st->comm->rank, s->tag,
                                st->comm->context_id + s->context_offset)) {
            st->req = NULL;
            break;
        }
        rc = MPIR_Isend_typed(st->src, st->count, st->type, st->peer, s->tag, st->comm, s->context_offset, &st->req);
        break;
    }
    case STEP_RECV:
        rc = MPIR_Irecv_typed(st->dst, st->count, st->type, st->peer, s->tag, st->comm, s->context_offset, &st->req);
        break;
    case STEP_REDUCE:
        rc = MPIR_Reduce_local_impl(st->src, st->dst, st->count, st->type, st->op);
        break;
    case STEP_COPY:
        rc = MPIR_Localcopy(st->src, st->count, st->type, st->dst, st->count2, st->type2);
        break;
    }
    if (rc) {
        st->req = NULL;
        const char *m = MPIR_Err_last_message();
        if (!s->error && (st->kind == STEP_REDUCE || st->kind == STEP_COPY) && m)
            snprintf(s->fail_text, sizeof s->fail_text, "%s", m);
        fail(s, rc, NULL);
    }
}

/* Starts phases until one has a message under way; 1 when the schedule is done. */
static int advance(MPIR_Sched *s)
{
    for (;;) {
        if (s->running) {
            for (; s->waiting < s->phase_end; s->waiting++)
                if (s->steps[s->waiting].req && !s->steps[s->waiting].req->complete)
                    return 0;
            for (int i = s->cur; i < s->phase_end; i++) {
                MPIR_Request *r = s->steps[i].req;
                if (r) {
                    if (r->error)
                        fail(s, r->error, r);
                    MPIR_Request_release(r);
                    s->steps[i].req = NULL;
                }
            }
            s->cur = s->phase_end < s->n ? s->phase_end + 1 : s->n;
            s->running = 0;
        }
        if (s->cur >= s->n)
            return 1;
        int i = s->cur;
        for (; i < s->n && s->steps[i].kind != STEP_BARRIER; i++)
            start_step(s, &s->steps[i]);
        s->phase_end = i;
        s->waiting = s->cur;
        s->running = 1;
    }
}

void MPIR_Sched_free(MPIR_Sched *s)
{
    for (int i = 0; s->nreduce && i < s->n; i++)
        if (s->steps[i].kind == STEP_REDUCE)
            MPIR_Op_release(s->steps[i].op);
    for (alloc_hdr *h = s->allocs, *next; h; h = next) {
        next = h->next;
        MPIR_Free(h);
    }
    if (ncached < MAX_CACHED && s->cap <= 1024) {
        s->next = cache;
        cache = s;
        ncached++;
        return;
    }
    if (s->steps != s->inline_steps)
        MPIR_Free(s->steps);
    MPIR_Free(s);
}

static int raise_error(const char *fc, MPIR_Comm *comm, int err, const MPIR_Sched *s)
{
    if (err == MPI_ERR_TRUNCATE)
        return MPIR_ERR(comm, err, fc,
                        "message truncated: %llu bytes arrived from rank %d but the receive buffer holds %zu "
                        "(do the ranks' counts and datatypes match?)",
                        (unsigned long long)s->fail_size, s->fail_source, s->fail_capacity);
    if (err == MPI_ERR_NO_MEM)
        return MPIR_ERR(comm, err, fc, "out of memory for the collective's schedule or buffers");
    if (s->fail_text[0])
        return MPIR_ERR(comm, err, fc, "%s", s->fail_text);
    return MPIR_ERR(comm, err, fc, "the collective failed");
}

int MPIR_Sched_run(const char *fc, MPIR_Sched *s)
{
    MPIR_Comm *comm = s->comm;
    if (!s->error && !advance(s)) {
        MPID_Wait_note(fc, WMPI_WAIT_GROUP, -2, 0, comm->handle);
        while (!advance(s))
            MPID_Progress_wait();
        MPID_Wait_done();
    }
    int err = s->error;
    if (err) {
        /* a build error leaves nothing under way; a failed step still ran the rest */
        err = raise_error(fc, comm, err, s);
    }
    MPIR_Sched_free(s);
    return err;
}

/* A nonblocking collective's datatypes outlive MPI_Type_free until it completes (hold: 1 takes, 0 drops). */
static void hold_types(MPIR_Sched *s, int hold)
{
    for (int i = 0; i < s->n; i++) {
        step *st = &s->steps[i];
        MPI_Datatype types[2] = {st->type, st->kind == STEP_COPY ? st->type2 : MPI_DATATYPE_NULL};
        for (int k = 0; k < 2; k++) {
            MPIR_Dtype *t = st->kind != STEP_BARRIER && types[k] != MPI_DATATYPE_NULL ? MPIR_Dtype_get(types[k]) : NULL;
            if (t && hold)
                MPIR_Dtype_addref(t);
            else if (t)
                MPIR_Dtype_release(t, 0);
        }
    }
}

/* A nonblocking schedule is done: its request completes, its communicator and datatypes are released. */
static void finish(MPIR_Sched *s)
{
    MPIR_Request *req = s->req;
    MPIR_Status_set_empty(&req->status);
    if (s->error) {
        req->error = s->error;
        req->msg_size = s->fail_size;
        req->capacity = s->fail_capacity;
        req->status.MPI_SOURCE = s->fail_source;
    }
    MPIR_Comm *comm = s->comm;
    hold_types(s, 0);
    MPIR_Sched_free(s);
    MPIR_Comm_release(comm); /* the user may have freed it while the collective ran */
    MPIR_Request_complete(req);
}

int MPIR_Sched_start(const char *fc, MPIR_Sched *s, MPIR_Request **out)
{
    MPIR_Comm *comm = s->comm;
    if (s->error) {
        int err = raise_error(fc, comm, s->error, s);
        MPIR_Sched_free(s);
        return err;
    }
    MPIR_Request *req = MPIR_Request_create(MPIR_REQ_COLL);
    if (req == NULL) {
        MPIR_Sched_free(s);
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "out of memory for a request");
    }
    req->comm_handle = comm->handle;
    s->req = req;
    hold_types(s, 1);
    if (!HANDLE_IS_BUILTIN(comm->handle)) /* released when the schedule is done */
        comm->refcount++;
    *out = req;
    if (advance(s)) {
        finish(s);
    } else {
        s->next = active;
        active = s;
    }
    return MPI_SUCCESS;
}

int MPIR_Sched_progress(void)
{
    if (active == NULL || in_progress)
        return 0;
    in_progress = 1;
    int done = 0;
    for (MPIR_Sched **pp = &active; *pp;) {
        MPIR_Sched *s = *pp;
        if (advance(s)) {
            *pp = s->next;
            finish(s);
            done++;
        } else {
            pp = &s->next;
        }
    }
    in_progress = 0;
    return done;
}

void MPIR_Sched_equal_blocks(MPIR_Sched *s, int n, MPI_Count count, MPI_Count **counts, MPI_Aint **displs)
{
    *counts = MPIR_Sched_alloc(s, sizeof **counts * (size_t)n);
    *displs = MPIR_Sched_alloc(s, sizeof **displs * (size_t)n);
    for (int i = 0; *counts && *displs && i < n; i++) {
        (*counts)[i] = count;
        (*displs)[i] = (MPI_Aint)i * count;
    }
}
