/* Passive target progress: rank 1 computes (a spin loop of at least 0.5 s with no MPI call) while
 * rank 0 locks rank 1's window exclusively, puts, gets, accumulates, fetches-and-adds, unlocks,
 * then locks again and puts a marker. Rank 1 watches its window from the spin loop: the marker
 * must arrive while it is still computing (it gives up after 10 s), which shows that both epochs
 * completed without rank 1 entering MPI. Other ranks, if any, only take part in the barriers. */
#include <stdlib.h>
#include <time.h>
#include "rmatest.h"

#define N 64
#define MARKER 0x5eed

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        printf("passive_progress needs 2 ranks\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    /* [0, N): put; N: read by rank 0; N+1: accumulated; N+2: fetch-and-add; N+3: the marker */
    volatile int *w = calloc(N + 4, sizeof(int));
    MPI_Win win;
    CHECK_MPI(MPI_Win_create((void *)w, (N + 4) * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    if (rank == 1) w[N] = 4242, w[N + 1] = 10, w[N + 2] = 20;
    MPI_Barrier(MPI_COMM_WORLD);

    if (rank == 0) {
        int src[N], got = 0, five = 5, one = 1, old = 0, marker = MARKER;
        for (int i = 0; i < N; i++) src[i] = i * i;
        CHECK_MPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 1, 0, win));
        CHECK_MPI(MPI_Put(src, N, MPI_INT, 1, 0, N, MPI_INT, win));
        CHECK_MPI(MPI_Get(&got, 1, MPI_INT, 1, N, 1, MPI_INT, win));
        CHECK_MPI(MPI_Accumulate(&five, 1, MPI_INT, 1, N + 1, 1, MPI_INT, MPI_SUM, win));
        CHECK_MPI(MPI_Fetch_and_op(&one, &old, MPI_INT, 1, N + 2, MPI_SUM, win));
        CHECK_MPI(MPI_Win_unlock(1, win));
        CHECK(got == 4242, "got %d from the busy target", got);
        CHECK(old == 20, "fetch_and_op on the busy target fetched %d", old);
        CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, 1, 0, win));
        CHECK_MPI(MPI_Put(&marker, 1, MPI_INT, 1, N + 3, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_unlock(1, win));
    } else if (rank == 1) {
        double t0 = now(), t;
        int seen = 0;
        volatile double sink = 0; /* the "computation" */
        do {
            for (int i = 0; i < 1000; i++) sink += i * 0.5;
            if (!seen && w[N + 3] == MARKER) seen = 1;
            t = now() - t0;
        } while ((t < 0.5 || !seen) && t < 10);
        CHECK(seen, "the marker did not arrive during %.1f s of computing without MPI calls", t);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 1) {
        int bad = 0;
        for (int i = 0; i < N; i++) bad += w[i] != i * i;
        CHECK(bad == 0, "%d of the %d ints put are wrong", bad, N);
        CHECK(w[N + 1] == 15 && w[N + 2] == 21, "accumulate left %d, fetch_and_op %d", w[N + 1], w[N + 2]);
    }
    CHECK_MPI(MPI_Win_free(&win));
    free((void *)w);
    return ctest_finish();
}
