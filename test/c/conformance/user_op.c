/* User-defined operations: a commutative one (the union of integer ranges, on a derived type)
 * and a non-commutative one (2x2 matrix product, which must combine in
 * rank order), with MPI_Reduce, MPI_Allreduce, MPI_Op_commutative and MPI_Reduce_local. */
#include "ctest.h"

typedef struct { int lo, hi; } range_t;

/* The union of ranges: commutative. */
static void range_union(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    range_t *a = in, *b = inout;
    for (int i = 0; i < *len; i++) {
        if (a[i].lo < b[i].lo) b[i].lo = a[i].lo;
        if (a[i].hi > b[i].hi) b[i].hi = a[i].hi;
    }
}

/* inout = in * inout for 2x2 integer matrices stored row-major: not commutative. */
static void matmul(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    int *a = in, *b = inout;
    for (int k = 0; k < *len; k++, a += 4, b += 4) {
        int c[4] = {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]};
        for (int i = 0; i < 4; i++) b[i] = c[i];
    }
}

int main(int argc, char **argv)
{
    int rank, size, commute;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    MPI_Datatype range_type, mat_type;
    MPI_Type_contiguous(2, MPI_INT, &range_type);
    MPI_Type_commit(&range_type);
    MPI_Type_contiguous(4, MPI_INT, &mat_type);
    MPI_Type_commit(&mat_type);
    MPI_Op uop, mop;
    MPI_Op_create(range_union, 1, &uop);
    MPI_Op_create(matmul, 0, &mop);
    MPI_Op_commutative(uop, &commute);
    CHECK(commute == 1, "union op commutative flag %d", commute);
    MPI_Op_commutative(mop, &commute);
    CHECK(commute == 0, "matmul op commutative flag %d", commute);

    range_t mine[2] = {{rank * 2, rank * 2 + 1}, {-rank, rank}}, all[2];
    MPI_Allreduce(mine, all, 2, range_type, uop, MPI_COMM_WORLD);
    CHECK(all[0].lo == 0 && all[0].hi == 2 * size - 1, "union [%d,%d]", all[0].lo, all[0].hi);
    CHECK(all[1].lo == 1 - size && all[1].hi == size - 1, "union [%d,%d]", all[1].lo, all[1].hi);

    /* Rank r holds [[1, r], [0, 1]] (r = rank + 1): in order the product is [[1, sum], [0, 1]] but
     * mixing in a permutation matrix P = [[0,1],[1,0]] at rank 0 makes the order visible:
     * P * M1 * ... = [[0, 1], [1, sum]]; any other order gives a different matrix. */
    int m[4] = {1, rank + 1, 0, 1}, prod[4] = {0};
    if (rank == 0) m[0] = 0, m[1] = 1, m[2] = 1, m[3] = 0;
    int sum = size * (size + 1) / 2 - 1;
    for (int root = 0; root < size; root++) {
        MPI_Reduce(m, prod, 1, mat_type, mop, root, MPI_COMM_WORLD);
        if (rank == root)
            CHECK(prod[0] == 0 && prod[1] == 1 && prod[2] == 1 && prod[3] == sum, "root %d matmul [[%d,%d],[%d,%d]], expected [[0,1],[1,%d]]",
                  root, prod[0], prod[1], prod[2], prod[3], sum);
    }
    MPI_Allreduce(m, prod, 1, mat_type, mop, MPI_COMM_WORLD);
    CHECK(prod[0] == 0 && prod[1] == 1 && prod[2] == 1 && prod[3] == sum, "allreduce matmul [[%d,%d],[%d,%d]]", prod[0], prod[1], prod[2], prod[3]);

    int a[4] = {1, 2, 3, 4}, b[4] = {0, 1, 1, 0};
    MPI_Reduce_local(a, b, 1, mat_type, mop); /* b = a * b */
    CHECK(b[0] == 2 && b[1] == 1 && b[2] == 4 && b[3] == 3, "reduce_local [[%d,%d],[%d,%d]]", b[0], b[1], b[2], b[3]);

    MPI_Op_free(&uop);
    MPI_Op_free(&mop);
    CHECK(uop == MPI_OP_NULL && mop == MPI_OP_NULL, "Op_free did not null the handles");
    MPI_Type_free(&range_type);
    MPI_Type_free(&mat_type);
    return ctest_finish();
}
