/* Reductions with a non-commutative user op (MPI-4.0 6.9.5: the result is
 * the op applied in rank order) on every reduction collective, small and
 * large counts, against a sequential fold. Element: an affine map x -> a x + b
 * mod P; in op inout = "in, then inout" (composition does not commute). */
#include "mtest.h"
#include <stdlib.h>

#define P 1000003LL
typedef struct {
    long long a, b;
} aff;

static void compose(void *in, void *inout, int *len, MPI_Datatype *t)
{
    (void)t;
    aff *x = in, *y = inout;
    for (int i = 0; i < *len; i++) {
        aff r = {y[i].a * x[i].a % P, (y[i].a * x[i].b + y[i].b) % P};
        y[i] = r;
    }
}

static aff elem(int rank, int i)
{
    aff e = {(rank * 7 + i * 3) % 97 + 2, (rank * 13 + i) % 89 + 1};
    return e;
}

/* the fold of ranks lo..hi-1 for element i */
static aff fold(int lo, int hi, int i)
{
    aff acc = elem(lo, i);
    for (int r = lo + 1; r < hi; r++) {
        aff e = elem(r, i);
        int one = 1;
        compose(&acc, &e, &one, NULL);
        acc = e;
    }
    return acc;
}

static int same(aff x, aff y) { return x.a == y.a && x.b == y.b; }

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size, me = mtest_rank;
    MPI_Datatype T;
    MPI_Type_contiguous(2, MPI_LONG_LONG, &T);
    MPI_Type_commit(&T);
    MPI_Op op;
    MPI_Op_create(compose, 0, &op);
    int counts[] = {1, 7, 3000};
    for (int k = 0; k < 3; k++) {
        int c = counts[k];
        aff *s = malloc(sizeof(aff) * (size_t)c * (size_t)n), *r = malloc(sizeof(aff) * (size_t)c * (size_t)n);
        for (int i = 0; i < c * n; i++)
            s[i] = elem(me, i);
        for (int nb = 0; nb < 2; nb++) {
            MPI_Request req;
            for (int root = 0; root < n; root++) {
                if (nb) {
                    MPI_Ireduce(s, r, c, T, op, root, MPI_COMM_WORLD, &req);
                    MPI_Wait(&req, MPI_STATUS_IGNORE);
                } else
                    MPI_Reduce(s, r, c, T, op, root, MPI_COMM_WORLD);
                for (int i = 0; me == root && i < c; i++)
                    if (!same(r[i], fold(0, n, i))) {
                        CHECK(0, "%sReduce count %d root %d: element %d wrong", nb ? "I" : "", c, root, i);
                        break;
                    }
            }
            if (nb) {
                MPI_Iallreduce(s, r, c, T, op, MPI_COMM_WORLD, &req);
                MPI_Wait(&req, MPI_STATUS_IGNORE);
            } else
                MPI_Allreduce(s, r, c, T, op, MPI_COMM_WORLD);
            for (int i = 0; i < c; i++)
                if (!same(r[i], fold(0, n, i))) {
                    CHECK(0, "%sAllreduce count %d: element %d wrong", nb ? "I" : "", c, i);
                    break;
                }
            if (nb) {
                MPI_Iscan(s, r, c, T, op, MPI_COMM_WORLD, &req);
                MPI_Wait(&req, MPI_STATUS_IGNORE);
            } else
                MPI_Scan(s, r, c, T, op, MPI_COMM_WORLD);
            for (int i = 0; i < c; i++)
                if (!same(r[i], fold(0, me + 1, i))) {
                    CHECK(0, "%sScan count %d: element %d wrong", nb ? "I" : "", c, i);
                    break;
                }
            if (nb) {
                MPI_Iexscan(s, r, c, T, op, MPI_COMM_WORLD, &req);
                MPI_Wait(&req, MPI_STATUS_IGNORE);
            } else
                MPI_Exscan(s, r, c, T, op, MPI_COMM_WORLD);
            for (int i = 0; me > 0 && i < c; i++)
                if (!same(r[i], fold(0, me, i))) {
                    CHECK(0, "%sExscan count %d: element %d wrong", nb ? "I" : "", c, i);
                    break;
                }
            if (nb) {
                MPI_Ireduce_scatter_block(s, r, c, T, op, MPI_COMM_WORLD, &req);
                MPI_Wait(&req, MPI_STATUS_IGNORE);
            } else
                MPI_Reduce_scatter_block(s, r, c, T, op, MPI_COMM_WORLD);
            for (int i = 0; i < c; i++)
                if (!same(r[i], fold(0, n, me * c + i))) {
                    CHECK(0, "%sReduce_scatter_block count %d: element %d wrong", nb ? "I" : "", c, i);
                    break;
                }
        }
        free(s);
        free(r);
    }
    MPI_Op_free(&op);
    MPI_Type_free(&T);
    return mtest_finalize();
}
