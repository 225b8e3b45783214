/* The posted-receive and unexpected-message queues (MPICH's ch3u_recvq.c).
 * Both are FIFO lists, which is what keeps MPI's no-overtaking order. */
#include "mpidi.h"

typedef struct {
    MPIR_Request *head, *tail;
} queue;

static queue posted, unexpected;

static void append(queue *q, MPIR_Request *r)
{
    r->next = NULL;
    if (q->tail)
        q->tail->next = r;
    else
        q->head = r;
    q->tail = r;
}

/* Unlinks the first request that `match` accepts. */
static MPIR_Request *take_first(queue *q, int (*match)(const MPIR_Request *, const void *), const void *key,
                                int take)
{
    MPIR_Request *prev = NULL;
    for (MPIR_Request *r = q->head; r; prev = r, r = r->next) {
        if (!match(r, key))
            continue;
        if (take) {
            if (prev)
                prev->next = r->next;
            else
                q->head = r->next;
            if (q->tail == r)
                q->tail = prev;
            r->next = NULL;
        }
        return r;
    }
    return NULL;
}

typedef struct {
    int context, rank, tag;
} envelope;

/* A posted receive (wildcards in r) accepts an incoming envelope (exact). */
static int posted_accepts(const MPIR_Request *r, const void *key)
{
    const envelope *e = key;
    return r->context == e->context && (r->rank == MPI_ANY_SOURCE || r->rank == e->rank) &&
           (r->tag == MPI_ANY_TAG || r->tag == e->tag);
}

/* An unexpected message (exact in r) is accepted by a receive pattern (wildcards in key). */
static int unexpected_accepted(const MPIR_Request *r, const void *key)
{
    const envelope *e = key;
    return r->context == e->context && (e->rank == MPI_ANY_SOURCE || r->rank == e->rank) &&
           (e->tag == MPI_ANY_TAG || r->tag == e->tag);
}

MPIR_Request *MPIDI_Recvq_find_posted(int context, int rank, int tag)
{
    envelope e = {context, rank, tag};
    return take_first(&posted, posted_accepts, &e, 1);
}

void MPIDI_Recvq_post(MPIR_Request *req) { append(&posted, req); }

static int is_same(const MPIR_Request *r, const void *key) { return r == key; }

int MPIDI_Recvq_remove_posted(MPIR_Request *req) { return take_first(&posted, is_same, req, 1) != NULL; }

MPIR_Request *MPIDI_Recvq_find_unexpected(int context, int source, int tag, int take)
{
    envelope e = {context, source, tag};
    return take_first(&unexpected, unexpected_accepted, &e, take);
}

void MPIDI_Recvq_add_unexpected(MPIR_Request *msg) { append(&unexpected, msg); }

typedef struct {
    int vc;
    uint32_t sreq;
} rts_key;

static int is_rts(const MPIR_Request *r, const void *key)
{
    const rts_key *k = key;
    return r->is_rndv && r->vc == k->vc && r->remote_sreq == k->sreq;
}

MPIR_Request *MPIDI_Recvq_take_rts(int vc, uint32_t sreq)
{
    rts_key k = {vc, sreq};
    return take_first(&unexpected, is_rts, &k, 1);
}

void MPIDI_Recvq_fail_posted(int vc, int (*needs)(const MPIR_Request *, int vc))
{
    MPIR_Request *prev = NULL, *r = posted.head;
    while (r) {
        MPIR_Request *next = r->next;
        if (needs(r, vc)) {
            if (prev)
                prev->next = next;
            else
                posted.head = next;
            if (posted.tail == r)
                posted.tail = prev;
            r->next = NULL;
            r->vc = vc; /* for the error message of a receive from any source */
            r->error = MPI_ERR_PROC_ABORTED;
            MPIR_Request_complete(r);
        } else {
            prev = r;
        }
        r = next;
    }
}
