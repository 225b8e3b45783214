/* MPI_Reduce_scatter(_block) and their I-forms (MPI-4.0 6.10). Commutative
 * ops: recursive halving (short) or pairwise exchange (long), as MPICH;
 * non-commutative ops: an order-preserving reduce to rank 0, then scatterv. */
#include "rabenseifner.h"
#include <stdlib.h>

static void recursive_halving(MPIR_Sched *s, const void *input, void *rbuf, const MPI_Count *rcounts,
                              const MPI_Aint *disps, MPI_Count total, MPI_Datatype type, MPI_Op op, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank, pof2 = 1;
    while (pof2 * 2 <= size)
        pof2 *= 2;
    int rem = size - pof2, newrank;
    MPI_Aint ext = MPIR_Type_extent(type);
    char *results = MPIR_Sched_tmpbuf(s, total, type), *incoming = MPIR_Sched_tmpbuf(s, total, type);
    MPI_Count *newcnts = MPIR_Sched_alloc(s, sizeof *newcnts * (size_t)pof2);
    MPI_Aint *newdisps = MPIR_Sched_alloc(s, sizeof *newdisps * (size_t)pof2);
    if (results == NULL || incoming == NULL || newcnts == NULL || newdisps == NULL)
        return;
    MPIR_Sched_copy(s, input, total, type, results, total, type);
    MPIR_Sched_barrier(s);
    if (rank < 2 * rem) {
        if (rank % 2 == 0) {
            MPIR_Sched_send(s, results, total, type, rank + 1, comm);
            newrank = -1;
        } else {
            MPIR_Sched_recv(s, incoming, total, type, rank - 1, comm);
            MPIR_Sched_barrier(s);
            MPIR_Sched_reduce(s, incoming, results, total, type, op);
            newrank = rank / 2;
        }
        MPIR_Sched_barrier(s);
    } else {
        newrank = rank - rem;
    }
    if (newrank != -1) {
        /* an even rank of the first 2*rem gets its result from its odd neighbour: they share a new rank */
        for (int i = 0; i < pof2; i++) {
            int old = MPIR_Rsa_real_rank(i, rem);
            newcnts[i] = rcounts[old] + (old < 2 * rem ? rcounts[old - 1] : 0);
            newdisps[i] = i ? newdisps[i - 1] + newcnts[i - 1] : 0;
        }
        int send_idx = 0, recv_idx = 0, last_idx = pof2;
        for (int mask = pof2 >> 1; mask > 0; mask >>= 1) {
            int newdst = newrank ^ mask, dst = MPIR_Rsa_real_rank(newdst, rem);
            int s_lo, s_hi, r_lo, r_hi;
            if (newrank < newdst) {
                send_idx = recv_idx + mask;
                s_lo = send_idx, s_hi = last_idx, r_lo = recv_idx, r_hi = send_idx;
            } else {
                recv_idx = send_idx + mask;
                s_lo = send_idx, s_hi = recv_idx, r_lo = recv_idx, r_hi = last_idx;
            }
            MPI_Count send_cnt = newdisps[s_hi - 1] + newcnts[s_hi - 1] - newdisps[s_lo];
            MPI_Count recv_cnt = newdisps[r_hi - 1] + newcnts[r_hi - 1] - newdisps[r_lo];
            MPIR_Sched_send(s, results + newdisps[s_lo] * ext, send_cnt, type, dst, comm);
            MPIR_Sched_recv(s, incoming + newdisps[r_lo] * ext, recv_cnt, type, dst, comm);
            MPIR_Sched_barrier(s);
            MPIR_Sched_reduce(s, incoming + newdisps[r_lo] * ext, results + newdisps[r_lo] * ext, recv_cnt, type, op);
            MPIR_Sched_barrier(s);
            send_idx = recv_idx;
            last_idx = recv_idx + mask;
        }
        MPIR_Sched_copy(s, results + disps[rank] * ext, rcounts[rank], type, rbuf, rcounts[rank], type);
    }
    if (rank < 2 * rem) {
        if (rank % 2)
            MPIR_Sched_send(s, results + disps[rank - 1] * ext, rcounts[rank - 1], type, rank - 1, comm);
        else
            MPIR_Sched_recv(s, rbuf, rcounts[rank], type, rank + 1, comm);
    }
}

/* Step i: my block of rank+i's data arrives while rank-i's block of mine leaves. */
static void pairwise(MPIR_Sched *s, const void *input, void *rbuf, const MPI_Count *rcounts, const MPI_Aint *disps,
                     MPI_Datatype type, MPI_Op op, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    MPI_Aint ext = MPIR_Type_extent(type);
    MPI_Count mine = rcounts[rank];
    char *acc = MPIR_Sched_tmpbuf(s, mine, type), *incoming = MPIR_Sched_tmpbuf(s, mine, type);
    MPIR_Sched_copy(s, MPIR_Buf_at(input, disps[rank], ext), mine, type, acc, mine, type);
    for (int i = 1; i < size; i++) {
        int src = (rank - i + size) % size, dst = (rank + i) % size;
        if (rcounts[dst] > 0)
            MPIR_Sched_send(s, MPIR_Buf_at(input, disps[dst], ext), rcounts[dst], type, dst, comm);
        if (mine > 0)
            MPIR_Sched_recv(s, incoming, mine, type, src, comm);
        MPIR_Sched_barrier(s);
        if (mine > 0)
            MPIR_Sched_reduce(s, incoming, acc, mine, type, op);
        MPIR_Sched_barrier(s);
    }
    MPIR_Sched_copy(s, acc, mine, type, rbuf, mine, type);
}

void MPIR_Reduce_scatter_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, const MPI_Count *rcounts,
                               MPI_Datatype type, MPI_Op op, MPIR_Comm *comm)
{
    int size = comm->size;
    MPI_Aint *disps = MPIR_Sched_alloc(s, sizeof *disps * (size_t)size);
    if (disps == NULL)
        return;
    MPI_Count total = 0;
    for (int i = 0; i < size; i++) {
        disps[i] = (MPI_Aint)total;
        total += rcounts[i];
    }
    const void *input = sbuf == MPI_IN_PLACE ? rbuf : sbuf;
    if (total == 0)
        return;
    MPIR_Datatype_info info;
    MPIR_Datatype_query(type, &info);
    if (size == 1) {
        if (sbuf != MPI_IN_PLACE)
            MPIR_Sched_copy(s, sbuf, total, type, rbuf, total, type);
    } else if (!MPIR_Op_is_commutative(op)) {
        void *full = comm->rank == 0 ? MPIR_Sched_tmpbuf(s, total, type) : NULL;
        MPIR_Reduce_sched(s, input, full, total, type, op, 0, comm);
        MPIR_Sched_barrier(s);
        MPIR_Scatterv_sched(s, full, rcounts, disps, type, rbuf, rcounts[comm->rank], type, 0, comm);
    } else if (total * info.size < MPIR_coll_tuning.redscat_commutative_long_msg) {
        recursive_halving(s, input, rbuf, rcounts, disps, total, type, op, comm);
    } else {
        pairwise(s, input, rbuf, rcounts, disps, type, op, comm);
    }
}

int MPIR_Coll_reduce_scatter(const char *fc, const void *sbuf, void *rbuf, MPI_Count rcount, const MPI_Count *rcounts,
                          MPI_Datatype type, MPI_Op op, MPI_Comm comm_handle, int block, int nonblocking,
                          MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(rcount, type), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (rc)
        return rc;
    int n = comm->size;
    if (block) {
        if (rcount < 0)
            return MPIR_ERR(comm, MPI_ERR_COUNT, fc, "negative count %lld (recvcount)", (long long)rcount);
    } else {
        rc = MPIR_Coll_check_counts(fc, comm, rcounts, n, "recvcounts");
        if (rc)
            return rc;
    }
    MPI_Count total = 0;
    for (int i = 0; i < n; i++)
        total += block ? rcount : rcounts[i];
    MPI_Count mine = block ? rcount : rcounts[comm->rank];
    rc = MPIR_Coll_check_buf(fc, comm, sbuf, total, type, "sendbuf", block ? "recvcount" : "recvcounts", "datatype",
                             !comm->is_inter);
    if (!rc)
        rc = MPIR_Coll_check_buf(fc, comm, rbuf, sbuf == MPI_IN_PLACE ? total : mine, type, "recvbuf",
                                 block ? "recvcount" : "recvcounts", "datatype", 0);
    if (!rc)
        rc = MPIR_Coll_check_op(fc, comm, op, type);
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, block ? MPIR_REDUCE_SCATTER_BLOCK_TAG : MPIR_REDUCE_SCATTER_TAG,
                                    request, &rc);
    if (s == NULL)
        return rc;
    if (block) {
        MPI_Count *counts = MPIR_Sched_alloc(s, sizeof *counts * (size_t)n);
        for (int i = 0; counts && i < n; i++)
            counts[i] = rcount;
        rcounts = counts;
    }
    if (rcounts == NULL)
        ; /* out of memory: the schedule reports it */
    else if (comm->is_inter)
        MPIR_Inter_reduce_scatter_sched(s, sbuf, rbuf, rcounts, type, op, comm);
    else
        MPIR_Reduce_scatter_sched(s, sbuf, rbuf, rcounts, type, op, comm);
    return MPIR_Coll_end(fc, s, request);
}

static int reduce_scatter_int(const char *fc, const void *sbuf, void *rbuf, const int *rcounts, MPI_Datatype type,
                              MPI_Op op, MPI_Comm comm, int nonblocking, MPI_Request *request)
{
    MPI_Count *c = MPIR_Coll_widen_counts(rcounts, MPIR_Coll_local_size(comm));
    int rc = MPIR_Coll_reduce_scatter(fc, sbuf, rbuf, 0, c, type, op, comm, 0, nonblocking, request);
    free(c);
    return rc;
}

int MPI_Reduce_scatter(const void *sendbuf, void *recvbuf, const int recvcounts[], MPI_Datatype datatype, MPI_Op op,
                       MPI_Comm comm)
{
    return reduce_scatter_int("MPI_Reduce_scatter", sendbuf, recvbuf, recvcounts, datatype, op, comm, 0, NULL);
}
int MPI_Ireduce_scatter(const void *sendbuf, void *recvbuf, const int recvcounts[], MPI_Datatype datatype, MPI_Op op,
                        MPI_Comm comm, MPI_Request *request)
{
    return reduce_scatter_int("MPI_Ireduce_scatter", sendbuf, recvbuf, recvcounts, datatype, op, comm, 1, request);
}
int MPI_Reduce_scatter_c(const void *sendbuf, void *recvbuf, const MPI_Count recvcounts[], MPI_Datatype datatype,
                         MPI_Op op, MPI_Comm comm)
{
    return MPIR_Coll_reduce_scatter("MPI_Reduce_scatter_c", sendbuf, recvbuf, 0, recvcounts, datatype, op, comm, 0, 0, NULL);
}
int MPI_Ireduce_scatter_c(const void *sendbuf, void *recvbuf, const MPI_Count recvcounts[], MPI_Datatype datatype,
                          MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_reduce_scatter("MPI_Ireduce_scatter_c", sendbuf, recvbuf, 0, recvcounts, datatype, op, comm, 0, 1,
                          request);
}
int MPI_Reduce_scatter_block(const void *sendbuf, void *recvbuf, int recvcount, MPI_Datatype datatype, MPI_Op op,
                             MPI_Comm comm)
{
    return MPIR_Coll_reduce_scatter("MPI_Reduce_scatter_block", sendbuf, recvbuf, recvcount, NULL, datatype, op, comm, 1, 0,
                          NULL);
}
int MPI_Reduce_scatter_block_c(const void *sendbuf, void *recvbuf, MPI_Count recvcount, MPI_Datatype datatype,
                               MPI_Op op, MPI_Comm comm)
{
    return MPIR_Coll_reduce_scatter("MPI_Reduce_scatter_block_c", sendbuf, recvbuf, recvcount, NULL, datatype, op, comm, 1, 0,
                          NULL);
}
int MPI_Ireduce_scatter_block(const void *sendbuf, void *recvbuf, int recvcount, MPI_Datatype datatype, MPI_Op op,
                              MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_reduce_scatter("MPI_Ireduce_scatter_block", sendbuf, recvbuf, recvcount, NULL, datatype, op, comm, 1, 1,
                          request);
}
int MPI_Ireduce_scatter_block_c(const void *sendbuf, void *recvbuf, MPI_Count recvcount, MPI_Datatype datatype,
                                MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_reduce_scatter("MPI_Ireduce_scatter_block_c", sendbuf, recvbuf, recvcount, NULL, datatype, op, comm, 1, 1,
                          request);
}
