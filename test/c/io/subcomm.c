/* Files opened over a communicator that is not MPI_COMM_WORLD: the ranks split into two halves
 * (even and odd world ranks, in reverse order) and each half opens its own file, does a collective
 * write at explicit offsets and a write_ordered after it, with ranks counted in the half. Both
 * files are checked byte by byte with POSIX read(). */
#include "iotest.h"

#define B 20

int main(int argc, char **argv)
{
    int rank, size, hrank, hsize;
    MPI_Comm half;
    MPI_File fh;
    MPI_Status st;
    unsigned char mine[2 * B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("subcomm0.dat");
    io_fresh("subcomm1.dat");
    MPI_Comm_split(MPI_COMM_WORLD, rank % 2, size - rank, &half);
    MPI_Comm_rank(half, &hrank);
    MPI_Comm_size(half, &hsize);
    io_fill(mine, hrank, 2 * B);
    const char *name = rank % 2 ? "subcomm1.dat" : "subcomm0.dat";

    CHECK_MPI(MPI_File_open(half, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_write_at_all(fh, (MPI_Offset)hrank * B, mine, B, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, B);
    CHECK_MPI(MPI_File_seek_shared(fh, (MPI_Offset)hsize * B, MPI_SEEK_SET));
    CHECK_MPI(MPI_File_write_ordered(fh, mine + B, B, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, B);
    CHECK_MPI(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);

    if (hrank == 0) {
        unsigned char *file = io_interleaved(hsize, B, 2);
        io_expect_file(name, file, 2L * hsize * B);
        free(file);
    }
    MPI_Comm_free(&half);
    return ctest_finish();
}
