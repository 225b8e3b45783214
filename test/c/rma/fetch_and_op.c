/* MPI_Fetch_and_op on int, long long, unsigned and double with SUM, NO_OP, REPLACE, MAX, MIN, PROD
 * and BXOR: each rank applies a sequence to its right neighbour's window under MPI_Win_lock_all;
 * accumulates from one origin to one location are ordered (the default accumulate_ordering), so
 * each fetch sees the result of the one before, and the results are all valid after one flush. */
#include <stddef.h>
#include "rmatest.h"

struct cells {
    int i;
    long long l;
    unsigned u;
    double d;
};
#define AT(field) ((MPI_Aint)offsetof(struct cells, field))

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size;
    struct cells *w;
    MPI_Win win;
    CHECK_MPI(MPI_Win_allocate(sizeof *w, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &w, &win));
    *w = (struct cells){rank, (long long)rank << 40, 0xf0f0u + rank, rank + 0.5};
    MPI_Barrier(MPI_COMM_WORLD);

    int i5 = 5, i42 = 42, i7 = 7, ir[6];
    long long l3 = 3, lbig = 1LL << 41, lr[3];
    unsigned ux = 0xffffu, ur[2];
    double dhalf = 0.5, d100 = 100.0, dr[3];
    CHECK_MPI(MPI_Win_lock_all(0, win));
    CHECK_MPI(MPI_Fetch_and_op(&i5, &ir[0], MPI_INT, right, AT(i), MPI_SUM, win));
    CHECK_MPI(MPI_Fetch_and_op(NULL, &ir[1], MPI_INT, right, AT(i), MPI_NO_OP, win));
    CHECK_MPI(MPI_Fetch_and_op(&i42, &ir[2], MPI_INT, right, AT(i), MPI_REPLACE, win));
    CHECK_MPI(MPI_Fetch_and_op(&i7, &ir[3], MPI_INT, right, AT(i), MPI_MAX, win));
    CHECK_MPI(MPI_Fetch_and_op(&i7, &ir[4], MPI_INT, right, AT(i), MPI_MIN, win));
    CHECK_MPI(MPI_Fetch_and_op(NULL, &ir[5], MPI_INT, right, AT(i), MPI_NO_OP, win));
    CHECK_MPI(MPI_Fetch_and_op(&lbig, &lr[0], MPI_LONG_LONG, right, AT(l), MPI_SUM, win));
    CHECK_MPI(MPI_Fetch_and_op(&l3, &lr[1], MPI_LONG_LONG, right, AT(l), MPI_PROD, win));
    CHECK_MPI(MPI_Fetch_and_op(NULL, &lr[2], MPI_LONG_LONG, right, AT(l), MPI_NO_OP, win));
    CHECK_MPI(MPI_Fetch_and_op(&ux, &ur[0], MPI_UNSIGNED, right, AT(u), MPI_BXOR, win));
    CHECK_MPI(MPI_Fetch_and_op(NULL, &ur[1], MPI_UNSIGNED, right, AT(u), MPI_NO_OP, win));
    CHECK_MPI(MPI_Fetch_and_op(&dhalf, &dr[0], MPI_DOUBLE, right, AT(d), MPI_SUM, win));
    CHECK_MPI(MPI_Fetch_and_op(&d100, &dr[1], MPI_DOUBLE, right, AT(d), MPI_MAX, win));
    CHECK_MPI(MPI_Fetch_and_op(NULL, &dr[2], MPI_DOUBLE, right, AT(d), MPI_NO_OP, win));
    CHECK_MPI(MPI_Win_flush(right, win));

    int ei[6] = {right, right + 5, right + 5, 42, 42, 7};
    for (int k = 0; k < 6; k++) CHECK(ir[k] == ei[k], "int fetch %d = %d, expected %d", k, ir[k], ei[k]);
    long long l0 = (long long)right << 40;
    CHECK(lr[0] == l0 && lr[1] == l0 + lbig && lr[2] == (l0 + lbig) * 3, "long long fetches %lld %lld %lld", lr[0],
          lr[1], lr[2]);
    CHECK(ur[0] == 0xf0f0u + right && ur[1] == ((0xf0f0u + right) ^ 0xffffu), "unsigned fetches %#x %#x", ur[0], ur[1]);
    CHECK(dr[0] == right + 0.5 && dr[1] == right + 1.0 && dr[2] == 100.0, "double fetches %g %g %g", dr[0], dr[1],
          dr[2]);
    CHECK_MPI(MPI_Win_unlock_all(win));

    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(w->i == 7 && w->l == (((long long)rank << 40) + lbig) * 3 && w->d == 100.0, "my cells: %d %lld %g", w->i,
          w->l, w->d);
    CHECK_MPI(MPI_Win_free(&win));
    return ctest_finish();
}
