/* Generalized active target (post/start/complete/wait): (1) a ring, each rank exposing its window
 * to its left neighbour and accessing its right one; (2) even ranks expose to all odd ranks, which
 * accumulate into every even rank; the targets end the exposure with an MPI_Win_test loop, and
 * MPI_Win_test must say "not yet" while an origin has provably not called MPI_Win_complete (the
 * origin waits for a message the target sends only after that test). */
#include <stdlib.h>
#include "rmatest.h"

static MPI_Group ranks_group(MPI_Group world, int first, int step, int size)
{
    int n = 0, *r = malloc(size * sizeof(int));
    for (int i = first; i < size; i += step) r[n++] = i;
    MPI_Group g;
    MPI_Group_incl(world, n, r, &g);
    free(r);
    return g;
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *w = malloc(4 * sizeof(int));
    w[0] = w[1] = -1, w[2] = w[3] = 0;
    MPI_Win win;
    CHECK_MPI(MPI_Win_create(w, 4 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    MPI_Group world, gl, gr;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    MPI_Group_incl(world, 1, &left, &gl);
    MPI_Group_incl(world, 1, &right, &gr);

    int v[2] = {rank, -rank};
    CHECK_MPI(MPI_Win_post(gl, 0, win));
    CHECK_MPI(MPI_Win_start(gr, 0, win));
    CHECK_MPI(MPI_Put(v, 2, MPI_INT, right, 0, 2, MPI_INT, win));
    CHECK_MPI(MPI_Win_complete(win));
    CHECK_MPI(MPI_Win_wait(win));
    CHECK(w[0] == left && w[1] == -left, "ring: w = %d %d, expected %d %d", w[0], w[1], left, -left);

    if (size >= 2) {
        MPI_Group evens = ranks_group(world, 0, 2, size), odds = ranks_group(world, 1, 2, size);
        int odd_count = size / 2, token = 0, flag = 0;
        if (rank % 2 == 0) {
            CHECK_MPI(MPI_Win_post(odds, 0, win));
            if (rank + 1 < size) { /* rank + 1 waits for our token: it cannot have completed */
                CHECK_MPI(MPI_Win_test(win, &flag));
                CHECK(!flag, "MPI_Win_test ended the exposure before origin %d completed", rank + 1);
                MPI_Send(&token, 1, MPI_INT, rank + 1, 0, MPI_COMM_WORLD);
                while (!flag) CHECK_MPI(MPI_Win_test(win, &flag));
            } else {
                CHECK_MPI(MPI_Win_wait(win));
            }
            CHECK(w[2] == odd_count && w[3] == (odd_count * odd_count), "even target: w = %d %d, expected %d %d", w[2],
                  w[3], odd_count, odd_count * odd_count);
        } else {
            int add[2] = {1, (rank + 1) / 2 * 2 - 1}; /* the k-th odd rank adds 2k - 1: the sum of k of them is k^2 */
            CHECK_MPI(MPI_Win_start(evens, 0, win));
            MPI_Recv(&token, 1, MPI_INT, rank - 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            for (int t = 0; t < size; t += 2) CHECK_MPI(MPI_Accumulate(add, 2, MPI_INT, t, 2, 2, MPI_INT, MPI_SUM, win));
            CHECK_MPI(MPI_Win_complete(win));
        }
        MPI_Group_free(&evens);
        MPI_Group_free(&odds);
    }
    MPI_Group_free(&gl);
    MPI_Group_free(&gr);
    MPI_Group_free(&world);
    CHECK_MPI(MPI_Win_free(&win));
    free(w);
    return ctest_finish();
}
