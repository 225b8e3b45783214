/* The shared file pointer, collective, blocking: MPI_File_write_ordered and MPI_File_read_ordered.
 * Rank r contributes (r + 1) * U bytes per call; the data lands in rank order, call after call, and
 * the shared pointer ends past it on every rank. read_ordered from the start hands each rank back
 * its own pieces. The file is checked byte by byte with POSIX read(). */
#include "iotest.h"

#define U 12   /* bytes per unit: rank r writes r + 1 units per call */
#define CALLS 2

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset pos;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("ordered.dat");
    long n = (long)(rank + 1) * U, per_call = (long)size * (size + 1) / 2 * U;
    unsigned char *mine = malloc((size_t)(CALLS * n)), *got = calloc((size_t)(CALLS * n), 1);
    io_fill(mine, rank, CALLS * n);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "ordered.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    for (int c = 0; c < CALLS; c++) {
        CHECK_MPI(MPI_File_write_ordered(fh, mine + c * n, (int)n, MPI_BYTE, &st));
        CHECK_COUNT(st, MPI_BYTE, n);
        /* write_ordered need not synchronize: a rank may be in the next call, moving the pointer, while
         * another still looks at it. The barriers keep the look between the calls. */
        MPI_Barrier(MPI_COMM_WORLD);
        CHECK_MPI(MPI_File_get_position_shared(fh, &pos));
        CHECK(pos == (c + 1) * per_call, "after write_ordered %d the shared pointer is at %lld, expected %ld", c,
              (long long)pos, (c + 1) * per_call);
        MPI_Barrier(MPI_COMM_WORLD);
    }
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    CHECK_MPI(MPI_File_seek_shared(fh, 0, MPI_SEEK_SET));
    for (int c = 0; c < CALLS; c++) {
        CHECK_MPI(MPI_File_read_ordered(fh, got + c * n, (int)(n / 4), MPI_INT, &st));
        CHECK_COUNT(st, MPI_INT, n / 4);
    }
    io_compare("read_ordered of this rank's pieces", got, mine, CALLS * n);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = malloc((size_t)(CALLS * per_call)), *at = file;
        for (int c = 0; c < CALLS; c++)
            for (int r = 0; r < size; r++) {
                long rn = (long)(r + 1) * U;
                for (long i = 0; i < rn; i++)
                    *at++ = io_byte(r, c * rn + i);
            }
        io_expect_file("ordered.dat", file, CALLS * per_call);
        free(file);
    }
    free(mine);
    free(got);
    return ctest_finish();
}
