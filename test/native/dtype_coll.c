/* Collectives with derived datatypes: a vector broadcast (eager and
 * rendezvous sizes), matrix columns gathered and scattered with a resized
 * vector, an alltoall of vectors, and a reduction over a vector of doubles
 * (the op applies to its basic type); the gaps of receive buffers stay. */
#include "mtest.h"
#include "datatype.h" /* white box: MPIR_Dtype_live_count */
#include <stdlib.h>

#define GAP (-1.0)

static void bcast_vector(int n)
{
    MPI_Datatype vec;
    MPI_Type_vector(n, 1, 2, MPI_DOUBLE, &vec);
    MPI_Type_commit(&vec);
    double *a = malloc(sizeof(double) * 2 * n);
    for (int i = 0; i < 2 * n; i++)
        a[i] = mtest_rank == 1 % mtest_size ? i : GAP;
    MPI_Bcast(a, 1, vec, 1 % mtest_size, MPI_COMM_WORLD);
    int bad = 0;
    for (int i = 0; i < 2 * n; i++)
        bad += a[i] != (mtest_rank == 1 % mtest_size || i % 2 == 0 ? i : GAP);
    CHECK(bad == 0, "Bcast of a vector of %d: %d wrong", n, bad);

    /* Allreduce over the vector: every rank contributes its rank at the vector's places */
    for (int i = 0; i < 2 * n; i++)
        a[i] = i % 2 ? GAP : mtest_rank;
    double *sum = malloc(sizeof(double) * 2 * n);
    for (int i = 0; i < 2 * n; i++)
        sum[i] = GAP;
    MPI_Allreduce(a, sum, 1, vec, MPI_SUM, MPI_COMM_WORLD);
    double want = mtest_size * (mtest_size - 1) / 2.0;
    bad = 0;
    for (int i = 0; i < 2 * n; i++)
        bad += sum[i] != (i % 2 ? GAP : want);
    CHECK(bad == 0, "Allreduce of a vector of %d: %d wrong", n, bad);
    free(sum);
    free(a);
    MPI_Type_free(&vec);
}

/* Each rank's `rows` values are column `rank` of a rows x size row-major matrix on the root. */
static void columns(int rows)
{
    int size = mtest_size;
    MPI_Datatype v, col;
    MPI_Type_vector(rows, 1, size, MPI_DOUBLE, &v);
    MPI_Type_create_resized(v, 0, sizeof(double), &col);
    MPI_Type_free(&v);
    MPI_Type_commit(&col);
    double *mine = malloc(sizeof(double) * rows), *m = malloc(sizeof(double) * rows * size);
    for (int r = 0; r < rows; r++)
        mine[r] = mtest_rank + 1000.0 * r;
    for (int i = 0; i < rows * size; i++)
        m[i] = GAP;
    MPI_Gather(mine, rows, MPI_DOUBLE, m, 1, col, 0, MPI_COMM_WORLD);
    if (mtest_rank == 0) {
        int bad = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < size; c++)
                bad += m[r * size + c] != c + 1000.0 * r;
        CHECK(bad == 0, "Gather of %d-row columns: %d wrong", rows, bad);
    }
    /* and back: the root scatters the columns, each rank gets its own */
    for (int r = 0; r < rows; r++)
        mine[r] = GAP;
    MPI_Scatter(m, 1, col, mine, rows, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    int bad = 0;
    for (int r = 0; r < rows; r++)
        bad += mine[r] != mtest_rank + 1000.0 * r;
    CHECK(bad == 0, "Scatter of %d-row columns: %d wrong", rows, bad);
    free(mine);
    free(m);
    MPI_Type_free(&col);
}

/* Alltoall: block j of the send buffer (every other int of it) goes to rank j. */
static void alltoall_vectors(int n)
{
    int size = mtest_size;
    MPI_Datatype vec, blk;
    MPI_Type_vector(n, 1, 2, MPI_INT, &vec);
    MPI_Type_create_resized(vec, 0, (MPI_Aint)(2 * n * sizeof(int)), &blk);
    MPI_Type_free(&vec);
    MPI_Type_commit(&blk);
    int *out = malloc(sizeof(int) * 2 * n * size), *in = malloc(sizeof(int) * n * size);
    for (int j = 0; j < size; j++)
        for (int k = 0; k < 2 * n; k++)
            out[j * 2 * n + k] = k % 2 ? -7 : mtest_rank * 1000000 + j * 1000 + k / 2;
    MPI_Alltoall(out, 1, blk, in, n, MPI_INT, MPI_COMM_WORLD);
    int bad = 0;
    for (int j = 0; j < size; j++)
        for (int k = 0; k < n; k++)
            bad += in[j * n + k] != j * 1000000 + mtest_rank * 1000 + k;
    CHECK(bad == 0, "Alltoall of vectors of %d: %d wrong", n, bad);
    free(out);
    free(in);
    MPI_Type_free(&blk);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int sizes[] = {8, 600, 12000}; /* eager, rendezvous, packed in chunks */
    for (int i = 0; i < 3; i++) {
        bcast_vector(sizes[i]);
        columns(sizes[i]);
        alltoall_vectors(sizes[i] / 4);
    }
    CHECK(MPIR_Dtype_live_count() == 0, "%d derived datatypes left alive", MPIR_Dtype_live_count());
    return mtest_finalize();
}
