/* Explicit offsets, noncollective, nonblocking: MPI_File_iwrite_at and MPI_File_iread_at completed
 * with MPI_Waitall / MPI_Wait / MPI_Test, the statuses counting the elements moved. The file is the
 * interleaved layout, checked byte by byte with POSIX read(). */
#include "iotest.h"

#define B 48

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st, sts[2];
    MPI_Request req[2];
    unsigned char mine[2 * B], got[2 * B], want[2 * B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fill(mine, rank, 2 * B);
    io_fresh("iat.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "iat.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_iwrite_at(fh, (MPI_Offset)rank * B, mine, B / 8, MPI_DOUBLE, &req[0]));
    CHECK_MPI(MPI_File_iwrite_at(fh, (MPI_Offset)(size + rank) * B, mine + B, B, MPI_BYTE, &req[1]));
    CHECK_MPI(MPI_Waitall(2, req, sts));
    CHECK(req[0] == MPI_REQUEST_NULL && req[1] == MPI_REQUEST_NULL, "the requests are freed by MPI_Waitall");
    CHECK_COUNT(sts[0], MPI_DOUBLE, B / 8);
    CHECK_COUNT(sts[1], MPI_BYTE, B);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    /* the neighbour's first block with MPI_Wait, its second with an MPI_Test loop */
    int peer = (rank + 1) % size, done = 0;
    io_fill(want, peer, 2 * B);
    memset(got, 0, sizeof got);
    CHECK_MPI(MPI_File_iread_at(fh, (MPI_Offset)peer * B, got, B, MPI_BYTE, &req[0]));
    CHECK_MPI(MPI_Wait(&req[0], &st));
    CHECK_COUNT(st, MPI_BYTE, B);
    CHECK_MPI(MPI_File_iread_at(fh, (MPI_Offset)(size + peer) * B, got + B, B / 4, MPI_INT, &req[1]));
    while (!done)
        CHECK_MPI(MPI_Test(&req[1], &done, &st));
    CHECK_COUNT(st, MPI_INT, B / 4);
    io_compare("iread_at of the neighbour's blocks", got, want, 2 * B);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("iat.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
