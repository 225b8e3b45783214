/* Point-to-point communication: blocking, nonblocking and persistent sends and
 * receives (MPI-4.0 chapter 3). Arguments are checked here; the device moves
 * the bytes. */
#include "datatype.h"
#include <stdlib.h>
#include <string.h>

static void set_proc_null_status(MPI_Status *st)
{
    MPIR_Status_set_empty(st);
    st->MPI_SOURCE = MPI_PROC_NULL;
}

int MPIR_Isend_impl(const void *buf, MPI_Datatype type, size_t nbytes, int dest, int tag, MPIR_Comm *comm,
                    int context_offset, MPIR_Send_mode mode, uint32_t stage_counter, MPIR_Request **out)
{
    MPIR_Request *req = MPIR_Request_create(MPIR_REQ_SEND);
    if (req == NULL)
        return MPI_ERR_NO_MEM;
    req->comm_handle = comm->handle;
    req->tag = tag; /* (a send is never matched by it: a deadlock report names it) */
    MPIR_Request_hold_comm(req, comm);
    *out = req;
    if (dest == MPI_PROC_NULL) {
        set_proc_null_status(&req->status);
        MPIR_Request_complete(req);
        return MPI_SUCCESS;
    }
    int rc = MPIR_Typed_start_send(req, buf, type, nbytes, comm->vcs[dest], comm->rank, tag,
                                   comm->context_id + context_offset, mode, stage_counter);
    if (rc) { /* nothing went out: the request is not referenced */
        MPIR_Request_release(req);
        *out = NULL;
    }
    return rc;
}

int MPIR_Isend_named(const char *fc, const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag,
                     MPI_Comm comm_handle, MPIR_Send_mode mode, uint32_t stage_counter, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, dest, tag, MPIR_TRACE_BYTES(count, type), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    size_t nbytes;
    int rc = MPIR_Check_send_args(fc, &comm, comm_handle, buf, count, type, dest, tag, &nbytes);
    if (rc)
        return rc;
    if (request == NULL)
        return MPIR_ERR(comm, MPI_ERR_REQUEST, fc, "null pointer (request)");
    MPIR_Request *req;
    if (mode == MPIR_MODE_BUFFERED && dest != MPI_PROC_NULL) { /* copied at once: nothing is staged */
        const void *bytes;
        void *packed;
        if (MPIR_Typed_send_bytes(buf, type, nbytes, &bytes, &packed))
            return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "cannot pack %zu bytes", nbytes);
        rc = MPIR_Bsend_isend(fc, bytes, nbytes, dest, tag, comm, &req);
        MPIR_Free(packed);
        if (rc)
            return rc;
    } else if ((rc = MPIR_Isend_impl(buf, type, nbytes, dest, tag, comm, MPIR_CONTEXT_PT2PT, mode, stage_counter,
                                     &req)) != MPI_SUCCESS) {
        if (rc == MPI_ERR_TYPE)
            return MPIR_ERR(comm, rc, fc, "a staged send needs a contiguous datatype (datatype)");
        if (rc == MPI_ERR_PROC_ABORTED)
            return MPIR_ERR(comm, rc, fc, "the process of rank %d (dest) has failed or was lost", dest);
        return rc == MPI_ERR_NO_MEM ? MPIR_ERR(comm, rc, fc, "out of memory for a request or its packing") : rc;
    }
    *request = req->handle;
    return MPI_SUCCESS;
}

int MPIR_Irecv_impl(void *buf, size_t nbytes, int source, int tag, MPIR_Comm *comm, int context_offset,
                    int alloc_on_match, MPIR_Request **out)
{
    return MPIR_Irecv_dtype(buf, MPI_BYTE, nbytes, source, tag, comm, context_offset,
                            alloc_on_match, out);
}

int MPIR_Irecv_dtype(void *buf, MPI_Datatype type, size_t nbytes, int source, int tag, MPIR_Comm *comm,
                     int context_offset, int alloc_on_match, MPIR_Request **out)
{
    MPIR_Request *req = MPIR_Request_create(MPIR_REQ_RECV);
    if (req == NULL)
        return MPI_ERR_NO_MEM;
    req->comm_handle = comm->handle;
    MPIR_Request_hold_comm(req, comm);
    *out = req;
    if (source == MPI_PROC_NULL) {
        set_proc_null_status(&req->status);
        MPIR_Request_complete(req);
        return MPI_SUCCESS;
    }
    if (!alloc_on_match && MPIR_Typed_recv_target(req, buf, type, nbytes)) {
        MPIR_Request_release(req);
        return MPI_ERR_NO_MEM;
    }
    req->context = comm->context_id + context_offset;
    req->rank = source;
    req->vc = source >= 0 ? comm->vcs[source] : -1;
    req->tag = tag;
    req->alloc_on_match = (uint8_t)alloc_on_match;
    MPID_Irecv(req);
    return MPI_SUCCESS;
}

int MPIR_Irecv_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int source, int tag,
                     MPI_Comm comm_handle, int alloc_on_match, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, source, tag, MPIR_TRACE_BYTES(count, type), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    size_t nbytes;
    int rc = MPIR_Check_recv_args(fc, &comm, comm_handle, buf, count, type, source, tag, &nbytes);
    if (rc)
        return rc;
    if (request == NULL)
        return MPIR_ERR(comm, MPI_ERR_REQUEST, fc, "null pointer (request)");
    MPIR_Request *req;
    if (MPIR_Irecv_dtype(buf, type, nbytes, source, tag, comm, MPIR_CONTEXT_PT2PT, alloc_on_match, &req))
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "out of memory for a request or its unpacking");
    *request = req->handle;
    return MPI_SUCCESS;
}

int MPIR_Send_named(const char *fc, const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag,
                    MPI_Comm comm_handle, MPIR_Send_mode mode)
{
    MPIR_TRACE_CALL(fc, dest, tag, MPIR_TRACE_BYTES(count, type), comm_handle, MPIR_TRACE_NONE);
    /* the common case needs no request: a small message the peer's ring takes now */
    if (mode == MPIR_MODE_STANDARD || mode == MPIR_MODE_READY) {
        MPIR_Comm *comm;
        size_t nbytes;
        int rc = MPIR_Check_send_args(fc, &comm, comm_handle, buf, count, type, dest, tag, &nbytes);
        if (rc)
            return rc;
        MPI_Aint true_lb;
        if (dest != MPI_PROC_NULL && MPIR_Typed_is_contig(type, &true_lb) &&
            MPID_Send_eager_now(MPIR_Addr(buf, true_lb), nbytes, comm->vcs[dest], comm->rank, tag, comm->context_id + MPIR_CONTEXT_PT2PT))
            return MPI_SUCCESS;
    }
    MPI_Request h;
    int rc = MPIR_Isend_named(fc, buf, count, type, dest, tag, comm_handle, mode, 0, &h);
    return rc ? rc : MPIR_Wait_named(fc, &h, MPI_STATUS_IGNORE);
}

int MPI_Send(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
    return MPIR_Send_named("MPI_Send", buf, count, type, dest, tag, comm, MPIR_MODE_STANDARD);
}

int MPI_Send_c(const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
    return MPIR_Send_named("MPI_Send_c", buf, count, type, dest, tag, comm, MPIR_MODE_STANDARD);
}

int MPI_Ssend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
    return MPIR_Send_named("MPI_Ssend", buf, count, type, dest, tag, comm, MPIR_MODE_SYNC);
}

int MPI_Bsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
    return MPIR_Send_named("MPI_Bsend", buf, count, type, dest, tag, comm, MPIR_MODE_BUFFERED);
}

int MPI_Rsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
    return MPIR_Send_named("MPI_Rsend", buf, count, type, dest, tag, comm, MPIR_MODE_READY);
}

int MPI_Isend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Isend_named("MPI_Isend", buf, count, type, dest, tag, comm, MPIR_MODE_STANDARD, 0, request);
}

int MPI_Isend_c(const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
                MPI_Request *request)
{
    return MPIR_Isend_named("MPI_Isend_c", buf, count, type, dest, tag, comm, MPIR_MODE_STANDARD, 0, request);
}

int MPI_Issend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Isend_named("MPI_Issend", buf, count, type, dest, tag, comm, MPIR_MODE_SYNC, 0, request);
}

int MPI_Ibsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Isend_named("MPI_Ibsend", buf, count, type, dest, tag, comm, MPIR_MODE_BUFFERED, 0, request);
}

int MPI_Irsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Isend_named("MPI_Irsend", buf, count, type, dest, tag, comm, MPIR_MODE_READY, 0, request);
}

int MPI_Irecv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Irecv_named("MPI_Irecv", buf, count, type, source, tag, comm, 0, request);
}

int MPI_Irecv_c(void *buf, MPI_Count count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                MPI_Request *request)
{
    return MPIR_Irecv_named("MPI_Irecv_c", buf, count, type, source, tag, comm, 0, request);
}

int MPIR_Recv_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int source, int tag,
                    MPI_Comm comm, MPI_Status *status)
{
    MPIR_TRACE_CALL(fc, source, tag, MPIR_TRACE_BYTES(count, type), comm, MPIR_TRACE_NONE);
    MPI_Request h;
    int rc = MPIR_Irecv_named(fc, buf, count, type, source, tag, comm, 0, &h);
    return rc ? rc : MPIR_Wait_named(fc, &h, status);
}

int MPI_Recv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Status *status)
{
    return MPIR_Recv_named("MPI_Recv", buf, count, type, source, tag, comm, status);
}

int MPI_Recv_c(void *buf, MPI_Count count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
               MPI_Status *status)
{
    return MPIR_Recv_named("MPI_Recv_c", buf, count, type, source, tag, comm, status);
}

/* Sendrecv: the send's arguments are checked first (a failed call must not
 * have taken a message); then the receive is posted before the send so that
 * a send to self cannot deadlock. */
int MPIR_Sendrecv_named(const char *fc, const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, int dest,
                        int sendtag, void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int source,
                        int recvtag, MPI_Comm comm_handle, MPI_Status *status)
{
    MPIR_TRACE_CALL(fc, dest, sendtag, MPIR_TRACE_BYTES(sendcount, sendtype), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    size_t nbytes;
    int rc = MPIR_Check_send_args(fc, &comm, comm_handle, sendbuf, sendcount, sendtype, dest, sendtag, &nbytes);
    if (rc)
        return rc;
    MPI_Request r[2];
    rc = MPIR_Irecv_named(fc, recvbuf, recvcount, recvtype, source, recvtag, comm_handle, 0, &r[0]);
    if (rc)
        return rc;
    rc = MPIR_Isend_named(fc, sendbuf, sendcount, sendtype, dest, sendtag, comm_handle, MPIR_MODE_STANDARD, 0, &r[1]);
    if (rc) {
        MPI_Cancel(&r[0]);
        MPIR_Wait_named(fc, &r[0], MPI_STATUS_IGNORE);
        return rc;
    }
    rc = MPIR_Wait_named(fc, &r[1], MPI_STATUS_IGNORE);
    int rc2 = MPIR_Wait_named(fc, &r[0], status);
    return rc ? rc : rc2;
}

int MPI_Sendrecv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, int dest, int sendtag, void *recvbuf,
                 int recvcount, MPI_Datatype recvtype, int source, int recvtag, MPI_Comm comm, MPI_Status *status)
{
    return MPIR_Sendrecv_named("MPI_Sendrecv", sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount,
                               recvtype, source, recvtag, comm, status);
}

/* The _replace forms send a copy of the buffer they receive into: checks the
 * send's arguments and makes the copy. */
static int copy_for_replace(const char *fc, const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag,
                            MPI_Comm comm_handle, void **copy, MPI_Count *copy_bytes)
{
    MPIR_Comm *comm;
    size_t nbytes;
    int rc = MPIR_Check_send_args(fc, &comm, comm_handle, buf, count, type, dest, tag, &nbytes);
    if (rc)
        return rc;
    const void *bytes;
    void *packed;
    if (MPIR_Typed_send_bytes(buf, type, nbytes, &bytes, &packed) == MPI_SUCCESS && packed == NULL &&
        (packed = MPIR_Malloc(nbytes ? nbytes : 1)) != NULL)
        memcpy(packed, bytes, nbytes);
    if (packed == NULL)
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "cannot stage %zu bytes", nbytes);
    *copy = packed;
    *copy_bytes = (MPI_Count)nbytes;
    return MPI_SUCCESS;
}

int MPIR_Sendrecv_replace_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int dest, int sendtag,
                                int source, int recvtag, MPI_Comm comm_handle, MPI_Status *status)
{
    MPIR_TRACE_CALL(fc, dest, sendtag, MPIR_TRACE_BYTES(count, type), comm_handle, MPIR_TRACE_NONE);
    void *copy;
    MPI_Count n;
    int rc = copy_for_replace(fc, buf, count, type, dest, sendtag, comm_handle, &copy, &n);
    if (rc)
        return rc;
    rc = MPIR_Sendrecv_named(fc, copy, n, MPI_BYTE, dest, sendtag, buf, count, type, source, recvtag, comm_handle,
                             status);
    MPIR_Free(copy);
    return rc;
}

int MPI_Sendrecv_replace(void *buf, int count, MPI_Datatype type, int dest, int sendtag, int source, int recvtag,
                         MPI_Comm comm, MPI_Status *status)
{
    return MPIR_Sendrecv_replace_named("MPI_Sendrecv_replace", buf, count, type, dest, sendtag, source, recvtag,
                                       comm, status);
}

/* ---- Isendrecv: a compound request ---- */

int MPIR_Isendrecv_named(const char *fc, const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, int dest,
                         int sendtag, void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int source,
                         int recvtag, MPI_Comm comm_handle, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, dest, sendtag, MPIR_TRACE_BYTES(sendcount, sendtype), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    size_t sbytes, rbytes;
    int rc = MPIR_Check_send_args(fc, &comm, comm_handle, sendbuf, sendcount, sendtype, dest, sendtag, &sbytes);
    if (rc == MPI_SUCCESS)
        rc = MPIR_Check_recv_args(fc, &comm, comm_handle, recvbuf, recvcount, recvtype, source, recvtag, &rbytes);
    if (rc)
        return rc;
    if (request == NULL)
        return MPIR_ERR(comm, MPI_ERR_REQUEST, fc, "null pointer (request)");
    MPIR_Request *whole = MPIR_Request_create(MPIR_REQ_SENDRECV);
    MPIR_Request *recv = whole ? MPIR_Request_create(MPIR_REQ_RECV) : NULL;
    MPIR_Request *send = recv ? MPIR_Request_create(MPIR_REQ_SEND) : NULL;
    if (send == NULL || (source != MPI_PROC_NULL && MPIR_Typed_recv_target(recv, recvbuf, recvtype, rbytes))) {
        if (send)
            MPIR_Request_release(send);
        if (recv)
            MPIR_Request_release(recv);
        if (whole)
            MPIR_Request_release(whole);
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "out of memory for a request");
    }
    whole->comm_handle = recv->comm_handle = send->comm_handle = comm->handle;
    whole->parts_pending = 2;
    recv->whole = send->whole = whole;
    recv->user_freed = send->user_freed = 1; /* the parts go once the whole has their outcome */
    *request = whole->handle;
    if (source == MPI_PROC_NULL) {
        set_proc_null_status(&recv->status);
        MPIR_Request_complete(recv);
    } else {
        recv->context = comm->context_id + MPIR_CONTEXT_PT2PT;
        recv->rank = source;
        recv->vc = source >= 0 ? comm->vcs[source] : -1;
        recv->tag = recvtag;
        MPID_Irecv(recv);
    }
    if (dest == MPI_PROC_NULL)
        MPIR_Request_complete(send);
    else if ((rc = MPIR_Typed_start_send(send, sendbuf, sendtype, sbytes, comm->vcs[dest], comm->rank, sendtag,
                                         comm->context_id + MPIR_CONTEXT_PT2PT, MPIR_MODE_STANDARD, 0)) != MPI_SUCCESS)
        return MPIR_ERR(comm, rc, fc, "cannot start the send");
    return MPI_SUCCESS;
}

int MPI_Isendrecv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, int dest, int sendtag, void *recvbuf,
                  int recvcount, MPI_Datatype recvtype, int source, int recvtag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Isendrecv_named("MPI_Isendrecv", sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount,
                                recvtype, source, recvtag, comm, request);
}

int MPIR_Isendrecv_replace_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int dest,
                                 int sendtag, int source, int recvtag, MPI_Comm comm_handle, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, dest, sendtag, MPIR_TRACE_BYTES(count, type), comm_handle, MPIR_TRACE_NONE);
    void *copy;
    MPI_Count n;
    int rc = copy_for_replace(fc, buf, count, type, dest, sendtag, comm_handle, &copy, &n);
    if (rc)
        return rc;
    rc = MPIR_Isendrecv_named(fc, copy, n, MPI_BYTE, dest, sendtag, buf, count, type, source, recvtag, comm_handle,
                              request);
    MPIR_Request *whole = rc ? NULL : MPIR_Request_get(*request);
    if (whole == NULL || whole->complete)
        MPIR_Free(copy); /* failed, or done already */
    else
        whole->free_on_complete = copy;
    return rc;
}

int MPI_Isendrecv_replace(void *buf, int count, MPI_Datatype type, int dest, int sendtag, int source, int recvtag,
                          MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Isendrecv_replace_named("MPI_Isendrecv_replace", buf, count, type, dest, sendtag, source, recvtag,
                                        comm, request);
}

/* ---- persistent requests ---- */

int MPIR_Prequest_init(const char *fc, MPIR_Request_kind kind, const void *buf, MPI_Count count,
                       MPI_Datatype type, int rank, int tag, MPI_Comm comm_handle, MPIR_Send_mode mode,
                       MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, rank, tag, MPIR_TRACE_BYTES(count, type), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    size_t nbytes;
    int rc = kind == MPIR_REQ_PREQ_SEND
                 ? MPIR_Check_send_args(fc, &comm, comm_handle, buf, count, type, rank, tag, &nbytes)
                 : MPIR_Check_recv_args(fc, &comm, comm_handle, buf, count, type, rank, tag, &nbytes);
    if (rc)
        return rc;
    MPIR_Request *req = MPIR_Request_create(kind);
    if (req == NULL)
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "out of memory for a request");
    req->buf = (void *)buf;
    req->count = count;
    req->datatype = type;
    MPIR_Dtype_addref(MPIR_Dtype_get(type)); /* MPI_Type_free does not end the request's use of it */
    req->rank = rank;
    req->tag = tag;
    req->comm_handle = comm_handle;
    MPIR_Request_hold_comm(req, comm);
    req->mode = (uint8_t)mode;
    *request = req->handle;
    return MPI_SUCCESS;
}

int MPI_Send_init(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Prequest_init("MPI_Send_init", MPIR_REQ_PREQ_SEND, buf, count, type, dest, tag, comm, MPIR_MODE_STANDARD, request);
}

int MPI_Ssend_init(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Prequest_init("MPI_Ssend_init", MPIR_REQ_PREQ_SEND, buf, count, type, dest, tag, comm, MPIR_MODE_SYNC, request);
}

int MPI_Bsend_init(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Prequest_init("MPI_Bsend_init", MPIR_REQ_PREQ_SEND, buf, count, type, dest, tag, comm, MPIR_MODE_BUFFERED, request);
}

int MPI_Rsend_init(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Prequest_init("MPI_Rsend_init", MPIR_REQ_PREQ_SEND, buf, count, type, dest, tag, comm, MPIR_MODE_READY, request);
}

int MPI_Recv_init(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Prequest_init("MPI_Recv_init", MPIR_REQ_PREQ_RECV, buf, count, type, source, tag, comm, MPIR_MODE_STANDARD, request);
}

static int start_one(const char *fc, MPI_Request handle, const char *argname, int index)
{
    MPIR_Request *p = MPIR_Request_get(handle);
    if (p == NULL || (p->kind != MPIR_REQ_PREQ_SEND && p->kind != MPIR_REQ_PREQ_RECV))
        return MPIR_ERR(NULL, MPI_ERR_REQUEST, fc, "not a persistent request: 0x%x (%s[%d])", (unsigned)handle, argname, index);
    if (p->active != NULL)
        return MPIR_ERR(NULL, MPI_ERR_REQUEST, fc, "persistent request is already active (%s[%d])", argname, index);
    MPI_Request inst;
    /* the request holds its type: lend it a user reference for the checks of this start */
    MPIR_Dtype *t = MPIR_Dtype_get(p->datatype);
    t->user_refs++;
    int rc = p->kind == MPIR_REQ_PREQ_SEND
                 ? MPIR_Isend_named(fc, p->buf, p->count, p->datatype, p->rank, p->tag, p->comm_handle, (MPIR_Send_mode)p->mode, 0, &inst)
                 : MPIR_Irecv_named(fc, p->buf, p->count, p->datatype, p->rank, p->tag, p->comm_handle, 0, &inst);
    t->user_refs--;
    if (rc == MPI_SUCCESS)
        p->active = MPIR_Request_get(inst);
    return rc;
}

int MPI_Start(MPI_Request *request)
{
    MPIR_TRACE_CALL("MPI_Start", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Start");
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_REQUEST, "MPI_Start", "null pointer (request)");
    return start_one("MPI_Start", *request, "request", 0);
}

int MPI_Startall(int count, MPI_Request reqs[])
{
    MPIR_TRACE_CALL("MPI_Startall", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Startall");
    if (count < 0)
        return MPIR_ERR(NULL, MPI_ERR_COUNT, "MPI_Startall", "negative count %d (count)", count);
    for (int i = 0; i < count; i++) {
        int rc = start_one("MPI_Startall", reqs[i], "array_of_requests", i);
        if (rc)
            return rc;
    }
    return MPI_SUCCESS;
}
