/* MPI_Comm_create (collective over the parent) and MPI_Comm_create_group (collective over the
 * group only) from the group of even ranks; the others get MPI_COMM_NULL from Comm_create. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Group world, evens;
    MPI_Comm c1 = MPI_COMM_NULL, c2 = MPI_COMM_NULL;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int range[1][3] = {{0, size - 1, 2}};
    MPI_Group_range_incl(world, 1, range, &evens);
    int neven = (size + 1) / 2;

    MPI_Comm_create(MPI_COMM_WORLD, evens, &c1);
    if (rank % 2 == 0) {
        int r, s, sum;
        MPI_Comm_rank(c1, &r);
        MPI_Comm_size(c1, &s);
        CHECK(r == rank / 2 && s == neven, "comm_create rank %d size %d", r, s);
        MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, c1);
        CHECK(sum == neven * (neven - 1), "sum of even ranks %d", sum);
        MPI_Comm_create_group(MPI_COMM_WORLD, evens, 7, &c2);
        MPI_Comm_rank(c2, &r);
        CHECK(r == rank / 2, "comm_create_group rank %d", r);
        int b = rank == 0 ? 99 : 0;
        MPI_Bcast(&b, 1, MPI_INT, 0, c2);
        CHECK(b == 99, "bcast on the group communicator %d", b);
        MPI_Comm_free(&c2);
        MPI_Comm_free(&c1);
    } else {
        CHECK(c1 == MPI_COMM_NULL, "a rank outside the group got a communicator");
    }
    MPI_Group_free(&evens);
    MPI_Group_free(&world);
    return ctest_finish();
}
