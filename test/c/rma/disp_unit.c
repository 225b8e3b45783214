/* Displacement units: a target displacement is scaled by the TARGET's disp_unit, which may differ
 * from rank to rank. Rank t's window counts in units of (t + 1) ints: every rank accumulates at
 * displacement 2 and gets at 3 of every window (ints 2 * (t + 1) and 3 * (t + 1) of rank t) and
 * puts at displacement 1 of its right neighbour's; a second window with an odd unit (3 bytes)
 * takes a byte from every rank at displacement rank. */
#include <stdlib.h>
#include "rmatest.h"

#define N 16

int main(int argc, char **argv)
{
    int rank, size, flag;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int *w;
    MPI_Win win;
    int unit = (rank + 1) * sizeof(int);
    CHECK_MPI(MPI_Win_allocate(N * sizeof(int), unit, MPI_INFO_NULL, MPI_COMM_WORLD, &w, &win));
    int *du = NULL;
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_DISP_UNIT, &du, &flag));
    CHECK(flag && *du == unit, "WIN_DISP_UNIT %d, expected %d", du ? *du : -1, unit);
    for (int i = 0; i < N; i++) w[i] = 0;
    w[3 * (rank + 1)] = 500 + rank; /* read at displacement 3 */

    int one = 1, *got = calloc(size, sizeof(int));
    int right = (rank + 1) % size, left = (rank + size - 1) % size, v = -rank - 1;
    CHECK_MPI(MPI_Win_fence(0, win));
    /* Put at displacement 1 of the right neighbour: its int (right + 1). */
    CHECK_MPI(MPI_Put(&v, 1, MPI_INT, right, 1, 1, MPI_INT, win));
    for (int t = 0; t < size; t++) {
        CHECK_MPI(MPI_Accumulate(&one, 1, MPI_INT, t, 2, 1, MPI_INT, MPI_SUM, win));
        CHECK_MPI(MPI_Get(&got[t], 1, MPI_INT, t, 3, 1, MPI_INT, win));
    }
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int i = 0; i < N; i++) {
        int expect = i == 2 * (rank + 1) ? size : i == 3 * (rank + 1) ? 500 + rank : i == rank + 1 ? -left - 1 : 0;
        CHECK(w[i] == expect, "w[%d] = %d, expected %d", i, w[i], expect);
    }
    for (int t = 0; t < size; t++) CHECK(got[t] == 500 + t, "got %d from rank %d's displacement 3", got[t], t);
    CHECK_MPI(MPI_Win_free(&win));

    enum { NB = 64 };
    unsigned char *bytes = calloc(NB, 1);
    CHECK_MPI(MPI_Win_create(bytes, NB, 3, MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    unsigned char b = (unsigned char)(0xa0 + rank);
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int t = 0; t < size; t++) CHECK_MPI(MPI_Put(&b, 1, MPI_BYTE, t, rank, 1, MPI_BYTE, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int i = 0; i < NB; i++) {
        int expect = i % 3 == 0 && i / 3 < size ? 0xa0 + i / 3 : 0;
        CHECK(bytes[i] == expect, "byte %d = %#x, expected %#x", i, bytes[i], expect);
    }
    CHECK_MPI(MPI_Win_free(&win));
    free(got);
    free(bytes);
    return ctest_finish();
}
