/* Explicit offsets, split collective: MPI_File_write_at_all_begin/_end and
 * MPI_File_read_at_all_begin/_end. Other work (a collective on the communicator) happens between
 * begin and end; _end's status counts the data. The file is the interleaved layout, checked byte by
 * byte with POSIX read(). */
#include "iotest.h"

#define B 24

int main(int argc, char **argv)
{
    int rank, size, sum = 0;
    MPI_File fh;
    MPI_Status st;
    unsigned char mine[2 * B], want[2 * B], got[2 * B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fill(mine, rank, 2 * B);
    io_fresh("at_all_split.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "at_all_split.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    for (int half = 0; half < 2; half++) {
        CHECK_MPI(MPI_File_write_at_all_begin(fh, (MPI_Offset)(half * size + rank) * B, mine + half * B, B, MPI_BYTE));
        MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
        CHECK_MPI(MPI_File_write_at_all_end(fh, mine + half * B, &st));
        CHECK_COUNT(st, MPI_BYTE, B);
    }
    CHECK(sum == size * (size - 1) / 2, "the allreduce between begin and end gave %d", sum);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    int peer = (rank + 1) % size;
    io_fill(want, peer, 2 * B);
    memset(got, 0, sizeof got);
    for (int half = 0; half < 2; half++) {
        CHECK_MPI(MPI_File_read_at_all_begin(fh, (MPI_Offset)(half * size + peer) * B, got + half * B, B / 2, MPI_SHORT));
        CHECK_MPI(MPI_File_read_at_all_end(fh, got + half * B, &st));
        CHECK_COUNT(st, MPI_SHORT, B / 2);
    }
    io_compare("read_at_all_begin/end of the neighbour's blocks", got, want, 2 * B);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("at_all_split.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
