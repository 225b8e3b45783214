/* Outgoing packets: straight into the peer's ring when it has room, otherwise
 * into a per-vc queue that progress retries in order. */
#include "mpidi.h"
#include <stdlib.h>
#include <string.h>

typedef struct queued {
    struct queued *next;
    wmpi_pkt hdr;
    const void *payload;
    uint32_t len;
    MPIR_Request *done;
} queued;

typedef struct {
    queued *head, *tail;
} vc_queue;

static vc_queue *queues;
static int nqueues;
static int pending;

int MPIDI_Sendq_cover(int vc)
{
    if (vc < nqueues)
        return MPI_SUCCESS;
    int n = nqueues ? nqueues : 8;
    while (n <= vc)
        n *= 2;
    vc_queue *q = realloc(queues, sizeof *queues * (size_t)n);
    if (q == NULL)
        return MPI_ERR_NO_MEM;
    memset(q + nqueues, 0, sizeof *q * (size_t)(n - nqueues));
    queues = q;
    nqueues = n;
    return MPI_SUCCESS;
}

void MPIDI_Sendq_finalize(void)
{
    free(queues);
    queues = NULL;
    nqueues = 0;
}

int MPIDI_Sendq_pending(void) { return pending; }

int MPIDI_Sendq_busy(int vc) { return vc < nqueues && queues[vc].head != NULL; }

/* A request the lost peer can no longer complete. */
static void fail_request(MPIR_Request *req)
{
    if (req == NULL || req->complete)
        return;
    req->error = MPI_ERR_PROC_ABORTED;
    MPIR_Request_complete(req);
}

int MPIDI_Send_pkt(int vc, const wmpi_pkt *hdr, const void *payload, uint32_t len, MPIR_Request *done)
{
    int rc = vc >= nqueues ? MPIDI_Vc_reserve(vc) : MPI_SUCCESS;
    if (rc)
        return rc;
    vc_queue *q = &queues[vc];
    if (MPIDI_Vc_failed(vc)) { /* nobody is left to read it */
        fail_request(done);
        return MPI_SUCCESS;
    }
    if (q->head == NULL && wmpi_chan_send(vc, hdr, payload, len) == WMPI_CHAN_OK) {
        if (done)
            MPIR_Request_complete(done);
        return MPI_SUCCESS;
    }
    queued *e = malloc(sizeof *e);
    if (e == NULL)
        return MPI_ERR_NO_MEM;
    e->next = NULL;
    e->hdr = *hdr;
    e->payload = payload;
    e->len = len;
    e->done = done;
    if (q->tail)
        q->tail->next = e;
    else
        q->head = e;
    q->tail = e;
    pending++;
    return MPI_SUCCESS;
}

int MPIDI_Sendq_flush(void)
{
    if (pending == 0)
        return 0;
    int sent = 0;
    for (int vc = 0; vc < nqueues; vc++) {
        vc_queue *q = &queues[vc];
        while (q->head && wmpi_chan_send(vc, &q->head->hdr, q->head->payload, q->head->len) == WMPI_CHAN_OK) {
            queued *e = q->head;
            q->head = e->next;
            if (q->head == NULL)
                q->tail = NULL;
            pending--;
            sent++;
            if (e->done)
                MPIR_Request_complete(e->done);
            free(e);
        }
    }
    return sent;
}

int MPIDI_Sendq_cancel(MPIR_Request *req)
{
    for (int vc = 0; vc < nqueues; vc++) {
        queued *prev = NULL;
        for (queued *e = queues[vc].head; e; prev = e, e = e->next) {
            int mine = (e->hdr.type == MPIDI_PKT_EAGER_SEND && e->done == req) ||
                       (e->hdr.type == MPIDI_PKT_RNDV_RTS && e->hdr.sreq == (uint32_t)req->handle);
            if (!mine)
                continue;
            if (prev)
                prev->next = e->next;
            else
                queues[vc].head = e->next;
            if (queues[vc].tail == e)
                queues[vc].tail = prev;
            pending--;
            free(e);
            return 1;
        }
    }
    return 0;
}

void MPIDI_Send_ctrl(int vc, int type, uint32_t sreq, uint32_t rreq, uint32_t aux, uint64_t size)
{
    wmpi_pkt p = {0};
    p.type = (uint16_t)type;
    p.src_vc = MPIDI_my_vc;
    p.sreq = sreq;
    p.rreq = rreq;
    p.aux = aux;
    p.size = size;
    if (MPIDI_Send_pkt(vc, &p, NULL, 0, NULL) != MPI_SUCCESS)
        wmpi_job_abort(MPI_ERR_NO_MEM, "wmpi device: out of memory queueing a control packet");
}

void MPIDI_Sendq_fail_vc(int vc)
{
    vc_queue *q = &queues[vc];
    while (q->head) {
        queued *e = q->head;
        q->head = e->next;
        pending--;
        fail_request(e->done);
        if (e->hdr.type == MPIDI_PKT_RNDV_RTS)
            fail_request(MPIR_Request_get((int)e->hdr.sreq));
        free(e);
    }
    q->tail = NULL;
}
