/* Derived datatypes on the origin and on the target side of Put, Get and Accumulate: a vector
 * (strided origin into contiguous target), an indexed target, a struct of one basic type on both
 * sides, a resized type (MPI_INT with the extent of two) with count > 1, a vector target for Get
 * and for Accumulate. Each rank works on its right neighbour's window between fences, and checks
 * its own window element by element, gaps included. */
#include <stdlib.h>
#include "rmatest.h"

#define W 96 /* ints in each window */

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *w = malloc(W * sizeof(int)), expect[W], src[32];
    for (int i = 0; i < W; i++) w[i] = expect[i] = -1;
    for (int i = 64; i < 80; i++) w[i] = expect[i] = rank * 1000 + i; /* read by the left neighbour */
    for (int i = 80; i < W; i++) w[i] = expect[i] = i;                 /* accumulated into */
    for (int i = 0; i < 32; i++) src[i] = rank * 100 + i;
    MPI_Win win;
    CHECK_MPI(MPI_Win_create(w, W * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win));

    MPI_Datatype vec, idx, st, rs, vec2;
    MPI_Type_vector(4, 1, 3, MPI_INT, &vec); /* ints 0, 3, 6, 9 */
    int bl[3] = {2, 1, 3}, dis[3] = {0, 5, 9};
    MPI_Type_indexed(3, bl, dis, MPI_INT, &idx); /* ints 0 1, 5, 9 10 11 */
    int sbl[2] = {2, 1};
    MPI_Aint sdis[2] = {0, 3 * sizeof(int)};
    MPI_Datatype sty[2] = {MPI_INT, MPI_INT};
    MPI_Type_create_struct(2, sbl, sdis, sty, &st); /* ints 0 1, 3 */
    MPI_Type_create_resized(MPI_INT, 0, 2 * sizeof(int), &rs); /* count n: ints 0, 2, 4 ... */
    MPI_Type_vector(4, 2, 4, MPI_INT, &vec2); /* ints 0 1, 4 5, 8 9, 12 13 */
    MPI_Datatype all[] = {vec, idx, st, rs, vec2};
    for (int i = 0; i < 5; i++) MPI_Type_commit(&all[i]);
    vec = all[0], idx = all[1], st = all[2], rs = all[3], vec2 = all[4];

    int got_vec[16], got_rs[8];
    for (int i = 0; i < 16; i++) got_vec[i] = -1;
    for (int i = 0; i < 8; i++) got_rs[i] = -1;
    int acc[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    CHECK_MPI(MPI_Win_fence(0, win));
    /* zone [0,4): strided origin src[0,3,6,9] into 4 contiguous ints */
    CHECK_MPI(MPI_Put(src, 1, vec, right, 0, 4, MPI_INT, win));
    /* zone [16,28): 6 contiguous origin ints into the indexed target at 16 */
    CHECK_MPI(MPI_Put(src + 10, 6, MPI_INT, right, 16, 1, idx, win));
    /* zone [32,36): struct on both sides: src[20,21,23] -> w[32,33,35] */
    CHECK_MPI(MPI_Put(src + 20, 1, st, right, 32, 1, st, win));
    /* zone [40,48): resized on the target: 4 contiguous ints -> w[40,42,44,46] */
    CHECK_MPI(MPI_Put(src + 24, 4, MPI_INT, right, 40, 4, rs, win));
    /* zone [48,56): resized on the origin: src[0,2,4,6] -> w[48..51] */
    CHECK_MPI(MPI_Put(src, 4, rs, right, 48, 4, MPI_INT, win));
    /* Get: a vector of the right neighbour's [64,80) into 8 contiguous ints; resized into an origin gap */
    CHECK_MPI(MPI_Get(got_vec, 8, MPI_INT, right, 64, 1, vec2, win));
    CHECK_MPI(MPI_Get(got_rs, 4, rs, right, 70, 4, MPI_INT, win));
    /* Accumulate 8 contiguous ints into a vector target at 80 */
    CHECK_MPI(MPI_Accumulate(acc, 8, MPI_INT, right, 80, 1, vec2, MPI_SUM, win));
    CHECK_MPI(MPI_Win_fence(0, win));

    int ls[32];
    for (int i = 0; i < 32; i++) ls[i] = left * 100 + i; /* what my left neighbour put */
    expect[0] = ls[0], expect[1] = ls[3], expect[2] = ls[6], expect[3] = ls[9];
    int idx_at[6] = {16, 17, 21, 25, 26, 27};
    for (int i = 0; i < 6; i++) expect[idx_at[i]] = ls[10 + i];
    expect[32] = ls[20], expect[33] = ls[21], expect[35] = ls[23];
    for (int i = 0; i < 4; i++) expect[40 + 2 * i] = ls[24 + i], expect[48 + i] = ls[2 * i];
    int v2[8] = {0, 1, 4, 5, 8, 9, 12, 13};
    for (int i = 0; i < 8; i++) expect[80 + v2[i]] += acc[i];
    for (int i = 0; i < W; i++) CHECK(w[i] == expect[i], "w[%d] = %d, expected %d", i, w[i], expect[i]);
    for (int i = 0; i < 8; i++)
        CHECK(got_vec[i] == right * 1000 + 64 + v2[i], "vector get [%d] = %d", i, got_vec[i]);
    for (int i = 8; i < 16; i++) CHECK(got_vec[i] == -1, "vector get wrote past its end at [%d]", i);
    for (int i = 0; i < 8; i++)
        CHECK(got_rs[i] == (i % 2 ? -1 : right * 1000 + 70 + i / 2), "resized get [%d] = %d", i, got_rs[i]);

    CHECK_MPI(MPI_Win_free(&win));
    for (int i = 0; i < 5; i++) MPI_Type_free(&all[i]);
    free(w);
    return ctest_finish();
}
