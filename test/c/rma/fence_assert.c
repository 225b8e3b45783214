/* MPI_Win_fence with and without assertions, over several epochs: NOPRECEDE opens the first,
 * NOSUCCEED closes the last, NOSTORE where no local store happened since the last fence, NOPUT
 * before an epoch that only reads; each fence completes the epoch before it (puts are visible to
 * the target's loads, the target's stores to the next epoch's gets); empty epochs are fine. */
#include <stdlib.h>
#include "rmatest.h"

#define N 8

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *w = malloc(N * sizeof(int)), src[N], got[N];
    for (int i = 0; i < N; i++) w[i] = 0, src[i] = rank * 10 + i;
    MPI_Win win;
    CHECK_MPI(MPI_Win_create(w, N * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));

    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOPRECEDE, win));
    CHECK_MPI(MPI_Put(src, N, MPI_INT, right, 0, N, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOSTORE, win)); /* nobody stored locally during the epoch */
    for (int i = 0; i < N; i++) CHECK(w[i] == left * 10 + i, "epoch 1: w[%d] = %d", i, w[i]);
    for (int i = 0; i < N; i++) w[i] += 1000; /* local stores, read remotely in the next epoch */
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOPUT, win)); /* the next epoch only reads my window */
    CHECK_MPI(MPI_Get(got, N, MPI_INT, left, 0, N, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOSTORE | MPI_MODE_NOPUT, win));
    int ll = (left + size - 1) % size;
    for (int i = 0; i < N; i++) CHECK(got[i] == 1000 + ll * 10 + i, "epoch 2: got[%d] = %d", i, got[i]);
    CHECK_MPI(MPI_Win_fence(0, win)); /* an empty epoch */
    int one = 1;
    for (int t = 0; t < size; t++) CHECK_MPI(MPI_Accumulate(&one, 1, MPI_INT, t, N - 1, 1, MPI_INT, MPI_SUM, win));
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOSTORE, win));
    CHECK(w[N - 1] == 1000 + left * 10 + N - 1 + size, "epoch 4: w[%d] = %d", N - 1, w[N - 1]);
    CHECK_MPI(MPI_Get(got, 1, MPI_INT, right, N - 1, 1, MPI_INT, win));
    CHECK_MPI(MPI_Win_fence(MPI_MODE_NOSUCCEED | MPI_MODE_NOSTORE | MPI_MODE_NOPUT, win));
    CHECK(got[0] == 1000 + rank * 10 + N - 1 + size, "epoch 5: got %d", got[0]);
    CHECK_MPI(MPI_Win_free(&win));
    free(w);
    return ctest_finish();
}
