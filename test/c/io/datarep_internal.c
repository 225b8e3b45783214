/* The "internal" data representation: MPI-4.0 14.5 lists "native", "internal" and "external32" as
 * the representations MPI supports ("internal" is implementation dependent, so an implementation
 * may make it "native"). Ints written collectively through an "internal" view read back through it
 * as written, by another rank, and MPI_File_get_view names the representation (ROMIO makes it
 * "native" and names it so; that check is made only off ROMIO). */
#include "iotest.h"

#define N 4

static int value(int rank, int i) { return (rank + 1) * 0x01020304 * (i % 2 ? -1 : 1); }

int main(int argc, char **argv)
{
    int rank, size, v[N], got[N];
    MPI_File fh;
    MPI_Status st;
    MPI_Offset disp;
    MPI_Datatype etype, filetype;
    char rep[MPI_MAX_DATAREP_STRING + 1];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("internal.dat");
    for (int i = 0; i < N; i++)
        v[i] = value(rank, i);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "internal.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "internal", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_get_view(fh, &disp, &etype, &filetype, rep));
    CHECK(IO_ROMIO || strcmp(rep, "internal") == 0, "get_view names datarep %s", rep);
    CHECK_MPI(MPI_File_write_at_all(fh, rank * N, v, N, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, N);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    int peer = (rank + 1) % size;
    memset(got, 0, sizeof got);
    CHECK_MPI(MPI_File_read_at_all(fh, peer * N, got, N, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, N);
    for (int i = 0; i < N; i++)
        CHECK(got[i] == value(peer, i), "int %d of rank %d read back as %#x, expected %#x", i, peer, (unsigned)got[i],
              (unsigned)value(peer, i));
    CHECK_MPI(MPI_File_close(&fh));
    return ctest_finish();
}
