/* MPI_Get_accumulate: fetches the target's old value and applies the operation in one atomic step.
 * (1) Between fences, each rank adds a vector into its right neighbour's and gets the old values;
 * (2) MPI_NO_OP reads without changing; (3) an atomic swap chain: under a shared lock every rank
 * swaps (MPI_REPLACE) distinct values into rank 0's one int many times; the values fetched by all
 * ranks plus the final one must be exactly the initial value and every value swapped in, each once
 * (a lost or doubled swap means the fetch and the replace were not one atomic step). */
#include <stdlib.h>
#include "rmatest.h"

#define ITER 50

static int cmp_int(const void *a, const void *b)
{
    return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;

    long long *w;
    MPI_Win win;
    CHECK_MPI(MPI_Win_allocate(4 * sizeof(long long), sizeof(long long), MPI_INFO_NULL, MPI_COMM_WORLD, &w, &win));
    for (int i = 0; i < 4; i++) w[i] = rank * 10 + i;

    long long add[3] = {1, 2, 3}, old[3] = {0};
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK_MPI(MPI_Get_accumulate(add, 3, MPI_LONG_LONG, old, 3, MPI_LONG_LONG, right, 1, 3, MPI_LONG_LONG, MPI_SUM, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int i = 0; i < 3; i++) CHECK(old[i] == right * 10 + i + 1, "fetched old[%d] = %lld", i, old[i]);
    CHECK(w[0] == rank * 10, "w[0] = %lld, outside the target range", w[0]);
    for (int i = 1; i < 4; i++) CHECK(w[i] == rank * 10 + i + add[i - 1], "w[%d] = %lld after the sum", i, w[i]);

    long long seen = -1, ignored = 12345;
    CHECK_MPI(MPI_Get_accumulate(&ignored, 1, MPI_LONG_LONG, &seen, 1, MPI_LONG_LONG, left, 3, 1, MPI_LONG_LONG,
                                 MPI_NO_OP, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK(seen == left * 10 + 3 + 3, "MPI_NO_OP fetched %lld, expected %lld", seen, left * 10 + 6LL);
    CHECK(w[3] == rank * 10 + 3 + 3, "MPI_NO_OP changed the target to %lld", w[3]);
    CHECK_MPI(MPI_Win_free(&win));

    /* The swap chain on rank 0's counter. */
    int *cell, *fetched = malloc(ITER * sizeof(int));
    /* 16 bytes, not 4: MPICH 4.0.2 (ch4) misplaces data in MPI_Win_allocate windows whose size is
     * not a multiple of 16 (see win_allocate.c). */
    CHECK_MPI(MPI_Win_allocate(16, sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &cell, &win));
    *cell = -1;
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win));
    for (int i = 0; i < ITER; i++) {
        int mine = rank * ITER + i;
        CHECK_MPI(MPI_Get_accumulate(&mine, 1, MPI_INT, &fetched[i], 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_REPLACE, win));
        CHECK_MPI(MPI_Win_flush(0, win));
    }
    CHECK_MPI(MPI_Win_unlock(0, win));
    MPI_Barrier(MPI_COMM_WORLD);
    int *all = rank == 0 ? malloc((size * ITER + 1) * sizeof(int)) : NULL;
    MPI_Gather(fetched, ITER, MPI_INT, all, ITER, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        all[size * ITER] = *cell;
        qsort(all, size * ITER + 1, sizeof(int), cmp_int);
        int bad = 0;
        for (int i = 0; i <= size * ITER; i++) bad += all[i] != i - 1;
        CHECK(bad == 0, "%d values lost or doubled by the swap chain", bad);
    }
    CHECK_MPI(MPI_Win_free(&win));
    free(fetched);
    free(all);
    return ctest_finish();
}
