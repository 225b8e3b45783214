/* A 2-D grid written collectively through subarray views and read back by another decomposition:
 * a G0 x G1 grid of ints (element (i, j) holds i * G1 + j + 1, row-major in the file) split into
 * blocks over the process grid of MPI_Dims_create (uneven splits allowed); each rank writes its
 * block with MPI_File_write_all. Then each rank reads a band of whole columns with
 * MPI_File_read_all through another subarray view and checks every element; rank 0 checks the
 * whole file with POSIX read(). */
#include "iotest.h"

#define G0 12
#define G1 10

/* The part [*start, *start + *len) of n that process c of p gets. */
static void split(int n, int p, int c, int *start, int *len)
{
    *start = c * n / p;
    *len = (c + 1) * n / p - *start;
}

static int value(int i, int j) { return i * G1 + j + 1; }

int main(int argc, char **argv)
{
    int rank, size, dims[2] = {0, 0};
    MPI_File fh;
    MPI_Status st;
    MPI_Datatype block, band;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("view_subarray.dat");
    MPI_Dims_create(size, 2, dims);
    int gsizes[2] = {G0, G1}, sub[2], start[2];
    split(G0, dims[0], rank / dims[1], &start[0], &sub[0]);
    split(G1, dims[1], rank % dims[1], &start[1], &sub[1]);
    int n = sub[0] * sub[1], *mine = malloc((size_t)n * sizeof(int) + 1);
    for (int i = 0; i < sub[0]; i++)
        for (int j = 0; j < sub[1]; j++)
            mine[i * sub[1] + j] = value(start[0] + i, start[1] + j);
    MPI_Type_create_subarray(2, gsizes, sub, start, MPI_ORDER_C, MPI_INT, &block);
    MPI_Type_commit(&block);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "view_subarray.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_INT, block, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_write_all(fh, mine, n, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, n);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    /* the other decomposition: whole columns, split over all ranks */
    int bsub[2] = {G0, 0}, bstart[2] = {0, 0};
    split(G1, size, rank, &bstart[1], &bsub[1]);
    int bn = bsub[0] * bsub[1], *got = calloc((size_t)bn + 1, sizeof(int));
    CHECK(bn > 0, "%d ranks are too many for %d columns", size, G1);
    MPI_Type_create_subarray(2, gsizes, bsub, bstart, MPI_ORDER_C, MPI_INT, &band);
    MPI_Type_commit(&band);
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_INT, band, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_read_all(fh, got, bn, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, bn);
    for (int i = 0; i < bsub[0]; i++)
        for (int j = 0; j < bsub[1]; j++)
            CHECK(got[i * bsub[1] + j] == value(i, bstart[1] + j), "element (%d, %d) read as %d", i, bstart[1] + j,
                  got[i * bsub[1] + j]);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        int *file = malloc(G0 * G1 * sizeof(int));
        for (int i = 0; i < G0; i++)
            for (int j = 0; j < G1; j++)
                file[i * G1 + j] = value(i, j);
        io_expect_file("view_subarray.dat", (unsigned char *)file, G0 * G1 * (long)sizeof(int));
        free(file);
    }
    MPI_Type_free(&block);
    MPI_Type_free(&band);
    free(mine);
    free(got);
    return ctest_finish();
}
