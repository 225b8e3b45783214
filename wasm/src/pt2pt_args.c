/* Argument checks shared by every point-to-point call: each failure names the
 * call and the argument. */
#include "datatype.h"
#include <stdint.h>

int MPIR_Check_buffer(const char *fc, MPIR_Comm *comm, const void *buf, MPI_Count count, MPI_Datatype type,
                      size_t *nbytes)
{
    if (count < 0)
        return MPIR_ERR(comm, MPI_ERR_COUNT, fc, "negative count %lld (count)", (long long)count);
    MPIR_Dtype *t = MPIR_Dtype_get(type);
    if (t == NULL || t->user_refs == 0)
        return MPIR_ERR(comm, MPI_ERR_TYPE, fc, "%s datatype 0x%x (datatype)", t ? "freed" : "invalid", (unsigned)type);
    if (!t->committed)
        return MPIR_ERR(comm, MPI_ERR_TYPE, fc, "datatype %s%s0x%x is not committed (datatype)", t->name,
                        t->name[0] ? " " : "", (unsigned)type);
    uint64_t bytes;
    if (__builtin_mul_overflow((uint64_t)count, (uint64_t)t->size, &bytes) || bytes > SIZE_MAX)
        return MPIR_ERR(comm, MPI_ERR_COUNT, fc,
                        "count %lld of %lld-byte elements does not fit in this rank's address space (count)",
                        (long long)count, (long long)t->size);
    /* derived types may hold absolute addresses (MPI_BOTTOM) */
    if (buf == NULL && bytes > 0 && HANDLE_IS_BUILTIN(type))
        return MPIR_ERR(comm, MPI_ERR_BUFFER, fc, "null buffer with count %lld (buf)", (long long)count);
    *nbytes = (size_t)bytes;
    return MPI_SUCCESS;
}

/* Every call is checked against the state of the library first, then its communicator. */
static int check_comm(const char *fc, MPIR_Comm **comm, MPI_Comm handle)
{
    MPIR_CHECK_INIT(fc);
    *comm = MPIR_Comm_get(handle);
    if (*comm == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, fc, "invalid communicator 0x%x (comm)", (unsigned)handle);
    return MPI_SUCCESS;
}

int MPIR_Check_send_args(const char *fc, MPIR_Comm **comm, MPI_Comm comm_handle, const void *buf,
                         MPI_Count count, MPI_Datatype type, int dest, int tag, size_t *nbytes)
{
    int rc = check_comm(fc, comm, comm_handle);
    if (rc)
        return rc;
    rc = MPIR_Check_buffer(fc, *comm, buf, count, type, nbytes);
    if (rc)
        return rc;
    if (dest != MPI_PROC_NULL && (dest < 0 || dest >= (*comm)->remote_size))
        return MPIR_ERR(*comm, MPI_ERR_RANK, fc, "invalid rank %d (dest): the %s has %d ranks", dest,
                        (*comm)->is_inter ? "remote group" : "communicator", (*comm)->remote_size);
    if (tag < 0 || tag > MPI_TAG_UB_VALUE)
        return MPIR_ERR(*comm, MPI_ERR_TAG, fc, "invalid tag %d (tag): must be in 0..%d", tag, MPI_TAG_UB_VALUE);
    return MPI_SUCCESS;
}

int MPIR_Check_recv_args(const char *fc, MPIR_Comm **comm, MPI_Comm comm_handle, const void *buf,
                         MPI_Count count, MPI_Datatype type, int source, int tag, size_t *nbytes)
{
    int rc = check_comm(fc, comm, comm_handle);
    if (rc)
        return rc;
    rc = MPIR_Check_buffer(fc, *comm, buf, count, type, nbytes);
    if (rc)
        return rc;
    if (source != MPI_PROC_NULL && source != MPI_ANY_SOURCE && (source < 0 || source >= (*comm)->remote_size))
        return MPIR_ERR(*comm, MPI_ERR_RANK, fc, "invalid rank %d (source): the %s has %d ranks", source,
                        (*comm)->is_inter ? "remote group" : "communicator", (*comm)->remote_size);
    if (tag != MPI_ANY_TAG && (tag < 0 || tag > MPI_TAG_UB_VALUE))
        return MPIR_ERR(*comm, MPI_ERR_TAG, fc, "invalid tag %d (tag): must be MPI_ANY_TAG or in 0..%d", tag,
                        MPI_TAG_UB_VALUE);
    return MPI_SUCCESS;
}
