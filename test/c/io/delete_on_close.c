/* MPI_MODE_DELETE_ON_CLOSE removes the file when the last rank closes it, and MPI_File_delete
 * removes a closed file; deleting it again fails with MPI_ERR_NO_SUCH_FILE. Checked with POSIX
 * access(). */
#include "iotest.h"

int main(int argc, char **argv)
{
    int rank, size, v = 42;
    MPI_File fh;
    MPI_Status st;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("doc.dat");
    io_fresh("deleted.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "doc.dat", MPI_MODE_CREATE | MPI_MODE_RDWR | MPI_MODE_DELETE_ON_CLOSE,
                            MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_write_at(fh, rank * sizeof(int), &v, 1, MPI_INT, &st));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(access("doc.dat", F_OK) == 0, "doc.dat is gone before it was closed");
    CHECK_MPI(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(access("doc.dat", F_OK) != 0 && errno == ENOENT, "doc.dat is still there after the close");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "deleted.dat", MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_close(&fh));
    if (rank == 0) {
        CHECK_MPI(MPI_File_delete("deleted.dat", MPI_INFO_NULL));
        CHECK(access("deleted.dat", F_OK) != 0 && errno == ENOENT, "deleted.dat is still there after MPI_File_delete");
        CHECK_CLASS(MPI_File_delete("deleted.dat", MPI_INFO_NULL), MPI_ERR_NO_SUCH_FILE);
    }
    return ctest_finish();
}
