/* Individual file pointers, collective, blocking: MPI_File_write_all and MPI_File_read_all through
 * a view whose stream is the rank's blocks of the interleaved layout (so the collective writes
 * interleave in the file). Two writes of one block each advance the pointer; a rank with nothing
 * to write (count 0) still takes part. The file is checked byte by byte with POSIX read(). */
#include "iotest.h"

#define B 56

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset pos;
    unsigned char mine[2 * B], want[2 * B], got[2 * B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fill(mine, rank, 2 * B);
    io_fresh("indiv_all.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "indiv_all.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(io_block_view(fh, rank, size, B));
    CHECK_MPI(MPI_File_write_all(fh, mine, B, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, B);
    CHECK_MPI(MPI_File_write_all(fh, mine + B, B / 8, MPI_DOUBLE, &st));
    CHECK_COUNT(st, MPI_DOUBLE, B / 8);
    CHECK_MPI(MPI_File_write_all(fh, mine, 0, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, 0);
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 2 * B, "after the writes the pointer is at %lld, expected %d", (long long)pos, 2 * B);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    int peer = (rank + 1) % size;
    io_fill(want, peer, 2 * B);
    memset(got, 0, sizeof got);
    CHECK_MPI(io_block_view(fh, peer, size, B));
    CHECK_MPI(MPI_File_read_all(fh, got, 2 * B, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, 2 * B);
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 2 * B, "after the read the pointer is at %lld, expected %d", (long long)pos, 2 * B);
    io_compare("read_all of the neighbour's blocks", got, want, 2 * B);
    /* at the end of the file: nothing more to read, and the status says so */
    CHECK_MPI(MPI_File_read_all(fh, got, B, MPI_BYTE, &st));
    CHECK_EOF_COUNT(st, MPI_BYTE, 0);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("indiv_all.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
