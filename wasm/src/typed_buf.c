/* Typed buffers of point-to-point: a message is the packed form of its
 * elements. A contiguous datatype is sent from and received into the user's
 * buffer in place (at its true lower bound); any other is packed by the
 * device (device/rndv.c) and unpacked as the data arrives. */
#include "datatype.h"
#include <string.h>

int MPIR_Typed_is_contig(MPI_Datatype type, MPI_Aint *true_lb)
{
    MPIR_Dtype *t = MPIR_Dtype_get(type);
    if (t == NULL || !t->is_contig)
        return 0;
    *true_lb = t->size ? t->true_lb : 0;
    return 1;
}

int MPIR_Typed_send_bytes(const void *buf, MPI_Datatype type, size_t nbytes, const void **bytes, void **packed)
{
    MPI_Aint true_lb;
    *packed = NULL;
    if (MPIR_Typed_is_contig(type, &true_lb)) {
        *bytes = MPIR_Addr(buf, true_lb);
        return MPI_SUCCESS;
    }
    *packed = MPIR_Malloc(nbytes ? nbytes : 1);
    if (*packed == NULL)
        return MPI_ERR_NO_MEM;
    MPIR_Typerep_pack(buf, MPIR_Dtype_get(type), 0, *packed, (MPI_Count)nbytes, 0);
    *bytes = *packed;
    return MPI_SUCCESS;
}

int MPIR_Typed_start_send(MPIR_Request *req, const void *buf, MPI_Datatype type, size_t nbytes, int vc,
                          int rank_in_comm, int tag, int context, MPIR_Send_mode mode, uint32_t stage_counter)
{
    MPI_Aint true_lb;
    if (MPIR_Typed_is_contig(type, &true_lb))
        return MPID_Isend(MPIR_Addr(buf, true_lb), nbytes, vc, rank_in_comm, tag, context, mode, stage_counter, req);
    if (stage_counter) /* the caller is still filling buf: it cannot be packed now */
        return MPI_ERR_TYPE;
    return MPID_Isend_packed(buf, type, nbytes, vc, rank_in_comm, tag, context, mode, req);
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
        req->buf = MPIR_Addr(buf, true_lb);
        return MPI_SUCCESS;
    }
    req->buf = NULL;
    req->user_buf = buf;
    req->user_type = type;
    MPIR_Dtype_addref(MPIR_Dtype_get(type)); /* the type outlives MPI_Type_free until the receive completes */
    return MPI_SUCCESS;
}

void MPIR_Typed_recv_put(MPIR_Request *req, size_t at, const void *bytes, size_t n)
{
    if (n == 0)
        return;
    if (req->user_type)
        MPIR_Typerep_unpack(bytes, (MPI_Count)at, (MPI_Count)n, req->user_buf, MPIR_Dtype_get(req->user_type), 0);
    else if ((const char *)req->buf + at != bytes)
        memcpy((char *)req->buf + at, bytes, n);
}

void MPIR_Typed_done(MPIR_Request *req)
{
    if (req->user_type == 0)
        return;
    MPIR_Dtype_release(MPIR_Dtype_get(req->user_type), 0);
    req->user_type = 0;
    req->user_buf = NULL;
}
