/* MPI_Reduce and MPI_Ireduce (MPI-4.0 6.9). Binomial tree for short
 * messages and non-commutative ops (which reduce towards rank 0 in rank
 * order, then rank 0 sends the result to the root); long messages with a
 * commutative op: Rabenseifner's reduce-scatter then gather (MPICH's). */
#include "rabenseifner.h"

/* The partial result moves from buffer to buffer (in op child's, into the
 * child's buffer) so that no input is overwritten and none is copied first. */
static void binomial(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                     int root, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    int commutative = MPIR_Op_is_commutative(op);
    int lroot = commutative ? root : 0, rel = (rank - lroot + size) % size;
    const void *acc = sbuf == MPI_IN_PLACE ? rbuf : sbuf;
    void *tmps[32];
    int nchildren = 0, parent = -1;
    for (int mask = 1; mask < size; mask <<= 1) {
        if (rel & mask) {
            parent = ((rel & ~mask) + lroot) % size;
            break;
        }
        if ((rel | mask) < size) {
            tmps[nchildren] = MPIR_Sched_tmpbuf(s, count, type);
            MPIR_Sched_recv(s, tmps[nchildren], count, type, ((rel | mask) + lroot) % size, comm);
            nchildren++;
        }
    }
    MPIR_Sched_barrier(s);
    for (int k = 0; k < nchildren; k++) {
        MPIR_Sched_reduce(s, acc, tmps[k], count, type, op); /* acc covers the lower ranks */
        acc = tmps[k];
    }
    if (parent >= 0) {
        MPIR_Sched_send(s, acc, count, type, parent, comm);
        if (rank == root) { /* non-commutative, root != 0: rank 0 sends the result */
            MPIR_Sched_barrier(s);
            MPIR_Sched_recv(s, rbuf, count, type, 0, comm);
        }
    } else if (rank == root) {
        if (acc != rbuf)
            MPIR_Sched_copy(s, acc, count, type, rbuf, count, type);
    } else {
        MPIR_Sched_send(s, acc, count, type, root, comm);
    }
}

static void rabenseifner(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                         int root, MPIR_Comm *comm)
{
    MPIR_Rsa r;
    int rank = comm->rank;
    char *tmp = MPIR_Sched_tmpbuf(s, count, type);
    char *acc = rank == root ? rbuf : MPIR_Sched_tmpbuf(s, count, type);
    if (tmp == NULL || acc == NULL || !MPIR_Rsa_init(s, &r, count, comm))
        return;
    if (sbuf != MPI_IN_PLACE)
        MPIR_Sched_copy(s, sbuf, count, type, acc, count, type);
    MPIR_Sched_barrier(s);
    r.newrank = MPIR_Rsa_fold_in(s, acc, tmp, count, type, op, r.rem, comm);
    if (r.newrank != -1)
        MPIR_Rsa_reduce_scatter(s, &r, acc, tmp, type, op, comm);
    MPIR_Sched_barrier(s);
    MPIR_Rsa_gather(s, &r, acc, type, root, comm);
}

void MPIR_Reduce_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                       int root, MPIR_Comm *comm)
{
    if (comm->size == 1) {
        if (sbuf != MPI_IN_PLACE)
            MPIR_Sched_copy(s, sbuf, count, type, rbuf, count, type);
        return;
    }
    if (count == 0)
        return;
    MPIR_Datatype_info info;
    MPIR_Datatype_query(type, &info);
    int pof2 = 1;
    while (pof2 * 2 <= comm->size)
        pof2 *= 2;
    if (count * info.size > MPIR_coll_tuning.reduce_short_msg && count >= pof2 && MPIR_Op_is_commutative(op))
        rabenseifner(s, sbuf, rbuf, count, type, op, root, comm);
    else
        binomial(s, sbuf, rbuf, count, type, op, root, comm);
}

int MPIR_Coll_reduce(const char *fc, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                  int root, MPI_Comm comm_handle, int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(count, type), comm_handle, root);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (!rc)
        rc = MPIR_Coll_check_root(fc, comm, root);
    if (rc)
        return rc;
    int is_root = comm->is_inter ? root == MPI_ROOT : comm->rank == root;
    int sends = comm->is_inter ? root != MPI_ROOT && root != MPI_PROC_NULL : 1;
    if (sends)
        rc = MPIR_Coll_check_buf(fc, comm, sbuf, count, type, "sendbuf", "count", "datatype",
                                 !comm->is_inter && is_root);
    if (!rc && is_root)
        rc = MPIR_Coll_check_buf(fc, comm, rbuf, count, type, "recvbuf", "count", "datatype", 0);
    if (!rc && (sends || is_root))
        rc = MPIR_Coll_check_op(fc, comm, op, type);
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, MPIR_REDUCE_TAG, request, &rc);
    if (s == NULL)
        return rc;
    if (comm->is_inter)
        MPIR_Inter_reduce_sched(s, sbuf, rbuf, count, type, op, root, comm);
    else
        MPIR_Reduce_sched(s, sbuf, rbuf, count, type, op, root, comm);
    return MPIR_Coll_end(fc, s, request);
}

int MPI_Reduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, int root,
               MPI_Comm comm)
{
    return MPIR_Coll_reduce("MPI_Reduce", sendbuf, recvbuf, count, datatype, op, root, comm, 0, NULL);
}
int MPI_Reduce_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype, MPI_Op op, int root,
                 MPI_Comm comm)
{
    return MPIR_Coll_reduce("MPI_Reduce_c", sendbuf, recvbuf, count, datatype, op, root, comm, 0, NULL);
}
int MPI_Ireduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, int root,
                MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_reduce("MPI_Ireduce", sendbuf, recvbuf, count, datatype, op, root, comm, 1, request);
}
int MPI_Ireduce_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype, MPI_Op op, int root,
                  MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_reduce("MPI_Ireduce_c", sendbuf, recvbuf, count, datatype, op, root, comm, 1, request);
}
