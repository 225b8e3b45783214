/* A directory is not a file: MPI_File_open of a directory's name for writing fails with
 * MPI_ERR_BAD_FILE (the class of an invalid file name; POSIX open() says EISDIR), on every rank,
 * and so does MPI_File_delete of it, which leaves it in place. */
#include "iotest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    struct stat sb;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 0)
        CHECK(mkdir("a_dir", 0755) == 0 || errno == EEXIST, "cannot make a_dir: %s", strerror(errno));
    MPI_Barrier(MPI_COMM_WORLD);

    int rc = MPI_File_open(MPI_COMM_WORLD, "a_dir", MPI_MODE_RDWR, MPI_INFO_NULL, &fh);
    CHECK(rc != MPI_SUCCESS && io_class(rc) == MPI_ERR_BAD_FILE, "opening a directory for RDWR gave class %d, expected "
          "MPI_ERR_BAD_FILE (%d)", rc == MPI_SUCCESS ? 0 : io_class(rc), MPI_ERR_BAD_FILE);
    if (rc == MPI_SUCCESS)
        MPI_File_close(&fh);
    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "a_dir", MPI_MODE_WRONLY, MPI_INFO_NULL, &fh), MPI_ERR_BAD_FILE);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        CHECK_CLASS(MPI_File_delete("a_dir", MPI_INFO_NULL), MPI_ERR_BAD_FILE);
        CHECK(stat("a_dir", &sb) == 0 && S_ISDIR(sb.st_mode), "a_dir is gone");
        rmdir("a_dir");
    }
    return ctest_finish();
}
