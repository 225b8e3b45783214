/* MPI_Reduce and MPI_Allreduce with the predefined operations (sum, prod, max, min, logical and
 * bitwise ops, MAXLOC/MINLOC on MPI_DOUBLE_INT) against values computed here. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int v = rank + 1, r;
    int sum = size * (size + 1) / 2, prod = 1;
    for (int i = 1; i <= size; i++) prod *= i;
    for (int root = 0; root < size; root++) {
        r = -1;
        MPI_Reduce(&v, &r, 1, MPI_INT, MPI_SUM, root, MPI_COMM_WORLD);
        if (rank == root) CHECK(r == sum, "reduce sum at root %d: %d", root, r);
    }
    MPI_Allreduce(&v, &r, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    CHECK(r == sum, "sum %d", r);
    MPI_Allreduce(&v, &r, 1, MPI_INT, MPI_PROD, MPI_COMM_WORLD);
    CHECK(r == prod, "prod %d", r);
    MPI_Allreduce(&v, &r, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    CHECK(r == size, "max %d", r);
    MPI_Allreduce(&v, &r, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    CHECK(r == 1, "min %d", r);
    int one = rank != 1, lr;
    MPI_Allreduce(&one, &lr, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    CHECK(lr == (size == 1), "land %d", lr);
    MPI_Allreduce(&one, &lr, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
    CHECK(lr == 1, "lor %d", lr);
    int onlyone = rank == 0;
    MPI_Allreduce(&onlyone, &lr, 1, MPI_INT, MPI_LXOR, MPI_COMM_WORLD);
    CHECK(lr == 1, "lxor %d", lr);
    unsigned bit = 1u << rank, bits, want = (1u << size) - 1;
    MPI_Allreduce(&bit, &bits, 1, MPI_UNSIGNED, MPI_BOR, MPI_COMM_WORLD);
    CHECK(bits == want, "bor %x", bits);
    unsigned all = ~0u ^ bit, band;
    MPI_Allreduce(&all, &band, 1, MPI_UNSIGNED, MPI_BAND, MPI_COMM_WORLD);
    CHECK(band == ~want, "band %x", band);
    MPI_Allreduce(&bit, &bits, 1, MPI_UNSIGNED, MPI_BXOR, MPI_COMM_WORLD);
    CHECK(bits == want, "bxor %x", bits);
    double d[3] = {rank * 0.5, -rank * 1.5, 1.0}, dr[3];
    MPI_Allreduce(d, dr, 3, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    CHECK(dr[0] == 0.25 * size * (size - 1) && dr[1] == -0.75 * size * (size - 1) && dr[2] == size,
          "double sum %g %g %g", dr[0], dr[1], dr[2]);
    /* MAXLOC/MINLOC: value (rank - 2)^2 peaks at the last rank; ties break to the lowest index. */
    struct { double val; int loc; } in = {(double)((rank - 2) * (rank - 2)), rank}, mx, mn;
    MPI_Allreduce(&in, &mx, 1, MPI_DOUBLE_INT, MPI_MAXLOC, MPI_COMM_WORLD);
    MPI_Allreduce(&in, &mn, 1, MPI_DOUBLE_INT, MPI_MINLOC, MPI_COMM_WORLD);
    double wantmax = -1; int wantloc = -1; double wantmin = 1e9; int wantminloc = -1;
    for (int p = 0; p < size; p++) {
        double x = (double)((p - 2) * (p - 2));
        if (x > wantmax) wantmax = x, wantloc = p;
        if (x < wantmin) wantmin = x, wantminloc = p;
    }
    CHECK(mx.val == wantmax && mx.loc == wantloc, "maxloc %g@%d, expected %g@%d", mx.val, mx.loc, wantmax, wantloc);
    CHECK(mn.val == wantmin && mn.loc == wantminloc, "minloc %g@%d, expected %g@%d", mn.val, mn.loc, wantmin, wantminloc);
    return ctest_finish();
}
