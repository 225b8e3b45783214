/* Probe and matched receive: Probe, Iprobe, Mprobe, Improbe, Mrecv, Imrecv
 * (MPI-4.0 sections 3.8.1-3.8.3). */
#include "mpiimpl.h"
#include "channel.h"

static int check_probe(const char *fc, MPIR_Comm **comm, MPI_Comm comm_handle, int source, int tag)
{
    size_t unused;
    return MPIR_Check_recv_args(fc, comm, comm_handle, NULL, 0, MPI_BYTE, source, tag, &unused);
}

static void probe_status(MPI_Status *status, const MPIR_Request *msg)
{
    if (status == MPI_STATUS_IGNORE)
        return;
    *status = msg->status;
    MPIR_Status_set_bytes(status, msg->msg_size);
}

static void proc_null_status(MPI_Status *status)
{
    if (status == MPI_STATUS_IGNORE)
        return;
    MPIR_Status_set_empty(status);
    status->MPI_SOURCE = MPI_PROC_NULL;
}

/* Finds (and with take, dequeues) a matching message; blocks if `block`.
 * Sets *failed when none can come any more: the source's process failed. */
static MPIR_Request *find(MPIR_Comm *comm, int source, int tag, int take, int block, int *failed)
{
    int context = comm->context_id + MPIR_CONTEXT_PT2PT;
    MPIR_Request *msg = MPID_Probe_unexpected(context, source, tag, take);
    if (msg == NULL) {
        MPID_Progress_poll();
        msg = MPID_Probe_unexpected(context, source, tag, take);
    }
    if (msg == NULL && block)
        MPID_Wait_note(take ? "MPI_Mprobe" : "MPI_Probe", WMPI_WAIT_RECV, source, tag, comm->handle);
    while (msg == NULL && !(*failed = MPID_Source_failed(comm, source)) && block) {
        MPID_Progress_wait();
        msg = MPID_Probe_unexpected(context, source, tag, take);
    }
    if (block)
        MPID_Wait_done();
    return msg;
}

static int source_failed(const char *fc, MPIR_Comm *comm, int source)
{
    if (source == MPI_ANY_SOURCE)
        return MPIR_ERR(comm, MPI_ERR_PROC_ABORTED, fc, "a process of the communicator has failed or was lost (source)");
    return MPIR_ERR(comm, MPI_ERR_PROC_ABORTED, fc, "the process of rank %d (source) has failed or was lost", source);
}

static int iprobe_common(const char *fc, int source, int tag, MPI_Comm comm_handle, int *flag, MPI_Status *status,
                         int block)
{
    MPIR_TRACE_CALL(fc, source, tag, 0, comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    int rc = check_probe(fc, &comm, comm_handle, source, tag);
    if (rc)
        return rc;
    if (source == MPI_PROC_NULL) {
        *flag = 1;
        proc_null_status(status);
        return MPI_SUCCESS;
    }
    int failed = 0;
    MPIR_Request *msg = find(comm, source, tag, 0, block, &failed);
    *flag = msg != NULL;
    if (msg)
        probe_status(status, msg);
    return msg == NULL && failed ? source_failed(fc, comm, source) : MPI_SUCCESS;
}

int MPI_Iprobe(int source, int tag, MPI_Comm comm, int *flag, MPI_Status *status)
{
    return iprobe_common("MPI_Iprobe", source, tag, comm, flag, status, 0);
}

int MPI_Probe(int source, int tag, MPI_Comm comm, MPI_Status *status)
{
    MPIR_TRACE_CALL("MPI_Probe", source, tag, 0, comm, MPIR_TRACE_NONE);
    int flag;
    return iprobe_common("MPI_Probe", source, tag, comm, &flag, status, 1);
}

static int improbe_common(const char *fc, int source, int tag, MPI_Comm comm_handle, int *flag,
                          MPI_Message *message, MPI_Status *status, int block)
{
    MPIR_TRACE_CALL(fc, source, tag, 0, comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    int rc = check_probe(fc, &comm, comm_handle, source, tag);
    if (rc)
        return rc;
    if (message == NULL)
        return MPIR_ERR(comm, MPI_ERR_ARG, fc, "null pointer (message)");
    if (source == MPI_PROC_NULL) {
        *flag = 1;
        *message = MPI_MESSAGE_NO_PROC;
        proc_null_status(status);
        return MPI_SUCCESS;
    }
    int failed = 0;
    MPIR_Request *msg = find(comm, source, tag, 1, block, &failed);
    if (msg == NULL && failed)
        return source_failed(fc, comm, source);
    *flag = msg != NULL;
    if (msg) {
        msg->kind = MPIR_REQ_MESSAGE;
        msg->comm_handle = comm->handle;
        *message = msg->handle;
        probe_status(status, msg);
    }
    return MPI_SUCCESS;
}

int MPI_Improbe(int source, int tag, MPI_Comm comm, int *flag, MPI_Message *message, MPI_Status *status)
{
    return improbe_common("MPI_Improbe", source, tag, comm, flag, message, status, 0);
}

int MPI_Mprobe(int source, int tag, MPI_Comm comm, MPI_Message *message, MPI_Status *status)
{
    MPIR_TRACE_CALL("MPI_Mprobe", source, tag, 0, comm, MPIR_TRACE_NONE);
    int flag;
    return improbe_common("MPI_Mprobe", source, tag, comm, &flag, message, status, 1);
}

/* Turns a matched message into a receive request on buf. */
int MPIR_Imrecv_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, MPI_Message *message,
                      MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(count, type), MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT(fc);
    if (message == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (message)");
    size_t nbytes;
    if (*message == MPI_MESSAGE_NO_PROC) {
        int rc = MPIR_Check_buffer(fc, NULL, buf, count, type, &nbytes);
        if (rc)
            return rc;
        MPIR_Request *req = MPIR_Request_create(MPIR_REQ_RECV);
        if (req == NULL)
            return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for a request");
        req->comm_handle = MPI_COMM_SELF;
        proc_null_status(&req->status);
        MPIR_Request_complete(req);
        *request = req->handle;
        *message = MPI_MESSAGE_NULL;
        return MPI_SUCCESS;
    }
    MPIR_Request *msg = MPIR_Request_get(*message);
    if (msg == NULL || msg->kind != MPIR_REQ_MESSAGE)
        return MPIR_ERR(NULL, MPI_ERR_REQUEST, fc, "invalid message handle 0x%x (message)", (unsigned)*message);
    MPIR_Comm *comm = MPIR_Comm_get(msg->comm_handle);
    int rc = MPIR_Check_buffer(fc, comm, buf, count, type, &nbytes);
    if (rc)
        return rc;
    if (MPIR_Typed_recv_target(msg, buf, type, nbytes))
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "cannot allocate %zu bytes to unpack from", nbytes);
    msg->kind = MPIR_REQ_RECV;
    *request = msg->handle;
    *message = MPI_MESSAGE_NULL;
    MPID_Mrecv(msg);
    return MPI_SUCCESS;
}

int MPI_Imrecv(void *buf, int count, MPI_Datatype type, MPI_Message *message, MPI_Request *request)
{
    return MPIR_Imrecv_named("MPI_Imrecv", buf, count, type, message, request);
}

int MPIR_Mrecv_named(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, MPI_Message *message,
                     MPI_Status *status)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(count, type), MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPI_Request h;
    int rc = MPIR_Imrecv_named(fc, buf, count, type, message, &h);
    return rc ? rc : MPIR_Wait_named(fc, &h, status);
}

int MPI_Imrecv_c(void *buf, MPI_Count count, MPI_Datatype type, MPI_Message *message, MPI_Request *request)
{
    return MPIR_Imrecv_named("MPI_Imrecv_c", buf, count, type, message, request);
}

int MPI_Mrecv(void *buf, int count, MPI_Datatype type, MPI_Message *message, MPI_Status *status)
{
    return MPIR_Mrecv_named("MPI_Mrecv", buf, count, type, message, status);
}

int MPI_Mrecv_c(void *buf, MPI_Count count, MPI_Datatype type, MPI_Message *message, MPI_Status *status)
{
    return MPIR_Mrecv_named("MPI_Mrecv_c", buf, count, type, message, status);
}
