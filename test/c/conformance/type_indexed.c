/* MPI_Type_indexed (the upper triangle of a matrix) and MPI_Type_create_indexed_block, sent to
 * a contiguous receive and received back into the same layout. */
#include "ctest.h"

#define N 5

int main(int argc, char **argv)
{
    int rank, size, tsize;
    MPI_Datatype upper, blocks;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int len[N], disp[N];
    for (int i = 0; i < N; i++) len[i] = N - i, disp[i] = i * N + i;
    MPI_Type_indexed(N, len, disp, MPI_INT, &upper);
    MPI_Type_commit(&upper);
    MPI_Type_size(upper, &tsize);
    CHECK(tsize == N * (N + 1) / 2 * (int)sizeof(int), "upper size %d", tsize);
    int bdisp[3] = {7, 1, 12};
    MPI_Type_create_indexed_block(3, 2, bdisp, MPI_INT, &blocks);
    MPI_Type_commit(&blocks);

    int a[N * N];
    if (rank == 0) {
        for (int i = 0; i < N * N; i++) a[i] = i;
        MPI_Send(a, 1, upper, 1, 0, MPI_COMM_WORLD);
        MPI_Send(a, 1, upper, 1, 1, MPI_COMM_WORLD);
        MPI_Send(a, 1, blocks, 1, 2, MPI_COMM_WORLD);
    } else if (rank == 1) {
        int packed[N * (N + 1) / 2], k = 0;
        MPI_Recv(packed, N * (N + 1) / 2, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (int i = 0; i < N; i++)
            for (int j = i; j < N; j++, k++) CHECK(packed[k] == i * N + j, "packed [%d] = %d", k, packed[k]);
        for (int i = 0; i < N * N; i++) a[i] = -1;
        MPI_Recv(a, 1, upper, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) CHECK(a[i * N + j] == (j >= i ? i * N + j : -1), "a[%d][%d] = %d", i, j, a[i * N + j]);
        int b[6];
        MPI_Recv(b, 6, MPI_INT, 0, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        int want[6] = {7, 8, 1, 2, 12, 13};
        for (int i = 0; i < 6; i++) CHECK(b[i] == want[i], "indexed_block [%d] = %d", i, b[i]);
    }
    MPI_Type_free(&upper);
    MPI_Type_free(&blocks);
    return ctest_finish();
}
