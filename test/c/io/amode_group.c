/* MPI_File_get_amode gives back the access mode the file was opened with, and MPI_File_get_group a
 * group identical to the communicator's (MPI_IDENT), for MPI_COMM_WORLD and for a split of it in
 * which each half opens its own file. */
#include "iotest.h"

static void check_file(MPI_Comm comm, const char *name, int amode)
{
    MPI_File fh;
    MPI_Group fgroup, cgroup;
    int got = -1, cmp = -1;
    CHECK_MPI(MPI_File_open(comm, name, amode, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_get_amode(fh, &got));
    CHECK(got == amode, "%s: get_amode gave %#x, expected %#x", name, (unsigned)got, (unsigned)amode);
    CHECK_MPI(MPI_File_get_group(fh, &fgroup));
    MPI_Comm_group(comm, &cgroup);
    MPI_Group_compare(fgroup, cgroup, &cmp);
    CHECK(cmp == MPI_IDENT, "%s: the file's group compares %d with the communicator's", name, cmp);
    MPI_Group_free(&fgroup);
    MPI_Group_free(&cgroup);
    CHECK_MPI(MPI_File_close(&fh));
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Comm half;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("amode_a.dat");
    io_fresh("amode_b.dat");
    io_fresh("amode_c.dat");

    check_file(MPI_COMM_WORLD, "amode_a.dat", MPI_MODE_CREATE | MPI_MODE_WRONLY);
    check_file(MPI_COMM_WORLD, "amode_a.dat", MPI_MODE_RDONLY);
    check_file(MPI_COMM_WORLD, "amode_a.dat", MPI_MODE_RDWR | MPI_MODE_UNIQUE_OPEN);
    check_file(MPI_COMM_WORLD, "amode_a.dat", MPI_MODE_WRONLY | MPI_MODE_APPEND);
    MPI_Comm_split(MPI_COMM_WORLD, rank % 2, size - rank, &half);
    check_file(half, rank % 2 ? "amode_b.dat" : "amode_c.dat", MPI_MODE_CREATE | MPI_MODE_RDWR);
    MPI_Comm_free(&half);
    return ctest_finish();
}
