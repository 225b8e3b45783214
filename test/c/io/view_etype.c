/* A derived etype: three shorts (6 bytes) are the unit of offsets. Each rank's filetype is one
 * etype resized to size etypes, from displacement 2 + rank * 6, so the ranks' etypes alternate in
 * the file after a 2-byte header. Offsets count etypes: write_at at offset 3 and write_at_all at
 * offset 0 (3 etypes) put each rank's 4 etypes in place, get_byte_offset(k) is
 * 2 + (k * size + rank) * 6, and the file is checked byte by byte with POSIX read(). */
#include "iotest.h"

#define E 3 /* shorts per etype */
#define K 4 /* etypes per rank */

static short value(int rank, int k, int j) { return (short)(rank * 100 + k * 10 + j + 1); }

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset byte;
    MPI_Datatype etype, filetype;
    short mine[K * E];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("view_etype.dat");
    for (int k = 0; k < K; k++)
        for (int j = 0; j < E; j++)
            mine[k * E + j] = value(rank, k, j);
    MPI_Type_contiguous(E, MPI_SHORT, &etype);
    MPI_Type_commit(&etype);
    MPI_Type_create_resized(etype, 0, (MPI_Aint)size * E * sizeof(short), &filetype);
    MPI_Type_commit(&filetype);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "view_etype.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, 2 + (MPI_Offset)rank * E * sizeof(short), etype, filetype, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_write_at(fh, K - 1, mine + (K - 1) * E, 1, etype, &st));
    CHECK_COUNT(st, etype, 1);
    CHECK_MPI(MPI_File_write_at_all(fh, 0, mine, (K - 1) * E, MPI_SHORT, &st));
    CHECK_COUNT(st, MPI_SHORT, (K - 1) * E);
    for (int k = 0; k < K; k++) {
        CHECK_MPI(MPI_File_get_byte_offset(fh, k, &byte));
        CHECK(byte == 2 + ((MPI_Offset)k * size + rank) * E * (MPI_Offset)sizeof(short), "get_byte_offset(%d) = %lld", k,
              (long long)byte);
    }
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        long len = 2 + (long)K * size * E * sizeof(short);
        unsigned char *file = calloc((size_t)len, 1), *mask = calloc((size_t)len, 1);
        for (int r = 0; r < size; r++)
            for (int k = 0; k < K; k++)
                for (int j = 0; j < E; j++) {
                    long at = 2 + ((long)(k * size + r) * E + j) * (long)sizeof(short);
                    short v = value(r, k, j);
                    memcpy(file + at, &v, sizeof v);
                    memset(mask + at, 1, sizeof v);
                }
        io_expect_file_masked("view_etype.dat", file, mask, len); /* the 2-byte header is never written */
        free(file);
        free(mask);
    }
    MPI_Type_free(&etype);
    MPI_Type_free(&filetype);
    return ctest_finish();
}
