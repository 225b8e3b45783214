/* MPI_Bcast from every root, of small and large (rendezvous-sized) buffers, plus MPI_Barrier. */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int counts[3] = {1, 100, 50000};
    int *buf = malloc(50000 * sizeof(int));
    for (int root = 0; root < size; root++) {
        for (int c = 0; c < 3; c++) {
            int n = counts[c];
            for (int i = 0; i < n; i++) buf[i] = rank == root ? root * 7 + i : -1;
            MPI_Bcast(buf, n, MPI_INT, root, MPI_COMM_WORLD);
            int bad = 0;
            for (int i = 0; i < n; i++) bad += buf[i] != root * 7 + i;
            CHECK(bad == 0, "root %d count %d: %d wrong values", root, n, bad);
        }
        MPI_Barrier(MPI_COMM_WORLD);
    }
    free(buf);
    return ctest_finish();
}
