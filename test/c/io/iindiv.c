/* Individual file pointers, noncollective, nonblocking: MPI_File_iwrite and MPI_File_iread. The
 * pointer moves when the call is made (MPI-4.0 14.4.3), so two requests started back to back fill
 * consecutive places; the view makes each rank's stream its blocks of the interleaved layout. The
 * file is checked byte by byte with POSIX read(). */
#include "iotest.h"

#define B 40

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status sts[2];
    MPI_Request req[2];
    MPI_Offset pos;
    unsigned char mine[2 * B], want[2 * B], got[2 * B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fill(mine, rank, 2 * B);
    io_fresh("iindiv.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "iindiv.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(io_block_view(fh, rank, size, B));
    CHECK_MPI(MPI_File_iwrite(fh, mine, B, MPI_BYTE, &req[0]));
    CHECK_MPI(MPI_File_iwrite(fh, mine + B, B / 4, MPI_INT, &req[1]));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 2 * B, "after starting both writes the pointer is at %lld, expected %d", (long long)pos, 2 * B);
    CHECK_MPI(MPI_Waitall(2, req, sts));
    CHECK_COUNT(sts[0], MPI_BYTE, B);
    CHECK_COUNT(sts[1], MPI_INT, B / 4);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    int peer = (rank + size - 1) % size;
    io_fill(want, peer, 2 * B);
    memset(got, 0, sizeof got);
    CHECK_MPI(io_block_view(fh, peer, size, B));
    CHECK_MPI(MPI_File_iread(fh, got, B / 2, MPI_BYTE, &req[0]));
    CHECK_MPI(MPI_File_iread(fh, got + B / 2, 3 * B / 2, MPI_BYTE, &req[1]));
    CHECK_MPI(MPI_Wait(&req[1], &sts[1]));
    CHECK_MPI(MPI_Wait(&req[0], &sts[0]));
    CHECK_COUNT(sts[0], MPI_BYTE, B / 2);
    CHECK_COUNT(sts[1], MPI_BYTE, 3 * B / 2);
    io_compare("iread of the neighbour's blocks", got, want, 2 * B);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("iindiv.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
