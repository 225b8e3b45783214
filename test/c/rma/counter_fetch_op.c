/* A distributed counter (mpi4py's nxtval): every rank takes N tickets from rank 0's counter with
 * MPI_Fetch_and_op(+1) under a shared lock, half of them with one lock per ticket and half inside
 * one long epoch with a flush per ticket. No increment may be lost: the counter ends at
 * size * N, and the tickets fetched by all ranks are exactly 0 .. size * N - 1, each once. */
#include <stdlib.h>
#include "rmatest.h"

#define N 100

static int cmp_long(const void *a, const void *b)
{
    return (*(const long *)a > *(const long *)b) - (*(const long *)a < *(const long *)b);
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    long *counter, one = 1, tickets[N];
    MPI_Win win;
    CHECK_MPI(MPI_Win_allocate(2 * sizeof(long), sizeof(long), MPI_INFO_NULL, MPI_COMM_WORLD, &counter, &win));
    counter[0] = counter[1] = 0;
    MPI_Barrier(MPI_COMM_WORLD);

    for (int i = 0; i < N / 2; i++) {
        CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win));
        CHECK_MPI(MPI_Fetch_and_op(&one, &tickets[i], MPI_LONG, 0, 0, MPI_SUM, win));
        CHECK_MPI(MPI_Win_unlock(0, win));
    }
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win));
    for (int i = N / 2; i < N; i++) {
        CHECK_MPI(MPI_Fetch_and_op(&one, &tickets[i], MPI_LONG, 0, 0, MPI_SUM, win));
        CHECK_MPI(MPI_Win_flush(0, win));
    }
    CHECK_MPI(MPI_Win_unlock(0, win));
    for (int i = 1; i < N; i++) CHECK(tickets[i] > tickets[i - 1], "my tickets go back: %ld after %ld", tickets[i], tickets[i - 1]);

    long *all = rank == 0 ? malloc(size * N * sizeof(long)) : NULL;
    MPI_Gather(tickets, N, MPI_LONG, all, N, MPI_LONG, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        CHECK(counter[0] == (long)size * N, "counter %ld, expected %d", counter[0], size * N);
        qsort(all, size * N, sizeof(long), cmp_long);
        int bad = 0;
        for (int i = 0; i < size * N; i++) bad += all[i] != i;
        CHECK(bad == 0, "%d tickets lost or handed out twice", bad);
    }
    free(all);
    CHECK_MPI(MPI_Win_free(&win));
    return ctest_finish();
}
