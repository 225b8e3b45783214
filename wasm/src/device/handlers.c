/* Packet handlers, one per packet type (MPICH's ch3u_handle_recv_pkt.c and
 * ch3u_rndv.c), and delivery of a message into a matched receive. */
#include "mpidi.h"
#include "../rma/rma.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t staged_counter(const wmpi_pkt *pkt)
{
    return pkt->type == MPIDI_PKT_RNDV_RTS && (pkt->flags & WMPI_PKT_FLAG_STAGED) ? pkt->aux : 0;
}

/* What a request keeps of an incoming packet: who sent it, and where its
 * rendezvous data waits. */
static void take_envelope(MPIR_Request *req, const wmpi_pkt *pkt)
{
    req->status.MPI_SOURCE = pkt->rank;
    req->status.MPI_TAG = pkt->tag;
    req->vc = pkt->src_vc;
    req->is_rndv = pkt->type == MPIDI_PKT_RNDV_RTS;
    req->remote_sreq = pkt->sreq;
    req->trace_seq = pkt->rreq;
    req->remote_addr = pkt->addr;
    req->remote_counter = staged_counter(pkt);
    req->remote_window = pkt->type == MPIDI_PKT_RNDV_RTS && (pkt->flags & MPIDI_PKT_FLAG_PIPELINED) ? pkt->aux : 0;
    req->rndv_avail = req->remote_window && pkt->size > pkt->aux ? pkt->aux : (size_t)pkt->size;
}

static void set_received(MPIR_Request *req, uint64_t size)
{
    size_t n = size <= req->capacity ? (size_t)size : req->capacity;
    req->msg_size = size;
    MPIR_Status_set_bytes(&req->status, n);
    if (size > req->capacity)
        req->error = MPI_ERR_TRUNCATE;
}

/* A receive that allocates on match takes the unexpected eager copy as it is,
 * or a new buffer of the message's size; the status carries it to the caller. */
static int allocate_for(MPIR_Request *req, const MPIR_Request *msg, uint64_t size)
{
    void *buf = NULL;
    if (msg && !msg->is_rndv && msg->tmp) {
        buf = msg->tmp;
        ((MPIR_Request *)msg)->free_on_complete = NULL;
    } else if (size > SIZE_MAX - 0xffff || (buf = MPIR_Malloc(size ? (size_t)size : 1)) == NULL) {
        req->error = MPI_ERR_NO_MEM;
        req->msg_size = size;
        if (req->is_rndv) /* the data stays unread: let the sender complete */
            MPIDI_Send_ctrl(req->vc, MPIDI_PKT_RNDV_DONE, req->remote_sreq, 0, 0, 0);
        MPIR_Request_complete(req);
        return 0;
    }
    req->buf = buf;
    req->capacity = (size_t)size;
    req->status.wmpi_data = buf;
    return 1;
}

void MPIDI_Deliver(MPIR_Request *req, const MPIR_Request *msg, const wmpi_pkt *pkt, const void *payload)
{
    if (msg) {
        req->status.MPI_SOURCE = msg->status.MPI_SOURCE;
        req->status.MPI_TAG = msg->status.MPI_TAG;
        req->vc = msg->vc;
        req->is_rndv = msg->is_rndv;
        req->remote_sreq = msg->remote_sreq;
        req->trace_seq = msg->trace_seq;
        req->remote_addr = msg->remote_addr;
        req->remote_counter = msg->remote_counter;
        req->remote_window = msg->remote_window;
        req->rndv_avail = msg->rndv_avail;
        payload = msg->tmp;
    } else {
        take_envelope(req, pkt);
    }
    uint64_t size = msg ? msg->msg_size : pkt->size;
    if (__builtin_expect(MPIR_trace_on, 0))
        MPIR_Trace_matched(req->vc, req->context, req->status.MPI_TAG, size, req->trace_seq);
    if (req->alloc_on_match && !allocate_for(req, msg, size))
        return;
    set_received(req, size);
    if (req->is_rndv) {
        MPIDI_Rndv_start_get(req);
        return;
    }
    MPIR_Typed_recv_put(req, 0, payload, req->msg_size <= req->capacity ? (size_t)req->msg_size : req->capacity);
    MPIR_Request_complete(req);
}

/* A message no receive has asked for yet: keep its envelope (and eager data). */
static void add_unexpected(const wmpi_pkt *pkt, const void *payload)
{
    MPIR_Request *msg = MPIR_Request_create(MPIR_REQ_RECV);
    void *tmp = NULL;
    if (msg != NULL && pkt->type == MPIDI_PKT_EAGER_SEND && pkt->size > 0) {
        tmp = malloc((size_t)pkt->size);
        if (tmp)
            memcpy(tmp, payload, (size_t)pkt->size);
    }
    if (msg == NULL || (pkt->type == MPIDI_PKT_EAGER_SEND && pkt->size > 0 && tmp == NULL))
        wmpi_job_abort(MPI_ERR_NO_MEM, "wmpi device: out of memory for an unexpected message");
    take_envelope(msg, pkt);
    msg->context = pkt->context;
    msg->rank = pkt->rank;
    msg->tag = pkt->tag;
    msg->msg_size = pkt->size;
    msg->tmp = tmp;
    msg->free_on_complete = tmp;
    MPIDI_Recvq_add_unexpected(msg);
}

static void on_message(const wmpi_pkt *pkt, const void *payload)
{
    MPIR_Request *req = MPIDI_Recvq_find_posted(pkt->context, pkt->rank, pkt->tag);
    if (req)
        MPIDI_Deliver(req, NULL, pkt, payload);
    else
        add_unexpected(pkt, payload);
}

static MPIR_Request *local_request(uint32_t handle, const char *what)
{
    MPIR_Request *req = MPIR_Request_get((int)handle);
    if (req == NULL) {
        char msg[96];
        snprintf(msg, sizeof msg, "wmpi device: %s for unknown request 0x%x", what, handle);
        wmpi_job_abort(MPI_ERR_INTERN, msg);
    }
    return req;
}

static void on_rndv_done(const wmpi_pkt *pkt, const void *payload)
{
    (void)payload;
    MPIR_Request *req = local_request(pkt->sreq, "rendezvous completion");
    req->rndv_done = 1;
    if (!req->cancel_pending)
        MPIR_Request_complete(req);
}

static void on_rget_done(const wmpi_pkt *pkt, const void *payload)
{
    (void)payload;
    MPIDI_Rndv_rget_done(local_request(pkt->rreq, "rget completion"));
}

static void on_rndv_ack(const wmpi_pkt *pkt, const void *payload)
{
    (void)payload;
    MPIDI_Rndv_acked(local_request(pkt->sreq, "rendezvous acknowledgement"), pkt->rreq, pkt->size);
}

static void on_rndv_ready(const wmpi_pkt *pkt, const void *payload)
{
    (void)payload;
    MPIDI_Rndv_ready(pkt->src_vc, pkt->sreq, pkt->rreq, pkt->size);
}

static void on_cancel_req(const wmpi_pkt *pkt, const void *payload)
{
    (void)payload;
    MPIR_Request *msg = MPIDI_Recvq_take_rts(pkt->src_vc, pkt->sreq);
    if (msg)
        MPIR_Request_release(msg);
    MPIDI_Send_ctrl(pkt->src_vc, MPIDI_PKT_CANCEL_SEND_RESP, pkt->sreq, 0, msg != NULL, 0);
}

static void on_cancel_resp(const wmpi_pkt *pkt, const void *payload)
{
    (void)payload;
    MPIR_Request *req = local_request(pkt->sreq, "cancel response");
    req->cancel_pending = 0;
    if (pkt->aux) {
        MPI_Status_set_cancelled(&req->status, 1);
        MPIR_Request_complete(req);
    } else if (req->rndv_done) {
        MPIR_Request_complete(req);
    }
}

static void on_vc_failed(const wmpi_pkt *pkt, const void *payload)
{
    (void)payload;
    MPIDI_Vc_fail(pkt->src_vc);
}

static void on_rma_done(const wmpi_pkt *pkt, const void *payload)
{
    (void)payload;
    MPIR_Rma_done(pkt->aux, pkt->flags);
}

typedef void (*handler_fn)(const wmpi_pkt *, const void *);

static const handler_fn handlers[MPIDI_PKT_COUNT] = {
    [MPIDI_PKT_EAGER_SEND] = on_message,
    [MPIDI_PKT_RNDV_RTS] = on_message,
    [MPIDI_PKT_RNDV_DONE] = on_rndv_done,
    [MPIDI_PKT_RGET_DONE] = on_rget_done,
    [MPIDI_PKT_CANCEL_SEND_REQ] = on_cancel_req,
    [MPIDI_PKT_CANCEL_SEND_RESP] = on_cancel_resp,
    [MPIDI_PKT_RNDV_ACK] = on_rndv_ack,
    [MPIDI_PKT_RNDV_READY] = on_rndv_ready,
    [MPIDI_PKT_VC_FAILED] = on_vc_failed,
    [MPIDI_PKT_RMA_DONE] = on_rma_done,
};

void MPIDI_Handle_pkt(const wmpi_pkt *pkt, const void *payload)
{
    if (pkt->type >= MPIDI_PKT_COUNT || handlers[pkt->type] == NULL) {
        char msg[80];
        snprintf(msg, sizeof msg, "wmpi device: malformed packet of type %u from vc %d", pkt->type, pkt->src_vc);
        wmpi_job_abort(MPI_ERR_INTERN, msg);
    }
    handlers[pkt->type](pkt, payload);
}
