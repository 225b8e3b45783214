/* Collectives over derived datatypes: an int resized to an 8-byte extent
 * (every other int of a buffer) on one side or both, blocking and
 * nonblocking, every algorithm the thresholds select at these sizes; the
 * gaps between elements must stay untouched. A type freed while a
 * nonblocking collective uses it lives on until the collective completes. */
#include "mtest.h"
#include "datatype.h" /* white box: MPIR_Dtype_live_count */
#include <stdlib.h>

#define GAP (-7)
static int nb;
#define RUN(what, blocking, nonblocking)                                                  \
    do {                                                                                  \
        MPI_Request req_ = MPI_REQUEST_NULL;                                              \
        int rc_ = nb ? (nonblocking) : (blocking);                                        \
        CHECK(rc_ == MPI_SUCCESS, "%s returned %d", what, rc_);                           \
        if (nb && rc_ == MPI_SUCCESS)                                                     \
            CHECK(MPI_Wait(&req_, MPI_STATUS_IGNORE) == MPI_SUCCESS, "%s: wait", what);   \
    } while (0)
#define REQ (&req_)

static int val(int r, int i) { return r * 10007 + i; }

/* n spaced elements: values at even positions, GAP at odd ones */
static int *spaced_buf(int n) { return malloc(sizeof(int) * (size_t)(2 * n + 1)); }
static void fill_spaced(int *b, int n, int r)
{
    for (int i = 0; i < n; i++)
        b[2 * i] = val(r, i), b[2 * i + 1] = GAP;
}
static void clear_spaced(int *b, int n)
{
    for (int i = 0; i < 2 * n; i++)
        b[i] = i % 2 ? GAP : -1;
}
/* element i of a spaced buffer must be want(i); gaps GAP */
#define VERIFY_SPACED(b, n, want, what)                                                         \
    do {                                                                                        \
        for (int i_ = 0; i_ < (n); i_++) {                                                      \
            int i = i_;                                                                         \
            if ((b)[2 * i] != (want) || (b)[2 * i + 1] != GAP) {                                \
                CHECK(0, "%s n %d nb %d: element %d = %d (gap %d), want %d", what, n, nb, i, (b)[2 * i], \
                      (b)[2 * i + 1], (want));                                                  \
                break;                                                                          \
            }                                                                                   \
        }                                                                                       \
    } while (0)

static void run(MPI_Comm comm, MPI_Datatype sp, int n)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    int total = n * size;
    int *a = spaced_buf(total), *b = spaced_buf(total), *plain = malloc(sizeof(int) * (size_t)(total + 1));
    for (int root = 0; root < size; root++) {
        /* Bcast */
        if (rank == root)
            fill_spaced(a, n, root);
        else
            clear_spaced(a, n);
        RUN("bcast", MPI_Bcast(a, n, sp, root, comm), MPI_Ibcast(a, n, sp, root, comm, REQ));
        VERIFY_SPACED(a, n, val(root, i), "bcast");
        /* Gather: spaced -> plain ints, and plain -> spaced */
        fill_spaced(a, n, rank);
        for (int i = 0; i < total; i++)
            plain[i] = -1;
        RUN("gather", MPI_Gather(a, n, sp, plain, n, MPI_INT, root, comm),
            MPI_Igather(a, n, sp, plain, n, MPI_INT, root, comm, REQ));
        if (rank == root)
            for (int i = 0; i < total; i++)
                if (plain[i] != val(i / n, i % n)) {
                    CHECK(0, "gather n %d: [%d] = %d", n, i, plain[i]);
                    break;
                }
        for (int i = 0; i < n; i++)
            plain[i] = val(rank, i);
        clear_spaced(b, total);
        RUN("gather to spaced", MPI_Gather(plain, n, MPI_INT, b, n, sp, root, comm),
            MPI_Igather(plain, n, MPI_INT, b, n, sp, root, comm, REQ));
        if (rank == root)
            VERIFY_SPACED(b, total, val(i / n, i % n), "gather to spaced");
        /* Scatter: spaced at the root -> spaced */
        if (rank == root)
            for (int i = 0; i < total; i++)
                a[2 * i] = val(i / n, i % n), a[2 * i + 1] = GAP;
        clear_spaced(b, n);
        RUN("scatter", MPI_Scatter(a, n, sp, b, n, sp, root, comm),
            MPI_Iscatter(a, n, sp, b, n, sp, root, comm, REQ));
        VERIFY_SPACED(b, n, val(rank, i), "scatter");
        /* Reduce */
        fill_spaced(a, n, rank);
        clear_spaced(b, n);
        RUN("reduce", MPI_Reduce(a, b, n, sp, MPI_SUM, root, comm),
            MPI_Ireduce(a, b, n, sp, MPI_SUM, root, comm, REQ));
        if (rank == root)
            VERIFY_SPACED(b, n, size * val(0, i) + 10007 * size * (size - 1) / 2, "reduce");
    }
    /* Allgather, Alltoall */
    fill_spaced(a, n, rank);
    clear_spaced(b, total);
    RUN("allgather", MPI_Allgather(a, n, sp, b, n, sp, comm), MPI_Iallgather(a, n, sp, b, n, sp, comm, REQ));
    VERIFY_SPACED(b, total, val(i / n, i % n), "allgather");
    for (int i = 0; i < total; i++)
        a[2 * i] = val(rank, i), a[2 * i + 1] = GAP;
    clear_spaced(b, total);
    RUN("alltoall", MPI_Alltoall(a, n, sp, b, n, sp, comm), MPI_Ialltoall(a, n, sp, b, n, sp, comm, REQ));
    VERIFY_SPACED(b, total, val(i / n, rank * n + i % n), "alltoall");
    /* Allreduce, in place too; Reduce_scatter_block; Scan */
    fill_spaced(a, n, rank);
    clear_spaced(b, n);
    RUN("allreduce", MPI_Allreduce(a, b, n, sp, MPI_SUM, comm), MPI_Iallreduce(a, b, n, sp, MPI_SUM, comm, REQ));
    VERIFY_SPACED(b, n, size * val(0, i) + 10007 * size * (size - 1) / 2, "allreduce");
    fill_spaced(b, n, rank);
    RUN("allreduce in place", MPI_Allreduce(MPI_IN_PLACE, b, n, sp, MPI_SUM, comm),
        MPI_Iallreduce(MPI_IN_PLACE, b, n, sp, MPI_SUM, comm, REQ));
    VERIFY_SPACED(b, n, size * val(0, i) + 10007 * size * (size - 1) / 2, "allreduce in place");
    for (int i = 0; i < total; i++)
        a[2 * i] = val(rank, i), a[2 * i + 1] = GAP;
    clear_spaced(b, n);
    RUN("reduce_scatter_block", MPI_Reduce_scatter_block(a, b, n, sp, MPI_SUM, comm),
        MPI_Ireduce_scatter_block(a, b, n, sp, MPI_SUM, comm, REQ));
    VERIFY_SPACED(b, n, size * val(0, rank * n + i) + 10007 * size * (size - 1) / 2, "reduce_scatter_block");
    fill_spaced(a, n, rank);
    clear_spaced(b, n);
    RUN("scan", MPI_Scan(a, b, n, sp, MPI_SUM, comm), MPI_Iscan(a, b, n, sp, MPI_SUM, comm, REQ));
    VERIFY_SPACED(b, n, (rank + 1) * val(0, i) + 10007 * rank * (rank + 1) / 2, "scan");
    free(a), free(b), free(plain);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Datatype sp;
    MPI_Type_create_resized(MPI_INT, 0, 8, &sp);
    MPI_Type_commit(&sp);
    static const int counts[] = {1, 5, 700, 5000};
    for (nb = 0; nb < 2; nb++)
        for (unsigned k = 0; k < sizeof counts / sizeof counts[0]; k++) {
            run(MPI_COMM_WORLD, sp, counts[k]);
            run(MPI_COMM_SELF, sp, counts[k]);
        }
    MPI_Type_free(&sp);

    /* freed while nonblocking collectives that use it run */
    int rank = mtest_rank, size = mtest_size, n = 300;
    MPI_Type_create_resized(MPI_INT, 0, 8, &sp);
    MPI_Type_commit(&sp);
    int *a = spaced_buf(n * size), *b = spaced_buf(n * size), *c = spaced_buf(n);
    for (int i = 0; i < n * size; i++)
        a[2 * i] = val(rank, i), a[2 * i + 1] = GAP;
    clear_spaced(b, n * size);
    clear_spaced(c, n);
    MPI_Request reqs[2];
    MPI_Ialltoall(a, n, sp, b, n, sp, MPI_COMM_WORLD, &reqs[0]);
    MPI_Iallreduce(a, c, n, sp, MPI_SUM, MPI_COMM_WORLD, &reqs[1]);
    MPI_Type_free(&sp);
    int pending = !MPIR_Request_get(reqs[0])->complete || !MPIR_Request_get(reqs[1])->complete;
    CHECK(MPIR_Dtype_live_count() == pending, "collectives under way (%d) keep the freed type: %d alive", pending,
          MPIR_Dtype_live_count());
    MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE);
    nb = 1;
    VERIFY_SPACED(b, n * size, val(i / n, rank * n + i % n), "ialltoall with a freed type");
    VERIFY_SPACED(c, n, size * val(0, i) + 10007 * size * (size - 1) / 2, "iallreduce with a freed type");
    CHECK(MPIR_Dtype_live_count() == 0, "%d derived datatypes left alive", MPIR_Dtype_live_count());
    free(a), free(b), free(c);
    return mtest_finalize();
}
