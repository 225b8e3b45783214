/* MPI_Win_allocate_shared on the communicator of ranks that share memory (MPI_Comm_split_type):
 * MPI_Win_shared_query on the rank's OWN segment returns the size, displacement unit and base it
 * allocated (wmpi gives each rank its own wasm memory, so a C pointer into another rank's segment
 * cannot exist; querying other ranks is left out on purpose); the flavor is MPI_WIN_FLAVOR_SHARED;
 * RMA works on the window: each rank puts into its right neighbour's segment and reads it back,
 * with the unified-model pattern (flush, MPI_Win_sync, barrier, MPI_Win_sync) before loading. */
#include "rmatest.h"

int main(int argc, char **argv)
{
    int rank, flag;
    MPI_Comm shm;
    MPI_Init(&argc, &argv);
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &shm);
    int srank, ssize;
    MPI_Comm_rank(shm, &srank);
    MPI_Comm_size(shm, &ssize);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);

    int n = 4 + srank; /* segments of different sizes */
    int *base = NULL;
    MPI_Win win;
    CHECK_MPI(MPI_Win_allocate_shared(n * sizeof(int), sizeof(int), MPI_INFO_NULL, shm, &base, &win));
    CHECK(base != NULL, "baseptr is NULL");

    MPI_Aint qsize = -1;
    int qunit = -1;
    int *qbase = NULL;
    CHECK_MPI(MPI_Win_shared_query(win, srank, &qsize, &qunit, &qbase));
    CHECK(qsize == (MPI_Aint)(n * sizeof(int)), "shared_query size %ld, expected %ld", (long)qsize,
          (long)(n * sizeof(int)));
    CHECK(qunit == sizeof(int), "shared_query disp_unit %d", qunit);
    CHECK(qbase == base, "shared_query base %p, baseptr %p", (void *)qbase, (void *)base);
    int *flavor = NULL;
    CHECK_MPI(MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &flavor, &flag));
    CHECK(flag && *flavor == MPI_WIN_FLAVOR_SHARED, "WIN_CREATE_FLAVOR %d", *flavor);

    for (int i = 0; i < n; i++) base[i] = -1;
    int right = (srank + 1) % ssize, left = (srank + ssize - 1) % ssize;
    int value = 1000 + rank;
    CHECK_MPI(MPI_Win_lock_all(0, win));
    CHECK_MPI(MPI_Win_sync(win)); /* my stores of -1 are in the window before anyone puts */
    MPI_Barrier(shm);
    CHECK_MPI(MPI_Put(&value, 1, MPI_INT, right, 2, 1, MPI_INT, win));
    CHECK_MPI(MPI_Win_flush(right, win));
    CHECK_MPI(MPI_Win_sync(win));
    MPI_Barrier(shm);
    CHECK_MPI(MPI_Win_sync(win));
    int lrank; /* the world rank of my left neighbour, who put into my slot 2 */
    MPI_Group wg, sg;
    MPI_Comm_group(MPI_COMM_WORLD, &wg);
    MPI_Comm_group(shm, &sg);
    MPI_Group_translate_ranks(sg, 1, &left, wg, &lrank);
    for (int i = 0; i < n; i++)
        CHECK(base[i] == (i == 2 ? 1000 + lrank : -1), "my segment [%d] = %d", i, base[i]);
    int got = 0;
    CHECK_MPI(MPI_Get(&got, 1, MPI_INT, right, 2, 1, MPI_INT, win));
    CHECK_MPI(MPI_Win_flush(right, win));
    CHECK(got == value, "read back %d from my right neighbour, put %d", got, value);
    CHECK_MPI(MPI_Win_unlock_all(win));

    MPI_Group_free(&wg);
    MPI_Group_free(&sg);
    CHECK_MPI(MPI_Win_free(&win));
    MPI_Comm_free(&shm);
    return ctest_finish();
}
