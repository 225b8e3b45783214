/* A view with a vector filetype, written and read collectively: etype MPI_INT, and each rank's
 * filetype NB blocks of 2 ints, 2 * size ints apart, displaced by the rank's 2 ints, so the ranks'
 * streams interleave pairwise in the file. Two tiles are written with MPI_File_write_all; the file
 * (ints rank * 1000 + stream index) is checked with POSIX read(), and each rank reads its stream
 * back with MPI_File_read_all. */
#include "iotest.h"

#define NB 3
#define TILES 2

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Datatype pairs, filetype;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("view_vector.dat");
    int n = TILES * NB * 2, tile_ints = NB * 2 * size;
    int *mine = malloc((size_t)n * sizeof(int)), *got = calloc((size_t)n, sizeof(int));
    for (int k = 0; k < n; k++)
        mine[k] = rank * 1000 + k;
    MPI_Type_vector(NB, 2, 2 * size, MPI_INT, &pairs);
    MPI_Type_create_resized(pairs, 0, (MPI_Aint)tile_ints * sizeof(int), &filetype);
    MPI_Type_commit(&filetype);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "view_vector.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, (MPI_Offset)rank * 2 * sizeof(int), MPI_INT, filetype, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_write_all(fh, mine, n, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, n);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    CHECK_MPI(MPI_File_seek(fh, 0, MPI_SEEK_SET));
    CHECK_MPI(MPI_File_read_all(fh, got, n, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, n);
    io_compare("read_all of this rank's stream", (unsigned char *)got, (unsigned char *)mine, n * (long)sizeof(int));
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        int total = TILES * tile_ints, *file = malloc((size_t)total * sizeof(int));
        for (int r = 0; r < size; r++)
            for (int k = 0; k < n; k++) {
                int tile = k / (2 * NB), block = (k % (2 * NB)) / 2;
                file[tile * tile_ints + block * 2 * size + r * 2 + k % 2] = r * 1000 + k;
            }
        io_expect_file("view_vector.dat", (unsigned char *)file, total * (long)sizeof(int));
        free(file);
    }
    MPI_Type_free(&pairs);
    MPI_Type_free(&filetype);
    free(mine);
    free(got);
    return ctest_finish();
}
