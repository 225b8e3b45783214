/* MPI_Comm_dup makes a congruent communicator with its own context (messages on one are not
 * received on the other); MPI_Comm_compare tells MPI_IDENT, MPI_CONGRUENT, MPI_SIMILAR and
 * MPI_UNEQUAL apart. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size, res;
    MPI_Comm dup, rev, half;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    MPI_Comm_compare(MPI_COMM_WORLD, MPI_COMM_WORLD, &res);
    CHECK(res == MPI_IDENT, "world vs world %d", res);
    MPI_Comm_compare(MPI_COMM_WORLD, dup, &res);
    CHECK(res == MPI_CONGRUENT, "world vs dup %d", res);
    MPI_Comm_split(MPI_COMM_WORLD, 0, size - rank, &rev);
    MPI_Comm_compare(MPI_COMM_WORLD, rev, &res);
    CHECK(res == (size == 1 ? MPI_CONGRUENT : MPI_SIMILAR), "world vs reversed %d", res);
    MPI_Comm_split(MPI_COMM_WORLD, rank % 2, rank, &half);
    MPI_Comm_compare(MPI_COMM_WORLD, half, &res);
    CHECK(res == (size == 1 ? MPI_CONGRUENT : MPI_UNEQUAL), "world vs half %d", res);

    /* Same source, same tag, two communicators: each receive gets the message sent on its own. */
    if (size > 1) {
        if (rank == 0) {
            int a = 1, b = 2;
            MPI_Send(&a, 1, MPI_INT, 1, 0, MPI_COMM_WORLD);
            MPI_Send(&b, 1, MPI_INT, 1, 0, dup);
        } else if (rank == 1) {
            int x, y;
            MPI_Recv(&y, 1, MPI_INT, 0, 0, dup, MPI_STATUS_IGNORE);
            MPI_Recv(&x, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            CHECK(x == 1 && y == 2, "world got %d, dup got %d", x, y);
        }
    }
    int drank, dsize;
    MPI_Comm_rank(dup, &drank);
    MPI_Comm_size(dup, &dsize);
    CHECK(drank == rank && dsize == size, "dup rank %d size %d", drank, dsize);
    MPI_Comm_free(&dup);
    MPI_Comm_free(&rev);
    MPI_Comm_free(&half);
    CHECK(dup == MPI_COMM_NULL, "Comm_free did not null the handle");
    return ctest_finish();
}
