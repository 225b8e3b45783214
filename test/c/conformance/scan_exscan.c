/* MPI_Scan (inclusive) and MPI_Exscan (exclusive; rank 0's result is undefined and left alone)
 * with sum and max, on vectors. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int v[2] = {rank + 1, (rank * 3) % size}, r[2];
    MPI_Scan(v, r, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    int s0 = 0, s1 = 0;
    for (int p = 0; p <= rank; p++) s0 += p + 1, s1 += (p * 3) % size;
    CHECK(r[0] == s0 && r[1] == s1, "scan sum %d %d, expected %d %d", r[0], r[1], s0, s1);
    MPI_Scan(&v[1], &r[1], 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    int mx = 0;
    for (int p = 0; p <= rank; p++) mx = (p * 3) % size > mx ? (p * 3) % size : mx;
    CHECK(r[1] == mx, "scan max %d, expected %d", r[1], mx);
    r[0] = r[1] = -99;
    MPI_Exscan(v, r, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank > 0) {
        int e0 = s0 - (rank + 1), e1 = s1 - (rank * 3) % size;
        CHECK(r[0] == e0 && r[1] == e1, "exscan %d %d, expected %d %d", r[0], r[1], e0, e1);
    }
    return ctest_finish();
}
