/* MPI_Type_create_subarray: the 3x4 interior block at (1,2) of a 6x8 C-order array, sent to a
 * contiguous buffer and received into a block at another place. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size, tsize;
    MPI_Aint lb, extent;
    MPI_Datatype sub, sub2;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int sizes[2] = {6, 8}, subsizes[2] = {3, 4}, starts[2] = {1, 2}, starts2[2] = {3, 0};
    MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_C, MPI_INT, &sub);
    MPI_Type_create_subarray(2, sizes, subsizes, starts2, MPI_ORDER_C, MPI_INT, &sub2);
    MPI_Type_commit(&sub);
    MPI_Type_commit(&sub2);
    MPI_Type_size(sub, &tsize);
    MPI_Type_get_extent(sub, &lb, &extent);
    CHECK(tsize == 12 * (int)sizeof(int), "size %d", tsize);
    CHECK(lb == 0 && extent == 48 * (MPI_Aint)sizeof(int), "lb %ld extent %ld (the whole array)", (long)lb, (long)extent);
    int a[6][8];
    if (rank == 0) {
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 8; j++) a[i][j] = i * 8 + j;
        MPI_Send(a, 1, sub, 1, 0, MPI_COMM_WORLD);
        MPI_Send(a, 1, sub, 1, 1, MPI_COMM_WORLD);
    } else if (rank == 1) {
        int b[12];
        MPI_Recv(b, 12, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (int k = 0; k < 12; k++) CHECK(b[k] == (1 + k / 4) * 8 + 2 + k % 4, "b[%d] = %d", k, b[k]);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 8; j++) a[i][j] = -1;
        MPI_Recv(a, 1, sub2, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 8; j++) {
                int in = i >= 3 && j < 4, want = in ? (i - 2) * 8 + j + 2 : -1;
                CHECK(a[i][j] == want, "a[%d][%d] = %d, expected %d", i, j, a[i][j], want);
            }
    }
    MPI_Type_free(&sub);
    MPI_Type_free(&sub2);
    return ctest_finish();
}
