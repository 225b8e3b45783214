/* Explicit offsets, noncollective, blocking: MPI_File_write_at and MPI_File_read_at. Each rank
 * writes its two blocks of the interleaved layout (the second first), the file is checked byte by
 * byte with POSIX read(), and each rank reads its neighbour's blocks back with read_at. */
#include "iotest.h"

#define B 40

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    unsigned char mine[2 * B], got[B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fill(mine, rank, 2 * B);
    io_fresh("at.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "at.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    /* B bytes as B/4 ints: the count is in elements of the datatype */
    CHECK_MPI(MPI_File_write_at(fh, (MPI_Offset)(size + rank) * B, mine + B, B / 4, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, B / 4);
    CHECK_MPI(MPI_File_write_at(fh, (MPI_Offset)rank * B, mine, B, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, B);
    /* sync-barrier-sync makes the other ranks' writes visible to this rank's reads (MPI-4.0 14.6.1) */
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    int peer = (rank + 1) % size;
    unsigned char want[2 * B];
    io_fill(want, peer, 2 * B);
    for (int half = 0; half < 2; half++) {
        memset(got, 0, B);
        CHECK_MPI(MPI_File_read_at(fh, (MPI_Offset)(half * size + peer) * B, got, B, MPI_BYTE, &st));
        CHECK_COUNT(st, MPI_BYTE, B);
        io_compare("read_at of the neighbour's block", got, want + half * B, B);
    }
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("at.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
