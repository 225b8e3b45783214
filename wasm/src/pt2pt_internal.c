/* Point-to-point for the MPI layer's own traffic: collectives and communicator
 * creation send typed buffers on their communicator's other contexts, with the
 * arguments already checked by the calling MPI function. */
#include "mpiimpl.h"

static int packed_bytes(MPI_Count count, MPI_Datatype type, size_t *nbytes)
{
    MPIR_Datatype_info info;
    if (MPIR_Datatype_query(type, &info))
        return MPI_ERR_TYPE;
    *nbytes = (size_t)count * (size_t)info.size;
    return MPI_SUCCESS;
}

int MPIR_Isend_typed(const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag, MPIR_Comm *comm,
                     int context_offset, MPIR_Request **req)
{
    size_t nbytes;
    int rc = packed_bytes(count, type, &nbytes);
    if (rc)
        return rc;
    return MPIR_Isend_impl(buf, type, nbytes, dest, tag, comm, context_offset, MPIR_MODE_STANDARD, 0, req);
}

int MPIR_Irecv_typed(void *buf, MPI_Count count, MPI_Datatype type, int source, int tag, MPIR_Comm *comm,
                     int context_offset, MPIR_Request **req)
{
    size_t nbytes;
    int rc = packed_bytes(count, type, &nbytes);
    if (rc)
        return rc;
    return MPIR_Irecv_dtype(buf, type, nbytes, source, tag, comm, context_offset, 0, req);
}

static int wait_and_release(MPIR_Request *req, MPI_Status *status)
{
    MPIR_Request_wait(req);
    int rc = req->error;
    if (status != NULL && status != MPI_STATUS_IGNORE)
        *status = req->status;
    MPIR_Request_release(req);
    return rc;
}

int MPIR_Send_typed(const void *buf, MPI_Count count, MPI_Datatype type, int dest, int tag, MPIR_Comm *comm,
                    int context_offset)
{
    MPIR_Request *req;
    int rc = MPIR_Isend_typed(buf, count, type, dest, tag, comm, context_offset, &req);
    return rc ? rc : wait_and_release(req, MPI_STATUS_IGNORE);
}

int MPIR_Recv_typed(void *buf, MPI_Count count, MPI_Datatype type, int source, int tag, MPIR_Comm *comm,
                    int context_offset, MPI_Status *status)
{
    MPIR_Request *req;
    int rc = MPIR_Irecv_typed(buf, count, type, source, tag, comm, context_offset, &req);
    return rc ? rc : wait_and_release(req, status);
}
