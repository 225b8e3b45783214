/* MPI_Dims_create: balanced factorizations in non-increasing order, and fixed (non-zero)
 * entries kept, for a table of node counts. */
#include "ctest.h"

static void expect_dims(int nnodes, int ndims, const int *fixed, const int *want)
{
    int dims[4];
    for (int i = 0; i < ndims; i++) dims[i] = fixed[i];
    int rc = MPI_Dims_create(nnodes, ndims, dims);
    CHECK(rc == MPI_SUCCESS, "Dims_create(%d, %d) returned %d", nnodes, ndims, rc);
    for (int i = 0; i < ndims; i++)
        CHECK(dims[i] == want[i], "Dims_create(%d, %d): dims[%d] = %d, expected %d", nnodes, ndims, i, dims[i], want[i]);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    expect_dims(1, 2, (int[]){0, 0}, (int[]){1, 1});
    expect_dims(6, 2, (int[]){0, 0}, (int[]){3, 2});
    expect_dims(7, 2, (int[]){0, 0}, (int[]){7, 1});
    expect_dims(12, 2, (int[]){0, 0}, (int[]){4, 3});
    expect_dims(16, 2, (int[]){0, 0}, (int[]){4, 4});
    expect_dims(24, 3, (int[]){0, 0, 0}, (int[]){4, 3, 2});
    expect_dims(64, 3, (int[]){0, 0, 0}, (int[]){4, 4, 4});
    expect_dims(12, 3, (int[]){0, 3, 0}, (int[]){2, 3, 2});
    expect_dims(30, 3, (int[]){0, 0, 5}, (int[]){3, 2, 5});
    expect_dims(8, 3, (int[]){2, 2, 2}, (int[]){2, 2, 2});
    expect_dims(5, 1, (int[]){0}, (int[]){5});
    expect_dims(36, 4, (int[]){0, 0, 0, 0}, (int[]){3, 3, 2, 2});
    return ctest_finish();
}
