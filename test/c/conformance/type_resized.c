/* MPI_Type_create_resized: a column type of an N x size matrix resized to one int's extent, so
 * MPI_Scatter hands rank p column p and MPI_Gather puts the columns back. */
#include <stdlib.h>
#include "ctest.h"

#define N 4

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Aint lb, extent;
    MPI_Datatype col, colr;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Type_vector(N, 1, size, MPI_INT, &col);
    MPI_Type_create_resized(col, 0, sizeof(int), &colr);
    MPI_Type_commit(&colr);
    MPI_Type_get_extent(colr, &lb, &extent);
    CHECK(lb == 0 && extent == sizeof(int), "resized lb %ld extent %ld", (long)lb, (long)extent);
    int *m = malloc(N * size * sizeof(int)), c[N];
    if (rank == 0)
        for (int i = 0; i < N * size; i++) m[i] = i;
    MPI_Scatter(m, 1, colr, c, N, MPI_INT, 0, MPI_COMM_WORLD);
    for (int i = 0; i < N; i++) CHECK(c[i] == i * size + rank, "column %d [%d] = %d", rank, i, c[i]);
    for (int i = 0; i < N; i++) c[i] = -c[i];
    if (rank == 0)
        for (int i = 0; i < N * size; i++) m[i] = 0;
    MPI_Gather(c, N, MPI_INT, m, 1, colr, 0, MPI_COMM_WORLD);
    if (rank == 0)
        for (int i = 0; i < N * size; i++) CHECK(m[i] == -i, "gathered m[%d] = %d", i, m[i]);
    free(m);
    MPI_Type_free(&col);
    MPI_Type_free(&colr);
    return ctest_finish();
}
