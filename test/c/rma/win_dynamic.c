/* MPI_Win_create_dynamic + MPI_Win_attach / MPI_Win_detach: the window starts empty (WIN_BASE is
 * MPI_BOTTOM, WIN_SIZE 0, flavor MPI_WIN_FLAVOR_DYNAMIC); each rank attaches two malloc'd regions
 * and publishes their addresses (MPI_Get_address, exchanged with MPI_Allgather); puts and gets use
 * those addresses as target displacements; regions are detached before MPI_Win_free. */
#include <stdlib.h>
#include "rmatest.h"

#define N 16

int main(int argc, char **argv)
{
    int rank, size, flag;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Win win;
    CHECK_MPI(MPI_Win_create_dynamic(MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    void *wbase = (void *)1;
    MPI_Aint *wsize = NULL;
    int *flavor = NULL;
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_BASE, &wbase, &flag));
    CHECK(flag && wbase == MPI_BOTTOM, "dynamic WIN_BASE %p, expected MPI_BOTTOM", wbase);
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_SIZE, &wsize, &flag));
    CHECK(flag && *wsize == 0, "dynamic WIN_SIZE %ld", (long)*wsize);
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &flavor, &flag));
    CHECK(flag && *flavor == MPI_WIN_FLAVOR_DYNAMIC, "WIN_CREATE_FLAVOR %d", *flavor);

    int *a = malloc(N * sizeof(int));
    long long *b = malloc(N * sizeof(long long));
    for (int i = 0; i < N; i++) a[i] = -1, b[i] = rank * 1000000000000LL + i;
    CHECK_MPI(MPI_Win_attach(win, a, N * sizeof(int)));
    CHECK_MPI(MPI_Win_attach(win, b, N * sizeof(long long)));
    MPI_Aint mine[2], *all = malloc(2 * size * sizeof(MPI_Aint));
    MPI_Get_address(a, &mine[0]);
    MPI_Get_address(b, &mine[1]);
    MPI_Allgather(mine, 2, MPI_AINT, all, 2, MPI_AINT, MPI_COMM_WORLD);

    /* Put my rank into a[rank] of every rank; read b[rank] of my right neighbour. */
    int right = (rank + 1) % size;
    long long got = 0;
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int t = 0; t < size; t++)
        CHECK_MPI(MPI_Put(&rank, 1, MPI_INT, t, MPI_Aint_add(all[2 * t], rank * sizeof(int)), 1, MPI_INT, win));
    CHECK_MPI(MPI_Get(&got, 1, MPI_LONG_LONG, right, MPI_Aint_add(all[2 * right + 1], rank * sizeof(long long)),
                      1, MPI_LONG_LONG, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int i = 0; i < N; i++) CHECK(a[i] == (i < size ? i : -1), "a[%d] = %d", i, a[i]);
    CHECK(got == right * 1000000000000LL + rank, "got %lld from rank %d's b[%d]", got, right, rank);

    /* Passive target into the second region too. */
    long long v = -(long long)rank;
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, right, 0, win));
    CHECK_MPI(MPI_Put(&v, 1, MPI_LONG_LONG, right, all[2 * right + 1] + (N - 1 - rank) * sizeof(long long), 1,
                      MPI_LONG_LONG, win));
    CHECK_MPI(MPI_Win_unlock(right, win));
    MPI_Barrier(MPI_COMM_WORLD);
    int left = (rank + size - 1) % size;
    CHECK(b[N - 1 - left] == -(long long)left, "b[%d] = %lld after the lock epoch", N - 1 - left, b[N - 1 - left]);

    CHECK_MPI(MPI_Win_detach(win, a));
    CHECK_MPI(MPI_Win_detach(win, b));
    CHECK_MPI(MPI_Win_free(&win));
    free(a);
    free(b);
    free(all);
    return ctest_finish();
}
