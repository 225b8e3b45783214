/* MPI_Comm_split: colour by rank % 3, key reversing the order; MPI_UNDEFINED gives
 * MPI_COMM_NULL; an allreduce in each part sees only its members. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Comm part, none;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int color = rank % 3;
    MPI_Comm_split(MPI_COMM_WORLD, color, -rank, &part);
    int prank, psize, members = 0, higher = 0;
    for (int p = 0; p < size; p++)
        if (p % 3 == color) {
            members++;
            higher += p > rank;
        }
    MPI_Comm_rank(part, &prank);
    MPI_Comm_size(part, &psize);
    CHECK(psize == members, "part size %d, expected %d", psize, members);
    CHECK(prank == higher, "part rank %d, expected %d", prank, higher);
    int sum;
    MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, part);
    int want = 0;
    for (int p = color; p < size; p += 3) want += p;
    CHECK(sum == want, "sum over part %d, expected %d", sum, want);

    MPI_Comm_split(MPI_COMM_WORLD, rank == 0 ? MPI_UNDEFINED : 1, 0, &none);
    if (rank == 0) {
        CHECK(none == MPI_COMM_NULL, "MPI_UNDEFINED colour did not give MPI_COMM_NULL");
    } else {
        int nsize;
        MPI_Comm_size(none, &nsize);
        CHECK(nsize == size - 1, "split without rank 0 has size %d", nsize);
        MPI_Comm_free(&none);
    }
    MPI_Comm_free(&part);
    return ctest_finish();
}
