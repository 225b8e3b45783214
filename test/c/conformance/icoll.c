/* Nonblocking collectives: MPI_Ibcast, MPI_Iallreduce, MPI_Ialltoall, MPI_Igather and MPI_Ibarrier
 * in flight together, completed by MPI_Waitall; then one completed by polling MPI_Test. */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Request req[5];
    int b[4], s = rank + 1, sum = -1;
    int *a2a_s = malloc(size * sizeof(int)), *a2a_r = malloc(size * sizeof(int)), *g = malloc(size * sizeof(int));
    for (int i = 0; i < 4; i++) b[i] = rank == 1 % size ? 50 + i : -1;
    for (int p = 0; p < size; p++) a2a_s[p] = rank * 10 + p;
    MPI_Ibcast(b, 4, MPI_INT, 1 % size, MPI_COMM_WORLD, &req[0]);
    MPI_Iallreduce(&s, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &req[1]);
    MPI_Ialltoall(a2a_s, 1, MPI_INT, a2a_r, 1, MPI_INT, MPI_COMM_WORLD, &req[2]);
    int gv = rank * rank;
    MPI_Igather(&gv, 1, MPI_INT, g, 1, MPI_INT, 0, MPI_COMM_WORLD, &req[3]);
    MPI_Ibarrier(MPI_COMM_WORLD, &req[4]);
    MPI_Waitall(5, req, MPI_STATUSES_IGNORE);
    for (int i = 0; i < 4; i++) CHECK(b[i] == 50 + i, "ibcast [%d] = %d", i, b[i]);
    CHECK(sum == size * (size + 1) / 2, "iallreduce %d", sum);
    for (int p = 0; p < size; p++) CHECK(a2a_r[p] == p * 10 + rank, "ialltoall from %d: %d", p, a2a_r[p]);
    if (rank == 0)
        for (int p = 0; p < size; p++) CHECK(g[p] == p * p, "igather [%d] = %d", p, g[p]);

    MPI_Request r;
    int flag = 0, mx = -1;
    MPI_Iallreduce(&rank, &mx, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &r);
    while (!flag) MPI_Test(&r, &flag, MPI_STATUS_IGNORE);
    CHECK(mx == size - 1 && r == MPI_REQUEST_NULL, "iallreduce max %d", mx);
    free(a2a_s), free(a2a_r), free(g);
    return ctest_finish();
}
