/* MPI_Scan, MPI_Exscan and their I-forms (MPI-4.0 6.11): recursive
 * doubling (MPICH's), order-preserving for non-commutative ops.
 * Intracommunicators only. */
#include "coll.h"

void MPIR_Scan_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                     MPIR_Comm *comm, int exclusive)
{
    int size = comm->size, rank = comm->rank, commutative = MPIR_Op_is_commutative(op);
    const void *input = sbuf == MPI_IN_PLACE ? rbuf : sbuf;
    if (count == 0)
        return;
    if (size == 1) {
        if (!exclusive && sbuf != MPI_IN_PLACE)
            MPIR_Sched_copy(s, sbuf, count, type, rbuf, count, type);
        return;
    }
    /* partial: the reduction of the ranks of my subcube so far */
    char *partial = MPIR_Sched_tmpbuf(s, count, type), *incoming = MPIR_Sched_tmpbuf(s, count, type);
    MPIR_Sched_copy(s, input, count, type, partial, count, type);
    if (!exclusive && sbuf != MPI_IN_PLACE)
        MPIR_Sched_copy(s, sbuf, count, type, rbuf, count, type);
    MPIR_Sched_barrier(s);
    int have_result = !exclusive; /* exclusive: rbuf holds nothing until the first lower subcube arrives */
    for (int mask = 1; mask < size; mask <<= 1) {
        int dst = rank ^ mask;
        if (dst >= size)
            continue;
        MPIR_Sched_send(s, partial, count, type, dst, comm);
        MPIR_Sched_recv(s, incoming, count, type, dst, comm);
        MPIR_Sched_barrier(s);
        if (rank > dst) { /* incoming covers lower ranks: on the left */
            MPIR_Sched_reduce(s, incoming, partial, count, type, op);
            if (have_result)
                MPIR_Sched_reduce(s, incoming, rbuf, count, type, op);
            else
                MPIR_Sched_copy(s, incoming, count, type, rbuf, count, type);
            have_result = 1;
        } else if (commutative) {
            MPIR_Sched_reduce(s, incoming, partial, count, type, op);
        } else {
            MPIR_Sched_reduce(s, partial, incoming, count, type, op);
            MPIR_Sched_copy(s, incoming, count, type, partial, count, type);
        }
        MPIR_Sched_barrier(s);
    }
}

int MPIR_Coll_scan(const char *fc, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                MPI_Comm comm_handle, int exclusive, int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(count, type), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (!rc)
        rc = MPIR_Coll_check_intra(fc, comm);
    if (!rc)
        rc = MPIR_Coll_check_buf(fc, comm, sbuf, count, type, "sendbuf", "count", "datatype", 1);
    if (!rc)
        rc = MPIR_Coll_check_buf(fc, comm, rbuf, count, type, "recvbuf", "count", "datatype", 0);
    if (!rc)
        rc = MPIR_Coll_check_op(fc, comm, op, type);
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, exclusive ? MPIR_EXSCAN_TAG : MPIR_SCAN_TAG, request, &rc);
    if (s == NULL)
        return rc;
    MPIR_Scan_sched(s, sbuf, rbuf, count, type, op, comm, exclusive);
    return MPIR_Coll_end(fc, s, request);
}

int MPI_Scan(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return MPIR_Coll_scan("MPI_Scan", sendbuf, recvbuf, count, datatype, op, comm, 0, 0, NULL);
}
int MPI_Scan_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return MPIR_Coll_scan("MPI_Scan_c", sendbuf, recvbuf, count, datatype, op, comm, 0, 0, NULL);
}
int MPI_Iscan(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
              MPI_Request *request)
{
    return MPIR_Coll_scan("MPI_Iscan", sendbuf, recvbuf, count, datatype, op, comm, 0, 1, request);
}
int MPI_Iscan_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                MPI_Request *request)
{
    return MPIR_Coll_scan("MPI_Iscan_c", sendbuf, recvbuf, count, datatype, op, comm, 0, 1, request);
}
int MPI_Exscan(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return MPIR_Coll_scan("MPI_Exscan", sendbuf, recvbuf, count, datatype, op, comm, 1, 0, NULL);
}
int MPI_Exscan_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype, MPI_Op op,
                 MPI_Comm comm)
{
    return MPIR_Coll_scan("MPI_Exscan_c", sendbuf, recvbuf, count, datatype, op, comm, 1, 0, NULL);
}
int MPI_Iexscan(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                MPI_Request *request)
{
    return MPIR_Coll_scan("MPI_Iexscan", sendbuf, recvbuf, count, datatype, op, comm, 1, 1, request);
}
int MPI_Iexscan_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype, MPI_Op op,
                  MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_scan("MPI_Iexscan_c", sendbuf, recvbuf, count, datatype, op, comm, 1, 1, request);
}
