/* Concurrent MPI_Accumulate(SUM) on rank 0's counters, under a shared lock held by every rank at
 * once: N increments of an int, a long long and a double (values exact in binary) per rank; on a
 * fourth cell even ranks use MPI_Accumulate and odd ranks MPI_Fetch_and_op, which are atomic with
 * respect to each other (same operation, same basic type). No update may be lost. */
#include "rmatest.h"

#define N 100

struct counters {
    int i;
    int mixed;
    long long ll;
    double d;
};

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    struct counters *c;
    MPI_Win win;
    CHECK_MPI(MPI_Win_allocate(sizeof *c, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &c, &win));
    *c = (struct counters){0, 0, 1LL << 40, 0.0};
    MPI_Barrier(MPI_COMM_WORLD);

    int one = 1, old;
    long long big = 3;
    double quarter = 0.25;
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win));
    for (int k = 0; k < N; k++) {
        CHECK_MPI(MPI_Accumulate(&one, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_SUM, win));
        CHECK_MPI(MPI_Accumulate(&big, 1, MPI_LONG_LONG, 0, 8, 1, MPI_LONG_LONG, MPI_SUM, win));
        CHECK_MPI(MPI_Accumulate(&quarter, 1, MPI_DOUBLE, 0, 16, 1, MPI_DOUBLE, MPI_SUM, win));
        if (rank % 2 == 0) {
            CHECK_MPI(MPI_Accumulate(&one, 1, MPI_INT, 0, 4, 1, MPI_INT, MPI_SUM, win));
        } else {
            CHECK_MPI(MPI_Fetch_and_op(&one, &old, MPI_INT, 0, 4, MPI_SUM, win));
            CHECK_MPI(MPI_Win_flush(0, win)); /* `old` is written by the flush */
        }
        if (k % 32 == 31) CHECK_MPI(MPI_Win_flush(0, win));
    }
    CHECK_MPI(MPI_Win_unlock(0, win));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        CHECK(c->i == size * N, "int counter %d, expected %d", c->i, size * N);
        CHECK(c->mixed == size * N, "Accumulate + Fetch_and_op counter %d, expected %d", c->mixed, size * N);
        CHECK(c->ll == (1LL << 40) + 3LL * size * N, "long long counter %lld", c->ll);
        CHECK(c->d == 0.25 * size * N, "double counter %g, expected %g", c->d, 0.25 * size * N);
    }
    CHECK_MPI(MPI_Win_free(&win));
    return ctest_finish();
}
