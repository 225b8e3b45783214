/* The reduction collectives (MPI-4.0 6.9-6.11), blocking and nonblocking:
 * Reduce (every root), Allreduce, Reduce_scatter, Reduce_scatter_block, Scan
 * and Exscan, with and without MPI_IN_PLACE, on world, self, a duplicate and
 * split halves; predefined ops, MAXLOC on a pair type, a commutative user op
 * and a non-commutative one (composition of affine maps, which catches any
 * change of the ranks' order), against a sequential fold in rank order. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

#define P 10007

typedef struct { int a, b; } pair;

/* x then y: v -> (v * x.a + x.b) * y.a + y.b */
static pair compose(pair x, pair y)
{
    pair r = {(int)((long long)x.a * y.a % P), (int)(((long long)x.b * y.a + y.b) % P)};
    return r;
}

static void affine_fn(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    (void)dt;
    pair *x = in, *y = inout;
    for (int i = 0; i < *len; i++)
        y[i] = compose(x[i], y[i]);
}

static void usersum_fn(void *in, void *inout, int *len, MPI_Datatype *dt)
{
    (void)dt;
    for (int i = 0; i < *len; i++)
        ((int *)inout)[i] += ((int *)in)[i];
}

enum { SUM_INT, SUM_DOUBLE, MAX_INT, MAXLOC_2INT, AFFINE, USERSUM, NCASES };
static const char *names[NCASES] = {"SUM/INT", "SUM/DOUBLE", "MAX/INT", "MAXLOC/2INT", "affine", "usersum"};
static MPI_Op ops[NCASES];
static MPI_Datatype types[NCASES];
static size_t sizes[NCASES];

/* element i of rank r's contribution */
static void contribution(int c, int r, int i, void *out)
{
    switch (c) {
    case SUM_INT:
    case USERSUM: *(int *)out = (r + 1) * (i % 13 + 1) - 3 * r; break;
    case SUM_DOUBLE: *(double *)out = (r + 1) * 0.5 + i; break;
    case MAX_INT: *(int *)out = (r * 37 + i * 11) % 101; break;
    case MAXLOC_2INT: ((int *)out)[0] = (r * 37 + i * 11) % 17, ((int *)out)[1] = r; break;
    case AFFINE: ((pair *)out)->a = (r * 3 + i) % 7 + 2, ((pair *)out)->b = (r * 5 + i * 3) % 11; break;
    }
}

/* acc = acc op next (acc holds the lower ranks) */
static void combine(int c, void *acc, const void *next)
{
    switch (c) {
    case SUM_INT:
    case USERSUM: *(int *)acc += *(const int *)next; break;
    case SUM_DOUBLE: *(double *)acc += *(const double *)next; break;
    case MAX_INT: if (*(const int *)next > *(int *)acc) *(int *)acc = *(const int *)next; break;
    case MAXLOC_2INT: {
        int *x = acc;
        const int *y = next;
        if (y[0] > x[0] || (y[0] == x[0] && y[1] < x[1]))
            x[0] = y[0], x[1] = y[1];
        break;
    }
    case AFFINE: *(pair *)acc = compose(*(pair *)acc, *(const pair *)next); break;
    }
}

/* The fold of ranks [lo, hi) of element i into out. */
static void reference(int c, int lo, int hi, int i, void *out)
{
    char next[16];
    contribution(c, lo, i, out);
    for (int r = lo + 1; r < hi; r++) {
        contribution(c, r, i, next);
        combine(c, out, next);
    }
}

static int nb;
#define RUN(what, blocking, nonblocking)                                                  \
    do {                                                                                  \
        MPI_Request req_ = MPI_REQUEST_NULL;                                              \
        int rc_ = nb ? (nonblocking) : (blocking);                                        \
        CHECK(rc_ == MPI_SUCCESS, "%s returned %d", what, rc_);                           \
        if (nb && rc_ == MPI_SUCCESS)                                                     \
            CHECK(MPI_Wait(&req_, MPI_STATUS_IGNORE) == MPI_SUCCESS, "%s: wait", what);   \
    } while (0)
#define REQ (&req_)

static void fill(int c, int r, int count, char *buf, int first)
{
    for (int i = 0; i < count; i++)
        contribution(c, r, first + i, buf + (size_t)i * sizes[c]);
}

/* Compares count elements of buf with the fold of ranks [lo, hi) from element first on. */
static void verify(int c, const char *buf, int count, int lo, int hi, int first, const char *what, int extra)
{
    char want[16];
    for (int i = 0; i < count; i++) {
        reference(c, lo, hi, first + i, want);
        if (memcmp(want, buf + (size_t)i * sizes[c], sizes[c]) != 0) {
            CHECK(0, "%s %s count %d (%d, nb %d): element %d differs", what, names[c], count, extra, nb, i);
            return;
        }
    }
}

static void test_case(MPI_Comm comm, int c, int count)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    MPI_Op op = ops[c];
    MPI_Datatype t = types[c];
    size_t es = sizes[c], total = (size_t)count * (size_t)size;
    char *sbuf = malloc(es * total + 16), *rbuf = malloc(es * total + 16);
    /* Reduce at every root, in place at the root or not */
    for (int root = 0; root < size; root++)
        for (int in_place = 0; in_place < 2; in_place++) {
            fill(c, rank, count, sbuf, 0);
            memset(rbuf, 0xee, es * (size_t)count);
            const void *s = sbuf;
            if (in_place && rank == root) {
                fill(c, rank, count, rbuf, 0);
                s = MPI_IN_PLACE;
            }
            RUN("reduce", MPI_Reduce(s, rbuf, count, t, op, root, comm),
                MPI_Ireduce(s, rbuf, count, t, op, root, comm, REQ));
            if (rank == root)
                verify(c, rbuf, count, 0, size, 0, "reduce", root);
        }
    for (int in_place = 0; in_place < 2; in_place++) {
        /* Allreduce */
        fill(c, rank, count, in_place ? rbuf : sbuf, 0);
        if (!in_place)
            memset(rbuf, 0xee, es * (size_t)count);
        RUN("allreduce", MPI_Allreduce(in_place ? MPI_IN_PLACE : sbuf, rbuf, count, t, op, comm),
            MPI_Iallreduce(in_place ? MPI_IN_PLACE : sbuf, rbuf, count, t, op, comm, REQ));
        verify(c, rbuf, count, 0, size, 0, "allreduce", in_place);
        /* Reduce_scatter_block: element g of the whole vector is contribution element g */
        fill(c, rank, (int)total, in_place ? rbuf : sbuf, 0);
        RUN("reduce_scatter_block",
            MPI_Reduce_scatter_block(in_place ? MPI_IN_PLACE : sbuf, rbuf, count, t, op, comm),
            MPI_Ireduce_scatter_block(in_place ? MPI_IN_PLACE : sbuf, rbuf, count, t, op, comm, REQ));
        verify(c, rbuf, count, 0, size, rank * count, "reduce_scatter_block", in_place);
        /* Reduce_scatter: rank q gets count - q % 3 elements (some get none when count is small) */
        int *rcounts = malloc(sizeof(int) * (size_t)size), sum = 0, first = 0;
        for (int q = 0; q < size; q++) {
            rcounts[q] = count - q % 3 > 0 ? count - q % 3 : 0;
            if (q < rank)
                first += rcounts[q];
            sum += rcounts[q];
        }
        fill(c, rank, sum, in_place ? rbuf : sbuf, 0);
        RUN("reduce_scatter", MPI_Reduce_scatter(in_place ? MPI_IN_PLACE : sbuf, rbuf, rcounts, t, op, comm),
            MPI_Ireduce_scatter(in_place ? MPI_IN_PLACE : sbuf, rbuf, rcounts, t, op, comm, REQ));
        verify(c, rbuf, rcounts[rank], 0, size, first, "reduce_scatter", in_place);
        free(rcounts);
        /* Scan and Exscan */
        fill(c, rank, count, in_place ? rbuf : sbuf, 0);
        RUN("scan", MPI_Scan(in_place ? MPI_IN_PLACE : sbuf, rbuf, count, t, op, comm),
            MPI_Iscan(in_place ? MPI_IN_PLACE : sbuf, rbuf, count, t, op, comm, REQ));
        verify(c, rbuf, count, 0, rank + 1, 0, "scan", in_place);
        fill(c, rank, count, in_place ? rbuf : sbuf, 0);
        RUN("exscan", MPI_Exscan(in_place ? MPI_IN_PLACE : sbuf, rbuf, count, t, op, comm),
            MPI_Iexscan(in_place ? MPI_IN_PLACE : sbuf, rbuf, count, t, op, comm, REQ));
        if (rank > 0)
            verify(c, rbuf, count, 0, rank, 0, "exscan", in_place);
    }
    free(sbuf);
    free(rbuf);
}

static void run_all(MPI_Comm comm)
{
    static const int counts[] = {0, 1, 5, 300, 2100};
    for (nb = 0; nb < 2; nb++)
        for (int c = 0; c < NCASES; c++)
            for (unsigned k = 0; k < sizeof counts / sizeof counts[0]; k++)
                test_case(comm, c, counts[k]);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Op_create(affine_fn, 0, &ops[AFFINE]);
    MPI_Op_create(usersum_fn, 1, &ops[USERSUM]);
    ops[SUM_INT] = ops[SUM_DOUBLE] = MPI_SUM;
    ops[MAX_INT] = MPI_MAX;
    ops[MAXLOC_2INT] = MPI_MAXLOC;
    types[SUM_INT] = types[MAX_INT] = types[USERSUM] = MPI_INT;
    types[SUM_DOUBLE] = MPI_DOUBLE;
    types[MAXLOC_2INT] = types[AFFINE] = MPI_2INT;
    for (int c = 0; c < NCASES; c++)
        sizes[c] = types[c] == MPI_DOUBLE || types[c] == MPI_2INT ? 8 : 4;
    run_all(MPI_COMM_WORLD);
    run_all(MPI_COMM_SELF);
    MPI_Comm dup, half;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    run_all(dup);
    MPI_Comm_split(MPI_COMM_WORLD, mtest_rank % 2, mtest_size - mtest_rank, &half);
    run_all(half);
    MPI_Comm_free(&dup);
    MPI_Comm_free(&half);
    MPI_Op_free(&ops[AFFINE]);
    MPI_Op_free(&ops[USERSUM]);
    return mtest_finalize();
}
