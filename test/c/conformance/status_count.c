/* MPI_Get_count and MPI_Get_elements with a derived type: a whole number of elements counts, a
 * partial one gives MPI_UNDEFINED from Get_count and the basic elements from Get_elements. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Datatype pair;
    MPI_Type_contiguous(2, MPI_INT, &pair);
    MPI_Type_commit(&pair);
    if (rank == 0) {
        int v[7] = {0, 1, 2, 3, 4, 5, 6};
        MPI_Send(v, 6, MPI_INT, 1, 0, MPI_COMM_WORLD);
        MPI_Send(v, 7, MPI_INT, 1, 1, MPI_COMM_WORLD);
        MPI_Send(v, 0, MPI_INT, 1, 2, MPI_COMM_WORLD);
    } else if (rank == 1) {
        int r[8], count, elems;
        MPI_Status st;
        MPI_Recv(r, 4, pair, 0, 0, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, pair, &count);
        MPI_Get_elements(&st, pair, &elems);
        CHECK(count == 3 && elems == 6, "6 ints as pairs: count %d elements %d", count, elems);
        MPI_Get_count(&st, MPI_INT, &count);
        CHECK(count == 6, "6 ints as ints: %d", count);
        MPI_Get_count(&st, MPI_BYTE, &count);
        CHECK(count == 6 * (int)sizeof(int), "6 ints as bytes: %d", count);
        MPI_Recv(r, 4, pair, 0, 1, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, pair, &count);
        MPI_Get_elements(&st, pair, &elems);
        CHECK(count == MPI_UNDEFINED && elems == 7, "7 ints as pairs: count %d elements %d", count, elems);
        MPI_Recv(r, 4, pair, 0, 2, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, pair, &count);
        CHECK(count == 0, "empty message count %d", count);
    }
    MPI_Type_free(&pair);
    return ctest_finish();
}
