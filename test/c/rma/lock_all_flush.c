/* MPI_Win_lock_all / MPI_Win_unlock_all with the flushes: after MPI_Win_flush(t) a Put is complete
 * at t (a Get issued afterwards reads it); MPI_Win_flush_all does that for every target;
 * MPI_Win_flush_local(t) and MPI_Win_flush_local_all only complete the origin side, so the origin
 * buffer may be overwritten at once without changing what arrives; the data is at every target
 * once MPI_Win_unlock_all returns. */
#include <stdlib.h>
#include "rmatest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    /* Four slots per rank: put+flush, accumulate+flush_all, flush_local, flush_local_all. */
    int n = 4 * size, *w = malloc(n * sizeof(int)), *got = malloc(size * sizeof(int));
    for (int i = 0; i < n; i++) w[i] = 0;
    MPI_Win win;
    CHECK_MPI(MPI_Win_create(w, n * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_Win_lock_all(0, win));

    for (int t = 0; t < size; t++) {
        int v = 10 + rank, g = -1;
        CHECK_MPI(MPI_Put(&v, 1, MPI_INT, t, 4 * rank, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_flush(t, win));
        CHECK_MPI(MPI_Get(&g, 1, MPI_INT, t, 4 * rank, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_flush(t, win));
        CHECK(g == 10 + rank, "after flush(%d) got %d", t, g);
    }

    int a = 20 + rank;
    for (int t = 0; t < size; t++) CHECK_MPI(MPI_Accumulate(&a, 1, MPI_INT, t, 4 * rank + 1, 1, MPI_INT, MPI_SUM, win));
    CHECK_MPI(MPI_Win_flush_all(win));
    for (int t = 0; t < size; t++) CHECK_MPI(MPI_Get(&got[t], 1, MPI_INT, t, 4 * rank + 1, 1, MPI_INT, win));
    CHECK_MPI(MPI_Win_flush_all(win));
    for (int t = 0; t < size; t++) CHECK(got[t] == 20 + rank, "after flush_all got %d from %d", got[t], t);

    for (int t = 0; t < size; t++) {
        int v = 30 + rank;
        CHECK_MPI(MPI_Put(&v, 1, MPI_INT, t, 4 * rank + 2, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_flush_local(t, win));
        v = -1; /* the origin buffer is ours again */
    }
    int *src = malloc(size * sizeof(int));
    for (int t = 0; t < size; t++) {
        src[t] = 40 + rank + t;
        CHECK_MPI(MPI_Put(&src[t], 1, MPI_INT, t, 4 * rank + 3, 1, MPI_INT, win));
    }
    CHECK_MPI(MPI_Win_flush_local_all(win));
    for (int t = 0; t < size; t++) src[t] = -1;
    CHECK_MPI(MPI_Win_unlock_all(win));
    MPI_Barrier(MPI_COMM_WORLD);
    for (int r = 0; r < size; r++) {
        CHECK(w[4 * r] == 10 + r && w[4 * r + 1] == 20 + r, "slots of rank %d: %d %d", r, w[4 * r], w[4 * r + 1]);
        CHECK(w[4 * r + 2] == 30 + r && w[4 * r + 3] == 40 + r + rank, "flush_local slots of rank %d: %d %d", r,
              w[4 * r + 2], w[4 * r + 3]);
    }
    CHECK_MPI(MPI_Win_free(&win));
    free(w);
    free(got);
    free(src);
    return ctest_finish();
}
