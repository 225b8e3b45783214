/* MPI_Compare_and_swap: (1) every rank tries to swap its rank into rank 0's cell if it still holds
 * -1: exactly one rank fetches -1 (wins), the others fetch the winner, and the cell holds the
 * winner; a failed compare leaves the cell alone; (2) every rank increments rank 0's long long
 * ITER times with a read/compare-and-swap retry loop: the total must be exactly size * ITER. */
#include "rmatest.h"

#define ITER 50

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    struct { int claim; int pad; long long count; } *w;
    MPI_Win win;
    CHECK_MPI(MPI_Win_allocate(sizeof *w, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &w, &win));
    w->claim = -1, w->count = 0;
    MPI_Barrier(MPI_COMM_WORLD);

    int minus1 = -1, got = -2;
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win));
    CHECK_MPI(MPI_Compare_and_swap(&rank, &minus1, &got, MPI_INT, 0, 0, win));
    CHECK_MPI(MPI_Win_unlock(0, win));
    int winners = 0, winner = -1;
    int won = got == -1;
    MPI_Allreduce(&won, &winners, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    CHECK(winners == 1, "%d ranks won the claim", winners);
    MPI_Allreduce(won ? &rank : &minus1, &winner, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    CHECK(won || got == winner, "lost the claim but fetched %d, the winner is %d", got, winner);
    if (rank == 0) CHECK(w->claim == winner, "the cell holds %d, the winner is %d", w->claim, winner);

    /* A compare that cannot match changes nothing. */
    int never = -7, other = 99;
    CHECK_MPI(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win));
    CHECK_MPI(MPI_Compare_and_swap(&other, &never, &got, MPI_INT, 0, 0, win));
    CHECK_MPI(MPI_Win_unlock(0, win));
    CHECK(got == winner, "failed compare fetched %d", got);

    CHECK_MPI(MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win));
    for (int i = 0; i < ITER; i++) {
        long long seen, next, before = -1;
        CHECK_MPI(MPI_Fetch_and_op(NULL, &seen, MPI_LONG_LONG, 0, 8, MPI_NO_OP, win));
        CHECK_MPI(MPI_Win_flush(0, win));
        for (;;) {
            next = seen + 1;
            CHECK_MPI(MPI_Compare_and_swap(&next, &seen, &before, MPI_LONG_LONG, 0, 8, win));
            CHECK_MPI(MPI_Win_flush(0, win));
            if (before == seen) break;
            seen = before;
        }
    }
    CHECK_MPI(MPI_Win_unlock(0, win));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) CHECK(w->claim == winner, "the claim changed to %d", w->claim);
    if (rank == 0) CHECK(w->count == (long long)size * ITER, "count %lld, expected %d", w->count, size * ITER);
    CHECK_MPI(MPI_Win_free(&win));
    return ctest_finish();
}
