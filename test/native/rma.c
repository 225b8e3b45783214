/* One-sided communication in the core (rma/): Put and Get (contiguous and
 * through vector datatypes on either side) under fence, a Fetch_and_op
 * counter under shared locks (no increment lost), Accumulate into a vector
 * target under exclusive locks, Rget completing through its request,
 * Get_accumulate and Compare_and_swap, PSCW, and the errors of wrong use
 * (outside any epoch, outside the window, unlocking what is not locked).
 * With WMPI_TEST_RGET_ASYNC=1 every channel operation is reported pending
 * and completes later (RMA_DONE), as across processes. */
#include "mtest.h"
#include <string.h>

#define N 100

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int rank = mtest_rank, size = mtest_size, right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *base;
    MPI_Win win;
    CHECK_CLASS(MPI_Win_allocate(N * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &base, &win), MPI_SUCCESS);
    MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
    for (int i = 0; i < N; i++)
        base[i] = -1;

    /* outside any epoch */
    int x = 5;
    CHECK_CLASS(MPI_Put(&x, 1, MPI_INT, right, 0, 1, MPI_INT, win), MPI_ERR_RMA_SYNC);

    /* fence: put a triple to the right, get it back through a vector on both sides */
    MPI_Win_fence(0, win);
    int v[3] = {rank, rank * 10, rank * 100};
    CHECK_CLASS(MPI_Put(v, 3, MPI_INT, right, 3 * rank, 3, MPI_INT, win), MPI_SUCCESS);
    MPI_Win_fence(0, win);
    CHECK(base[3 * left] == left && base[3 * left + 1] == left * 10 && base[3 * left + 2] == left * 100,
          "put: %d %d %d", base[3 * left], base[3 * left + 1], base[3 * left + 2]);
    MPI_Datatype vec;
    MPI_Type_vector(2, 1, 2, MPI_INT, &vec);
    MPI_Type_commit(&vec);
    int got[3] = {-7, -7, -7};
    CHECK_CLASS(MPI_Get(got, 1, vec, right, 3 * rank, 1, vec, win), MPI_SUCCESS);
    MPI_Win_fence(0, win);
    CHECK(got[0] == rank && got[1] == -7 && got[2] == rank * 100, "vector get: %d %d %d", got[0], got[1], got[2]);
    /* outside the window */
    CHECK_CLASS(MPI_Put(&x, 1, MPI_INT, right, N, 1, MPI_INT, win), MPI_ERR_RMA_RANGE);
    CHECK_CLASS(MPI_Put(v, 3, MPI_INT, right, N - 2, 3, MPI_INT, win), MPI_ERR_RMA_RANGE);
    CHECK_CLASS(MPI_Put(&x, 1, MPI_INT, size, 0, 1, MPI_INT, win), MPI_ERR_RANK);
    MPI_Win_fence(MPI_MODE_NOSUCCEED, win);

    /* a counter at rank 0 */
    if (rank == 0)
        base[N - 1] = 0;
    mtest_barrier();
    int one = 1, old;
    for (int i = 0; i < 200; i++) {
        MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
        CHECK_CLASS(MPI_Fetch_and_op(&one, &old, MPI_INT, 0, N - 1, MPI_SUM, win), MPI_SUCCESS);
        MPI_Win_unlock(0, win);
    }
    mtest_barrier();
    if (rank == 0)
        CHECK(base[N - 1] == 200 * size, "counter %d, want %d", base[N - 1], 200 * size);

    /* accumulate into every other int of the right neighbour, twice; Get_accumulate reads it back */
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, rank, 0, win);
    memset(base, 0, N * sizeof(int));
    MPI_Win_unlock(rank, win);
    mtest_barrier();
    MPI_Datatype every_other;
    MPI_Type_vector(4, 1, 2, MPI_INT, &every_other);
    MPI_Type_commit(&every_other);
    int four[4] = {1, 2, 3, 4}, back[4] = {0};
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, right, 0, win);
    CHECK_CLASS(MPI_Accumulate(four, 4, MPI_INT, right, 10, 1, every_other, MPI_SUM, win), MPI_SUCCESS);
    CHECK_CLASS(MPI_Accumulate(four, 4, MPI_INT, right, 10, 1, every_other, MPI_SUM, win), MPI_SUCCESS);
    CHECK_CLASS(MPI_Get_accumulate(four, 4, MPI_INT, back, 4, MPI_INT, right, 10, 1, every_other, MPI_NO_OP, win),
                MPI_SUCCESS);
    MPI_Win_unlock(right, win);
    CHECK(back[0] == 2 && back[3] == 8, "get_accumulate: %d %d", back[0], back[3]);
    mtest_barrier();
    CHECK(base[10] == 2 && base[11] == 0 && base[12] == 4 && base[16] == 8, "vector accumulate: %d %d %d %d", base[10],
          base[11], base[12], base[16]);

    /* Rget and Compare_and_swap under lock_all */
    MPI_Win_lock_all(0, win);
    MPI_Request req;
    int r4[4] = {0};
    CHECK_CLASS(MPI_Rget(r4, 4, MPI_INT, left, 10, 1, every_other, win, &req), MPI_SUCCESS);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    CHECK(r4[0] == 2 && r4[1] == 4 && r4[3] == 8, "rget: %d %d %d", r4[0], r4[1], r4[3]);
    int cmp = 0, swap = 100 + rank, result = -1;
    CHECK_CLASS(MPI_Compare_and_swap(&swap, &cmp, &result, MPI_INT, 0, 50, win), MPI_SUCCESS);
    MPI_Win_unlock_all(win);
    mtest_barrier();
    if (rank == 0)
        CHECK(base[50] >= 100 && base[50] < 100 + size, "compare_and_swap winner %d", base[50]);
    CHECK_CLASS(MPI_Rget(r4, 1, MPI_INT, left, 0, 1, MPI_INT, win, &req), MPI_ERR_RMA_SYNC);
    CHECK_CLASS(MPI_Win_unlock(right, win), MPI_ERR_RMA_SYNC);

    /* PSCW: each rank exposes to its left neighbour and accesses its right one */
    MPI_Group world, from, to;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    MPI_Group_incl(world, 1, &left, &from);
    MPI_Group_incl(world, 1, &right, &to);
    MPI_Win_post(from, 0, win);
    MPI_Win_start(to, 0, win);
    x = 777 + rank;
    CHECK_CLASS(MPI_Put(&x, 1, MPI_INT, right, 60, 1, MPI_INT, win), MPI_SUCCESS);
    CHECK_CLASS(MPI_Win_complete(win), MPI_SUCCESS);
    CHECK_CLASS(MPI_Win_wait(win), MPI_SUCCESS);
    CHECK(base[60] == 777 + left, "pscw: %d", base[60]);
    MPI_Group_free(&world);
    MPI_Group_free(&from);
    MPI_Group_free(&to);

    MPI_Type_free(&vec);
    MPI_Type_free(&every_other);
    CHECK_CLASS(MPI_Win_free(&win), MPI_SUCCESS);
    CHECK(win == MPI_WIN_NULL, "win not reset");
    return mtest_finalize();
}
