/* MPI_Gather(v) and MPI_Igather(v) (MPI-4.0 6.5). Gather: binomial tree
 * (MPICH's default); an inner node collects its subtree's blocks in the send
 * type's layout. Gatherv: the root receives from each rank at once. */
#include "coll.h"
#include <stdlib.h>

void MPIR_Gather_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                       MPI_Count rcount, MPI_Datatype rtype, int root, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank, rel = (rank - root + size) % size;
    if (rank == root) {
        MPI_Aint rext = MPIR_Type_extent(rtype);
        if (sbuf != MPI_IN_PLACE)
            MPIR_Sched_copy(s, sbuf, scount, stype, MPIR_Buf_at(rbuf, (MPI_Aint)root * rcount, rext), rcount, rtype);
        char *wrap = NULL; /* children whose blocks wrap past the end of rbuf land here first */
        int wrap_child = 0, wrap_n = 0;
        for (int mask = 1; mask < size; mask <<= 1) {
            int child = rel + mask, n = size - child < mask ? size - child : mask;
            if (child >= size)
                break;
            int first = (child + root) % size;
            if (first + n <= size) {
                MPIR_Sched_recv(s, MPIR_Buf_at(rbuf, (MPI_Aint)first * rcount, rext), (MPI_Count)n * rcount, rtype,
                                first, comm);
            } else {
                wrap = MPIR_Sched_tmpbuf(s, (MPI_Count)n * rcount, rtype);
                wrap_child = child;
                wrap_n = n;
                MPIR_Sched_recv(s, wrap, (MPI_Count)n * rcount, rtype, first, comm);
            }
        }
        if (wrap) {
            MPIR_Sched_barrier(s);
            int first = (wrap_child + root) % size, head = size - first;
            MPIR_Sched_copy(s, wrap, (MPI_Count)head * rcount, rtype, MPIR_Buf_at(rbuf, (MPI_Aint)first * rcount, rext),
                            (MPI_Count)head * rcount, rtype);
            MPIR_Sched_copy(s, MPIR_Buf_at(wrap, (MPI_Aint)head * rcount, rext), (MPI_Count)(wrap_n - head) * rcount,
                            rtype, rbuf, (MPI_Count)(wrap_n - head) * rcount, rtype);
        }
        return;
    }
    /* subtree of rel: [rel, rel + lowbit(rel)) clipped to size */
    int low = rel & -rel, n = size - rel < low ? size - rel : low;
    int parent = (rel - low + root) % size;
    if (n == 1) {
        MPIR_Sched_send(s, sbuf, scount, stype, parent, comm);
        return;
    }
    MPI_Aint sext = MPIR_Type_extent(stype);
    char *tmp = MPIR_Sched_tmpbuf(s, (MPI_Count)n * scount, stype);
    MPIR_Sched_copy(s, sbuf, scount, stype, tmp, scount, stype);
    for (int mask = 1; mask < low && rel + mask < size; mask <<= 1) {
        int child = rel + mask, m = size - child < mask ? size - child : mask;
        MPIR_Sched_recv(s, MPIR_Buf_at(tmp, (MPI_Aint)mask * scount, sext), (MPI_Count)m * scount, stype,
                        (child + root) % size, comm);
    }
    MPIR_Sched_barrier(s);
    MPIR_Sched_send(s, tmp, (MPI_Count)n * scount, stype, parent, comm);
}

void MPIR_Gatherv_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                        const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype, int root,
                        MPIR_Comm *comm)
{
    if (comm->rank != root) {
        if (scount > 0)
            MPIR_Sched_send(s, sbuf, scount, stype, root, comm);
        return;
    }
    MPI_Aint rext = MPIR_Type_extent(rtype);
    for (int i = 0; i < comm->size; i++) {
        void *dst = MPIR_Buf_at(rbuf, displs[i], rext);
        if (i == root) {
            if (sbuf != MPI_IN_PLACE)
                MPIR_Sched_copy(s, sbuf, scount, stype, dst, rcounts[i], rtype);
        } else if (rcounts[i] > 0) {
            MPIR_Sched_recv(s, dst, rcounts[i], rtype, i, comm);
        }
    }
}

/* The root's arguments are checked at the root, the senders' elsewhere (an
 * intercommunicator's root group sends nothing; MPI_PROC_NULL does nothing). */
static int check_gather(const char *fc, MPIR_Comm *comm, int root, const void *sbuf, MPI_Count scount,
                        MPI_Datatype stype, const void *rbuf, MPI_Count rcount, const MPI_Count *rcounts,
                        const MPI_Aint *displs, MPI_Datatype rtype, int vector)
{
    int rc = MPIR_Coll_check_root(fc, comm, root);
    if (rc)
        return rc;
    int is_root = comm->is_inter ? root == MPI_ROOT : comm->rank == root;
    int sends = comm->is_inter ? root != MPI_ROOT && root != MPI_PROC_NULL : 1;
    if (sends) {
        rc = MPIR_Coll_check_buf(fc, comm, sbuf, scount, stype, "sendbuf", "sendcount", "sendtype",
                                 !comm->is_inter && is_root);
        if (rc)
            return rc;
    }
    if (is_root) {
        int n = comm->remote_size;
        if (vector) {
            rc = MPIR_Coll_check_counts(fc, comm, rcounts, n, "recvcounts");
            if (!rc)
                rc = MPIR_Coll_check_array(fc, comm, displs, n, "displs");
            if (!rc)
                rc = MPIR_Coll_check_type(fc, comm, rtype, "recvtype");
            if (!rc && rbuf == MPI_IN_PLACE)
                rc = MPIR_ERR(comm, MPI_ERR_BUFFER, fc, "MPI_IN_PLACE is not allowed here (recvbuf)");
        } else {
            rc = MPIR_Coll_check_buf(fc, comm, rbuf, rcount * n, rtype, "recvbuf", "recvcount", "recvtype", 0);
        }
    }
    return rc;
}

int MPIR_Coll_gather(const char *fc, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                  MPI_Count rcount, const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype, int root,
                  MPI_Comm comm_handle, int vector, int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(scount, stype), comm_handle, root);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (!rc)
        rc = check_gather(fc, comm, root, sbuf, scount, stype, rbuf, rcount, rcounts, displs, rtype, vector);
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, vector ? MPIR_GATHERV_TAG : MPIR_GATHER_TAG, request, &rc);
    if (s == NULL)
        return rc;
    if (comm->is_inter) {
        /* one code path for both: Gather is Gatherv with equal blocks */
        MPI_Count *cnt = NULL;
        MPI_Aint *dsp = NULL;
        if (!vector && root == MPI_ROOT)
            MPIR_Sched_equal_blocks(s, comm->remote_size, rcount, &cnt, &dsp);
        MPIR_Inter_gatherv_sched(s, sbuf, scount, stype, rbuf, vector ? rcounts : cnt, vector ? displs : dsp, rtype,
                                 root, comm);
    } else if (vector) {
        MPIR_Gatherv_sched(s, sbuf, scount, stype, rbuf, rcounts, displs, rtype, root, comm);
    } else {
        MPIR_Gather_sched(s, sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
    }
    return MPIR_Coll_end(fc, s, request);
}

int MPI_Gather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
               MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return MPIR_Coll_gather("MPI_Gather", sendbuf, sendcount, sendtype, recvbuf, recvcount, NULL, NULL, recvtype, root, comm, 0,
                  0, NULL);
}
int MPI_Gather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                 MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return MPIR_Coll_gather("MPI_Gather_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, NULL, NULL, recvtype, root, comm,
                  0, 0, NULL);
}
int MPI_Igather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_gather("MPI_Igather", sendbuf, sendcount, sendtype, recvbuf, recvcount, NULL, NULL, recvtype, root, comm,
                  0, 1, request);
}
int MPI_Igather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                  MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_gather("MPI_Igather_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, NULL, NULL, recvtype, root, comm,
                  0, 1, request);
}

static int gatherv_int(const char *fc, const void *sbuf, int scount, MPI_Datatype stype, void *rbuf,
                       const int *rcounts, const int *displs, MPI_Datatype rtype, int root, MPI_Comm comm,
                       int nonblocking, MPI_Request *request)
{
    int n = MPIR_Coll_peers(comm);
    MPI_Count *c = MPIR_Coll_widen_counts(rcounts, n);
    MPI_Aint *d = MPIR_Coll_widen_displs(displs, n);
    int rc = MPIR_Coll_gather(fc, sbuf, scount, stype, rbuf, 0, c, d, rtype, root, comm, 1, nonblocking, request);
    free(c);
    free(d);
    return rc;
}

int MPI_Gatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                const int displs[], MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return gatherv_int("MPI_Gatherv", sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, root, comm,
                       0, NULL);
}
int MPI_Igatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                 const int displs[], MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request)
{
    return gatherv_int("MPI_Igatherv", sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, root,
                       comm, 1, request);
}
int MPI_Gatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf,
                  const MPI_Count recvcounts[], const MPI_Aint displs[], MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return MPIR_Coll_gather("MPI_Gatherv_c", sendbuf, sendcount, sendtype, recvbuf, 0, recvcounts, displs, recvtype, root,
                  comm, 1, 0, NULL);
}
int MPI_Igatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf,
                   const MPI_Count recvcounts[], const MPI_Aint displs[], MPI_Datatype recvtype, int root, MPI_Comm comm,
                   MPI_Request *request)
{
    return MPIR_Coll_gather("MPI_Igatherv_c", sendbuf, sendcount, sendtype, recvbuf, 0, recvcounts, displs, recvtype, root,
                  comm, 1, 1, request);
}
