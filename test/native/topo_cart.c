/* Cartesian topologies (MPI-4.0 8.5): Dims_create on the standard's table and
 * more, 2-D periodic and non-periodic grids (shift, coords <-> rank round
 * trips, ranks past the grid), Cart_sub, Cart_map, Topo_test, dup, and bad
 * arguments with their error classes and messages. */
#include "mtest.h"
#include <string.h>

static void dims_case(int nnodes, int ndims, const int *in, const int *want)
{
    int d[8];
    memcpy(d, in, sizeof(int) * (size_t)ndims);
    int rc = MPI_Dims_create(nnodes, ndims, d);
    CHECK(rc == MPI_SUCCESS, "Dims_create(%d, %d) failed: %d", nnodes, ndims, rc);
    for (int i = 0; i < ndims; i++)
        CHECK(d[i] == want[i], "Dims_create(%d, %d): dims[%d] = %d, want %d", nnodes, ndims, i, d[i], want[i]);
}

static void test_dims(void)
{
    /* the standard's table (MPI-4.0 8.5.2) */
    dims_case(6, 2, (int[]){0, 0}, (int[]){3, 2});
    dims_case(7, 2, (int[]){0, 0}, (int[]){7, 1});
    dims_case(6, 3, (int[]){0, 3, 0}, (int[]){2, 3, 1});
    int d[3] = {0, 3, 0};
    CHECK_CLASS(MPI_Dims_create(7, 3, d), MPI_ERR_DIMS);
    /* balanced, non-increasing */
    dims_case(12, 2, (int[]){0, 0}, (int[]){4, 3});
    dims_case(16, 2, (int[]){0, 0}, (int[]){4, 4});
    dims_case(24, 3, (int[]){0, 0, 0}, (int[]){4, 3, 2});
    dims_case(64, 3, (int[]){0, 0, 0}, (int[]){4, 4, 4});
    dims_case(1, 3, (int[]){0, 0, 0}, (int[]){1, 1, 1});
    dims_case(30, 2, (int[]){0, 0}, (int[]){6, 5});
    dims_case(36, 3, (int[]){0, 0, 0}, (int[]){4, 3, 3});
    /* a greedy split of the primes gives (4, 2, 2, 2) for 32 into 4: still balanced */
    dims_case(32, 4, (int[]){0, 0, 0, 0}, (int[]){4, 2, 2, 2});
    /* 2*2*2*2*3 = 48 in 3: (4, 4, 3) beats the greedy (6, 4, 2) */
    dims_case(48, 3, (int[]){0, 0, 0}, (int[]){4, 4, 3});
    dims_case(1000003, 2, (int[]){0, 0}, (int[]){1000003, 1}); /* a prime */
    /* 1344 divisors into 8: the search must stay fast */
    dims_case(735134400, 8, (int[]){0, 0, 0, 0, 0, 0, 0, 0}, (int[]){17, 15, 14, 13, 12, 12, 11, 10});
    dims_case(8, 3, (int[]){2, 0, 0}, (int[]){2, 2, 2});
    dims_case(12, 3, (int[]){0, 0, 2}, (int[]){3, 2, 2});
    dims_case(5, 1, (int[]){5}, (int[]){5});
    dims_case(1, 0, (int[]){0}, (int[]){0});
    int e[2] = {-1, 0};
    CHECK_CLASS(MPI_Dims_create(4, 2, e), MPI_ERR_DIMS);
    CHECK(strstr(MPIR_Err_last_message(), "MPI_Dims_create") && strstr(MPIR_Err_last_message(), "(dims)"),
          "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Dims_create(4, -1, e), MPI_ERR_DIMS);
    CHECK_CLASS(MPI_Dims_create(-4, 2, e), MPI_ERR_ARG);
    int f[2] = {3, 0};
    CHECK_CLASS(MPI_Dims_create(4, 2, f), MPI_ERR_DIMS);
}

/* A dims[0] x dims[1] grid on world: every query against the row-major layout. */
static void test_grid(int d0, int d1, int p0, int p1)
{
    int me = mtest_rank;
    int dims[2] = {d0, d1}, periods[2] = {p0, p1};
    MPI_Comm cart;
    int rc = MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 1, &cart);
    CHECK(rc == MPI_SUCCESS, "Cart_create %dx%d: %d", d0, d1, rc);
    if (me >= d0 * d1) {
        CHECK(cart == MPI_COMM_NULL, "rank %d past a %dx%d grid got a communicator", me, d0, d1);
        return;
    }
    int size, r, kind, nd;
    MPI_Comm_size(cart, &size);
    MPI_Comm_rank(cart, &r);
    CHECK(size == d0 * d1 && r == me, "grid size %d rank %d", size, r);
    MPI_Topo_test(cart, &kind);
    CHECK(kind == MPI_CART, "Topo_test %d", kind);
    MPI_Cartdim_get(cart, &nd);
    CHECK(nd == 2, "Cartdim_get %d", nd);
    int gd[2], gp[2], gc[2];
    MPI_Cart_get(cart, 2, gd, gp, gc);
    CHECK(gd[0] == d0 && gd[1] == d1 && gp[0] == p0 && gp[1] == p1, "Cart_get dims %d %d periods %d %d", gd[0],
          gd[1], gp[0], gp[1]);
    CHECK(gc[0] == me / d1 && gc[1] == me % d1, "Cart_get coords (%d, %d)", gc[0], gc[1]);
    /* round trips over every rank */
    for (int q = 0; q < size; q++) {
        int c[2], back = -1;
        MPI_Cart_coords(cart, q, 2, c);
        CHECK(c[0] == q / d1 && c[1] == q % d1, "coords of %d: (%d, %d)", q, c[0], c[1]);
        MPI_Cart_rank(cart, c, &back);
        CHECK(back == q, "rank of coords of %d: %d", q, back);
    }
    /* shifts: by 1 and by -2 in both directions */
    for (int dir = 0; dir < 2; dir++) {
        for (int disp = -2; disp <= 2; disp++) {
            int src, dst;
            MPI_Cart_shift(cart, dir, disp, &src, &dst);
            int len = dims[dir], x = gc[dir];
            int ws = x - disp, wd = x + disp;
            int c[2] = {gc[0], gc[1]};
            int want_src, want_dst;
            if (periods[dir]) {
                c[dir] = ((ws % len) + len) % len;
                want_src = c[0] * d1 + c[1];
                c[dir] = ((wd % len) + len) % len;
                want_dst = c[0] * d1 + c[1];
            } else {
                c[dir] = ws;
                want_src = ws < 0 || ws >= len ? MPI_PROC_NULL : c[0] * d1 + c[1];
                c[dir] = wd;
                want_dst = wd < 0 || wd >= len ? MPI_PROC_NULL : c[0] * d1 + c[1];
            }
            CHECK(src == want_src && dst == want_dst, "%dx%d p(%d,%d) shift dir %d disp %d: (%d, %d) want (%d, %d)",
                  d0, d1, p0, p1, dir, disp, src, dst, want_src, want_dst);
        }
    }
    /* periodic wrap of out-of-range coordinates, and errors on non-periodic ones */
    MPI_Comm_set_errhandler(cart, MPI_ERRORS_RETURN);
    int far[2] = {gc[0] + d0, gc[1] - d1}, rr = -1;
    rc = MPI_Cart_rank(cart, far, &rr);
    if (p0 && p1)
        CHECK(rc == MPI_SUCCESS && rr == me, "wrapped rank %d rc %d", rr, rc);
    else {
        CHECK_CLASS(rc, MPI_ERR_ARG);
        CHECK(strstr(MPIR_Err_last_message(), "MPI_Cart_rank") && strstr(MPIR_Err_last_message(), "(coords)"),
              "message: %s", MPIR_Err_last_message());
    }
    /* the messages of a grid go where its ranks say: a ring along dimension 1 */
    int src, dst, in = -1, out = me;
    MPI_Cart_shift(cart, 1, 1, &src, &dst);
    MPI_Sendrecv(&out, 1, MPI_INT, dst, 9, &in, 1, MPI_INT, src, 9, cart, MPI_STATUS_IGNORE);
    CHECK(in == (src == MPI_PROC_NULL ? -1 : src), "ring along dim 1 got %d from %d", in, src);

    /* Cart_sub: rows (keep dim 1) and columns (keep dim 0) */
    MPI_Comm row, col, pt;
    MPI_Cart_sub(cart, (int[]){0, 1}, &row);
    MPI_Cart_sub(cart, (int[]){1, 0}, &col);
    int rs, rk, cs, ck;
    MPI_Comm_size(row, &rs);
    MPI_Comm_rank(row, &rk);
    MPI_Comm_size(col, &cs);
    MPI_Comm_rank(col, &ck);
    CHECK(rs == d1 && rk == gc[1], "row size %d rank %d", rs, rk);
    CHECK(cs == d0 && ck == gc[0], "column size %d rank %d", cs, ck);
    int sd, sp, sc;
    MPI_Cart_get(row, 1, &sd, &sp, &sc);
    CHECK(sd == d1 && sp == p1 && sc == gc[1], "row Cart_get %d %d %d", sd, sp, sc);
    MPI_Cart_get(col, 1, &sd, &sp, &sc);
    CHECK(sd == d0 && sp == p0 && sc == gc[0], "column Cart_get %d %d %d", sd, sp, sc);
    /* the row's members are the row's: a sum over it */
    int sum = 0, mine = me;
    for (int q = 0; q < rs; q++) {
        int v = mine;
        if (q != rk)
            MPI_Sendrecv(&mine, 1, MPI_INT, q, 3, &v, 1, MPI_INT, q, 3, row, MPI_STATUS_IGNORE);
        sum += v;
    }
    int want = 0;
    for (int q = 0; q < d1; q++)
        want += gc[0] * d1 + q;
    CHECK(sum == want, "row sum %d, want %d", sum, want);
    MPI_Cart_sub(cart, (int[]){0, 0}, &pt);
    MPI_Comm_size(pt, &rs);
    MPI_Cartdim_get(pt, &nd);
    CHECK(rs == 1 && nd == 0, "point sub size %d ndims %d", rs, nd);
    MPI_Comm_free(&row);
    MPI_Comm_free(&col);
    MPI_Comm_free(&pt);

    /* a duplicate keeps the topology */
    MPI_Comm dup;
    MPI_Comm_dup(cart, &dup);
    MPI_Topo_test(dup, &kind);
    MPI_Cart_get(dup, 2, gd, gp, gc);
    CHECK(kind == MPI_CART && gd[0] == d0 && gd[1] == d1 && gp[1] == p1, "dup's topology %d", kind);
    MPI_Comm_free(&dup);
    MPI_Comm_free(&cart);
}

static void test_errors(void)
{
    int n = mtest_size;
    MPI_Comm c;
    int kind = 0;
    MPI_Topo_test(MPI_COMM_WORLD, &kind);
    CHECK(kind == MPI_UNDEFINED, "world Topo_test %d", kind);
    CHECK_CLASS(MPI_Cart_create(MPI_COMM_WORLD, 1, (int[]){n + 1}, (int[]){0}, 0, &c), MPI_ERR_ARG);
    CHECK(strstr(MPIR_Err_last_message(), "MPI_Cart_create"), "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Cart_create(MPI_COMM_WORLD, 1, (int[]){0}, (int[]){0}, 0, &c), MPI_ERR_DIMS);
    CHECK_CLASS(MPI_Cart_create(MPI_COMM_WORLD, -1, (int[]){1}, (int[]){0}, 0, &c), MPI_ERR_DIMS);
    CHECK_CLASS(MPI_Cart_create(MPI_COMM_NULL, 1, (int[]){1}, (int[]){0}, 0, &c), MPI_ERR_COMM);
    int nd, src, dst, coords[2];
    CHECK_CLASS(MPI_Cartdim_get(MPI_COMM_WORLD, &nd), MPI_ERR_TOPOLOGY);
    CHECK(strstr(MPIR_Err_last_message(), "MPI_Cartdim_get") && strstr(MPIR_Err_last_message(), "(comm)"),
          "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Cart_shift(MPI_COMM_WORLD, 0, 1, &src, &dst), MPI_ERR_TOPOLOGY);
    CHECK_CLASS(MPI_Cart_coords(MPI_COMM_WORLD, 0, 2, coords), MPI_ERR_TOPOLOGY);
    MPI_Cart_create(MPI_COMM_WORLD, 1, (int[]){n}, (int[]){1}, 0, &c);
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    CHECK_CLASS(MPI_Cart_shift(c, 1, 1, &src, &dst), MPI_ERR_ARG);
    CHECK(strstr(MPIR_Err_last_message(), "(direction)"), "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Cart_coords(c, n, 1, coords), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Cart_coords(c, 0, 0, coords), MPI_ERR_ARG);
    CHECK_CLASS(MPI_Graphdims_get(c, &nd, &src), MPI_ERR_TOPOLOGY);
    CHECK(strstr(MPIR_Err_last_message(), "Cartesian"), "message: %s", MPIR_Err_last_message());
    int wrapped = -1;
    MPI_Cart_rank(c, (int[]){-1}, &wrapped);
    CHECK(wrapped == n - 1, "periodic -1 -> %d", wrapped);
    /* Cart_map: the first dims ranks keep theirs */
    int nr;
    MPI_Cart_map(MPI_COMM_WORLD, 1, (int[]){n > 1 ? n - 1 : 1}, (int[]){0}, &nr);
    CHECK(nr == (mtest_rank < (n > 1 ? n - 1 : 1) ? mtest_rank : MPI_UNDEFINED), "Cart_map %d", nr);
    MPI_Comm_free(&c);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    test_dims();
    int n = mtest_size, d[2] = {0, 0};
    MPI_Dims_create(n, 2, d);
    test_grid(d[0], d[1], 1, 1);
    test_grid(d[0], d[1], 0, 0);
    test_grid(d[0], d[1], 1, 0);
    test_grid(1, n, 0, 1);
    if (n > 2)
        test_grid(2, (n - 1) / 2, 1, 0); /* ranks past the grid */
    if (n > 1)
        test_grid(n - 1, 1, 0, 1);
    test_errors();
    return mtest_finalize();
}
