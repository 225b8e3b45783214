/* Collectives on intercommunicators (MPI-4.0 6.2.2): with a root, the root
 * group's MPI_ROOT process talks to the other group and its other processes
 * (MPI_PROC_NULL) do nothing; all-to-all forms exchange between the groups.
 * As MPICH: the leaders (local rank 0) exchange and an intracommunicator
 * collective on comm->local_comm spreads or combines within a group; the
 * vector forms send directly between the groups. */
#include "coll.h"

void MPIR_Inter_barrier_sched(MPIR_Sched *s, MPIR_Comm *comm)
{
    MPIR_Comm *local = comm->local_comm;
    MPIR_Barrier_sched(s, local);
    MPIR_Sched_barrier(s);
    if (comm->rank == 0) {
        MPIR_Sched_send(s, NULL, 0, MPI_BYTE, 0, comm);
        MPIR_Sched_recv(s, NULL, 0, MPI_BYTE, 0, comm);
        MPIR_Sched_barrier(s);
    }
    char *token = MPIR_Sched_alloc(s, 1); /* a one-byte bcast tells the group the leaders met */
    if (token) {
        *token = 0;
        MPIR_Bcast_sched(s, token, 1, MPI_BYTE, 0, local);
    }
}

void MPIR_Inter_bcast_sched(MPIR_Sched *s, void *buf, MPI_Count count, MPI_Datatype type, int root,
                            MPIR_Comm *comm)
{
    if (root == MPI_PROC_NULL)
        return;
    if (root == MPI_ROOT) {
        MPIR_Sched_send(s, buf, count, type, 0, comm);
        return;
    }
    if (comm->rank == 0) {
        MPIR_Sched_recv(s, buf, count, type, root, comm);
        MPIR_Sched_barrier(s);
    }
    MPIR_Bcast_sched(s, buf, count, type, 0, comm->local_comm);
}

void MPIR_Inter_gatherv_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                              const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype, int root,
                              MPIR_Comm *comm)
{
    if (root == MPI_PROC_NULL)
        return;
    if (root != MPI_ROOT) {
        if (scount > 0)
            MPIR_Sched_send(s, sbuf, scount, stype, root, comm);
        return;
    }
    if (rcounts == NULL || displs == NULL)
        return;
    MPI_Aint rext = MPIR_Type_extent(rtype);
    for (int i = 0; i < comm->remote_size; i++)
        if (rcounts[i] > 0)
            MPIR_Sched_recv(s, MPIR_Buf_at(rbuf, displs[i], rext), rcounts[i], rtype, i, comm);
}

void MPIR_Inter_scatterv_sched(MPIR_Sched *s, const void *sbuf, const MPI_Count *scounts, const MPI_Aint *displs,
                               MPI_Datatype stype, void *rbuf, MPI_Count rcount, MPI_Datatype rtype, int root,
                               MPIR_Comm *comm)
{
    if (root == MPI_PROC_NULL)
        return;
    if (root != MPI_ROOT) {
        if (rcount > 0)
            MPIR_Sched_recv(s, rbuf, rcount, rtype, root, comm);
        return;
    }
    if (scounts == NULL || displs == NULL)
        return;
    MPI_Aint sext = MPIR_Type_extent(stype);
    for (int i = 0; i < comm->remote_size; i++)
        if (scounts[i] > 0)
            MPIR_Sched_send(s, MPIR_Buf_at(sbuf, displs[i], sext), scounts[i], stype, i, comm);
}

void MPIR_Inter_allgatherv_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype,
                                 void *rbuf, const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype,
                                 MPIR_Comm *comm)
{
    if (rcounts == NULL || displs == NULL)
        return;
    MPI_Aint rext = MPIR_Type_extent(rtype);
    int n = comm->remote_size;
    for (int i = 0; i < n; i++) {
        int peer = (comm->rank + i) % n;
        if (rcounts[peer] > 0)
            MPIR_Sched_recv(s, MPIR_Buf_at(rbuf, displs[peer], rext), rcounts[peer], rtype, peer, comm);
    }
    if (scount > 0)
        for (int i = 0; i < n; i++)
            MPIR_Sched_send(s, sbuf, scount, stype, (comm->rank + i) % n, comm);
}

void MPIR_Inter_alltoallw_sched(MPIR_Sched *s, const void *sbuf, const MPI_Count *scounts,
                                const MPI_Aint *sdispls, const MPI_Datatype *stypes, void *rbuf,
                                const MPI_Count *rcounts, const MPI_Aint *rdispls, const MPI_Datatype *rtypes,
                                MPIR_Comm *comm)
{
    int n = comm->remote_size;
    for (int i = 0; i < n; i++) {
        int peer = (comm->rank + i) % n;
        if (rcounts[peer] > 0)
            MPIR_Sched_recv(s, (char *)rbuf + rdispls[peer], rcounts[peer], rtypes[peer], peer, comm);
    }
    for (int i = 0; i < n; i++) {
        int peer = (comm->rank + i) % n;
        if (scounts[peer] > 0)
            MPIR_Sched_send(s, (const char *)sbuf + sdispls[peer], scounts[peer], stypes[peer], peer, comm);
    }
}

/* The group's reduction of sbuf at local rank 0 (in a buffer of the schedule's; NULL elsewhere). */
static void *reduce_to_leader(MPIR_Sched *s, const void *sbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                              MPIR_Comm *comm)
{
    void *result = comm->rank == 0 ? MPIR_Sched_tmpbuf(s, count, type) : NULL;
    MPIR_Reduce_sched(s, sbuf, result, count, type, op, 0, comm->local_comm);
    MPIR_Sched_barrier(s);
    return result;
}

void MPIR_Inter_reduce_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type,
                             MPI_Op op, int root, MPIR_Comm *comm)
{
    if (root == MPI_PROC_NULL)
        return;
    if (root == MPI_ROOT) {
        MPIR_Sched_recv(s, rbuf, count, type, 0, comm);
        return;
    }
    void *result = reduce_to_leader(s, sbuf, count, type, op, comm);
    if (comm->rank == 0)
        MPIR_Sched_send(s, result, count, type, root, comm);
}

void MPIR_Inter_allreduce_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type,
                                MPI_Op op, MPIR_Comm *comm)
{
    void *result = reduce_to_leader(s, sbuf, count, type, op, comm);
    if (comm->rank == 0) {
        MPIR_Sched_send(s, result, count, type, 0, comm);
        MPIR_Sched_recv(s, rbuf, count, type, 0, comm);
        MPIR_Sched_barrier(s);
    }
    MPIR_Bcast_sched(s, rbuf, count, type, 0, comm->local_comm);
}

void MPIR_Inter_reduce_scatter_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, const MPI_Count *rcounts,
                                     MPI_Datatype type, MPI_Op op, MPIR_Comm *comm)
{
    int n = comm->size;
    MPI_Count total = 0;
    MPI_Aint *displs = MPIR_Sched_alloc(s, sizeof *displs * (size_t)n);
    if (displs == NULL)
        return;
    for (int i = 0; i < n; i++) {
        displs[i] = (MPI_Aint)total;
        total += rcounts[i];
    }
    void *mine = reduce_to_leader(s, sbuf, total, type, op, comm);
    void *theirs = comm->rank == 0 ? MPIR_Sched_tmpbuf(s, total, type) : NULL;
    if (comm->rank == 0) {
        MPIR_Sched_send(s, mine, total, type, 0, comm);
        MPIR_Sched_recv(s, theirs, total, type, 0, comm);
        MPIR_Sched_barrier(s);
    }
    MPIR_Scatterv_sched(s, theirs, rcounts, displs, type, rbuf, rcounts[comm->rank], type, 0, comm->local_comm);
}
