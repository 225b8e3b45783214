/* The "external32" data representation, which every implementation supports (MPI-4.0 14.5.2): ints
 * written through an "external32" view are big-endian two's complement in the file (checked with
 * POSIX read()) and read back through the same view as the values written; MPI_File_get_type_extent
 * gives their external32 size and MPI_File_get_view names the representation. Doubles taken from
 * every other element of an array (a vector memory type) and written collectively after the ints
 * are big-endian IEEE 754 in the file. An unknown name is MPI_ERR_UNSUPPORTED_DATAREP. */
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
    /* doubles after all the ints: 1.5 * (rank + 1) and -0.25 * (rank + 1), from every other element */
    double d[4] = {1.5 * (rank + 1), 99, -0.25 * (rank + 1), 99};
    MPI_Datatype every_other;
    MPI_Type_vector(2, 1, 2, MPI_DOUBLE, &every_other);
    MPI_Type_commit(&every_other);
    CHECK_MPI(MPI_File_set_view(fh, (MPI_Offset)size * N * 4, MPI_DOUBLE, MPI_DOUBLE, "external32", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_write_at_all(fh, 2 * rank, d, 1, every_other, &st));
    MPI_Type_free(&every_other);
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
        /* 1.5 is 0x3FF8 0000 0000 0000 and -0.25 is 0xBFD0 0000 0000 0000; times (r + 1) for r = 0..3 */
        static const unsigned char hi[4][2][2] = {{{0x3F, 0xF8}, {0xBF, 0xD0}}, {{0x40, 0x08}, {0xBF, 0xE0}},
                                                  {{0x40, 0x12}, {0xBF, 0xE8}}, {{0x40, 0x18}, {0xBF, 0xF0}}};
        long len = (long)size * N * 4 + size * 16L;
        file = realloc(file, (size_t)len);
        memset(file + size * N * 4, 0, (size_t)size * 16);
        for (int r = 0; r < size && r < 4; r++)
            for (int k = 0; k < 2; k++)
                memcpy(file + size * N * 4 + (2 * r + k) * 8, hi[r][k], 2);
        if (size <= 4)
            io_expect_file("external32.dat", file, len);
        free(file);
    }

    return ctest_finish();
}
