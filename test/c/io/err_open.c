/* Errors of MPI_File_open and MPI_File_delete, returned (the default file error handler is
 * MPI_ERRORS_RETURN) with their classes: a missing file without MPI_MODE_CREATE is
 * MPI_ERR_NO_SUCH_FILE, and so is deleting one; access modes the standard forbids are
 * MPI_ERR_AMODE: none or two of RDONLY / WRONLY / RDWR, RDONLY with CREATE or EXCL, RDWR with
 * SEQUENTIAL (MPI-4.0 14.2.1). A failed open leaves no file behind. */
#include "iotest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("missing.dat");
    io_fresh("amode.dat");

    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "missing.dat", MPI_MODE_RDONLY, MPI_INFO_NULL, &fh), MPI_ERR_NO_SUCH_FILE);
    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "missing.dat", MPI_MODE_RDWR, MPI_INFO_NULL, &fh), MPI_ERR_NO_SUCH_FILE);
    CHECK_CLASS(MPI_File_open(MPI_COMM_SELF, "no/such/dir/x.dat", MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh),
                MPI_ERR_NO_SUCH_FILE);
    if (rank == 0)
        CHECK_CLASS(MPI_File_delete("missing.dat", MPI_INFO_NULL), MPI_ERR_NO_SUCH_FILE);

    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "amode.dat", MPI_MODE_CREATE, MPI_INFO_NULL, &fh), MPI_ERR_AMODE);
    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "amode.dat", MPI_MODE_CREATE | MPI_MODE_RDONLY | MPI_MODE_WRONLY,
                              MPI_INFO_NULL, &fh),
                MPI_ERR_AMODE);
    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "amode.dat", MPI_MODE_CREATE | MPI_MODE_RDWR | MPI_MODE_WRONLY,
                              MPI_INFO_NULL, &fh),
                MPI_ERR_AMODE);
    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "amode.dat", MPI_MODE_CREATE | MPI_MODE_RDONLY, MPI_INFO_NULL, &fh),
                MPI_ERR_AMODE);
    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "amode.dat", MPI_MODE_EXCL | MPI_MODE_RDONLY, MPI_INFO_NULL, &fh),
                MPI_ERR_AMODE);
    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "amode.dat", MPI_MODE_CREATE | MPI_MODE_RDWR | MPI_MODE_SEQUENTIAL,
                              MPI_INFO_NULL, &fh),
                MPI_ERR_AMODE);
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(access("missing.dat", F_OK) != 0 && access("amode.dat", F_OK) != 0, "a failed open left a file behind");
    return ctest_finish();
}
