/* The device's entry points for the MPI layer: send, receive, probe, matched
 * receive, cancel (MPICH's mpid_isend.c, mpid_irecv.c, mpid_cancel_*.c). */
#include "mpidi.h"

static void envelope(wmpi_pkt *hdr, size_t nbytes, int rank_in_comm, int tag, int context, uint32_t sreq)
{
    hdr->seq = 0;
    hdr->flags = 0;
    hdr->src_vc = MPIDI_my_vc;
    hdr->context = context;
    hdr->rank = rank_in_comm;
    hdr->tag = tag;
    hdr->sreq = sreq;
    hdr->rreq = __builtin_expect(MPIR_trace_on, 0) ? MPIR_Trace_next_seq() : 0;
    hdr->aux = 0;
    hdr->addr = 0;
    hdr->size = nbytes;
}

int MPID_Send_eager_now(const void *buf, size_t nbytes, int vc, int rank_in_comm, int tag, int context)
{
    if (nbytes > MPIDI_eager_limit || MPIDI_Sendq_busy(vc) || MPIDI_Vc_failed(vc))
        return 0;
    wmpi_pkt hdr;
    envelope(&hdr, nbytes, rank_in_comm, tag, context, 0);
    hdr.type = MPIDI_PKT_EAGER_SEND;
    if (wmpi_chan_send(vc, &hdr, buf, (uint32_t)nbytes) != WMPI_CHAN_OK)
        return 0; /* (a traced sequence number is skipped: the request path sends it anew) */
    if (__builtin_expect(hdr.rreq != 0, 0))
        MPIR_Trace_sent(vc, context, tag, nbytes, hdr.rreq);
    return 1;
}

/* Sends the first packet of a message (eager or RTS), noting it in the trace. */
static int send_first(int vc, const wmpi_pkt *hdr, const void *payload, uint32_t len, MPIR_Request *done)
{
    int rc = MPIDI_Send_pkt(vc, hdr, payload, len, done);
    if (__builtin_expect(hdr->rreq != 0, 0) && rc == MPI_SUCCESS)
        MPIR_Trace_sent(vc, hdr->context, hdr->tag, hdr->size, hdr->rreq);
    return rc;
}

int MPID_Isend(const void *buf, size_t nbytes, int vc, int rank_in_comm, int tag, int context, MPIR_Send_mode mode,
               uint32_t stage_counter, MPIR_Request *req)
{
    if (MPIDI_Vc_failed(vc))
        return MPI_ERR_PROC_ABORTED;
    if (nbytes <= MPIDI_eager_limit && mode != MPIR_MODE_SYNC && stage_counter == 0) {
        wmpi_pkt hdr;
        envelope(&hdr, nbytes, rank_in_comm, tag, context, (uint32_t)req->handle);
        req->vc = vc;
        hdr.type = MPIDI_PKT_EAGER_SEND;
        return send_first(vc, &hdr, buf, (uint32_t)nbytes, req);
    }
    return MPIDI_Send_rts(buf, nbytes, vc, rank_in_comm, tag, context, stage_counter ? WMPI_PKT_FLAG_STAGED : 0,
                          stage_counter, req);
}

int MPIDI_Send_rts(const void *buf, size_t nbytes, int vc, int rank_in_comm, int tag, int context, uint16_t flags,
                   uint32_t aux, MPIR_Request *req)
{
    wmpi_pkt hdr;
    envelope(&hdr, nbytes, rank_in_comm, tag, context, (uint32_t)req->handle);
    req->vc = vc;
    req->is_rndv = 1;
    hdr.type = MPIDI_PKT_RNDV_RTS;
    hdr.addr = (uint32_t)(uintptr_t)buf;
    hdr.flags = flags;
    hdr.aux = aux;
    return send_first(vc, &hdr, NULL, 0, NULL);
}

void MPID_Irecv(MPIR_Request *req)
{
    MPIR_Request *msg = MPIDI_Recvq_find_unexpected(req->context, req->rank, req->tag, 1);
    if (msg == NULL && MPID_Source_failed(MPIR_Comm_get(req->comm_handle), req->rank)) {
        req->error = MPI_ERR_PROC_ABORTED; /* nothing more can come from it */
        MPIR_Request_complete(req);
        return;
    }
    if (msg == NULL) {
        MPIDI_Recvq_post(req);
        return;
    }
    MPIDI_Deliver(req, msg, NULL, NULL);
    MPIR_Request_release(msg);
}

MPIR_Request *MPID_Probe_unexpected(int context, int source, int tag, int take)
{
    return MPIDI_Recvq_find_unexpected(context, source, tag, take);
}

void MPID_Mrecv(MPIR_Request *msg) { MPIDI_Deliver(msg, msg, NULL, NULL); }

int MPID_Cancel_recv(MPIR_Request *req)
{
    if (!MPIDI_Recvq_remove_posted(req))
        return 0;
    MPI_Status_set_cancelled(&req->status, 1);
    MPIR_Request_complete(req);
    return 1;
}

void MPID_Cancel_send(MPIR_Request *req)
{
    if (MPIDI_Sendq_cancel(req)) {
        MPI_Status_set_cancelled(&req->status, 1);
        MPIR_Request_complete(req);
        return;
    }
    if (!req->is_rndv || req->rndv_done || req->cancel_pending)
        return;
    wmpi_pkt hdr = {0};
    hdr.type = MPIDI_PKT_CANCEL_SEND_REQ;
    hdr.src_vc = MPIDI_my_vc;
    hdr.sreq = (uint32_t)req->handle;
    req->cancel_pending = 1;
    if (MPIDI_Send_pkt(req->vc, &hdr, NULL, 0, NULL) != MPI_SUCCESS)
        req->cancel_pending = 0;
}
