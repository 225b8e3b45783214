/* MPI_Scatter(v) and MPI_Iscatter(v) (MPI-4.0 6.6). Scatter: binomial tree
 * (MPICH's default); an inner node holds its subtree's blocks in the receive
 * type's layout. Scatterv: the root sends to each rank at once. */
#include "coll.h"
#include <stdlib.h>

void MPIR_Scatter_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                        MPI_Count rcount, MPI_Datatype rtype, int root, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank, rel = (rank - root + size) % size;
    if (rank == root) {
        MPI_Aint sext = MPIR_Type_extent(stype);
        for (int mask = 1; mask < size; mask <<= 1) {
            int child = rel + mask, n = size - child < mask ? size - child : mask;
            if (child >= size)
                break;
            int first = (child + root) % size;
            if (first + n <= size) {
                MPIR_Sched_send(s, MPIR_Buf_at(sbuf, (MPI_Aint)first * scount, sext), (MPI_Count)n * scount, stype,
                                first, comm);
            } else { /* the blocks wrap past the end of sbuf: line them up in a copy */
                int head = size - first;
                char *tmp = MPIR_Sched_tmpbuf(s, (MPI_Count)n * scount, stype);
                MPIR_Sched_copy(s, MPIR_Buf_at(sbuf, (MPI_Aint)first * scount, sext), (MPI_Count)head * scount, stype,
                                tmp, (MPI_Count)head * scount, stype);
                MPIR_Sched_copy(s, sbuf, (MPI_Count)(n - head) * scount, stype,
                                MPIR_Buf_at(tmp, (MPI_Aint)head * scount, sext), (MPI_Count)(n - head) * scount,
                                stype);
                MPIR_Sched_send(s, tmp, (MPI_Count)n * scount, stype, first, comm);
            }
        }
        if (rbuf != MPI_IN_PLACE)
            MPIR_Sched_copy(s, MPIR_Buf_at(sbuf, (MPI_Aint)root * scount, sext), scount, stype, rbuf, rcount, rtype);
        return;
    }
    int low = rel & -rel, n = size - rel < low ? size - rel : low;
    int parent = (rel - low + root) % size;
    if (n == 1) {
        MPIR_Sched_recv(s, rbuf, rcount, rtype, parent, comm);
        return;
    }
    MPI_Aint rext = MPIR_Type_extent(rtype);
    char *tmp = MPIR_Sched_tmpbuf(s, (MPI_Count)n * rcount, rtype);
    MPIR_Sched_recv(s, tmp, (MPI_Count)n * rcount, rtype, parent, comm);
    MPIR_Sched_barrier(s);
    for (int mask = 1; mask < low && rel + mask < size; mask <<= 1) {
        int child = rel + mask, m = size - child < mask ? size - child : mask;
        MPIR_Sched_send(s, MPIR_Buf_at(tmp, (MPI_Aint)mask * rcount, rext), (MPI_Count)m * rcount, rtype,
                        (child + root) % size, comm);
    }
    MPIR_Sched_copy(s, tmp, rcount, rtype, rbuf, rcount, rtype);
}

void MPIR_Scatterv_sched(MPIR_Sched *s, const void *sbuf, const MPI_Count *scounts, const MPI_Aint *displs,
                         MPI_Datatype stype, void *rbuf, MPI_Count rcount, MPI_Datatype rtype, int root,
                         MPIR_Comm *comm)
{
    if (comm->rank != root) {
        if (rcount > 0)
            MPIR_Sched_recv(s, rbuf, rcount, rtype, root, comm);
        return;
    }
    MPI_Aint sext = MPIR_Type_extent(stype);
    for (int i = 0; i < comm->size; i++) {
        const void *src = MPIR_Buf_at(sbuf, displs[i], sext);
        if (i == root) {
            if (rbuf != MPI_IN_PLACE)
                MPIR_Sched_copy(s, src, scounts[i], stype, rbuf, rcount, rtype);
        } else if (scounts[i] > 0) {
            MPIR_Sched_send(s, src, scounts[i], stype, i, comm);
        }
    }
}

static int check_scatter(const char *fc, MPIR_Comm *comm, int root, const void *sbuf, MPI_Count scount,
                         const MPI_Count *scounts, const MPI_Aint *displs, MPI_Datatype stype, const void *rbuf,
                         MPI_Count rcount, MPI_Datatype rtype, int vector)
{
    int rc = MPIR_Coll_check_root(fc, comm, root);
    if (rc)
        return rc;
    int is_root = comm->is_inter ? root == MPI_ROOT : comm->rank == root;
    int receives = comm->is_inter ? root != MPI_ROOT && root != MPI_PROC_NULL : 1;
    if (is_root) {
        int n = comm->remote_size;
        if (vector) {
            rc = MPIR_Coll_check_counts(fc, comm, scounts, n, "sendcounts");
            if (!rc)
                rc = MPIR_Coll_check_array(fc, comm, displs, n, "displs");
            if (!rc)
                rc = MPIR_Coll_check_type(fc, comm, stype, "sendtype");
            if (!rc && sbuf == MPI_IN_PLACE)
                rc = MPIR_ERR(comm, MPI_ERR_BUFFER, fc, "MPI_IN_PLACE is not allowed here (sendbuf)");
        } else {
            rc = MPIR_Coll_check_buf(fc, comm, sbuf, scount * n, stype, "sendbuf", "sendcount", "sendtype", 0);
        }
        if (rc)
            return rc;
    }
    if (receives)
        rc = MPIR_Coll_check_buf(fc, comm, rbuf, rcount, rtype, "recvbuf", "recvcount", "recvtype",
                                 !comm->is_inter && is_root);
    return rc;
}

int MPIR_Coll_scatter(const char *fc, const void *sbuf, MPI_Count scount, const MPI_Count *scounts,
                   const MPI_Aint *displs, MPI_Datatype stype, void *rbuf, MPI_Count rcount, MPI_Datatype rtype,
                   int root, MPI_Comm comm_handle, int vector, int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(rcount, rtype), comm_handle, root);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (!rc)
        rc = check_scatter(fc, comm, root, sbuf, scount, scounts, displs, stype, rbuf, rcount, rtype, vector);
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, vector ? MPIR_SCATTERV_TAG : MPIR_SCATTER_TAG, request, &rc);
    if (s == NULL)
        return rc;
    if (comm->is_inter) {
        MPI_Count *cnt = NULL;
        MPI_Aint *dsp = NULL;
        if (!vector && root == MPI_ROOT)
            MPIR_Sched_equal_blocks(s, comm->remote_size, scount, &cnt, &dsp);
        MPIR_Inter_scatterv_sched(s, sbuf, vector ? scounts : cnt, vector ? displs : dsp, stype, rbuf, rcount, rtype,
                                  root, comm);
    } else if (vector) {
        MPIR_Scatterv_sched(s, sbuf, scounts, displs, stype, rbuf, rcount, rtype, root, comm);
    } else {
        MPIR_Scatter_sched(s, sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
    }
    return MPIR_Coll_end(fc, s, request);
}

int MPI_Scatter(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return MPIR_Coll_scatter("MPI_Scatter", sendbuf, sendcount, NULL, NULL, sendtype, recvbuf, recvcount, recvtype, root, comm,
                   0, 0, NULL);
}
int MPI_Scatter_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                  MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return MPIR_Coll_scatter("MPI_Scatter_c", sendbuf, sendcount, NULL, NULL, sendtype, recvbuf, recvcount, recvtype, root,
                   comm, 0, 0, NULL);
}
int MPI_Iscatter(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                 MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_scatter("MPI_Iscatter", sendbuf, sendcount, NULL, NULL, sendtype, recvbuf, recvcount, recvtype, root,
                   comm, 0, 1, request);
}
int MPI_Iscatter_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                   MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_scatter("MPI_Iscatter_c", sendbuf, sendcount, NULL, NULL, sendtype, recvbuf, recvcount, recvtype, root,
                   comm, 0, 1, request);
}

static int scatterv_int(const char *fc, const void *sbuf, const int *scounts, const int *displs, MPI_Datatype stype,
                        void *rbuf, int rcount, MPI_Datatype rtype, int root, MPI_Comm comm, int nonblocking,
                        MPI_Request *request)
{
    int n = MPIR_Coll_peers(comm);
    MPI_Count *c = MPIR_Coll_widen_counts(scounts, n);
    MPI_Aint *d = MPIR_Coll_widen_displs(displs, n);
    int rc = MPIR_Coll_scatter(fc, sbuf, 0, c, d, stype, rbuf, rcount, rtype, root, comm, 1, nonblocking, request);
    free(c);
    free(d);
    return rc;
}

int MPI_Scatterv(const void *sendbuf, const int sendcounts[], const int displs[], MPI_Datatype sendtype,
                 void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return scatterv_int("MPI_Scatterv", sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount, recvtype, root,
                        comm, 0, NULL);
}
int MPI_Iscatterv(const void *sendbuf, const int sendcounts[], const int displs[], MPI_Datatype sendtype,
                  void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request)
{
    return scatterv_int("MPI_Iscatterv", sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount, recvtype, root,
                        comm, 1, request);
}
int MPI_Scatterv_c(const void *sendbuf, const MPI_Count sendcounts[], const MPI_Aint displs[], MPI_Datatype sendtype,
                   void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return MPIR_Coll_scatter("MPI_Scatterv_c", sendbuf, 0, sendcounts, displs, sendtype, recvbuf, recvcount, recvtype, root,
                   comm, 1, 0, NULL);
}
int MPI_Iscatterv_c(const void *sendbuf, const MPI_Count sendcounts[], const MPI_Aint displs[], MPI_Datatype sendtype,
                    void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                    MPI_Request *request)
{
    return MPIR_Coll_scatter("MPI_Iscatterv_c", sendbuf, 0, sendcounts, displs, sendtype, recvbuf, recvcount, recvtype, root,
                   comm, 1, 1, request);
}
