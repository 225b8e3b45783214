/* The shared file pointer, split collective: MPI_File_write_ordered_begin/_end and
 * MPI_File_read_ordered_begin/_end. Rank r contributes (r + 1) * U bytes; the data lands in rank
 * order after what write_shared put first, and reading from there hands each rank its own piece.
 * The file is checked byte by byte with POSIX read(). */
#include "iotest.h"

#define U 8
#define HEAD 10 /* bytes rank 0 writes with write_shared first */

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset pos;
    unsigned char head[HEAD];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("ordered_split.dat");
    long n = (long)(rank + 1) * U, total = (long)size * (size + 1) / 2 * U;
    unsigned char *mine = malloc((size_t)n), *got = calloc((size_t)n, 1);
    io_fill(mine, rank, n);
    memset(head, 0xEE, HEAD);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "ordered_split.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    if (rank == 0)
        CHECK_MPI(MPI_File_write_shared(fh, head, HEAD, MPI_BYTE, &st));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_write_ordered_begin(fh, mine, (int)n, MPI_BYTE));
    CHECK_MPI(MPI_File_write_ordered_end(fh, mine, &st));
    CHECK_COUNT(st, MPI_BYTE, n);
    /* the ordered calls need not synchronize: every rank is past _end before any looks at the pointer */
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == HEAD + total, "after write_ordered_end the shared pointer is at %lld, expected %ld", (long long)pos,
          HEAD + total);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    CHECK_MPI(MPI_File_seek_shared(fh, HEAD, MPI_SEEK_SET));
    CHECK_MPI(MPI_File_read_ordered_begin(fh, got, (int)n, MPI_BYTE));
    CHECK_MPI(MPI_File_read_ordered_end(fh, got, &st));
    CHECK_COUNT(st, MPI_BYTE, n);
    io_compare("read_ordered_begin/end of this rank's piece", got, mine, n);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        unsigned char *file = malloc((size_t)(HEAD + total)), *at = file + HEAD;
        memset(file, 0xEE, HEAD);
        for (int r = 0; r < size; r++)
            for (long i = 0; i < (long)(r + 1) * U; i++)
                *at++ = io_byte(r, i);
        io_expect_file("ordered_split.dat", file, HEAD + total);
        free(file);
    }
    free(mine);
    free(got);
    return ctest_finish();
}
