/* A 2-D grid written collectively through darray views and read back by another distribution: a
 * G0 x G1 grid of ints (element (i, j) holds i * G1 + j + 1, row-major in the file) distributed
 * BLOCK x BLOCK over the process grid of MPI_Dims_create and written with MPI_File_write_at_all;
 * then read with MPI_File_read_at_all through a darray that deals whole rows out cyclically
 * (CYCLIC x NONE over size x 1 processes), every element checked; rank 0 checks the whole file
 * with POSIX read(). */
#include "iotest.h"

#define G0 12
#define G1 10

static int value(int i, int j) { return i * G1 + j + 1; }

int main(int argc, char **argv)
{
    int rank, size, dims[2] = {0, 0};
    MPI_File fh;
    MPI_Status st;
    MPI_Datatype blocks, rows;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("view_darray.dat");
    MPI_Dims_create(size, 2, dims);
    int gsizes[2] = {G0, G1}, dargs[2] = {MPI_DISTRIBUTE_DFLT_DARG, MPI_DISTRIBUTE_DFLT_DARG};
    int block_distribs[2] = {MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_BLOCK};
    /* a BLOCK distribution gives process c the ceil(g / p) elements from c * ceil(g / p) on (fewer at the end) */
    int b0 = (G0 + dims[0] - 1) / dims[0], b1 = (G1 + dims[1] - 1) / dims[1];
    int s0 = rank / dims[1] * b0, s1 = rank % dims[1] * b1;
    int n0 = G0 - s0 < b0 ? G0 - s0 : b0, n1 = G1 - s1 < b1 ? G1 - s1 : b1;
    int n = n0 * n1, *mine = malloc((size_t)n * sizeof(int) + 1);
    for (int i = 0; i < n0; i++)
        for (int j = 0; j < n1; j++)
            mine[i * n1 + j] = value(s0 + i, s1 + j);
    MPI_Type_create_darray(size, rank, 2, gsizes, block_distribs, dargs, dims, MPI_ORDER_C, MPI_INT, &blocks);
    MPI_Type_commit(&blocks);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "view_darray.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_INT, blocks, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_write_at_all(fh, 0, mine, n, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, n);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    /* rows rank, rank + size, ... : whole rows dealt out one at a time */
    int row_distribs[2] = {MPI_DISTRIBUTE_CYCLIC, MPI_DISTRIBUTE_NONE}, row_dargs[2] = {1, MPI_DISTRIBUTE_DFLT_DARG};
    int psizes[2] = {size, 1}, nrows = (G0 - rank + size - 1) / size;
    int *got = calloc((size_t)nrows * G1 + 1, sizeof(int));
    MPI_Type_create_darray(size, rank, 2, gsizes, row_distribs, row_dargs, psizes, MPI_ORDER_C, MPI_INT, &rows);
    MPI_Type_commit(&rows);
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_INT, rows, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_read_at_all(fh, 0, got, nrows * G1, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, nrows * G1);
    for (int k = 0; k < nrows; k++)
        for (int j = 0; j < G1; j++)
            CHECK(got[k * G1 + j] == value(rank + k * size, j), "element (%d, %d) read as %d", rank + k * size, j,
                  got[k * G1 + j]);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        int *file = malloc(G0 * G1 * sizeof(int));
        for (int i = 0; i < G0; i++)
            for (int j = 0; j < G1; j++)
                file[i * G1 + j] = value(i, j);
        io_expect_file("view_darray.dat", (unsigned char *)file, G0 * G1 * (long)sizeof(int));
        free(file);
    }
    MPI_Type_free(&blocks);
    MPI_Type_free(&rows);
    free(mine);
    free(got);
    return ctest_finish();
}
