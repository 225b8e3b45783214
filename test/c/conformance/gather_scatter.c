/* MPI_Gather, MPI_Scatter, MPI_Gatherv and MPI_Scatterv (rank i contributes i+1 values, placed
 * with gaps by displacements) at every root. */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int *all = malloc(2 * size * (size + 2) * sizeof(int));
    int *counts = malloc(size * sizeof(int)), *displs = malloc(size * sizeof(int));
    int total = 0;
    for (int p = 0; p < size; p++) {
        counts[p] = p + 1;
        displs[p] = total + p; /* one-element gap before each block */
        total += p + 1;
    }
    int span = displs[size - 1] + counts[size - 1];
    for (int root = 0; root < size; root++) {
        int mine[2] = {rank * 10, rank * 10 + 1};
        for (int i = 0; i < 2 * size; i++) all[i] = -1;
        MPI_Gather(mine, 2, MPI_INT, all, 2, MPI_INT, root, MPI_COMM_WORLD);
        if (rank == root)
            for (int i = 0; i < 2 * size; i++) CHECK(all[i] == (i / 2) * 10 + i % 2, "gather root %d [%d] = %d", root, i, all[i]);

        if (rank == root)
            for (int i = 0; i < 2 * size; i++) all[i] = 1000 + i;
        int got[2] = {-1, -1};
        MPI_Scatter(all, 2, MPI_INT, got, 2, MPI_INT, root, MPI_COMM_WORLD);
        CHECK(got[0] == 1000 + 2 * rank && got[1] == 1001 + 2 * rank, "scatter root %d: %d %d", root, got[0], got[1]);

        int vmine[64];
        for (int i = 0; i <= rank; i++) vmine[i] = rank * 100 + i;
        for (int i = 0; i < span; i++) all[i] = -1;
        MPI_Gatherv(vmine, rank + 1, MPI_INT, all, counts, displs, MPI_INT, root, MPI_COMM_WORLD);
        if (rank == root)
            for (int p = 0; p < size; p++) {
                for (int i = 0; i <= p; i++) CHECK(all[displs[p] + i] == p * 100 + i, "gatherv root %d from %d", root, p);
                if (p > 0) CHECK(all[displs[p] - 1] == -1, "gatherv wrote into the gap before %d", p);
            }

        if (rank == root)
            for (int p = 0; p < size; p++)
                for (int i = 0; i <= p; i++) all[displs[p] + i] = p * 100 + i + 7;
        for (int i = 0; i < 64; i++) vmine[i] = -1;
        MPI_Scatterv(all, counts, displs, MPI_INT, vmine, rank + 1, MPI_INT, root, MPI_COMM_WORLD);
        for (int i = 0; i <= rank; i++) CHECK(vmine[i] == rank * 100 + i + 7, "scatterv root %d [%d] = %d", root, i, vmine[i]);
        CHECK(vmine[rank + 1] == -1, "scatterv wrote past its count");
    }
    free(all), free(counts), free(displs);
    return ctest_finish();
}
