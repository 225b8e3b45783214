/* MPI_MODE_EXCL with MPI_MODE_CREATE: opening a file that does not exist creates it; opening it
 * again that way fails on every rank with MPI_ERR_FILE_EXISTS and leaves its contents alone. */
#include "iotest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    unsigned char data[16];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("excl.dat");
    io_fill(data, 3, 16);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "excl.dat", MPI_MODE_CREATE | MPI_MODE_EXCL | MPI_MODE_WRONLY, MPI_INFO_NULL,
                            &fh));
    if (rank == 0)
        CHECK_MPI(MPI_File_write_at(fh, 0, data, 16, MPI_BYTE, &st));
    CHECK_MPI(MPI_File_close(&fh));

    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "excl.dat", MPI_MODE_CREATE | MPI_MODE_EXCL | MPI_MODE_RDWR, MPI_INFO_NULL,
                              &fh),
                MPI_ERR_FILE_EXISTS);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
        io_expect_file("excl.dat", data, 16);
    return ctest_finish();
}
