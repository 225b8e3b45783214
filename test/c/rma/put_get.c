/* MPI_Put and MPI_Get between fences, contiguous data: every rank writes a block into every
 * window (itself included) and reads another block back; a large transfer (256 KiB, beyond any
 * eager size); a window with disp_unit 1 addressed in bytes; a count of zero moves nothing. */
#include <stdlib.h>
#include <string.h>
#include "rmatest.h"

#define B 8             /* ints per rank's block */
#define BIG (64 * 1024) /* ints in the large transfer */

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    /* Blocks: rank r puts B ints (r*100+i) at block r of every window. */
    int *win_buf = malloc(size * B * sizeof(int)), mine[B], *got = malloc(size * B * sizeof(int));
    for (int i = 0; i < size * B; i++) win_buf[i] = -1;
    for (int i = 0; i < B; i++) mine[i] = rank * 100 + i;
    MPI_Win win;
    CHECK_MPI(MPI_Win_create(win_buf, size * B * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int t = 0; t < size; t++) CHECK_MPI(MPI_Put(mine, B, MPI_INT, t, rank * B, B, MPI_INT, win));
    CHECK_MPI(MPI_Put(mine, 0, MPI_INT, 0, 0, 0, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int i = 0; i < size * B; i++) CHECK(win_buf[i] == (i / B) * 100 + i % B, "block data [%d] = %d", i, win_buf[i]);
    /* Now read the whole window of the right neighbour. */
    int right = (rank + 1) % size;
    CHECK_MPI(MPI_Get(got, size * B, MPI_INT, right, 0, size * B, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int i = 0; i < size * B; i++) CHECK(got[i] == (i / B) * 100 + i % B, "got [%d] = %d", i, got[i]);
    CHECK_MPI(MPI_Win_free(&win));

    /* Large: rank r puts BIG ints into its right neighbour, then gets them back from it. */
    int *big = malloc(BIG * sizeof(int)), *src = malloc(BIG * sizeof(int)), *back = malloc(BIG * sizeof(int));
    for (int i = 0; i < BIG; i++) big[i] = -1, src[i] = rank ^ (i * 2654435761u), back[i] = 0;
    CHECK_MPI(MPI_Win_create(big, BIG * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOPRECEDE, win));
    CHECK_MPI(MPI_Put(src, BIG, MPI_INT, right, 0, BIG, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK_MPI(MPI_Get(back, BIG, MPI_INT, right, 0, BIG, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    int left = (rank + size - 1) % size, bad = 0;
    for (int i = 0; i < BIG; i++) bad += big[i] != (int)(left ^ (i * 2654435761u));
    CHECK(bad == 0, "%d of %d ints wrong in the large put", bad, BIG);
    CHECK(memcmp(back, src, BIG * sizeof(int)) == 0, "the large get does not return what was put");
    CHECK_MPI(MPI_Win_free(&win));

    /* disp_unit 1: displacements count bytes. Put a double at byte 8*rank + 1 of rank 0's window. */
    unsigned char *bytes = calloc(8 * size + 16, 1);
    double d = 0.25 + rank;
    CHECK_MPI(MPI_Win_create(bytes, 8 * size + 16, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK_MPI(MPI_Put(&d, 1, MPI_DOUBLE, 0, 8 * rank + 1, 1, MPI_DOUBLE, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    if (rank == 0)
        for (int r = 0; r < size; r++) {
            double v;
            memcpy(&v, bytes + 8 * r + 1, sizeof v);
            CHECK(v == 0.25 + r, "byte-addressed double of rank %d = %g", r, v);
        }
    CHECK_MPI(MPI_Win_free(&win));

    free(win_buf);
    free(got);
    free(big);
    free(src);
    free(back);
    free(bytes);
    return ctest_finish();
}
