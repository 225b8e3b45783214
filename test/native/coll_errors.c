/* Argument errors of the collectives (MPI-4.0 chapter 6, 9.4) under
 * MPI_ERRORS_RETURN: bad communicator, root, count, datatype, buffer, op (and
 * an op that does not apply to the type), MPI_IN_PLACE where it is not
 * allowed, Scan on an intercommunicator, a null request pointer; each gives
 * its error class and a message naming the call and the argument, creates no
 * request, and the collectives after it still work. */
#include "mtest.h"
#include <string.h>

static void expect_message(const char *call, const char *arg)
{
    const char *m = MPIR_Err_last_message();
    CHECK(m && strstr(m, call) && strstr(m, arg), "message \"%s\" should name %s and %s", m ? m : "(none)", call, arg);
}

#define ERR(expr, cls, call, arg)        \
    do {                                 \
        CHECK_CLASS((expr), cls);        \
        expect_message(call, arg);       \
    } while (0)

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    int n = mtest_size, rank = mtest_rank;
    int buf[64] = {0}, out[64] = {0}, counts[8] = {1, 1, 1, 1, 1, 1, 1, 1}, displs[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    int neg[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    neg[n - 1] = -1;
    MPI_Request r = MPI_REQUEST_NULL;
    int live = MPIR_Request_live_count();

    /* communicator */
    ERR(MPI_Barrier(MPI_COMM_NULL), MPI_ERR_COMM, "MPI_Barrier", "comm");
    ERR(MPI_Ibcast(buf, 1, MPI_INT, 0, (MPI_Comm)0x44000007, &r), MPI_ERR_COMM, "MPI_Ibcast", "comm");
    ERR(MPI_Allreduce(buf, out, 1, MPI_INT, MPI_SUM, (MPI_Comm)MPI_INT), MPI_ERR_COMM, "MPI_Allreduce", "comm");
    /* root */
    ERR(MPI_Bcast(buf, 1, MPI_INT, n, MPI_COMM_WORLD), MPI_ERR_ROOT, "MPI_Bcast", "root");
    ERR(MPI_Bcast(buf, 1, MPI_INT, -1, MPI_COMM_WORLD), MPI_ERR_ROOT, "MPI_Bcast", "root");
    ERR(MPI_Bcast(buf, 1, MPI_INT, MPI_ROOT, MPI_COMM_WORLD), MPI_ERR_ROOT, "MPI_Bcast", "root");
    ERR(MPI_Igather(buf, 1, MPI_INT, out, 1, MPI_INT, n + 5, MPI_COMM_WORLD, &r), MPI_ERR_ROOT, "MPI_Igather", "root");
    ERR(MPI_Reduce(buf, out, 1, MPI_INT, MPI_SUM, -4, MPI_COMM_WORLD), MPI_ERR_ROOT, "MPI_Reduce", "root");
    ERR(MPI_Scatterv(buf, counts, displs, MPI_INT, out, 1, MPI_INT, n, MPI_COMM_WORLD), MPI_ERR_ROOT, "MPI_Scatterv",
        "root");
    /* counts */
    ERR(MPI_Bcast(buf, -1, MPI_INT, 0, MPI_COMM_WORLD), MPI_ERR_COUNT, "MPI_Bcast", "count");
    ERR(MPI_Allgather(buf, -2, MPI_INT, out, 1, MPI_INT, MPI_COMM_WORLD), MPI_ERR_COUNT, "MPI_Allgather",
        "sendcount");
    ERR(MPI_Alltoall(buf, 1, MPI_INT, out, -1, MPI_INT, MPI_COMM_WORLD), MPI_ERR_COUNT, "MPI_Alltoall", "recvcount");
    ERR(MPI_Allgatherv(buf, 1, MPI_INT, out, neg, displs, MPI_INT, MPI_COMM_WORLD), MPI_ERR_COUNT, "MPI_Allgatherv",
        "recvcounts");
    ERR(MPI_Reduce_scatter(buf, out, neg, MPI_INT, MPI_SUM, MPI_COMM_WORLD), MPI_ERR_COUNT, "MPI_Reduce_scatter",
        "recvcounts");
    ERR(MPI_Reduce_scatter_block(buf, out, -1, MPI_INT, MPI_SUM, MPI_COMM_WORLD), MPI_ERR_COUNT,
        "MPI_Reduce_scatter_block", "recvcount");
    ERR(MPI_Alltoallv(buf, neg, displs, MPI_INT, out, counts, displs, MPI_INT, MPI_COMM_WORLD), MPI_ERR_COUNT,
        "MPI_Alltoallv", "sendcounts");
    ERR(MPI_Iscan(buf, out, -3, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &r), MPI_ERR_COUNT, "MPI_Iscan", "count");
    /* datatypes */
    ERR(MPI_Bcast(buf, 1, MPI_DATATYPE_NULL, 0, MPI_COMM_WORLD), MPI_ERR_TYPE, "MPI_Bcast", "datatype");
    ERR(MPI_Gather(buf, 1, (MPI_Datatype)12345, out, 1, MPI_INT, 0, MPI_COMM_WORLD), MPI_ERR_TYPE, "MPI_Gather",
        "sendtype");
    if (rank == 0)
        ERR(MPI_Gather(buf, 1, MPI_INT, out, 1, MPI_DATATYPE_NULL, 0, MPI_COMM_WORLD), MPI_ERR_TYPE, "MPI_Gather",
            "recvtype");
    ERR(MPI_Allreduce(buf, out, 1, MPI_DATATYPE_NULL, MPI_SUM, MPI_COMM_WORLD), MPI_ERR_TYPE, "MPI_Allreduce",
        "datatype");
    /* buffers and MPI_IN_PLACE */
    ERR(MPI_Bcast(NULL, 2, MPI_INT, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER, "MPI_Bcast", "buffer");
    ERR(MPI_Allreduce(buf, NULL, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD), MPI_ERR_BUFFER, "MPI_Allreduce", "recvbuf");
    ERR(MPI_Bcast(MPI_IN_PLACE, 1, MPI_INT, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER, "MPI_Bcast", "buffer");
    ERR(MPI_Allreduce(buf, MPI_IN_PLACE, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD), MPI_ERR_BUFFER, "MPI_Allreduce",
        "recvbuf");
    ERR(MPI_Alltoall(buf, 1, MPI_INT, MPI_IN_PLACE, 1, MPI_INT, MPI_COMM_WORLD), MPI_ERR_BUFFER, "MPI_Alltoall",
        "recvbuf");
    if (rank != 0) { /* IN_PLACE is the root's only */
        ERR(MPI_Gather(MPI_IN_PLACE, 1, MPI_INT, out, 1, MPI_INT, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER, "MPI_Gather",
            "sendbuf");
        ERR(MPI_Scatter(buf, 1, MPI_INT, MPI_IN_PLACE, 1, MPI_INT, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER,
            "MPI_Scatter", "recvbuf");
        ERR(MPI_Reduce(MPI_IN_PLACE, out, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER, "MPI_Reduce",
            "sendbuf");
    } else {
        ERR(MPI_Gatherv(buf, 1, MPI_INT, MPI_IN_PLACE, counts, displs, MPI_INT, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER,
            "MPI_Gatherv", "recvbuf");
    }
    /* ops */
    ERR(MPI_Allreduce(buf, out, 1, MPI_INT, MPI_OP_NULL, MPI_COMM_WORLD), MPI_ERR_OP, "MPI_Allreduce", "op");
    ERR(MPI_Reduce(buf, out, 1, MPI_DOUBLE, MPI_BAND, 0, MPI_COMM_WORLD), MPI_ERR_OP, "MPI_Reduce", "op");
    ERR(MPI_Iallreduce(buf, out, 1, MPI_INT, MPI_MAXLOC, MPI_COMM_WORLD, &r), MPI_ERR_OP, "MPI_Iallreduce", "op");
    ERR(MPI_Scan(buf, out, 1, MPI_FLOAT, MPI_LXOR, MPI_COMM_WORLD), MPI_ERR_OP, "MPI_Scan", "op");
    ERR(MPI_Reduce_scatter_block(buf, out, 1, MPI_INT, (MPI_Op)MPI_COMM_WORLD, MPI_COMM_WORLD), MPI_ERR_OP,
        "MPI_Reduce_scatter_block", "op");
    /* request pointer */
    ERR(MPI_Ibarrier(MPI_COMM_WORLD, NULL), MPI_ERR_ARG, "MPI_Ibarrier", "request");
    ERR(MPI_Ialltoall(buf, 1, MPI_INT, out, 1, MPI_INT, MPI_COMM_WORLD, NULL), MPI_ERR_ARG, "MPI_Ialltoall",
        "request");
    CHECK(r == MPI_REQUEST_NULL, "a failed call set the request");
    CHECK(MPIR_Request_live_count() == live, "failed calls left %d requests", MPIR_Request_live_count() - live);

    /* Scan and Exscan on an intercommunicator */
    if (n >= 2) {
        MPI_Comm local, inter;
        MPI_Comm_split(MPI_COMM_WORLD, rank < n / 2, rank, &local);
        MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, rank < n / 2 ? n / 2 : 0, 7, &inter);
        MPI_Comm_set_errhandler(inter, MPI_ERRORS_RETURN);
        ERR(MPI_Scan(buf, out, 1, MPI_INT, MPI_SUM, inter), MPI_ERR_COMM, "MPI_Scan", "comm");
        ERR(MPI_Iexscan(buf, out, 1, MPI_INT, MPI_SUM, inter, &r), MPI_ERR_COMM, "MPI_Iexscan", "comm");
        /* IN_PLACE is not allowed on intercommunicators; a rank as root names the remote group */
        ERR(MPI_Allreduce(MPI_IN_PLACE, out, 1, MPI_INT, MPI_SUM, inter), MPI_ERR_BUFFER, "MPI_Allreduce", "sendbuf");
        int rsize;
        MPI_Comm_remote_size(inter, &rsize);
        ERR(MPI_Bcast(buf, 1, MPI_INT, rsize, inter), MPI_ERR_ROOT, "MPI_Bcast", "root");
        MPI_Comm_free(&inter);
        MPI_Comm_free(&local);
    }

    /* a mismatch the ranks cannot see before the data moves: the root sends more than rank 1 (its
     * child in every tree) can take; ranks further down get what their parent forwards */
    if (n >= 2) {
        int rc = MPI_Bcast(buf, rank == 0 ? 8 : 4, MPI_INT, 0, MPI_COMM_WORLD);
        if (rank == 0)
            CHECK(rc == MPI_SUCCESS, "root of a bcast got %d", rc);
        else if (rank == 1)
            ERR(rc, MPI_ERR_TRUNCATE, "MPI_Bcast", "truncated");
        mtest_barrier();
    }

    /* the same through a nonblocking collective: its request carries the error to MPI_Wait */
    if (n >= 2) {
        MPI_Request req;
        CHECK(MPI_Ibcast(buf, rank == 0 ? 8 : 4, MPI_INT, 0, MPI_COMM_WORLD, &req) == MPI_SUCCESS, "ibcast");
        int rc = MPI_Wait(&req, MPI_STATUS_IGNORE);
        CHECK(req == MPI_REQUEST_NULL, "a failed collective's request is freed");
        if (rank == 0)
            CHECK(rc == MPI_SUCCESS, "root of an ibcast got %d", rc);
        else if (rank == 1)
            ERR(rc, MPI_ERR_TRUNCATE, "MPI_Wait", "truncated");
        mtest_barrier();
    }

    /* everything still works */
    int v = rank + 1, sum = 0;
    CHECK(MPI_Allreduce(&v, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD) == MPI_SUCCESS && sum == n * (n + 1) / 2,
          "allreduce after errors: %d", sum);
    return mtest_finalize();
}
