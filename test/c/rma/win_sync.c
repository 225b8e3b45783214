/* MPI_Win_sync inside a lock_all epoch, the unified-model handshake: a rank's local stores into its
 * window, then MPI_Win_sync and a barrier, are seen by its left neighbour's MPI_Get; a neighbour's
 * Put, flushed before a barrier, is seen by the target's plain loads after MPI_Win_sync. Several
 * rounds, each with a new value, so a stale read shows. */
#include <stdlib.h>
#include "rmatest.h"

#define ROUNDS 20

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    volatile int *w = calloc(2, sizeof(int));
    MPI_Win win;
    CHECK_MPI(MPI_Win_create((void *)w, 2 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    CHECK_MPI(MPI_Win_lock_all(0, win));
    for (int k = 1; k <= ROUNDS; k++) {
        w[0] = k * 100 + rank; /* a local store, read remotely */
        CHECK_MPI(MPI_Win_sync(win));
        MPI_Barrier(MPI_COMM_WORLD);
        int got = -1, v = k * 1000 + rank;
        CHECK_MPI(MPI_Get(&got, 1, MPI_INT, right, 0, 1, MPI_INT, win));
        CHECK_MPI(MPI_Put(&v, 1, MPI_INT, right, 1, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_flush(right, win));
        CHECK(got == k * 100 + right, "round %d: got %d from rank %d's local store", k, got, right);
        MPI_Barrier(MPI_COMM_WORLD);
        CHECK_MPI(MPI_Win_sync(win));
        CHECK(w[1] == k * 1000 + left, "round %d: loaded %d after rank %d's put", k, w[1], left);
        MPI_Barrier(MPI_COMM_WORLD); /* my next local store must not race my left neighbour's get */
    }
    CHECK_MPI(MPI_Win_unlock_all(win));
    CHECK_MPI(MPI_Win_free(&win));
    free((void *)w);
    return ctest_finish();
}
