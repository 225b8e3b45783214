/* Argument checks of the collectives, in one place: each failure names the
 * call and the argument (MPI-4.0 chapter 6 and section 9.4). */
#include "coll.h"
#include "../datatype.h"
#include <stdlib.h>

int MPIR_Coll_check_comm(const char *fc, MPI_Comm handle, int nonblocking, MPI_Request *request,
                         MPIR_Comm **comm)
{
    MPIR_CHECK_INIT(fc);
    *comm = MPIR_Comm_get(handle);
    if (*comm == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, fc, "invalid communicator 0x%x (comm)", (unsigned)handle);
    if (nonblocking && request == NULL)
        return MPIR_ERR(*comm, MPI_ERR_ARG, fc, "null pointer (request)");
    return MPI_SUCCESS;
}

int MPIR_Coll_check_root(const char *fc, MPIR_Comm *comm, int root)
{
    if (comm->is_inter) {
        if (root == MPI_ROOT || root == MPI_PROC_NULL || (root >= 0 && root < comm->remote_size))
            return MPI_SUCCESS;
        return MPIR_ERR(comm, MPI_ERR_ROOT, fc,
                        "invalid root %d (root): on an intercommunicator it is MPI_ROOT, MPI_PROC_NULL or a rank "
                        "of the remote group (0..%d)",
                        root, comm->remote_size - 1);
    }
    if (root < 0 || root >= comm->size)
        return MPIR_ERR(comm, MPI_ERR_ROOT, fc, "invalid root %d (root): the communicator has %d ranks", root,
                        comm->size);
    return MPI_SUCCESS;
}

int MPIR_Coll_check_type(const char *fc, MPIR_Comm *comm, MPI_Datatype type, const char *name)
{
    MPIR_Datatype_info info;
    if (MPIR_Datatype_query(type, &info) != MPI_SUCCESS)
        return MPIR_ERR(comm, MPI_ERR_TYPE, fc, "invalid datatype 0x%x (%s)", (unsigned)type, name);
    return MPI_SUCCESS;
}

int MPIR_Coll_check_buf(const char *fc, MPIR_Comm *comm, const void *buf, MPI_Count count, MPI_Datatype type,
                        const char *buf_name, const char *count_name, const char *type_name, int in_place_ok)
{
    if (buf == MPI_IN_PLACE) {
        if (!in_place_ok)
            return MPIR_ERR(comm, MPI_ERR_BUFFER, fc, "MPI_IN_PLACE is not allowed here (%s)", buf_name);
        return MPI_SUCCESS;
    }
    if (count < 0)
        return MPIR_ERR(comm, MPI_ERR_COUNT, fc, "negative count %lld (%s)", (long long)count, count_name);
    MPIR_Dtype *t = MPIR_Dtype_get(type); /* one lookup: the check of MPIR_Coll_check_type and the extent */
    if (t == NULL)
        return MPIR_ERR(comm, MPI_ERR_TYPE, fc, "invalid datatype 0x%x (%s)", (unsigned)type, type_name);
    MPI_Aint extent = MPIR_DTYPE_EXTENT(t);
    uint64_t ucount = (uint64_t)count, uext = (uint64_t)(extent > 0 ? extent : 0), bytes;
    /* both below 2^32: the product fits (no 128-bit multiply on wasm32) */
    int overflow = (ucount | uext) >> 32 ? __builtin_mul_overflow(ucount, uext, &bytes) : (bytes = ucount * uext, 0);
    if (overflow || bytes > SIZE_MAX)
        return MPIR_ERR(comm, MPI_ERR_COUNT, fc,
                        "count %lld of %ld-byte elements does not fit in this rank's address space (%s)",
                        (long long)count, (long)extent, count_name);
    /* MPI_BOTTOM (NULL) is a valid base for a derived type of absolute addresses only */
    if (buf == NULL && count > 0 && HANDLE_IS_BUILTIN(type))
        return MPIR_ERR(comm, MPI_ERR_BUFFER, fc, "null buffer with count %lld (%s)", (long long)count, buf_name);
    return MPI_SUCCESS;
}

int MPIR_Coll_check_array(const char *fc, MPIR_Comm *comm, const void *array, int n, const char *name)
{
    if (n > 0 && array == NULL)
        return MPIR_ERR(comm, MPI_ERR_ARG, fc, "null array (%s)", name);
    return MPI_SUCCESS;
}

int MPIR_Coll_check_counts(const char *fc, MPIR_Comm *comm, const MPI_Count *counts, int n, const char *name)
{
    int rc = MPIR_Coll_check_array(fc, comm, counts, n, name);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++)
        if (counts[i] < 0)
            return MPIR_ERR(comm, MPI_ERR_COUNT, fc, "negative count %lld (%s[%d])", (long long)counts[i], name, i);
    return MPI_SUCCESS;
}

int MPIR_Coll_check_op(const char *fc, MPIR_Comm *comm, MPI_Op op, MPI_Datatype type)
{
    return MPIR_Op_check(fc, comm, op, type);
}

int MPIR_Coll_check_intra(const char *fc, MPIR_Comm *comm)
{
    if (comm->is_inter)
        return MPIR_ERR(comm, MPI_ERR_COMM, fc, "intercommunicator (comm): this collective needs an intracommunicator");
    return MPI_SUCCESS;
}

MPIR_Sched *MPIR_Coll_begin(const char *fc, MPIR_Comm *comm, int kind_tag, MPI_Request *request, int *rc)
{
    MPIR_Sched *s = MPIR_Sched_create(comm, kind_tag, request != NULL);
    *rc = s ? MPI_SUCCESS : MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "out of memory for the collective's schedule");
    return s;
}

int MPIR_Coll_end(const char *fc, MPIR_Sched *s, MPI_Request *request)
{
    if (request == NULL)
        return MPIR_Sched_run(fc, s);
    MPIR_Request *req;
    int rc = MPIR_Sched_start(fc, s, &req);
    if (rc == MPI_SUCCESS)
        *request = req->handle;
    return rc;
}

MPI_Count *MPIR_Coll_widen_counts(const int *a, int n)
{
    if (a == NULL || n <= 0)
        return NULL;
    MPI_Count *w = malloc(sizeof *w * (size_t)n);
    if (w)
        for (int i = 0; i < n; i++)
            w[i] = a[i];
    return w;
}

MPI_Aint *MPIR_Coll_widen_displs(const int *a, int n)
{
    if (a == NULL || n <= 0)
        return NULL;
    MPI_Aint *w = malloc(sizeof *w * (size_t)n);
    if (w)
        for (int i = 0; i < n; i++)
            w[i] = a[i];
    return w;
}

int MPIR_Coll_peers(MPI_Comm handle)
{
    MPIR_Comm *c = MPIR_Comm_get(handle);
    return c ? c->remote_size : 0;
}

int MPIR_Coll_local_size(MPI_Comm handle)
{
    MPIR_Comm *c = MPIR_Comm_get(handle);
    return c ? c->size : 0;
}
