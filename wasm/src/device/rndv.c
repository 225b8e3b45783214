/* The rendezvous protocol (MPICH's ch3u_rndv.c): the receiver pulls the data
 * from the sender's memory with chan_rget once a receive has matched.
 *
 * A non-contiguous send of a large message is pipelined: the sender packs it
 * into a staging ring of MPIDI_pipe_window bytes, MPIDI_pipe_chunk bytes at
 * a time. The RTS announces the ring with the first window already packed;
 * the receiver pulls a piece and acknowledges it (RNDV_ACK), the sender packs
 * into the freed slot and announces what is staged (RNDV_READY). A receive
 * into a non-contiguous type pulls MPIDI_pipe_chunk bytes at a time into a
 * chunk buffer and unpacks each. Neither side ever holds the whole message
 * in a temporary. */
#include "mpidi.h"
#include "../datatype.h"

size_t MPIDI_pipe_chunk;
size_t MPIDI_pipe_window;

/* ---- receiver ---- */

/* The bytes of the message the receive takes (a truncated one takes its capacity). */
static size_t wanted(const MPIR_Request *req)
{
    return req->msg_size <= req->capacity ? (size_t)req->msg_size : req->capacity;
}

static void finish(MPIR_Request *req)
{
    req->rndv_pulling = 0;
    MPIR_Free(req->rndv_chunk);
    req->rndv_chunk = NULL;
    MPIDI_Send_ctrl(req->vc, MPIDI_PKT_RNDV_DONE, req->remote_sreq, 0, 0, 0);
    MPIR_Request_complete(req);
}

/* The rget in flight has landed: unpack it if it went to the chunk buffer,
 * and free its slot of a pipelined sender's ring. */
static void landed(MPIR_Request *req)
{
    size_t n = req->rndv_inflight;
    req->rndv_inflight = 0;
    if (req->user_type)
        MPIR_Typed_recv_put(req, req->rndv_got, req->rndv_chunk, n);
    req->rndv_got += n;
    if (req->remote_window && req->rndv_got < wanted(req))
        MPIDI_Send_ctrl(req->vc, MPIDI_PKT_RNDV_ACK, req->remote_sreq, (uint32_t)req->handle, 0, req->rndv_got);
}

/* Pulls what the sender has staged, piece by piece, until the receive has
 * all it takes (then tells the sender, and completes) or must wait: for an
 * asynchronous rget (RGET_DONE) or for more staged data (RNDV_READY). */
static void pull(MPIR_Request *req)
{
    size_t total = wanted(req);
    while (req->rndv_got < total) {
        size_t got = req->rndv_got;
        size_t avail = req->rndv_avail < total ? req->rndv_avail : total;
        if (got >= avail)
            return;
        size_t n = avail - got;
        uint32_t remote = req->remote_addr + (uint32_t)got;
        if (req->remote_window) {
            size_t at = got % req->remote_window;
            remote = req->remote_addr + (uint32_t)at;
            if (n > req->remote_window - at)
                n = req->remote_window - at;
        }
        void *dst = (char *)req->buf + got;
        if (req->user_type) {
            if (n > MPIDI_pipe_chunk)
                n = MPIDI_pipe_chunk;
            if (req->rndv_chunk == NULL && (req->rndv_chunk = MPIR_Malloc(MPIDI_pipe_chunk)) == NULL) {
                req->error = MPI_ERR_NO_MEM; /* the data stays unread: let the sender complete */
                finish(req);
                return;
            }
            dst = req->rndv_chunk;
        }
        req->rndv_inflight = (uint32_t)n;
        if (wmpi_chan_rget(req->vc, remote, dst, (uint32_t)n, (uint32_t)req->handle, req->remote_counter,
                           (uint32_t)got) != WMPI_CHAN_OK)
            return;
        landed(req);
    }
    finish(req);
}

void MPIDI_Rndv_start_get(MPIR_Request *req)
{
    if (MPIDI_Vc_failed(req->vc)) { /* its data went with its process */
        req->error = MPI_ERR_PROC_ABORTED;
        MPIR_Request_complete(req);
        return;
    }
    req->rndv_pulling = 1;
    req->rndv_got = 0;
    req->rndv_inflight = 0;
    if (!req->remote_window)
        req->rndv_avail = (size_t)req->msg_size;
    pull(req);
}

void MPIDI_Rndv_rget_done(MPIR_Request *req)
{
    landed(req);
    pull(req);
}

void MPIDI_Rndv_ready(int vc, uint32_t sreq, uint32_t rreq, uint64_t staged)
{
    /* A receive that took less than the whole message (truncated) has
     * finished, and its handle may be a new request's, while READY packets
     * the sender sent before it learnt so are still coming: those find no
     * pull under way from that send, and are dropped. (A new pull from the
     * same send request cannot have started: its RTS follows them.) */
    MPIR_Request *req = MPIR_Request_get((int)rreq);
    if (req == NULL || req->complete || !req->is_rndv || req->vc != vc || req->remote_sreq != sreq ||
        !req->remote_window)
        return;
    if (staged > req->rndv_avail)
        req->rndv_avail = (size_t)staged;
    if (req->rndv_inflight == 0)
        pull(req);
}

/* ---- sender ---- */

/* Packs the next chunks into the slots of the staging ring the receiver has
 * freed (everything before `acked`). */
static void pack_window(MPIR_Request *req, size_t total, size_t acked)
{
    char *ring = req->free_on_complete;
    const MPIR_Dtype *t = MPIR_Dtype_get(req->user_type);
    while (req->pipe_staged < total) {
        size_t at = req->pipe_staged;
        size_t n = total - at < MPIDI_pipe_chunk ? total - at : MPIDI_pipe_chunk;
        if (at + n - acked > MPIDI_pipe_window) /* its slot still holds bytes the receiver has not taken */
            break;
        MPIR_Typerep_pack(req->user_buf, t, (MPI_Count)at, ring + at % MPIDI_pipe_window, (MPI_Count)n, 0);
        req->pipe_staged = at + n;
    }
}

int MPID_Isend_packed(const void *buf, MPI_Datatype type, size_t nbytes, int vc, int rank_in_comm, int tag,
                      int context, MPIR_Send_mode mode, MPIR_Request *req)
{
    int rndv = nbytes > MPIDI_eager_limit || mode == MPIR_MODE_SYNC;
    if (MPIDI_Vc_failed(vc))
        return MPI_ERR_PROC_ABORTED;
    if (!rndv || nbytes < MPIDI_pipe_chunk || nbytes > UINT32_MAX) {
        const void *bytes;
        void *packed;
        if (MPIR_Typed_send_bytes(buf, type, nbytes, &bytes, &packed))
            return MPI_ERR_NO_MEM;
        int rc = MPID_Isend(bytes, nbytes, vc, rank_in_comm, tag, context, mode, 0, req);
        if (rc)
            MPIR_Free(packed);
        else
            MPIR_Typed_attach_packed(req, packed);
        return rc;
    }
    size_t window = nbytes < MPIDI_pipe_window ? nbytes : MPIDI_pipe_window;
    char *ring = MPIR_Malloc(window);
    if (ring == NULL)
        return MPI_ERR_NO_MEM;
    req->free_on_complete = ring;
    req->user_buf = (void *)buf;
    req->user_type = type;
    MPIR_Dtype_addref(MPIR_Dtype_get(type)); /* MPI_Type_free does not end the send's use of it */
    req->msg_size = nbytes;
    req->pipe_staged = 0;
    pack_window(req, nbytes, 0);
    return MPIDI_Send_rts(ring, nbytes, vc, rank_in_comm, tag, context, MPIDI_PKT_FLAG_PIPELINED,
                          (uint32_t)MPIDI_pipe_window, req);
}

void MPIDI_Rndv_acked(MPIR_Request *req, uint32_t rreq, uint64_t acked)
{
    size_t before = req->pipe_staged;
    if (acked > before || req->user_type == 0)
        wmpi_job_abort(MPI_ERR_INTERN, "wmpi device: a rendezvous acknowledgement for data never staged");
    req->remote_rreq = rreq;
    pack_window(req, (size_t)req->msg_size, (size_t)acked);
    if (req->pipe_staged > before)
        MPIDI_Send_ctrl(req->vc, MPIDI_PKT_RNDV_READY, (uint32_t)req->handle, rreq, 0, req->pipe_staged);
}
