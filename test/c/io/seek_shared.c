/* The shared file pointer's position: MPI_File_seek_shared (collective; MPI_SEEK_SET, _CUR, _END)
 * and MPI_File_get_position_shared, in etypes of a view (MPI_SHORT from byte 4). The file holds 26
 * shorts, short i holding i, so view offset k reads k + 2; reads through the shared pointer move it
 * for every rank. A barrier separates each look at the pointer from the next move (the moves by
 * other ranks need not be synchronized with it). */
#include "iotest.h"

#define NSHORTS 26

static void expect_shared(MPI_File fh, MPI_Offset want, const char *after)
{
    MPI_Offset pos = -1;
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == want, "after %s the shared pointer is at %lld, expected %lld", after, (long long)pos, (long long)want);
    MPI_Barrier(MPI_COMM_WORLD);
}

int main(int argc, char **argv)
{
    int rank, size;
    short v[2];
    MPI_File fh;
    MPI_Status st;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("seek_shared.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "seek_shared.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    if (rank == 0) {
        short all[NSHORTS];
        for (int i = 0; i < NSHORTS; i++)
            all[i] = (short)i;
        CHECK_MPI(MPI_File_write_at(fh, 0, all, NSHORTS, MPI_SHORT, &st));
    }
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    CHECK_MPI(MPI_File_set_view(fh, 2 * sizeof(short), MPI_SHORT, MPI_SHORT, "native", MPI_INFO_NULL));
    expect_shared(fh, 0, "set_view");

    CHECK_MPI(MPI_File_seek_shared(fh, 5, MPI_SEEK_SET));
    expect_shared(fh, 5, "seek_shared(5, SET)");
    if (rank == 0) {
        CHECK_MPI(MPI_File_read_shared(fh, v, 2, MPI_SHORT, &st));
        CHECK(v[0] == 7 && v[1] == 8, "read_shared at 5 gave %d %d, expected 7 8", v[0], v[1]);
    }
    expect_shared(fh, 7, "rank 0's read_shared of 2 shorts");

    CHECK_MPI(MPI_File_seek_shared(fh, 3, MPI_SEEK_CUR));
    expect_shared(fh, 10, "seek_shared(3, CUR)");

    /* the view ends at short 24 (26 shorts from short 2): END - 4 is 20 */
    CHECK_MPI(MPI_File_seek_shared(fh, -4, MPI_SEEK_END));
    expect_shared(fh, 20, "seek_shared(-4, END)");
    if (size <= 6) { /* one short for each rank is still inside the file */
        CHECK_MPI(MPI_File_read_ordered(fh, v, 1, MPI_SHORT, &st));
        CHECK(v[0] == 22 + rank, "read_ordered at %d gave %d", 20 + rank, v[0]);
        expect_shared(fh, 20 + size, "read_ordered of one short per rank");
    }

    CHECK_MPI(MPI_File_seek_shared(fh, 0, MPI_SEEK_END));
    expect_shared(fh, NSHORTS - 2, "seek_shared(0, END)");
    if (rank == 0) {
        CHECK_MPI(MPI_File_read_shared(fh, v, 1, MPI_SHORT, &st));
        CHECK_COUNT(st, MPI_SHORT, 0);
    }
    CHECK_MPI(MPI_File_close(&fh));
    return ctest_finish();
}
