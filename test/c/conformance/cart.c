/* Cartesian topology: MPI_Cart_create on MPI_Dims_create's grid (periodic in x only),
 * MPI_Cart_coords/MPI_Cart_rank round trips, MPI_Cart_shift at edges (MPI_PROC_NULL where not
 * periodic), MPI_Cart_get, MPI_Topo_test and MPI_Cart_sub into rows. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size, dims[2] = {0, 0}, periods[2] = {1, 0}, coords[2];
    MPI_Comm cart, row;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Dims_create(size, 2, dims);
    MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &cart);
    int crank, status, ndims;
    MPI_Comm_rank(cart, &crank);
    MPI_Topo_test(cart, &status);
    CHECK(status == MPI_CART, "topo_test %d", status);
    MPI_Cartdim_get(cart, &ndims);
    CHECK(ndims == 2, "cartdim %d", ndims);
    int gd[2], gp[2], gc[2];
    MPI_Cart_get(cart, 2, gd, gp, gc);
    CHECK(gd[0] == dims[0] && gd[1] == dims[1] && gp[0] == 1 && gp[1] == 0, "cart_get dims %dx%d periods %d %d", gd[0], gd[1], gp[0], gp[1]);
    MPI_Cart_coords(cart, crank, 2, coords);
    CHECK(coords[0] == gc[0] && coords[1] == gc[1], "cart_get coords differ from cart_coords");
    CHECK(crank == coords[0] * dims[1] + coords[1], "rank %d is not row-major at (%d,%d)", crank, coords[0], coords[1]);
    for (int r = 0; r < size; r++) {
        int c[2], back;
        MPI_Cart_coords(cart, r, 2, c);
        MPI_Cart_rank(cart, c, &back);
        CHECK(back == r, "coords/rank round trip %d -> %d", r, back);
    }
    int wrap[2] = {coords[0] + dims[0], coords[1]}, w;
    MPI_Cart_rank(cart, wrap, &w);
    CHECK(w == crank, "periodic coordinate out of range gave %d", w);

    int src, dst;
    MPI_Cart_shift(cart, 0, 1, &src, &dst);
    int up[2] = {(coords[0] + dims[0] - 1) % dims[0], coords[1]}, down[2] = {(coords[0] + 1) % dims[0], coords[1]}, ru, rd;
    MPI_Cart_rank(cart, up, &ru);
    MPI_Cart_rank(cart, down, &rd);
    CHECK(src == ru && dst == rd, "shift in x: %d %d, expected %d %d", src, dst, ru, rd);
    MPI_Cart_shift(cart, 1, 1, &src, &dst);
    CHECK(src == (coords[1] == 0 ? MPI_PROC_NULL : crank - 1), "shift in y source %d", src);
    CHECK(dst == (coords[1] == dims[1] - 1 ? MPI_PROC_NULL : crank + 1), "shift in y dest %d", dst);
    /* Exchange along y with the shift's neighbours: edge ranks talk to MPI_PROC_NULL. */
    int in = -5;
    MPI_Sendrecv(&crank, 1, MPI_INT, dst, 0, &in, 1, MPI_INT, src, 0, cart, MPI_STATUS_IGNORE);
    CHECK(in == (src == MPI_PROC_NULL ? -5 : src), "received %d from %d", in, src);

    int keep[2] = {0, 1};
    MPI_Cart_sub(cart, keep, &row);
    int rrank, rsize, rdims[1], rper[1], rco[1];
    MPI_Comm_rank(row, &rrank);
    MPI_Comm_size(row, &rsize);
    CHECK(rsize == dims[1] && rrank == coords[1], "row rank %d size %d", rrank, rsize);
    MPI_Cart_get(row, 1, rdims, rper, rco);
    CHECK(rdims[0] == dims[1] && rper[0] == 0 && rco[0] == coords[1], "row cart_get %d %d %d", rdims[0], rper[0], rco[0]);
    int rowsum;
    MPI_Allreduce(&crank, &rowsum, 1, MPI_INT, MPI_SUM, row);
    int first = coords[0] * dims[1];
    CHECK(rowsum == dims[1] * first + dims[1] * (dims[1] - 1) / 2, "row sum %d", rowsum);
    MPI_Comm_free(&row);
    MPI_Comm_free(&cart);
    return ctest_finish();
}
