/* MPI_Allgather(v) and MPI_Iallgather(v) (MPI-4.0 6.7). Allgather as MPICH:
 * recursive doubling (short, power-of-two sizes), Bruck (short, other
 * sizes), ring (long). Allgatherv: Bruck over blocks of any sizes (short),
 * ring (long). */
#include "coll.h"
#include <stdlib.h>

static void recursive_doubling(MPIR_Sched *s, void *rbuf, MPI_Count rcount, MPI_Datatype rtype, MPI_Aint rext,
                               MPIR_Comm *comm)
{
    int rank = comm->rank;
    for (int mask = 1, i = 0; mask < comm->size; mask <<= 1, i++) {
        int dst = rank ^ mask, mine = (rank >> i) << i, theirs = (dst >> i) << i;
        MPIR_Sched_send(s, MPIR_Buf_at(rbuf, (MPI_Aint)mine * rcount, rext), (MPI_Count)mask * rcount, rtype, dst,
                        comm);
        MPIR_Sched_recv(s, MPIR_Buf_at(rbuf, (MPI_Aint)theirs * rcount, rext), (MPI_Count)mask * rcount, rtype, dst,
                        comm);
        MPIR_Sched_barrier(s);
    }
}

/* tmp block i holds rank (rank + i)'s block; rotated into place at the end. */
static void bruck(MPIR_Sched *s, void *rbuf, MPI_Count rcount, MPI_Datatype rtype, MPI_Aint rext, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    char *tmp = MPIR_Sched_tmpbuf(s, (MPI_Count)size * rcount, rtype);
    MPIR_Sched_copy(s, MPIR_Buf_at(rbuf, (MPI_Aint)rank * rcount, rext), rcount, rtype, tmp, rcount, rtype);
    int pof2 = 1;
    for (; pof2 <= size / 2; pof2 *= 2) {
        MPIR_Sched_send(s, tmp, (MPI_Count)pof2 * rcount, rtype, (rank - pof2 + size) % size, comm);
        MPIR_Sched_recv(s, MPIR_Buf_at(tmp, (MPI_Aint)pof2 * rcount, rext), (MPI_Count)pof2 * rcount, rtype,
                        (rank + pof2) % size, comm);
        MPIR_Sched_barrier(s);
    }
    int rem = size - pof2;
    if (rem > 0) {
        MPIR_Sched_send(s, tmp, (MPI_Count)rem * rcount, rtype, (rank - pof2 + size) % size, comm);
        MPIR_Sched_recv(s, MPIR_Buf_at(tmp, (MPI_Aint)pof2 * rcount, rext), (MPI_Count)rem * rcount, rtype,
                        (rank + pof2) % size, comm);
        MPIR_Sched_barrier(s);
    }
    MPI_Count head = (MPI_Count)(size - rank) * rcount, tail = (MPI_Count)rank * rcount;
    MPIR_Sched_copy(s, tmp, head, rtype, MPIR_Buf_at(rbuf, (MPI_Aint)rank * rcount, rext), head, rtype);
    if (tail > 0)
        MPIR_Sched_copy(s, MPIR_Buf_at(tmp, (MPI_Aint)head, rext), tail, rtype, rbuf, tail, rtype);
}

/* Ring over blocks of any sizes: in step i a rank passes on the block it got in step i-1. */
static void ring(MPIR_Sched *s, void *rbuf, const MPI_Count *counts, const MPI_Aint *displs, MPI_Datatype rtype,
                 MPI_Aint rext, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    int left = (rank - 1 + size) % size, right = (rank + 1) % size, j = rank, jnext = left;
    for (int i = 1; i < size; i++) {
        if (counts[j] > 0)
            MPIR_Sched_send(s, MPIR_Buf_at(rbuf, displs[j], rext), counts[j], rtype, right, comm);
        if (counts[jnext] > 0)
            MPIR_Sched_recv(s, MPIR_Buf_at(rbuf, displs[jnext], rext), counts[jnext], rtype, left, comm);
        MPIR_Sched_barrier(s);
        j = jnext;
        jnext = (jnext - 1 + size) % size;
    }
}

void MPIR_Allgather_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                          MPI_Count rcount, MPI_Datatype rtype, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    MPI_Aint rext = MPIR_Type_extent(rtype);
    if (sbuf != MPI_IN_PLACE)
        MPIR_Sched_copy(s, sbuf, scount, stype, MPIR_Buf_at(rbuf, (MPI_Aint)rank * rcount, rext), rcount, rtype);
    if (size == 1 || rcount == 0)
        return;
    MPIR_Sched_barrier(s);
    MPIR_Datatype_info info;
    MPIR_Datatype_query(rtype, &info);
    MPI_Count total = (MPI_Count)size * rcount * info.size;
    int pof2 = (size & (size - 1)) == 0;
    if (total < MPIR_coll_tuning.allgather_long_msg && pof2) {
        recursive_doubling(s, rbuf, rcount, rtype, rext, comm);
    } else if (total < MPIR_coll_tuning.allgather_short_msg) {
        bruck(s, rbuf, rcount, rtype, rext, comm);
    } else {
        MPI_Count *counts = MPIR_Sched_alloc(s, sizeof *counts * (size_t)size);
        MPI_Aint *displs = MPIR_Sched_alloc(s, sizeof *displs * (size_t)size);
        if (counts == NULL || displs == NULL)
            return;
        for (int i = 0; i < size; i++) {
            counts[i] = rcount;
            displs[i] = (MPI_Aint)i * rcount;
        }
        ring(s, rbuf, counts, displs, rtype, rext, comm);
    }
}

/* Bruck over blocks of any sizes: tmp holds the blocks of ranks rank, rank + 1, ...
 * one after the other; each round doubles the run a rank has, then the run is
 * copied out to the displacements. */
static void bruck_v(MPIR_Sched *s, void *rbuf, const MPI_Count *counts, const MPI_Aint *displs, MPI_Datatype rtype,
                    MPI_Aint rext, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    MPI_Count *off = MPIR_Sched_alloc(s, sizeof *off * (size_t)(size + 1)); /* off[i]: where run position i starts */
    if (off == NULL)
        return;
    off[0] = 0;
    for (int i = 0; i < size; i++)
        off[i + 1] = off[i] + counts[(rank + i) % size];
    char *tmp = MPIR_Sched_tmpbuf(s, off[size], rtype);
    MPIR_Sched_copy(s, MPIR_Buf_at(rbuf, displs[rank], rext), counts[rank], rtype, tmp, counts[rank], rtype);
    MPIR_Sched_barrier(s);
    for (int have = 1; have < size;) {
        int n = have <= size - have ? have : size - have; /* blocks this round */
        int dst = (rank - have + size) % size, src = (rank + have) % size;
        /* the receiver's run from `have` on is src's run from 0 on: the same blocks, the same counts */
        MPI_Count send_n = 0, recv_n = off[have + n] - off[have];
        for (int k = 0; k < n; k++)
            send_n += counts[(rank + k) % size];
        MPIR_Sched_send(s, tmp, send_n, rtype, dst, comm);
        MPIR_Sched_recv(s, MPIR_Buf_at(tmp, (MPI_Aint)off[have], rext), recv_n, rtype, src, comm);
        MPIR_Sched_barrier(s);
        have += n;
    }
    for (int i = 1; i < size; i++) {
        int r = (rank + i) % size;
        MPIR_Sched_copy(s, MPIR_Buf_at(tmp, (MPI_Aint)off[i], rext), counts[r], rtype, MPIR_Buf_at(rbuf, displs[r], rext),
                        counts[r], rtype);
    }
}

void MPIR_Allgatherv_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                           const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype, MPIR_Comm *comm)
{
    int rank = comm->rank;
    MPI_Aint rext = MPIR_Type_extent(rtype);
    if (sbuf != MPI_IN_PLACE)
        MPIR_Sched_copy(s, sbuf, scount, stype, MPIR_Buf_at(rbuf, displs[rank], rext), rcounts[rank], rtype);
    MPIR_Sched_barrier(s);
    MPIR_Datatype_info info;
    MPIR_Datatype_query(rtype, &info);
    MPI_Count total = 0;
    for (int i = 0; i < comm->size; i++)
        total += rcounts[i];
    if (comm->size > 1 && total * info.size < MPIR_coll_tuning.allgather_short_msg)
        bruck_v(s, rbuf, rcounts, displs, rtype, rext, comm);
    else
        ring(s, rbuf, rcounts, displs, rtype, rext, comm);
}

int MPIR_Coll_allgather(const char *fc, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                     MPI_Count rcount, const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype,
                     MPI_Comm comm_handle, int vector, int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(scount, stype), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (rc)
        return rc;
    int n = comm->remote_size;
    rc = MPIR_Coll_check_buf(fc, comm, sbuf, scount, stype, "sendbuf", "sendcount", "sendtype", !comm->is_inter);
    if (!rc && rbuf == MPI_IN_PLACE)
        rc = MPIR_ERR(comm, MPI_ERR_BUFFER, fc, "MPI_IN_PLACE is not allowed here (recvbuf)");
    if (!rc && vector) {
        rc = MPIR_Coll_check_counts(fc, comm, rcounts, n, "recvcounts");
        if (!rc)
            rc = MPIR_Coll_check_array(fc, comm, displs, n, "displs");
        if (!rc)
            rc = MPIR_Coll_check_type(fc, comm, rtype, "recvtype");
    } else if (!rc) {
        rc = MPIR_Coll_check_buf(fc, comm, rbuf, rcount * n, rtype, "recvbuf", "recvcount", "recvtype", 0);
    }
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, vector ? MPIR_ALLGATHERV_TAG : MPIR_ALLGATHER_TAG, request, &rc);
    if (s == NULL)
        return rc;
    if (comm->is_inter) {
        MPI_Count *cnt = (MPI_Count *)rcounts;
        MPI_Aint *dsp = (MPI_Aint *)displs;
        if (!vector)
            MPIR_Sched_equal_blocks(s, n, rcount, &cnt, &dsp);
        MPIR_Inter_allgatherv_sched(s, sbuf, scount, stype, rbuf, cnt, dsp, rtype, comm);
    } else if (vector) {
        MPIR_Allgatherv_sched(s, sbuf, scount, stype, rbuf, rcounts, displs, rtype, comm);
    } else {
        MPIR_Allgather_sched(s, sbuf, scount, stype, rbuf, rcount, rtype, comm);
    }
    return MPIR_Coll_end(fc, s, request);
}

int MPI_Allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                  MPI_Datatype recvtype, MPI_Comm comm)
{
    return MPIR_Coll_allgather("MPI_Allgather", sendbuf, sendcount, sendtype, recvbuf, recvcount, NULL, NULL, recvtype, comm, 0,
                     0, NULL);
}
int MPI_Allgather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf,
                    MPI_Count recvcount, MPI_Datatype recvtype, MPI_Comm comm)
{
    return MPIR_Coll_allgather("MPI_Allgather_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, NULL, NULL, recvtype, comm,
                     0, 0, NULL);
}
int MPI_Iallgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                   MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_allgather("MPI_Iallgather", sendbuf, sendcount, sendtype, recvbuf, recvcount, NULL, NULL, recvtype, comm,
                     0, 1, request);
}
int MPI_Iallgather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf,
                     MPI_Count recvcount, MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_allgather("MPI_Iallgather_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, NULL, NULL, recvtype,
                     comm, 0, 1, request);
}

static int allgatherv_int(const char *fc, const void *sbuf, int scount, MPI_Datatype stype, void *rbuf,
                          const int *rcounts, const int *displs, MPI_Datatype rtype, MPI_Comm comm, int nonblocking,
                          MPI_Request *request)
{
    int n = MPIR_Coll_peers(comm);
    MPI_Count *c = MPIR_Coll_widen_counts(rcounts, n);
    MPI_Aint *d = MPIR_Coll_widen_displs(displs, n);
    int rc = MPIR_Coll_allgather(fc, sbuf, scount, stype, rbuf, 0, c, d, rtype, comm, 1, nonblocking, request);
    free(c);
    free(d);
    return rc;
}

int MPI_Allgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                   const int displs[], MPI_Datatype recvtype, MPI_Comm comm)
{
    return allgatherv_int("MPI_Allgatherv", sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, comm,
                          0, NULL);
}
int MPI_Iallgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                    const int displs[], MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return allgatherv_int("MPI_Iallgatherv", sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype,
                          comm, 1, request);
}
int MPI_Allgatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf,
                     const MPI_Count recvcounts[], const MPI_Aint displs[], MPI_Datatype recvtype, MPI_Comm comm)
{
    return MPIR_Coll_allgather("MPI_Allgatherv_c", sendbuf, sendcount, sendtype, recvbuf, 0, recvcounts, displs, recvtype, comm,
                     1, 0, NULL);
}
int MPI_Iallgatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf,
                      const MPI_Count recvcounts[], const MPI_Aint displs[], MPI_Datatype recvtype, MPI_Comm comm,
                      MPI_Request *request)
{
    return MPIR_Coll_allgather("MPI_Iallgatherv_c", sendbuf, sendcount, sendtype, recvbuf, 0, recvcounts, displs, recvtype,
                     comm, 1, 1, request);
}
