/* MPI_Win_free gives everything back: ROUNDS windows, the three flavors in turn, are made and
 * freed, every 100th used for a Put (ROUNDS is above wmpi's 1024 communicator slots, so a window's
 * private communicator that leaked would run out, as would leaked handles or memory); and two
 * windows alive at once over the same memory stay independent. */
#include <stdlib.h>
#include "rmatest.h"

#define ROUNDS 1200

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *mem = malloc(4 * sizeof(int));
    for (int k = 0; k < ROUNDS; k++) {
        MPI_Win win;
        int *base, v = k * size + rank;
        if (k % 3 == 0) {
            base = mem;
            CHECK_MPI(MPI_Win_create(mem, 4 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));
        } else if (k % 3 == 1) {
            CHECK_MPI(MPI_Win_allocate(4 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &base, &win));
        } else {
            base = NULL;
            CHECK_MPI(MPI_Win_create_dynamic(MPI_INFO_NULL, MPI_COMM_WORLD, &win));
        }
        if (base && k % 100 < 2) {
            CHECK_MPI(MPI_Win_fence(0, win));
            CHECK_MPI(MPI_Put(&v, 1, MPI_INT, right, 1, 1, MPI_INT, win));
            CHECK_MPI(MPI_Win_fence(0, win));
            CHECK(base[1] == k * size + left, "round %d: %d arrived", k, base[1]);
        }
        CHECK_MPI(MPI_Win_free(&win));
        if (ctest_errs > 5) break;
    }

    /* Two live windows over the same memory, with different displacement units. */
    MPI_Win a, b;
    for (int i = 0; i < 4; i++) mem[i] = 0;
    CHECK_MPI(MPI_Win_create(mem, 4 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &a));
    CHECK_MPI(MPI_Win_create(mem, 4 * sizeof(int), 2 * sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &b));
    int one = 1, ten = 10;
    CHECK_MPI(MPI_Win_fence(0, a));
    CHECK_MPI(MPI_Accumulate(&one, 1, MPI_INT, right, 1, 1, MPI_INT, MPI_SUM, a));
    CHECK_MPI(MPI_Win_fence(0, a));
    CHECK_MPI(MPI_Win_fence(0, b));
    CHECK_MPI(MPI_Accumulate(&ten, 1, MPI_INT, right, 1, 1, MPI_INT, MPI_SUM, b)); /* int 2 */
    CHECK_MPI(MPI_Win_fence(0, b));
    CHECK(mem[0] == 0 && mem[1] == 1 && mem[2] == 10 && mem[3] == 0, "two windows: %d %d %d %d", mem[0], mem[1],
          mem[2], mem[3]);
    CHECK_MPI(MPI_Win_free(&b));
    CHECK_MPI(MPI_Win_free(&a));
    free(mem);
    return ctest_finish();
}
