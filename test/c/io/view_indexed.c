/* A view with an indexed filetype, written independently: in each tile of 10 * size ints, rank r owns
 * ints {0}, {2, 3, 4} and {7, 8} of its own 10 (blocks of 1, 3 and 2 at 0, 2 and 7), the rest are
 * holes nobody writes. Each rank writes two tiles of its stream with MPI_File_write (the individual
 * pointer), the file is checked with POSIX read(), and every rank reads the whole file collectively
 * through the default view with MPI_File_read_at_all. The holes are left out of the comparisons: MPI
 * does not say what never-written bytes hold (ROMIO's data sieving writes its buffer's leftovers). */
#include "iotest.h"

#define PER 6   /* ints of a rank per tile */
#define TILES 2

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Datatype blocks, filetype;
    int lens[3] = {1, 3, 2}, displs[3] = {0, 2, 7}, where[PER] = {0, 2, 3, 4, 7, 8};
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("view_indexed.dat");
    int n = TILES * PER, tile_ints = 10 * size, total = TILES * tile_ints;
    /* the file ends at the last int written: rank size-1's int 8 of the last tile */
    int len = total - 1;
    int *mine = malloc((size_t)n * sizeof(int)), *file = calloc((size_t)total, sizeof(int)),
        *got = calloc((size_t)total, sizeof(int)), *mask = calloc((size_t)total, sizeof(int));
    for (int k = 0; k < n; k++)
        mine[k] = rank * 1000 + k + 1;
    for (int r = 0; r < size; r++)
        for (int k = 0; k < n; k++) {
            int at = (k / PER) * tile_ints + r * 10 + where[k % PER];
            file[at] = r * 1000 + k + 1;
            mask[at] = -1; /* every byte of the int is compared */
        }
    MPI_Type_indexed(3, lens, displs, MPI_INT, &blocks);
    MPI_Type_create_resized(blocks, 0, (MPI_Aint)tile_ints * sizeof(int), &filetype);
    MPI_Type_commit(&filetype);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "view_indexed.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, (MPI_Offset)rank * 10 * sizeof(int), MPI_INT, filetype, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_write(fh, mine, PER + 1, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, PER + 1);
    CHECK_MPI(MPI_File_write(fh, mine + PER + 1, n - PER - 1, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, n - PER - 1);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    if (rank == 0)
        io_expect_file_masked("view_indexed.dat", (unsigned char *)file, (unsigned char *)mask, len * (long)sizeof(int));
    MPI_Barrier(MPI_COMM_WORLD);

    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_read_at_all(fh, 0, got, len, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, len);
    for (int i = 0; i < len; i++)
        if (!mask[i])
            got[i] = 0;
    io_compare("read_at_all of the whole file", (unsigned char *)got, (unsigned char *)file, len * (long)sizeof(int));
    CHECK_MPI(MPI_File_close(&fh));
    MPI_Type_free(&blocks);
    MPI_Type_free(&filetype);
    free(mine);
    free(file);
    free(got);
    free(mask);
    return ctest_finish();
}
