/* MPI_Type_vector: a column of a row-major matrix is sent as one element and received into a
 * contiguous buffer and, the other way, into a column; size and extent follow the standard. */
#include "ctest.h"

#define N 6

int main(int argc, char **argv)
{
    int rank, size, tsize;
    MPI_Aint lb, extent;
    MPI_Datatype col;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Type_vector(N, 1, N, MPI_DOUBLE, &col);
    MPI_Type_commit(&col);
    MPI_Type_size(col, &tsize);
    MPI_Type_get_extent(col, &lb, &extent);
    CHECK(tsize == N * (int)sizeof(double), "size %d", tsize);
    CHECK(lb == 0 && extent == ((N - 1) * N + 1) * (MPI_Aint)sizeof(double), "lb %ld extent %ld", (long)lb, (long)extent);

    double a[N][N];
    if (rank == 0) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) a[i][j] = i * 10 + j;
        MPI_Send(&a[0][2], 1, col, 1, 0, MPI_COMM_WORLD);     /* column 2 */
        MPI_Send(&a[3][0], N, MPI_DOUBLE, 1, 1, MPI_COMM_WORLD); /* row 3 */
    } else if (rank == 1) {
        double c[N];
        MPI_Recv(c, N, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (int i = 0; i < N; i++) CHECK(c[i] == i * 10 + 2, "column [%d] = %g", i, c[i]);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) a[i][j] = -1;
        MPI_Recv(&a[0][4], 1, col, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE); /* row 3 into column 4 */
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) CHECK(a[i][j] == (j == 4 ? 30 + i : -1), "a[%d][%d] = %g", i, j, a[i][j]);
    }
    MPI_Type_free(&col);
    return ctest_finish();
}
