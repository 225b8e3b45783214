/* Explicit offsets, collective, blocking: MPI_File_write_at_all and MPI_File_read_at_all. The memory
 * side is a noncontiguous vector (every other int), so the two-phase path packs and unpacks; the
 * file is the interleaved layout, checked byte by byte, and every rank reads its neighbour's
 * blocks back collectively. */
#include "iotest.h"

#define B 64 /* bytes per block: B / 4 ints */

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Datatype every_other;
    int spread[B / 2], back[B / 2];
    unsigned char mine[2 * B], want[2 * B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fill(mine, rank, 2 * B);
    io_fresh("at_all.dat");
    /* B / 4 ints taken from every other int of spread[] */
    MPI_Type_vector(B / 4, 1, 2, MPI_INT, &every_other);
    MPI_Type_commit(&every_other);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "at_all.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    for (int half = 1; half >= 0; half--) {
        for (int i = 0; i < B / 4; i++) {
            memcpy(&spread[2 * i], mine + half * B + 4 * i, 4);
            spread[2 * i + 1] = -1;
        }
        CHECK_MPI(MPI_File_write_at_all(fh, (MPI_Offset)(half * size + rank) * B, spread, 1, every_other, &st));
        CHECK_COUNT(st, every_other, 1);
    }
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    int peer = (rank + size - 1) % size;
    io_fill(want, peer, 2 * B);
    for (int half = 0; half < 2; half++) {
        for (int i = 0; i < B / 2; i++)
            back[i] = -2;
        CHECK_MPI(MPI_File_read_at_all(fh, (MPI_Offset)(half * size + peer) * B, back, 1, every_other, &st));
        CHECK_COUNT(st, every_other, 1);
        for (int i = 0; i < B / 4; i++) {
            CHECK(memcmp(&back[2 * i], want + half * B + 4 * i, 4) == 0, "read_at_all: int %d of block %d differs", i, half);
            CHECK(back[2 * i + 1] == -2, "read_at_all wrote into the vector's gap at int %d", 2 * i + 1);
        }
    }
    CHECK_MPI(MPI_File_close(&fh));
    MPI_Type_free(&every_other);

    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("at_all.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
