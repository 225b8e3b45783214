/* Request-based RMA under MPI_Win_lock_all: MPI_Rput's request completes locally (the origin buffer
 * may be reused at once; the data reaches the target by the next flush); MPI_Rget's and
 * MPI_Rget_accumulate's requests complete when the data is in the origin/result buffer;
 * MPI_Raccumulate's requests complete in MPI_Waitall; MPI_Test polls a request to completion. */
#include "rmatest.h"

#define B 16

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *w;
    MPI_Win win;
    CHECK_MPI(MPI_Win_allocate(3 * B * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &w, &win));
    for (int i = 0; i < 3 * B; i++) w[i] = rank * 1000 + i;
    MPI_Barrier(MPI_COMM_WORLD);

    int src[B], got[B], ones[B], old[B];
    MPI_Request req, reqs[B];
    for (int i = 0; i < B; i++) src[i] = -(rank * 100 + i), ones[i] = 1;
    CHECK_MPI(MPI_Win_lock_all(0, win));
    CHECK_MPI(MPI_Rput(src, B, MPI_INT, right, 0, B, MPI_INT, win, &req));
    CHECK_MPI(MPI_Wait(&req, MPI_STATUS_IGNORE));
    CHECK(req == MPI_REQUEST_NULL, "MPI_Wait left the Rput request set");
    for (int i = 0; i < B; i++) src[i] = 7777; /* reusing the origin buffer must not change what was put */
    CHECK_MPI(MPI_Win_flush(right, win));
    CHECK_MPI(MPI_Rget(got, B, MPI_INT, right, 0, B, MPI_INT, win, &req));
    int flag = 0;
    while (!flag) CHECK_MPI(MPI_Test(&req, &flag, MPI_STATUS_IGNORE));
    for (int i = 0; i < B; i++) CHECK(got[i] == -(rank * 100 + i), "Rget after Rput [%d] = %d", i, got[i]);

    /* B one-element Raccumulates into block 1, completed together. */
    for (int i = 0; i < B; i++)
        CHECK_MPI(MPI_Raccumulate(&ones[i], 1, MPI_INT, right, B + i, 1, MPI_INT, MPI_SUM, win, &reqs[i]));
    CHECK_MPI(MPI_Waitall(B, reqs, MPI_STATUSES_IGNORE));
    CHECK_MPI(MPI_Win_flush(right, win));

    /* Rget_accumulate on block 2: the old values are in `old` when the request completes. */
    CHECK_MPI(MPI_Rget_accumulate(ones, B, MPI_INT, old, B, MPI_INT, right, 2 * B, B, MPI_INT, MPI_SUM, win, &req));
    CHECK_MPI(MPI_Wait(&req, MPI_STATUS_IGNORE));
    for (int i = 0; i < B; i++) CHECK(old[i] == right * 1000 + 2 * B + i, "Rget_accumulate old[%d] = %d", i, old[i]);
    CHECK_MPI(MPI_Rget(got, B, MPI_INT, right, B, B, MPI_INT, win, &req));
    CHECK_MPI(MPI_Wait(&req, MPI_STATUS_IGNORE));
    for (int i = 0; i < B; i++) CHECK(got[i] == right * 1000 + B + i + 1, "Raccumulate result [%d] = %d", i, got[i]);
    CHECK_MPI(MPI_Win_unlock_all(win));

    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < B; i++) {
        CHECK(w[i] == -(left * 100 + i), "block 0 [%d] = %d", i, w[i]);
        CHECK(w[B + i] == rank * 1000 + B + i + 1, "block 1 [%d] = %d", i, w[B + i]);
        CHECK(w[2 * B + i] == rank * 1000 + 2 * B + i + 1, "block 2 [%d] = %d", i, w[2 * B + i]);
    }
    CHECK_MPI(MPI_Win_free(&win));
    return ctest_finish();
}
