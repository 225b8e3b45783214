/* Explicit offsets, collective, nonblocking: MPI_File_iwrite_at_all and MPI_File_iread_at_all
 * completed with MPI_Wait, one request per block of the interleaved layout; each rank then reads
 * its neighbour's blocks back the same way. The file is checked byte by byte with POSIX read(). */
#include "iotest.h"

#define B 32

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Request req;
    unsigned char mine[2 * B], want[2 * B], got[2 * B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fill(mine, rank, 2 * B);
    io_fresh("iat_all.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "iat_all.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    for (int half = 0; half < 2; half++) {
        CHECK_MPI(MPI_File_iwrite_at_all(fh, (MPI_Offset)(half * size + rank) * B, mine + half * B, B, MPI_BYTE, &req));
        CHECK_MPI(MPI_Wait(&req, &st));
        CHECK_COUNT(st, MPI_BYTE, B);
    }
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    int peer = (rank + 1) % size;
    io_fill(want, peer, 2 * B);
    memset(got, 0, sizeof got);
    for (int half = 0; half < 2; half++) {
        CHECK_MPI(MPI_File_iread_at_all(fh, (MPI_Offset)(half * size + peer) * B, got + half * B, B / 4, MPI_INT, &req));
        CHECK_MPI(MPI_Wait(&req, &st));
        CHECK_COUNT(st, MPI_INT, B / 4);
    }
    io_compare("iread_at_all of the neighbour's blocks", got, want, 2 * B);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("iat_all.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
