/* One-sided operations between ranks of different processes, which the network threads carry:
 * Put/Get/Accumulate under MPI_Win_fence; Put, Win_flush and Get under MPI_Win_lock; a counter
 * every rank hammers with MPI_Fetch_and_op (no increment lost, none seen twice) and a slot they
 * race for with MPI_Compare_and_swap (one winner); a Put and a Get of 3 MiB (several frames); a
 * target busy computing, outside MPI, while another rank locks, puts to and gets from its window;
 * a Put outside the window refused with MPI_ERR_RMA_RANGE. Any size >= 2; meant for ranks in
 * separate processes: wmpiexec -n 2 --ppn 1 rma_net.wasm (or -n 4 --ppn 2: shm and net mixed).
 *
 * With argument "lost" (run with --disable-auto-cleanup): rank 1 dies (a trap) while rank 0 keeps
 * getting from its window; the operation under way then fails with MPI_ERR_PROC_ABORTED instead
 * of waiting forever, and rank 0 prints "rank 0: No Errors". With "lost after", rank 0 then also
 * issues a new Put to the lost rank and ends its lock_all epoch, both of which must fail at once
 * (the core must not hand the channel operations for a peer it knows lost: the network thread
 * drops them, and no RMA_DONE would come). */
#include "conformance/ctest.h"
#include <stdlib.h>
#include <string.h>

#define N 1024           /* ints per area of the small window */
#define PUT_AREA 0       /* areas of the small window, in ints */
#define ACC_AREA N
#define LOCK_AREA (2 * N)
#define COUNTER (3 * N)
#define CAS_SLOT (3 * N + 1)
#define WIN_INTS (4 * N)
#define BIG (3 << 20)    /* bytes of the large window */
#define HAMMER 200       /* Fetch_and_op calls per rank */
#define BUSY_SECONDS 2.0 /* how long the busy target computes */

static int rank, size;

/* Puts to the right neighbour, then gets back from it, under fences. */
static void fence_put_get(MPI_Win win, int *base)
{
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int src[N], got[N], bad = 0;
    for (int i = 0; i < N; i++) src[i] = rank * 100000 + i;
    CHECK_MPI(MPI_Win_fence(0, win));
    CHECK_MPI(MPI_Put(src, N, MPI_INT, right, PUT_AREA, N, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int i = 0; i < N; i++) bad += base[PUT_AREA + i] != left * 100000 + i;
    CHECK(bad == 0, "fence Put: %d of %d ints from rank %d wrong (first: %d)", bad, N, left, base[PUT_AREA]);
    CHECK_MPI(MPI_Get(got, N, MPI_INT, right, PUT_AREA, N, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(0, win));
    bad = 0;
    for (int i = 0; i < N; i++) bad += got[i] != src[i];
    CHECK(bad == 0, "fence Get from rank %d: %d of %d ints wrong", right, bad, N);
}

/* Every rank adds to every rank's accumulate area, under fences. */
static void fence_accumulate(MPI_Win win, int *base)
{
    int add[N], bad = 0;
    for (int i = 0; i < N; i++) add[i] = i + rank;
    CHECK_MPI(MPI_Win_fence(0, win));
    for (int t = 0; t < size; t++) CHECK_MPI(MPI_Accumulate(add, N, MPI_INT, t, ACC_AREA, N, MPI_INT, MPI_SUM, win));
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOSUCCEED, win)); /* lock epochs follow */
    for (int i = 0; i < N; i++) bad += base[ACC_AREA + i] != size * i + size * (size - 1) / 2;
    CHECK(bad == 0, "fence Accumulate: %d of %d sums wrong (first: %d)", bad, N, base[ACC_AREA]);
}

/* Each rank stamps its slot in every other rank's lock area (flushed, then read back), under exclusive locks. */
static void lock_put_get(MPI_Win win, int *base)
{
    for (int t = 0; t < size; t++) {
        if (t == rank) continue;
        int stamp = 1000 * rank + t, back = -1;
        CHECK_MPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, t, 0, win));
        CHECK_MPI(MPI_Put(&stamp, 1, MPI_INT, t, LOCK_AREA + rank, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_flush(t, win));
        CHECK_MPI(MPI_Get(&back, 1, MPI_INT, t, LOCK_AREA + rank, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_unlock(t, win));
        CHECK(back == stamp, "lock Put then Get on rank %d: read back %d, put %d", t, back, stamp);
    }
    CHECK_MPI(MPI_Barrier(MPI_COMM_WORLD));
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, rank, 0, win));
    for (int o = 0; o < size; o++)
        if (o != rank) CHECK(base[LOCK_AREA + o] == 1000 * o + rank, "lock Put from rank %d: found %d", o, base[LOCK_AREA + o]);
    CHECK_MPI(MPI_Win_unlock(rank, win));
}

static int compare_ints(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* All ranks increment rank 0's counter; the values they fetched must be 0..size*HAMMER-1, each once. */
static void fetch_and_op_counter(MPI_Win win)
{
    int one = 1, seen[HAMMER];
    CHECK_MPI(MPI_Win_lock_all(0, win));
    for (int k = 0; k < HAMMER; k++) {
        CHECK_MPI(MPI_Fetch_and_op(&one, &seen[k], MPI_INT, 0, COUNTER, MPI_SUM, win));
        CHECK_MPI(MPI_Win_flush(0, win));
    }
    CHECK_MPI(MPI_Win_unlock_all(win));
    for (int k = 1; k < HAMMER; k++) CHECK(seen[k] > seen[k - 1], "Fetch_and_op: fetched %d after %d", seen[k], seen[k - 1]);
    int *all = rank == 0 ? malloc(sizeof(int) * HAMMER * size) : NULL;
    CHECK_MPI(MPI_Gather(seen, HAMMER, MPI_INT, all, HAMMER, MPI_INT, 0, MPI_COMM_WORLD));
    if (rank == 0) {
        qsort(all, (size_t)HAMMER * size, sizeof(int), compare_ints);
        int bad = 0;
        for (int k = 0; k < HAMMER * size; k++) bad += all[k] != k;
        CHECK(bad == 0, "Fetch_and_op counter: %d of %d fetched values wrong (lost or repeated increments)", bad, HAMMER * size);
        free(all);
    }
}

/* All ranks race to swap their rank into rank 0's empty slot: exactly one wins, all read the winner. */
static void compare_and_swap_race(MPI_Win win)
{
    int empty = -1, old = -2, winner = -2, wins = 0, total = 0;
    CHECK_MPI(MPI_Win_lock_all(0, win));
    CHECK_MPI(MPI_Compare_and_swap(&rank, &empty, &old, MPI_INT, 0, CAS_SLOT, win));
    CHECK_MPI(MPI_Win_flush(0, win));
    CHECK_MPI(MPI_Fetch_and_op(NULL, &winner, MPI_INT, 0, CAS_SLOT, MPI_NO_OP, win));
    CHECK_MPI(MPI_Win_unlock_all(win));
    wins = old == -1;
    CHECK(wins ? winner == rank : old == winner, "Compare_and_swap: old %d, slot holds %d", old, winner);
    CHECK_MPI(MPI_Allreduce(&wins, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD));
    CHECK(total == 1, "Compare_and_swap: %d ranks won", total);
}

/* 3 MiB to the right neighbour and back, under an exclusive lock. */
static void big_put_get(void)
{
    unsigned char *base, *mine = malloc(BIG), *back = malloc(BIG);
    MPI_Win win;
    int right = (rank + 1) % size, left = (rank + size - 1) % size, bad = 0;
    CHECK_MPI(MPI_Win_allocate(BIG, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &base, &win));
    for (int i = 0; i < BIG; i++) mine[i] = (unsigned char)(i * 7 + rank + (i >> 12));
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, right, 0, win));
    CHECK_MPI(MPI_Put(mine, BIG, MPI_BYTE, right, 0, BIG, MPI_BYTE, win));
    CHECK_MPI(MPI_Win_unlock(right, win));
    CHECK_MPI(MPI_Barrier(MPI_COMM_WORLD));
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, rank, 0, win));
    for (int i = 0; i < BIG; i++) bad += base[i] != (unsigned char)(i * 7 + left + (i >> 12));
    CHECK_MPI(MPI_Win_unlock(rank, win));
    CHECK(bad == 0, "3 MiB Put from rank %d: %d bytes wrong", left, bad);
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, right, 0, win));
    CHECK_MPI(MPI_Get(back, BIG, MPI_BYTE, right, 0, BIG, MPI_BYTE, win));
    CHECK_MPI(MPI_Win_unlock(right, win));
    CHECK(memcmp(back, mine, BIG) == 0, "3 MiB Get from rank %d differs from what was put", right);
    CHECK_MPI(MPI_Win_free(&win));
    free(mine);
    free(back);
}

/* Rank 1 computes outside MPI; rank 0 locks, puts to and gets from its window meanwhile. */
static void busy_target(MPI_Win win, int *base)
{
    CHECK_MPI(MPI_Barrier(MPI_COMM_WORLD));
    if (rank == 1) {
        volatile double x = 0;
        double t0 = MPI_Wtime();
        while (MPI_Wtime() - t0 < BUSY_SECONDS) x += 1.0;
        CHECK(x > 0, "busy target: computed nothing");
    } else if (rank == 0) {
        int v = 4242, back = 0;
        double t0 = MPI_Wtime();
        CHECK_MPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 1, 0, win));
        CHECK_MPI(MPI_Put(&v, 1, MPI_INT, 1, PUT_AREA, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_flush(1, win));
        CHECK_MPI(MPI_Get(&back, 1, MPI_INT, 1, PUT_AREA, 1, MPI_INT, win));
        CHECK_MPI(MPI_Win_unlock(1, win));
        double took = MPI_Wtime() - t0;
        CHECK(back == v, "busy target: read back %d, put %d", back, v);
        CHECK(took < BUSY_SECONDS / 2, "busy target: lock, Put, Get, unlock took %.3f s: they waited for the target", took);
    }
    CHECK_MPI(MPI_Barrier(MPI_COMM_WORLD));
    if (rank == 1) {
        CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, 1, 0, win));
        CHECK(base[PUT_AREA] == 4242, "busy target: found %d in its window", base[PUT_AREA]);
        CHECK_MPI(MPI_Win_unlock(1, win));
    }
}

/* A Put past the end of the target's window is an error of class MPI_ERR_RMA_RANGE (at the call or at the unlock). */
static void out_of_range(MPI_Win win)
{
    int v = 1, right = (rank + 1) % size, cls_put = MPI_SUCCESS, cls_unlock = MPI_SUCCESS;
    CHECK_MPI(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, right, 0, win));
    int rc = MPI_Put(&v, 1, MPI_INT, right, WIN_INTS, 1, MPI_INT, win);
    MPI_Error_class(rc, &cls_put);
    rc = MPI_Win_unlock(right, win);
    MPI_Error_class(rc, &cls_unlock);
    CHECK(cls_put == MPI_ERR_RMA_RANGE || cls_unlock == MPI_ERR_RMA_RANGE,
          "Put past the window's end: error classes %d (Put) and %d (unlock), expected MPI_ERR_RMA_RANGE", cls_put, cls_unlock);
}

/* Rank 1 dies; rank 0's operations on it fail instead of waiting forever. */
static void lost_target(MPI_Win win, int after)
{
    CHECK_MPI(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));
    CHECK_MPI(MPI_Barrier(MPI_COMM_WORLD));
    if (rank == 1) {
        double t0 = MPI_Wtime();
        while (MPI_Wtime() - t0 < 0.3)
            ;
        __builtin_trap();
    }
    if (rank != 0)
        return;
    int v = 0, cls = MPI_SUCCESS, rounds = 0;
    double t0 = MPI_Wtime();
    CHECK_MPI(MPI_Win_lock_all(0, win));
    while (cls == MPI_SUCCESS && MPI_Wtime() - t0 < 30) {
        int rc = MPI_Get(&v, 1, MPI_INT, 1, PUT_AREA, 1, MPI_INT, win);
        if (rc == MPI_SUCCESS)
            rc = MPI_Win_flush(1, win);
        MPI_Error_class(rc, &cls);
        rounds++;
    }
    CHECK(cls == MPI_ERR_PROC_ABORTED, "Get and flush on a lost rank: error class %d after %d rounds", cls, rounds);
    if (after) {
        int rc = MPI_Put(&v, 1, MPI_INT, 1, PUT_AREA, 1, MPI_INT, win);
        if (rc == MPI_SUCCESS)
            rc = MPI_Win_flush(1, win);
        MPI_Error_class(rc, &cls);
        CHECK(cls == MPI_ERR_PROC_ABORTED, "Put and flush after the loss: error class %d", cls);
        MPI_Error_class(MPI_Win_unlock_all(win), &cls);
        CHECK(cls == MPI_ERR_PROC_ABORTED, "Win_unlock_all after the loss: error class %d", cls);
    }
    printf("rank 0: %s\n", ctest_errs ? "errors" : "No Errors");
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int *base;
    MPI_Win win;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        printf("rma_net needs at least 2 ranks\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    CHECK_MPI(MPI_Win_allocate(WIN_INTS * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &base, &win));
    memset(base, 0, WIN_INTS * sizeof(int));
    base[CAS_SLOT] = -1;
    CHECK_MPI(MPI_Barrier(MPI_COMM_WORLD));
    if (argc > 1 && strcmp(argv[1], "lost") == 0) {
        lost_target(win, argc > 2 && strcmp(argv[2], "after") == 0);
        MPI_Finalize();
        return 0;
    }
    fence_put_get(win, base);
    fence_accumulate(win, base);
    lock_put_get(win, base);
    fetch_and_op_counter(win);
    compare_and_swap_race(win);
    big_put_get();
    busy_target(win, base);
    out_of_range(win);
    CHECK_MPI(MPI_Win_free(&win));
    return ctest_finish();
}
