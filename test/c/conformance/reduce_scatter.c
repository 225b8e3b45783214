/* MPI_Reduce_scatter_block and MPI_Reduce_scatter (rank i gets i+1 elements of the sum). */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int n = size * (size + 1) / 2;
    int *s = malloc((n + 2 * size) * sizeof(int)), *counts = malloc(size * sizeof(int)), r[64];
    for (int i = 0; i < 2 * size; i++) s[i] = rank * i;
    MPI_Reduce_scatter_block(s, r, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    int ranks = size * (size - 1) / 2;
    CHECK(r[0] == ranks * 2 * rank && r[1] == ranks * (2 * rank + 1), "block: %d %d", r[0], r[1]);
    for (int i = 0; i < n; i++) s[i] = i + rank;
    for (int p = 0; p < size; p++) counts[p] = p + 1;
    MPI_Reduce_scatter(s, r, counts, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    int first = rank * (rank + 1) / 2;
    for (int i = 0; i <= rank; i++)
        CHECK(r[i] == size * (first + i) + ranks, "reduce_scatter [%d] = %d, expected %d", i, r[i], size * (first + i) + ranks);
    free(s), free(counts);
    return ctest_finish();
}
