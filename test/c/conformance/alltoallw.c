/* MPI_Alltoallw with a datatype per peer and byte displacements: even ranks send ints, odd ranks
 * send floats, and every rank receives from each peer with that peer's type. */
#include <stdlib.h>
#include <string.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int *sbuf = malloc(size * sizeof(int));
    int *cnt = malloc(size * sizeof(int)), *sdis = malloc(size * sizeof(int)), *rdis = malloc(size * sizeof(int));
    MPI_Datatype *types = malloc(size * sizeof(MPI_Datatype)), *rtypes = malloc(size * sizeof(MPI_Datatype));
    for (int p = 0; p < size; p++) {
        sbuf[p] = rank * 100 + p;
        cnt[p] = 1;
        sdis[p] = rdis[p] = p * (int)sizeof(int); /* byte displacements */
        types[p] = MPI_INT;
        rtypes[p] = p % 2 ? MPI_FLOAT : MPI_INT;
    }
    float *fsbuf = malloc(size * sizeof(float));
    if (rank % 2) {
        for (int p = 0; p < size; p++) fsbuf[p] = rank * 100 + p + 0.5f;
        for (int p = 0; p < size; p++) types[p] = MPI_FLOAT;
    }
    int rbytes[64];
    MPI_Alltoallw(rank % 2 ? (void *)fsbuf : (void *)sbuf, cnt, sdis, types, rbytes, cnt, rdis, rtypes, MPI_COMM_WORLD);
    for (int p = 0; p < size; p++) {
        if (p % 2) {
            float f;
            memcpy(&f, &rbytes[p], sizeof f);
            CHECK(f == p * 100 + rank + 0.5f, "float from %d: %g", p, f);
        } else {
            CHECK(rbytes[p] == p * 100 + rank, "int from %d: %d", p, rbytes[p]);
        }
    }
    free(sbuf), free(cnt), free(sdis), free(rdis), free(types), free(rtypes), free(fsbuf);
    return ctest_finish();
}
