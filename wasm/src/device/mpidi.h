/* Device internals shared by the files of wasm/src/device (MPICH ch3's mpidimpl.h). */
#ifndef WMPI_MPIDI_H
#define WMPI_MPIDI_H

#include "../mpiimpl.h"
#include "../channel.h"

/* Packet types; the handler table in handlers.c is indexed by them. */
typedef enum {
    MPIDI_PKT_EAGER_SEND,      /* header + the whole message */
    MPIDI_PKT_RNDV_RTS,        /* request to send: the data stays in the sender's memory */
    MPIDI_PKT_RNDV_DONE,       /* receiver -> sender: the data has been pulled, sreq completes */
    MPIDI_PKT_RGET_DONE = WMPI_PKT_RGET_DONE, /* channel -> receiver: an asynchronous rget into rreq finished */
    MPIDI_PKT_CANCEL_SEND_REQ, /* sender -> receiver: drop the unmatched RTS of sreq */
    MPIDI_PKT_CANCEL_SEND_RESP,/* receiver -> sender: aux = 1 if it was dropped */
    MPIDI_PKT_RNDV_ACK,        /* receiver -> sender: size = bytes of a pipelined send taken so far (rreq: the receive) */
    MPIDI_PKT_RNDV_READY,      /* sender -> receiver rreq: size = bytes of a pipelined send staged so far */
    MPIDI_PKT_VC_FAILED = WMPI_PKT_VC_FAILED, /* channel -> device: peer src_vc is gone (vc_fail.c) */
    MPIDI_PKT_RMA_DONE = WMPI_PKT_RMA_DONE, /* channel -> origin: a pending chan_rma_* (aux: its token) is done (rma/issue.c) */
    MPIDI_PKT_COUNT
} MPIDI_Pkt_type;

/* flags of an RTS: the data is packed a chunk at a time into a staging ring
 * of `aux` bytes at `addr` (its first window is there already); the receiver
 * acknowledges what it took (RNDV_ACK) and the sender tells it what more is
 * staged (RNDV_READY). */
#define MPIDI_PKT_FLAG_PIPELINED 2u

extern size_t MPIDI_eager_limit;
/* Pipelined rendezvous (rndv.c): the chunk packed or unpacked at a time, and
 * the sender's staging ring (a whole number of chunks). */
extern size_t MPIDI_pipe_chunk;
extern size_t MPIDI_pipe_window;
extern int MPIDI_my_vc;

/* Sends a packet to vc, in order with everything queued for vc before it.
 * If `done` is given it completes once the payload has left buf. */
int MPIDI_Send_pkt(int vc, const wmpi_pkt *hdr, const void *payload, uint32_t len, MPIR_Request *done);
/* Sends a control packet (no payload) with the given fields; aborts the job if it cannot even queue it. */
void MPIDI_Send_ctrl(int vc, int type, uint32_t sreq, uint32_t rreq, uint32_t aux, uint64_t size);
/* Retries queued packets; returns how many it sent. */
int MPIDI_Sendq_flush(void);
int MPIDI_Sendq_pending(void);
/* Whether packets wait in vc's queue (a new one must queue behind them). */
int MPIDI_Sendq_busy(int vc);
/* Removes a not-yet-sent packet that completes req; 1 if found. */
int MPIDI_Sendq_cancel(MPIR_Request *req);
/* Makes the send queues cover vc (they grow as the universe does). */
int MPIDI_Sendq_cover(int vc);
void MPIDI_Sendq_finalize(void);

/* Matching queues (recvq.c). */
MPIR_Request *MPIDI_Recvq_find_posted(int context, int rank, int tag);
void MPIDI_Recvq_post(MPIR_Request *req);
int MPIDI_Recvq_remove_posted(MPIR_Request *req);
MPIR_Request *MPIDI_Recvq_find_unexpected(int context, int source, int tag, int take);
void MPIDI_Recvq_add_unexpected(MPIR_Request *msg);
/* Dequeues the unexpected RTS that vc sent as sreq, if still there. */
MPIR_Request *MPIDI_Recvq_take_rts(int vc, uint32_t sreq);

/* A lost peer (vc_fail.c): whether vc has failed; failing everything that needs it. */
int MPIDI_Vc_failed(int vc);
void MPIDI_Vc_fail(int vc);
/* Makes the per-vc tables (failures, send queues) cover vc: a vc the core
 * has just learnt (a spawned or connected group) needs no other set-up.
 * MPI_ERR_OTHER for a vc past MPIDI_MAX_VC, which no channel gives out. */
#define MPIDI_MAX_VC (1 << 24)
int MPIDI_Vc_reserve(int vc);
/* Drops the packets queued for vc, failing the requests they would complete (sendq.c). */
void MPIDI_Sendq_fail_vc(int vc);
/* Fails and removes the posted receives for which `needs` says they need vc (recvq.c). */
void MPIDI_Recvq_fail_posted(int vc, int (*needs)(const MPIR_Request *, int vc));

/* Packet handlers (handlers.c). */
void MPIDI_Handle_pkt(const wmpi_pkt *pkt, const void *payload);
/* Moves an arrived message into a matched receive request and completes it when it can. */
void MPIDI_Deliver(MPIR_Request *req, const MPIR_Request *msg_or_null, const wmpi_pkt *pkt, const void *payload);

/* Sends the RTS of a rendezvous send from buf (flags and aux as in wmpi_pkt). */
int MPIDI_Send_rts(const void *buf, size_t nbytes, int vc, int rank_in_comm, int tag, int context, uint16_t flags,
                   uint32_t aux, MPIR_Request *req);

/* The rendezvous protocol (rndv.c). Receiver: starts pulling the data of a
 * matched receive; an asynchronous rget of it landed; the sender staged more. */
void MPIDI_Rndv_start_get(MPIR_Request *req);
void MPIDI_Rndv_rget_done(MPIR_Request *req);
void MPIDI_Rndv_ready(int vc, uint32_t sreq, uint32_t rreq, uint64_t staged);
/* Sender: the receiver rreq has taken `acked` bytes of pipelined send req. */
void MPIDI_Rndv_acked(MPIR_Request *req, uint32_t rreq, uint64_t acked);

#endif
