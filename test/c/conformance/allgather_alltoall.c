/* MPI_Allgather, MPI_Allgatherv, MPI_Alltoall and MPI_Alltoallv (rank i sends j+1 values to rank j). */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int n = size * (size + 1);
    int *sbuf = malloc(n * sizeof(int)), *rbuf = malloc(n * sizeof(int));
    int *sc = malloc(size * sizeof(int)), *sd = malloc(size * sizeof(int));
    int *rc = malloc(size * sizeof(int)), *rd = malloc(size * sizeof(int));

    int mine[2] = {rank, -rank};
    MPI_Allgather(mine, 2, MPI_INT, rbuf, 2, MPI_INT, MPI_COMM_WORLD);
    for (int p = 0; p < size; p++) CHECK(rbuf[2 * p] == p && rbuf[2 * p + 1] == -p, "allgather from %d", p);

    for (int p = 0, off = 0; p < size; p++) rc[p] = p + 1, rd[p] = off, off += p + 1;
    for (int i = 0; i <= rank; i++) sbuf[i] = rank * 100 + i;
    MPI_Allgatherv(sbuf, rank + 1, MPI_INT, rbuf, rc, rd, MPI_INT, MPI_COMM_WORLD);
    for (int p = 0; p < size; p++)
        for (int i = 0; i <= p; i++) CHECK(rbuf[rd[p] + i] == p * 100 + i, "allgatherv from %d [%d]", p, i);

    for (int p = 0; p < size; p++) sbuf[p] = rank * 1000 + p;
    MPI_Alltoall(sbuf, 1, MPI_INT, rbuf, 1, MPI_INT, MPI_COMM_WORLD);
    for (int p = 0; p < size; p++) CHECK(rbuf[p] == p * 1000 + rank, "alltoall from %d: %d", p, rbuf[p]);

    /* Alltoallv: to rank p go p+1 values; from every rank come rank+1 values. */
    for (int p = 0, off = 0; p < size; p++) {
        sc[p] = p + 1, sd[p] = off;
        for (int i = 0; i <= p; i++) sbuf[off + i] = rank * 1000 + p * 10 + i;
        off += p + 1;
        rc[p] = rank + 1, rd[p] = p * (rank + 1);
    }
    for (int i = 0; i < n; i++) rbuf[i] = -1;
    MPI_Alltoallv(sbuf, sc, sd, MPI_INT, rbuf, rc, rd, MPI_INT, MPI_COMM_WORLD);
    for (int p = 0; p < size; p++)
        for (int i = 0; i <= rank; i++)
            CHECK(rbuf[rd[p] + i] == p * 1000 + rank * 10 + i, "alltoallv from %d [%d] = %d", p, i, rbuf[rd[p] + i]);
    free(sbuf), free(rbuf), free(sc), free(sd), free(rc), free(rd);
    return ctest_finish();
}
