/* Individual file pointers, noncollective, blocking: MPI_File_seek, MPI_File_write, MPI_File_read,
 * MPI_File_get_position. Each rank seeks to each of its blocks of the interleaved layout and writes
 * it, the pointer advancing by the data written; then seeks to its neighbour's blocks and reads
 * them. The file is checked byte by byte with POSIX read(). */
#include "iotest.h"

#define B 36

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
    io_fresh("indiv.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "indiv.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 0, "a new file's individual pointer is at %lld", (long long)pos);
    for (int half = 1; half >= 0; half--) {
        CHECK_MPI(MPI_File_seek(fh, (MPI_Offset)(half * size + rank) * B, MPI_SEEK_SET));
        /* in two pieces: the second goes where the first left the pointer */
        CHECK_MPI(MPI_File_write(fh, mine + half * B, B / 3, MPI_BYTE, &st));
        CHECK_COUNT(st, MPI_BYTE, B / 3);
        CHECK_MPI(MPI_File_write(fh, mine + half * B + B / 3, B - B / 3, MPI_BYTE, &st));
        CHECK_MPI(MPI_File_get_position(fh, &pos));
        CHECK(pos == (MPI_Offset)(half * size + rank + 1) * B, "after writing block %d the pointer is at %lld", half,
              (long long)pos);
    }
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    int peer = (rank + 1) % size;
    io_fill(want, peer, 2 * B);
    memset(got, 0, sizeof got);
    CHECK_MPI(MPI_File_seek(fh, (MPI_Offset)peer * B, MPI_SEEK_SET));
    CHECK_MPI(MPI_File_read(fh, got, B / 4, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, B / 4);
    /* from the end of that block to the neighbour's second one */
    CHECK_MPI(MPI_File_seek(fh, (MPI_Offset)(size - 1) * B, MPI_SEEK_CUR));
    CHECK_MPI(MPI_File_read(fh, got + B, B, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, B);
    io_compare("read of the neighbour's blocks", got, want, 2 * B);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("indiv.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
