/* A filetype whose lower bound is not 0: a struct of 2 ints at byte 8 and 1 int at byte 24, resized
 * to lower bound 4 and extent 32. The view repeats the filetype from the displacement in "the same
 * pattern that MPI_TYPE_CONTIGUOUS would produce if it were passed the filetype and an arbitrarily
 * large count" (MPI-4.0 14.1), whose copies keep their type map displacements, so view int k is at
 * byte 32 * (k / 3) + {8, 12, 24}[k % 3] whatever the lower bound. Each rank writes its own file (MPI_COMM_SELF) through the view,
 * reads it back through the view, and checks the placement with POSIX read() and
 * MPI_File_get_byte_offset. ROMIO places the data lb bytes further on (4 bytes here), so the
 * placement checks are made only off ROMIO; the read back through the view is checked everywhere. */
#include "iotest.h"

#define N 6

static long place(int k)
{
    static const int in_tile[3] = {8, 12, 24};
    return 32L * (k / 3) + in_tile[k % 3];
}

int main(int argc, char **argv)
{
    int rank, size, v[N], got[N];
    int lens[2] = {2, 1};
    MPI_Aint displs[2] = {8, 24};
    MPI_Datatype types[2] = {MPI_INT, MPI_INT}, blocks, filetype;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset byte;
    char name[32];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    snprintf(name, sizeof name, "view_lb%d.dat", rank);
    unlink(name);
    for (int k = 0; k < N; k++)
        v[k] = rank * 100 + k + 1;
    MPI_Type_create_struct(2, lens, displs, types, &blocks);
    MPI_Type_create_resized(blocks, 4, 32, &filetype);
    MPI_Type_commit(&filetype);

    CHECK_MPI(MPI_File_open(MPI_COMM_SELF, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_INT, filetype, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_write(fh, v, N, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, N);
    memset(got, 0, sizeof got);
    CHECK_MPI(MPI_File_read_at(fh, 0, got, N, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, N);
    io_compare("read back through the view", (unsigned char *)got, (unsigned char *)v, sizeof v);
    for (int k = 0; k < N && !IO_ROMIO; k++) {
        CHECK_MPI(MPI_File_get_byte_offset(fh, k, &byte));
        CHECK(byte == place(k), "get_byte_offset(%d) = %lld, expected %ld", k, (long long)byte, place(k));
    }
    CHECK_MPI(MPI_File_close(&fh));

    if (!IO_ROMIO) {
        long len;
        unsigned char *file = io_slurp(name, &len);
        CHECK(len == place(N - 1) + 4, "the file has %ld bytes, expected %ld", len, place(N - 1) + 4);
        for (int k = 0; k < N && file && len == place(N - 1) + 4; k++)
            CHECK(memcmp(file + place(k), &v[k], 4) == 0, "view int %d is not at byte %ld", k, place(k));
        free(file);
    }
    MPI_Type_free(&blocks);
    MPI_Type_free(&filetype);
    return ctest_finish();
}
