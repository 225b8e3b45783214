/* MPI_Win_create over malloc'd memory: the window's attributes (WIN_BASE is the very buffer,
 * WIN_SIZE, WIN_DISP_UNIT, WIN_CREATE_FLAVOR, WIN_MODEL), its group is the communicator's, a Put
 * lands in the buffer the target passed, a zero-size window on the last rank is legal, and
 * MPI_Win_free sets the handle to MPI_WIN_NULL. */
#include <stdlib.h>
#include "rmatest.h"

#define N 8

int main(int argc, char **argv)
{
    int rank, size, flag, cmp;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    /* The last rank exposes nothing, unless it is alone. */
    int exposes = size == 1 || rank != size - 1;
    MPI_Aint bytes = exposes ? N * sizeof(int) : 0;
    int *buf = exposes ? malloc(bytes) : NULL;
    for (int i = 0; exposes && i < N; i++) buf[i] = -1;

    MPI_Win win;
    CHECK_MPI(MPI_Win_create(buf, bytes, sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));

    void *base = (void *)1;
    MPI_Aint *wsize = NULL;
    int *unit = NULL, *flavor = NULL, *model = NULL;
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_BASE, &base, &flag));
    CHECK(flag && base == (void *)buf, "WIN_BASE flag %d %p, expected %p", flag, base, (void *)buf);
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_SIZE, &wsize, &flag));
    CHECK(flag && wsize && *wsize == bytes, "WIN_SIZE flag %d %ld", flag, wsize ? (long)*wsize : -1L);
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_DISP_UNIT, &unit, &flag));
    CHECK(flag && unit && *unit == sizeof(int), "WIN_DISP_UNIT flag %d %d", flag, unit ? *unit : -1);
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &flavor, &flag));
    CHECK(flag && flavor && *flavor == MPI_WIN_FLAVOR_CREATE, "WIN_CREATE_FLAVOR flag %d %d", flag,
          flavor ? *flavor : -1);
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_MODEL, &model, &flag));
    CHECK(flag && model && (*model == MPI_WIN_UNIFIED || *model == MPI_WIN_SEPARATE), "WIN_MODEL flag %d %d",
          flag, model ? *model : -1);

    MPI_Group wgroup, cgroup;
    CHECK_MPI(MPI_Win_get_group(win, &wgroup));
    MPI_Comm_group(MPI_COMM_WORLD, &cgroup);
    MPI_Group_compare(wgroup, cgroup, &cmp);
    CHECK(cmp == MPI_IDENT, "window group compares %d to the communicator's", cmp);
    MPI_Group_free(&wgroup);
    MPI_Group_free(&cgroup);

    /* Every rank puts its rank into slot [rank] of every exposing window. */
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int t = 0; t < size; t++)
        if (size == 1 || t != size - 1) CHECK_MPI(MPI_Put(&rank, 1, MPI_INT, t, rank, 1, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int i = 0; exposes && i < N; i++)
        CHECK(buf[i] == (i < size ? i : -1), "buf[%d] = %d after the puts", i, buf[i]);

    CHECK_MPI(MPI_Win_free(&win));
    CHECK(win == MPI_WIN_NULL, "MPI_Win_free left the handle set");
    free(buf);
    return ctest_finish();
}
