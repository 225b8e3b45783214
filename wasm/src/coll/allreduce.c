/* MPI_Allreduce and MPI_Iallreduce (MPI-4.0 6.9.6). Short messages,
 * non-commutative ops or fewer elements than ranks: recursive doubling.
 * Long messages with a commutative op: Rabenseifner's reduce-scatter by
 * recursive halving, then allgather by recursive doubling. Both fold the
 * ranks past the largest power of two into their neighbours first
 * (MPICH's allreduce). */
#include "rabenseifner.h"

static void recursive_doubling(MPIR_Sched *s, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                               MPIR_Comm *comm)
{
    int rank = comm->rank, pof2 = 1;
    while (pof2 * 2 <= comm->size)
        pof2 *= 2;
    int rem = comm->size - pof2, commutative = MPIR_Op_is_commutative(op);
    void *tmp = MPIR_Sched_tmpbuf(s, count, type);
    int newrank = MPIR_Rsa_fold_in(s, rbuf, tmp, count, type, op, rem, comm);
    if (newrank != -1) {
        for (int mask = 1; mask < pof2; mask <<= 1) {
            int dst = MPIR_Rsa_real_rank(newrank ^ mask, rem);
            MPIR_Sched_send(s, rbuf, count, type, dst, comm);
            MPIR_Sched_recv(s, tmp, count, type, dst, comm);
            MPIR_Sched_barrier(s);
            if (commutative || dst < rank) {
                MPIR_Sched_reduce(s, tmp, rbuf, count, type, op);
            } else {
                MPIR_Sched_reduce(s, rbuf, tmp, count, type, op);
                MPIR_Sched_copy(s, tmp, count, type, rbuf, count, type);
            }
            MPIR_Sched_barrier(s);
        }
    }
    MPIR_Rsa_fold_out(s, rbuf, count, type, rem, comm);
}

static void rabenseifner(MPIR_Sched *s, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op, MPIR_Comm *comm)
{
    MPIR_Rsa r;
    char *tmp = MPIR_Sched_tmpbuf(s, count, type);
    if (tmp == NULL || !MPIR_Rsa_init(s, &r, count, comm))
        return;
    r.newrank = MPIR_Rsa_fold_in(s, rbuf, tmp, count, type, op, r.rem, comm);
    if (r.newrank != -1) {
        MPIR_Rsa_reduce_scatter(s, &r, rbuf, tmp, type, op, comm);
        MPIR_Rsa_allgather(s, &r, rbuf, type, comm);
    }
    MPIR_Rsa_fold_out(s, rbuf, count, type, r.rem, comm);
}

void MPIR_Allreduce_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type,
                          MPI_Op op, MPIR_Comm *comm)
{
    if (sbuf != MPI_IN_PLACE)
        MPIR_Sched_copy(s, sbuf, count, type, rbuf, count, type);
    if (comm->size == 1 || count == 0)
        return;
    MPIR_Sched_barrier(s);
    MPIR_Datatype_info info;
    MPIR_Datatype_query(type, &info);
    int pof2 = 1;
    while (pof2 * 2 <= comm->size)
        pof2 *= 2;
    if (count * info.size <= MPIR_coll_tuning.allreduce_short_msg || !MPIR_Op_is_commutative(op) || count < pof2)
        recursive_doubling(s, rbuf, count, type, op, comm);
    else
        rabenseifner(s, rbuf, count, type, op, comm);
}

int MPIR_Coll_allreduce(const char *fc, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                     MPI_Comm comm_handle, int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(count, type), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (!rc)
        rc = MPIR_Coll_check_buf(fc, comm, sbuf, count, type, "sendbuf", "count", "datatype", !comm->is_inter);
    if (!rc)
        rc = MPIR_Coll_check_buf(fc, comm, rbuf, count, type, "recvbuf", "count", "datatype", 0);
    if (!rc)
        rc = MPIR_Coll_check_op(fc, comm, op, type);
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, MPIR_ALLREDUCE_TAG, request, &rc);
    if (s == NULL)
        return rc;
    if (comm->is_inter)
        MPIR_Inter_allreduce_sched(s, sbuf, rbuf, count, type, op, comm);
    else
        MPIR_Allreduce_sched(s, sbuf, rbuf, count, type, op, comm);
    return MPIR_Coll_end(fc, s, request);
}

int MPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return MPIR_Coll_allreduce("MPI_Allreduce", sendbuf, recvbuf, count, datatype, op, comm, 0, NULL);
}
int MPI_Allreduce_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype, MPI_Op op,
                    MPI_Comm comm)
{
    return MPIR_Coll_allreduce("MPI_Allreduce_c", sendbuf, recvbuf, count, datatype, op, comm, 0, NULL);
}
int MPI_Iallreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                   MPI_Request *request)
{
    return MPIR_Coll_allreduce("MPI_Iallreduce", sendbuf, recvbuf, count, datatype, op, comm, 1, request);
}
int MPI_Iallreduce_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype, MPI_Op op,
                     MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_allreduce("MPI_Iallreduce_c", sendbuf, recvbuf, count, datatype, op, comm, 1, request);
}
