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

/* Packs a large message behind a staged rendezvous: the receiver copies each
 * chunk as soon as it is packed, so packing and the transfer overlap. */
#define PIPELINE_MIN (64u * 1024u)
#define PIPELINE_CHUNK (64u * 1024u)

static int isend_pipelined(const void *buf, const MPIR_Dtype *t, size_t nbytes, int dest, int tag, MPIR_Comm *comm,
                           int context_offset, MPIR_Send_mode mode, MPIR_Request **req)
{
    size_t at_counter = (nbytes + 3) & ~(size_t)3;
    char *packed = MPIR_Malloc(at_counter + 4);
    if (packed == NULL)
        return MPI_ERR_NO_MEM;
    uint32_t *counter = (uint32_t *)(packed + at_counter);
    __atomic_store_n(counter, 0, __ATOMIC_RELEASE);
    int rc = MPIR_Isend_impl(packed, nbytes, dest, tag, comm, context_offset, mode, (uint32_t)(uintptr_t)counter, req);
    if (rc) {
        MPIR_Free(packed);
        return rc;
    }
    for (size_t off = 0; off < nbytes; off += PIPELINE_CHUNK) {
        size_t n = nbytes - off < PIPELINE_CHUNK ? nbytes - off : PIPELINE_CHUNK;
        MPIR_Typerep_pack(buf, t, (MPI_Count)off, packed + off, (MPI_Count)n, 0);
        __atomic_store_n(counter, (uint32_t)(off + n), __ATOMIC_RELEASE);
#ifdef __wasm__
        __builtin_wasm_memory_atomic_notify((int *)counter, 1u << 30); /* a receiver may sleep on the counter */
#endif
    }
    MPIR_Typed_attach_packed(*req, packed);
    return MPI_SUCCESS;
}

int MPIR_Typed_isend(const void *buf, MPI_Datatype type, size_t nbytes, int dest, int tag,
                     MPIR_Comm *comm, int context_offset, MPIR_Send_mode mode, uint32_t stage_counter,
                     MPIR_Request **req)
{
    MPI_Aint true_lb;
    if (MPIR_Typed_is_contig(type, &true_lb))
        return MPIR_Isend_impl(MPIR_Addr(buf, true_lb), nbytes, dest, tag, comm, context_offset, mode,
                               stage_counter, req);
    if (stage_counter) /* the caller is still filling buf: it cannot be packed now */
        return MPI_ERR_TYPE;
    if (nbytes >= PIPELINE_MIN && dest != MPI_PROC_NULL && nbytes <= UINT32_MAX)
        return isend_pipelined(buf, MPIR_Dtype_get(type), nbytes, dest, tag, comm, context_offset, mode, req);
    const void *bytes;
    void *packed;
    if (MPIR_Typed_send_bytes(buf, type, nbytes, &bytes, &packed))
        return MPI_ERR_NO_MEM;
    int rc = MPIR_Isend_impl(bytes, nbytes, dest, tag, comm, context_offset, mode, 0, req);
    if (rc)
        MPIR_Free(packed);
    else
        MPIR_Typed_attach_packed(*req, packed);
    return rc;
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
