/* Many files open at once: every rank opens its own file over MPI_COMM_SELF while a shared file is
 * open over MPI_COMM_WORLD; each rank appends records to its own file through its shared pointer
 * and writes its block of the world file, interleaving the calls. Closing in a different order than
 * opening, every file holds what was written to it (checked byte by byte with POSIX read()). */
#include "iotest.h"

#define B 16
#define K 3

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File world, own;
    MPI_Status st;
    char name[32];
    unsigned char mine[K * B], rec[B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    snprintf(name, sizeof name, "self%d.dat", rank);
    io_fresh("self_world.dat");
    unlink(name);
    io_fill(mine, rank, K * B);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "self_world.dat", MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &world));
    CHECK_MPI(MPI_File_open(MPI_COMM_SELF, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &own));
    CHECK(world != own, "two open files share a handle");
    for (int k = 0; k < K; k++) {
        io_record(rec, rank, k, B);
        CHECK_MPI(MPI_File_write_shared(own, rec, B, MPI_BYTE, &st));
        CHECK_MPI(MPI_File_write_at_all(world, (MPI_Offset)(k * size + rank) * B, mine + k * B, B, MPI_BYTE, &st));
    }
    CHECK_MPI(MPI_File_close(&world));
    CHECK_MPI(MPI_File_close(&own));

    unsigned char want[K * B];
    for (int k = 0; k < K; k++)
        io_record(want + k * B, rank, k, B);
    io_expect_file(name, want, K * B);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, K);
        io_expect_file("self_world.dat", file, (long)K * size * B);
        free(file);
    }
    return ctest_finish();
}
