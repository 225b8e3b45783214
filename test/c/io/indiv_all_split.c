/* Individual file pointers, split collective: MPI_File_write_all_begin/_end and
 * MPI_File_read_all_begin/_end, through a view whose stream is the rank's blocks of the interleaved
 * layout. The pointer has moved once _begin returns (MPI-4.0 14.4.5); _end's status counts the
 * data. The file is checked byte by byte with POSIX read(). */
#include "iotest.h"

#define B 20

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
    io_fresh("indiv_all_split.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "indiv_all_split.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(io_block_view(fh, rank, size, B));
    CHECK_MPI(MPI_File_write_all_begin(fh, mine, 2 * B, MPI_BYTE));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 2 * B, "after write_all_begin the pointer is at %lld, expected %d", (long long)pos, 2 * B);
    CHECK_MPI(MPI_File_write_all_end(fh, mine, &st));
    CHECK_COUNT(st, MPI_BYTE, 2 * B);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    int peer = (rank + 1) % size;
    io_fill(want, peer, 2 * B);
    memset(got, 0, sizeof got);
    CHECK_MPI(io_block_view(fh, peer, size, B));
    for (int half = 0; half < 2; half++) {
        CHECK_MPI(MPI_File_read_all_begin(fh, got + half * B, B / 4, MPI_INT));
        CHECK_MPI(MPI_File_read_all_end(fh, got + half * B, &st));
        CHECK_COUNT(st, MPI_INT, B / 4);
    }
    io_compare("read_all_begin/end of the neighbour's blocks", got, want, 2 * B);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("indiv_all_split.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
