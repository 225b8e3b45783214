/* MPI_Allreduce and MPI_Iallreduce (MPI-4.0 6.9.6). Short messages,
 * non-commutative ops or fewer elements than ranks: recursive doubling.
 * Long messages with a commutative op: Rabenseifner's reduce-scatter by
 * recursive halving, then allgather by recursive doubling. Both fold the
 * ranks past the largest power of two into their neighbours first
 * (MPICH's allreduce). */
#include "coll.h"

/* Rank of new rank nr when the first 2*rem ranks were paired (odd ones kept). */
static int real_rank(int nr, int rem) { return nr < rem ? nr * 2 + 1 : nr + rem; }

/* The first 2*rem ranks pair up: the even one hands its data to the odd one
 * and sits out (-1). Returns the rank's new rank. */
static int fold_in(MPIR_Sched *s, void *rbuf, void *tmp, MPI_Count count, MPI_Datatype type, MPI_Op op, int rem,
                   MPIR_Comm *comm)
{
    int rank = comm->rank;
    if (rank >= 2 * rem)
        return rank - rem;
    if (rank % 2 == 0) {
        MPIR_Sched_send(s, rbuf, count, type, rank + 1, comm);
        MPIR_Sched_barrier(s);
        return -1;
    }
    MPIR_Sched_recv(s, tmp, count, type, rank - 1, comm);
    MPIR_Sched_barrier(s);
    MPIR_Sched_reduce(s, tmp, rbuf, count, type, op); /* the lower rank's data on the left */
    MPIR_Sched_barrier(s);
    return rank / 2;
}

static void fold_out(MPIR_Sched *s, void *rbuf, MPI_Count count, MPI_Datatype type, int rem, MPIR_Comm *comm)
{
    int rank = comm->rank;
    if (rank >= 2 * rem)
        return;
    MPIR_Sched_barrier(s);
    if (rank % 2)
        MPIR_Sched_send(s, rbuf, count, type, rank - 1, comm);
    else
        MPIR_Sched_recv(s, rbuf, count, type, rank + 1, comm);
}

static void recursive_doubling(MPIR_Sched *s, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                               MPIR_Comm *comm)
{
    int rank = comm->rank, pof2 = 1;
    while (pof2 * 2 <= comm->size)
        pof2 *= 2;
    int rem = comm->size - pof2, commutative = MPIR_Op_is_commutative(op);
    void *tmp = MPIR_Sched_tmpbuf(s, count, type);
    int newrank = fold_in(s, rbuf, tmp, count, type, op, rem, comm);
    if (newrank != -1) {
        for (int mask = 1; mask < pof2; mask <<= 1) {
            int dst = real_rank(newrank ^ mask, rem);
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
    fold_out(s, rbuf, count, type, rem, comm);
}

static void rabenseifner(MPIR_Sched *s, void *rbuf_, MPI_Count count, MPI_Datatype type, MPI_Op op, MPIR_Comm *comm)
{
    char *rbuf = rbuf_;
    int pof2 = 1;
    while (pof2 * 2 <= comm->size)
        pof2 *= 2;
    int rem = comm->size - pof2;
    MPI_Aint ext = MPIR_Type_extent(type);
    char *tmp = MPIR_Sched_tmpbuf(s, count, type);
    MPI_Count *cnts = MPIR_Sched_alloc(s, sizeof *cnts * (size_t)pof2);
    MPI_Count *disps = MPIR_Sched_alloc(s, sizeof *disps * (size_t)pof2);
    if (tmp == NULL || cnts == NULL || disps == NULL)
        return;
    for (int i = 0; i < pof2; i++) {
        cnts[i] = count / pof2 + (i < count % pof2 ? 1 : 0);
        disps[i] = i ? disps[i - 1] + cnts[i - 1] : 0;
    }
#define SUM(a, b) ((b) > (a) ? disps[(b) - 1] + cnts[(b) - 1] - disps[a] : 0)
    int newrank = fold_in(s, rbuf, tmp, count, type, op, rem, comm);
    if (newrank != -1) {
        int mask = 1, send_idx = 0, recv_idx = 0, last_idx = pof2;
        /* reduce-scatter by recursive halving */
        while (mask < pof2) {
            int newdst = newrank ^ mask, dst = real_rank(newdst, rem);
            MPI_Count send_cnt, recv_cnt;
            if (newrank < newdst) {
                send_idx = recv_idx + pof2 / (mask * 2);
                send_cnt = SUM(send_idx, last_idx);
                recv_cnt = SUM(recv_idx, send_idx);
            } else {
                recv_idx = send_idx + pof2 / (mask * 2);
                send_cnt = SUM(send_idx, recv_idx);
                recv_cnt = SUM(recv_idx, last_idx);
            }
            MPIR_Sched_send(s, rbuf + disps[send_idx] * ext, send_cnt, type, dst, comm);
            MPIR_Sched_recv(s, tmp + disps[recv_idx] * ext, recv_cnt, type, dst, comm);
            MPIR_Sched_barrier(s);
            MPIR_Sched_reduce(s, tmp + disps[recv_idx] * ext, rbuf + disps[recv_idx] * ext, recv_cnt, type, op);
            MPIR_Sched_barrier(s);
            send_idx = recv_idx;
            mask <<= 1;
            if (mask < pof2)
                last_idx = recv_idx + pof2 / mask;
        }
        /* allgather by recursive doubling */
        for (mask >>= 1; mask > 0; mask >>= 1) {
            int newdst = newrank ^ mask, dst = real_rank(newdst, rem);
            MPI_Count send_cnt, recv_cnt;
            if (newrank < newdst) {
                if (mask != pof2 / 2)
                    last_idx = last_idx + pof2 / (mask * 2);
                recv_idx = send_idx + pof2 / (mask * 2);
                send_cnt = SUM(send_idx, recv_idx);
                recv_cnt = SUM(recv_idx, last_idx);
            } else {
                recv_idx = send_idx - pof2 / (mask * 2);
                send_cnt = SUM(send_idx, last_idx);
                recv_cnt = SUM(recv_idx, send_idx);
            }
            MPIR_Sched_send(s, rbuf + disps[send_idx] * ext, send_cnt, type, dst, comm);
            MPIR_Sched_recv(s, rbuf + disps[recv_idx] * ext, recv_cnt, type, dst, comm);
            MPIR_Sched_barrier(s);
            if (newrank > newdst)
                send_idx = recv_idx;
        }
    }
#undef SUM
    fold_out(s, rbuf, count, type, rem, comm);
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
