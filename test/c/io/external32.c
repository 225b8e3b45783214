/* The "external32" data representation, which every implementation supports (MPI-4.0 14.5.2): ints
 * written through an "external32" view are big-endian two's complement in the file (checked with
 * POSIX read()) and read back through the same view as the values written; MPI_File_get_type_extent
 * gives their external32 size and MPI_File_get_view names the representation. An unknown name is
 * MPI_ERR_UNSUPPORTED_DATAREP. */
#include "iotest.h"

#define N 4

int main(int argc, char **argv)
{
    int rank, size, v[N], got[N];
    MPI_File fh;
    MPI_Status st;
    MPI_Offset disp;
    MPI_Datatype etype, filetype;
    MPI_Aint extent;
    char rep[MPI_MAX_DATAREP_STRING + 1];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("external32.dat");
    for (int i = 0; i < N; i++)
        v[i] = (rank + 1) * 0x01020304 * (i % 2 ? -1 : 1);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "external32.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "external32", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_get_view(fh, &disp, &etype, &filetype, rep));
    CHECK(strcmp(rep, "external32") == 0, "get_view names datarep %s", rep);
    CHECK_MPI(MPI_File_get_type_extent(fh, MPI_INT, &extent));
    CHECK(extent == 4, "the external32 extent of MPI_INT is %ld", (long)extent);
    CHECK_MPI(MPI_File_write_at_all(fh, rank * N, v, N, MPI_INT, &st));
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    memset(got, 0, sizeof got);
    CHECK_MPI(MPI_File_read_at(fh, rank * N, got, N, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, N);
    for (int i = 0; i < N; i++)
        CHECK(got[i] == v[i], "external32 int %d read back as %#x, expected %#x", i, (unsigned)got[i], (unsigned)v[i]);
    CHECK_CLASS(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "no-such-representation", MPI_INFO_NULL),
                MPI_ERR_UNSUPPORTED_DATAREP);
    CHECK_MPI(MPI_File_close(&fh));
    if (rank == 0) {
        unsigned char *file = malloc((size_t)size * N * 4);
        for (int r = 0; r < size; r++)
            for (int i = 0; i < N; i++) {
                unsigned x = (unsigned)((r + 1) * 0x01020304 * (i % 2 ? -1 : 1));
                unsigned char *at = file + (r * N + i) * 4;
                at[0] = (unsigned char)(x >> 24), at[1] = (unsigned char)(x >> 16), at[2] = (unsigned char)(x >> 8);
                at[3] = (unsigned char)x;
            }
        io_expect_file("external32.dat", file, (long)size * N * 4);
        free(file);
    }

    return ctest_finish();
}
