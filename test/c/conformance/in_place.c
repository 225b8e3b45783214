/* MPI_IN_PLACE: Allreduce, Reduce at the root, Allgather, Gather and Scatter at the root, Scan,
 * Alltoall and Reduce_scatter_block take their input from (or leave the root's own block in) the
 * receive buffer. */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int *buf = malloc(2 * size * sizeof(int));
    int sum = size * (size - 1) / 2;

    int v[2] = {rank, 1};
    MPI_Allreduce(MPI_IN_PLACE, v, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    CHECK(v[0] == sum && v[1] == size, "allreduce %d %d", v[0], v[1]);

    int root = size - 1, r = rank;
    if (rank == root)
        MPI_Reduce(MPI_IN_PLACE, &r, 1, MPI_INT, MPI_SUM, root, MPI_COMM_WORLD);
    else
        MPI_Reduce(&r, NULL, 1, MPI_INT, MPI_SUM, root, MPI_COMM_WORLD);
    if (rank == root) CHECK(r == sum, "reduce %d", r);

    for (int p = 0; p < size; p++) buf[p] = p == rank ? rank * 5 : -1;
    MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, buf, 1, MPI_INT, MPI_COMM_WORLD);
    for (int p = 0; p < size; p++) CHECK(buf[p] == p * 5, "allgather [%d] = %d", p, buf[p]);

    root = size / 2;
    for (int p = 0; p < size; p++) buf[p] = p == rank ? rank * 3 : -1;
    if (rank == root)
        MPI_Gather(MPI_IN_PLACE, 1, MPI_INT, buf, 1, MPI_INT, root, MPI_COMM_WORLD);
    else
        MPI_Gather(&buf[rank], 1, MPI_INT, NULL, 0, MPI_INT, root, MPI_COMM_WORLD);
    if (rank == root)
        for (int p = 0; p < size; p++) CHECK(buf[p] == p * 3, "gather [%d] = %d", p, buf[p]);

    int got = -1;
    for (int p = 0; p < size; p++) buf[p] = rank == root ? p * 11 : -1;
    if (rank == root) {
        MPI_Scatter(buf, 1, MPI_INT, MPI_IN_PLACE, 1, MPI_INT, root, MPI_COMM_WORLD);
        got = buf[rank];
    } else {
        MPI_Scatter(NULL, 1, MPI_INT, &got, 1, MPI_INT, root, MPI_COMM_WORLD);
    }
    CHECK(got == rank * 11, "scatter %d", got);

    int s = rank + 1;
    MPI_Scan(MPI_IN_PLACE, &s, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    CHECK(s == (rank + 1) * (rank + 2) / 2, "scan %d", s);

    for (int p = 0; p < size; p++) buf[p] = rank * 100 + p;
    MPI_Alltoall(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, buf, 1, MPI_INT, MPI_COMM_WORLD);
    for (int p = 0; p < size; p++) CHECK(buf[p] == p * 100 + rank, "alltoall [%d] = %d", p, buf[p]);

    for (int p = 0; p < size; p++) buf[p] = p + rank;
    MPI_Reduce_scatter_block(MPI_IN_PLACE, buf, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    CHECK(buf[0] == size * rank + sum, "reduce_scatter_block %d", buf[0]);
    free(buf);
    return ctest_finish();
}
