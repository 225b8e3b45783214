/* File sizes: MPI_File_set_size truncates and extends (with zeros), MPI_File_preallocate only ever
 * grows the file (zeros too) and keeps its data, MPI_File_get_size agrees on every rank and with
 * POSIX stat(). All three are collective. */
#include "iotest.h"

static void expect_size(MPI_File fh, MPI_Offset want, const char *after)
{
    MPI_Offset got = -1;
    struct stat sb;
    CHECK_MPI(MPI_File_get_size(fh, &got));
    CHECK(got == want, "after %s get_size says %lld, expected %lld", after, (long long)got, (long long)want);
    CHECK(stat("size.dat", &sb) == 0 && sb.st_size == want, "after %s stat says %lld bytes", after, (long long)sb.st_size);
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    unsigned char data[100], want[300];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("size.dat");
    io_fill(data, 7, 100);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "size.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    expect_size(fh, 0, "open");
    MPI_Barrier(MPI_COMM_WORLD); /* get_size is not collective: everyone looks before rank 0 writes */
    if (rank == 0)
        CHECK_MPI(MPI_File_write_at(fh, 0, data, 100, MPI_BYTE, &st));
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    expect_size(fh, 100, "a 100-byte write");

    CHECK_MPI(MPI_File_set_size(fh, 60));
    expect_size(fh, 60, "set_size(60)");
    CHECK_MPI(MPI_File_set_size(fh, 150));
    expect_size(fh, 150, "set_size(150)");
    CHECK_MPI(MPI_File_preallocate(fh, 120));
    expect_size(fh, 150, "preallocate(120) of a 150-byte file");
    CHECK_MPI(MPI_File_preallocate(fh, 300));
    expect_size(fh, 300, "preallocate(300)");
    MPI_Barrier(MPI_COMM_WORLD);

    memset(want, 0, sizeof want);
    memcpy(want, data, 60);
    if (rank == 0)
        io_expect_file("size.dat", want, 300);
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_set_size(fh, 0));
    expect_size(fh, 0, "set_size(0)");
    CHECK_MPI(MPI_File_close(&fh));
    return ctest_finish();
}
