/* Passive target with MPI_Win_lock / MPI_Win_unlock: (1) exclusive locks exclude each other: every
 * rank increments rank 0's counter ITER times with a plain Get / flush / Put (not atomic on its
 * own), and no increment may be lost; (2) shared locks let all ranks put into distinct slots of
 * every window at once; (3) a rank may lock its own window; (4) MPI_MODE_NOCHECK when each rank
 * locks a different target. Data is complete at the target when MPI_Win_unlock returns. */
#include <stdlib.h>
#include "rmatest.h"

#define ITER 40

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int n = size + 2, *w = malloc(n * sizeof(int));
    MPI_Win win;
    CHECK_MPI(MPI_Win_create(w, n * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    for (int i = 0; i < n; i++) w[i] = 0;
    MPI_Barrier(MPI_COMM_WORLD);

    for (int i = 0; i < ITER; i++) {
        int c;
        CHECK_MPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win));
        CHECK_MPI(MPI_Get(&c, 1, MPI_INT, 0, 0, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_flush(0, win));
        c++;
        CHECK_MPI(MPI_Put(&c, 1, MPI_INT, 0, 0, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_unlock(0, win));
    }
    for (int t = 0; t < size; t++) {
        int v = 100 + rank;
        CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, t, 0, win));
        CHECK_MPI(MPI_Put(&v, 1, MPI_INT, t, 2 + rank, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_unlock(t, win));
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) CHECK(w[0] == size * ITER, "counter %d under exclusive locks, expected %d", w[0], size * ITER);
    for (int r = 0; r < size; r++) CHECK(w[2 + r] == 100 + r, "slot of rank %d = %d", r, w[2 + r]);

    /* My own window, under my own lock: a Put to myself, then a local load. */
    int mine = -rank;
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, rank, 0, win));
    CHECK_MPI(MPI_Put(&mine, 1, MPI_INT, rank, 1, 1, MPI_INT, win));
    CHECK_MPI(MPI_Win_unlock(rank, win));
    CHECK(w[1] == -rank, "self put: w[1] = %d", w[1]);
    MPI_Barrier(MPI_COMM_WORLD);

    /* NOCHECK: each rank is the only one to lock its right neighbour in this phase. */
    int right = (rank + 1) % size, left = (rank + size - 1) % size, got = 0, v = 7 * rank;
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, right, MPI_MODE_NOCHECK, win));
    CHECK_MPI(MPI_Put(&v, 1, MPI_INT, right, 1, 1, MPI_INT, win));
    CHECK_MPI(MPI_Get(&got, 1, MPI_INT, right, 2 + rank, 1, MPI_INT, win));
    CHECK_MPI(MPI_Win_unlock(right, win));
    CHECK(got == 100 + rank, "NOCHECK get %d", got);
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(w[1] == 7 * left, "NOCHECK put: w[1] = %d", w[1]);
    CHECK_MPI(MPI_Win_free(&win));
    free(w);
    return ctest_finish();
}
