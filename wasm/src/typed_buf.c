/* Typed buffers of point-to-point: a message is the packed form of its
 * elements. A contiguous datatype is sent from and received into the user's
 * buffer in place (at its true lower bound); any other is packed into a
 * temporary before a send and unpacked from one when a receive completes. */
#include "datatype.h"

int MPIR_Typed_is_contig(MPI_Datatype type, MPI_Aint *true_lb)
{
    MPIR_Dtype *t = MPIR_Dtype_get(type);
    if (t == NULL || !t->is_contig)
        return 0;
    *true_lb = t->size ? t->true_lb : 0;
    return 1;
}

int MPIR_Typed_send_bytes(const void *buf, MPI_Count count, MPI_Datatype type, size_t nbytes, const void **bytes,
                          void **packed)
{
    MPI_Aint true_lb;
    *packed = NULL;
    if (MPIR_Typed_is_contig(type, &true_lb)) {
        *bytes = (const char *)buf + true_lb;
        return MPI_SUCCESS;
    }
    (void)count;
    *packed = MPIR_Malloc(nbytes ? nbytes : 1);
    if (*packed == NULL)
        return MPI_ERR_NO_MEM;
    MPIR_Typerep_pack(buf, MPIR_Dtype_get(type), 0, *packed, (MPI_Count)nbytes, 0);
    *bytes = *packed;
    return MPI_SUCCESS;
}

void MPIR_Typed_attach_packed(MPIR_Request *req, void *packed)
{
    if (packed == NULL)
        return;
    if (req->complete)
        MPIR_Free(packed);
    else
        req->free_on_complete = packed;
}

int MPIR_Typed_recv_target(MPIR_Request *req, void *buf, MPI_Datatype type, size_t nbytes)
{
    MPI_Aint true_lb;
    req->capacity = nbytes;
    if (MPIR_Typed_is_contig(type, &true_lb)) {
        req->buf = (char *)buf + true_lb;
        return MPI_SUCCESS;
    }
    req->buf = MPIR_Malloc(nbytes ? nbytes : 1);
    if (req->buf == NULL)
        return MPI_ERR_NO_MEM;
    req->unpack_buf = buf;
    req->unpack_type = type;
    MPIR_Dtype_addref(MPIR_Dtype_get(type)); /* the type outlives MPI_Type_free until the receive completes */
    return MPI_SUCCESS;
}

/* Drops the temporary and the type reference of a typed receive. */
static void drop(MPIR_Request *req)
{
    MPIR_Free(req->buf);
    req->buf = NULL;
    MPIR_Dtype_release(MPIR_Dtype_get(req->unpack_type), 0);
    req->unpack_type = 0;
}

void MPIR_Typed_recv_finish(MPIR_Request *req)
{
    if (req->unpack_type == 0)
        return;
    uint64_t n = MPIR_Status_get_bytes(&req->status);
    if (n > req->capacity)
        n = req->capacity;
    MPIR_Typerep_unpack(req->buf, 0, (MPI_Count)n, req->unpack_buf, MPIR_Dtype_get(req->unpack_type), 0);
    drop(req);
}

void MPIR_Typed_recv_abandon(MPIR_Request *req)
{
    if (req->unpack_type != 0)
        drop(req);
}
