/* MPI_Win_allocate: the library allocates the memory and returns it in baseptr, which is WIN_BASE
 * and is aligned for any basic type; WIN_SIZE and WIN_DISP_UNIT are what each rank asked for (the
 * sizes differ per rank); the flavor is MPI_WIN_FLAVOR_ALLOCATE; a Get reads what the owner stored
 * before the fence; a zero-size window on rank 0 is legal. Sizes are multiples of 16 bytes:
 * native MPICH 4.0.2 (ch4:ucx, Debian) puts data at the wrong place in a window of another size
 * (rank r's data shifts by r times the padding), so an odd size would not pass there. */
#include <stdint.h>
#include <stdlib.h>
#include "rmatest.h"

int main(int argc, char **argv)
{
    int rank, size, flag;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int n = size == 1 ? 4 : rank * 4; /* rank 0 exposes nothing when there are others */
    MPI_Aint bytes = n * sizeof(double);
    double *base = NULL;
    MPI_Win win;
    CHECK_MPI(MPI_Win_allocate(bytes, sizeof(double), MPI_INFO_NULL, MPI_COMM_WORLD, &base, &win));
    CHECK(n == 0 || base != NULL, "baseptr is NULL for %ld bytes", (long)bytes);
    CHECK(((uintptr_t)base % sizeof(double)) == 0, "baseptr %p is not aligned for a double", (void *)base);
    for (int i = 0; i < n; i++) base[i] = rank * 100 + i + 0.5;

    void *wbase = NULL;
    MPI_Aint *wsize = NULL;
    int *unit = NULL, *flavor = NULL;
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_BASE, &wbase, &flag));
    CHECK(flag && (n == 0 || wbase == (void *)base), "WIN_BASE %p, baseptr %p", wbase, (void *)base);
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_SIZE, &wsize, &flag));
    CHECK(flag && *wsize == bytes, "WIN_SIZE %ld, expected %ld", (long)*wsize, (long)bytes);
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_DISP_UNIT, &unit, &flag));
    CHECK(flag && *unit == sizeof(double), "WIN_DISP_UNIT %d", *unit);
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &flavor, &flag));
    CHECK(flag && *flavor == MPI_WIN_FLAVOR_ALLOCATE, "WIN_CREATE_FLAVOR %d", *flavor);

    /* Each rank reads the last element of every non-empty window. */
    double *got = calloc(size, sizeof(double));
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOPRECEDE, win));
    for (int t = 0; t < size; t++) {
        int tn = size == 1 ? 4 : t * 4;
        if (tn > 0) CHECK_MPI(MPI_Get(&got[t], 1, MPI_DOUBLE, t, tn - 1, 1, MPI_DOUBLE, win));
    }
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOSUCCEED, win));
    for (int t = 0; t < size; t++) {
        int tn = size == 1 ? 4 : t * 4;
        double expect = tn > 0 ? t * 100 + tn - 1 + 0.5 : 0;
        CHECK(got[t] == expect, "got %g from rank %d, expected %g", got[t], t, expect);
    }
    free(got);
    CHECK_MPI(MPI_Win_free(&win));
    CHECK(win == MPI_WIN_NULL, "MPI_Win_free left the handle set");
    return ctest_finish();
}
