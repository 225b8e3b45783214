/* Collectives on intercommunicators (MPI-4.0 6.2.2), blocking and
 * nonblocking: rooted ones with MPI_ROOT / MPI_PROC_NULL in the root's group
 * and the root's rank in the other, every root of either group; the
 * all-to-all forms across the groups; against sequential references. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

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

/* element i from rank r of group g */
static int val(int g, int r, int i) { return g * 1000000 + r * 1000 + i; }

static void run(MPI_Comm inter, int g, int me, int lsize, int rsize, int count)
{
    int big = (lsize > rsize ? lsize : rsize) * (count + 3) + 8;
    int *sbuf = malloc(sizeof(int) * (size_t)big), *rbuf = malloc(sizeof(int) * (size_t)big);
    int *counts = malloc(sizeof(int) * (size_t)big), *displs = malloc(sizeof(int) * (size_t)big);
    RUN("barrier", MPI_Barrier(inter), MPI_Ibarrier(inter, REQ));
    for (int rg = 0; rg < 2; rg++) /* the root's group */
        for (int root = 0; root < (rg == 0 ? (g == 0 ? lsize : rsize) : (g == 1 ? lsize : rsize)); root++) {
            int in_root_group = g == rg, is_root = in_root_group && me == root;
            int arg = in_root_group ? (is_root ? MPI_ROOT : MPI_PROC_NULL) : root;
            /* Bcast */
            for (int i = 0; i < count; i++)
                rbuf[i] = is_root ? val(g, me, i) : -1;
            RUN("bcast", MPI_Bcast(rbuf, count, MPI_INT, arg, inter),
                MPI_Ibcast(rbuf, count, MPI_INT, arg, inter, REQ));
            if (!in_root_group)
                for (int i = 0; i < count; i++)
                    if (rbuf[i] != val(rg, root, i)) {
                        CHECK(0, "bcast root %d/%d [%d] = %d", rg, root, i, rbuf[i]);
                        break;
                    }
            /* Gather / Gatherv: the other group's blocks at the root */
            for (int i = 0; i < count; i++)
                sbuf[i] = val(g, me, i);
            for (int i = 0; i < big; i++)
                rbuf[i] = -1;
            RUN("gather", MPI_Gather(sbuf, count, MPI_INT, rbuf, count, MPI_INT, arg, inter),
                MPI_Igather(sbuf, count, MPI_INT, rbuf, count, MPI_INT, arg, inter, REQ));
            if (is_root)
                for (int i = 0; i < rsize * count; i++)
                    if (rbuf[i] != val(1 - g, i / count, i % count)) {
                        CHECK(0, "gather root %d/%d [%d] = %d", rg, root, i, rbuf[i]);
                        break;
                    }
            int total = 0;
            for (int q = 0; q < rsize; q++) {
                counts[q] = count + q % 2;
                displs[q] = total;
                total += counts[q] + 1;
            }
            for (int i = 0; i < count + 1; i++)
                sbuf[i] = val(g, me, i);
            for (int i = 0; i < big; i++)
                rbuf[i] = -1;
            RUN("gatherv", MPI_Gatherv(sbuf, count + me % 2, MPI_INT, rbuf, counts, displs, MPI_INT, arg, inter),
                MPI_Igatherv(sbuf, count + me % 2, MPI_INT, rbuf, counts, displs, MPI_INT, arg, inter, REQ));
            if (is_root)
                for (int q = 0; q < rsize; q++)
                    for (int i = 0; i < counts[q]; i++)
                        CHECK(rbuf[displs[q] + i] == val(1 - g, q, i), "gatherv from %d [%d]", q, i);
            /* Scatter: block q of the root's buffer to remote rank q */
            for (int i = 0; i < rsize * count; i++)
                sbuf[i] = is_root ? val(g, i / count, i % count) : -2;
            for (int i = 0; i < count; i++)
                rbuf[i] = -1;
            RUN("scatter", MPI_Scatter(sbuf, count, MPI_INT, rbuf, count, MPI_INT, arg, inter),
                MPI_Iscatter(sbuf, count, MPI_INT, rbuf, count, MPI_INT, arg, inter, REQ));
            if (!in_root_group)
                for (int i = 0; i < count; i++)
                    CHECK(rbuf[i] == val(rg, me, i), "scatter root %d/%d [%d] = %d", rg, root, i, rbuf[i]);
            RUN("scatterv", MPI_Scatterv(sbuf, counts, displs, MPI_INT, rbuf, count + me % 2, MPI_INT, arg, inter),
                MPI_Iscatterv(sbuf, counts, displs, MPI_INT, rbuf, count + me % 2, MPI_INT, arg, inter, REQ));
            /* Reduce: the sum over the other group at the root */
            for (int i = 0; i < count; i++)
                sbuf[i] = val(g, me, i);
            for (int i = 0; i < count; i++)
                rbuf[i] = -1;
            RUN("reduce", MPI_Reduce(sbuf, rbuf, count, MPI_INT, MPI_SUM, arg, inter),
                MPI_Ireduce(sbuf, rbuf, count, MPI_INT, MPI_SUM, arg, inter, REQ));
            if (is_root)
                for (int i = 0; i < count; i++) {
                    int want = 0;
                    for (int q = 0; q < rsize; q++)
                        want += val(1 - g, q, i);
                    CHECK(rbuf[i] == want, "reduce root %d/%d [%d] = %d, want %d", rg, root, i, rbuf[i], want);
                }
        }
    /* Allgather: the other group's blocks */
    for (int i = 0; i < count; i++)
        sbuf[i] = val(g, me, i);
    RUN("allgather", MPI_Allgather(sbuf, count, MPI_INT, rbuf, count, MPI_INT, inter),
        MPI_Iallgather(sbuf, count, MPI_INT, rbuf, count, MPI_INT, inter, REQ));
    for (int i = 0; i < rsize * count; i++)
        if (rbuf[i] != val(1 - g, i / count, i % count)) {
            CHECK(0, "allgather [%d] = %d", i, rbuf[i]);
            break;
        }
    /* Alltoall: block q to remote rank q */
    for (int q = 0; q < rsize; q++)
        for (int i = 0; i < count; i++)
            sbuf[q * count + i] = val(g, me, q * 100 + i);
    RUN("alltoall", MPI_Alltoall(sbuf, count, MPI_INT, rbuf, count, MPI_INT, inter),
        MPI_Ialltoall(sbuf, count, MPI_INT, rbuf, count, MPI_INT, inter, REQ));
    for (int q = 0; q < rsize; q++)
        for (int i = 0; i < count; i++)
            CHECK(rbuf[q * count + i] == val(1 - g, q, me * 100 + i), "alltoall from %d [%d]", q, i);
    /* Alltoallv: count + 1 elements each way */
    for (int q = 0; q < rsize; q++) {
        counts[q] = count + 1;
        displs[q] = q * (count + 2);
        for (int i = 0; i <= count; i++)
            sbuf[displs[q] + i] = val(g, me, q * 100 + i);
    }
    RUN("alltoallv", MPI_Alltoallv(sbuf, counts, displs, MPI_INT, rbuf, counts, displs, MPI_INT, inter),
        MPI_Ialltoallv(sbuf, counts, displs, MPI_INT, rbuf, counts, displs, MPI_INT, inter, REQ));
    for (int q = 0; q < rsize; q++)
        for (int i = 0; i <= count; i++)
            CHECK(rbuf[displs[q] + i] == val(1 - g, q, me * 100 + i), "alltoallv from %d [%d]", q, i);
    /* Allreduce: the sum over the other group */
    for (int i = 0; i < count; i++)
        sbuf[i] = val(g, me, i);
    RUN("allreduce", MPI_Allreduce(sbuf, rbuf, count, MPI_INT, MPI_SUM, inter),
        MPI_Iallreduce(sbuf, rbuf, count, MPI_INT, MPI_SUM, inter, REQ));
    for (int i = 0; i < count; i++) {
        int want = 0;
        for (int q = 0; q < rsize; q++)
            want += val(1 - g, q, i);
        CHECK(rbuf[i] == want, "allreduce [%d] = %d, want %d", i, rbuf[i], want);
    }
    /* Reduce_scatter_block: both groups reduce vectors of lsize * rcount = rsize * rcount' elements */
    int rcount = rsize * (count + 1), vlen = lsize * rcount;
    int *v = malloc(sizeof(int) * (size_t)vlen), *res = malloc(sizeof(int) * (size_t)(rcount + 1));
    for (int i = 0; i < vlen; i++)
        v[i] = val(g, me, i);
    RUN("reduce_scatter_block", MPI_Reduce_scatter_block(v, res, rcount, MPI_INT, MPI_SUM, inter),
        MPI_Ireduce_scatter_block(v, res, rcount, MPI_INT, MPI_SUM, inter, REQ));
    for (int i = 0; i < rcount; i++) {
        int want = 0;
        for (int q = 0; q < rsize; q++)
            want += val(1 - g, q, me * rcount + i);
        if (res[i] != want) {
            CHECK(0, "reduce_scatter_block [%d] = %d, want %d", i, res[i], want);
            break;
        }
    }
    /* Reduce_scatter: the same vector, uneven pieces: local rank q gets rcount + (q == 0 ? -(lsize-1) : 1) */
    int *rc = malloc(sizeof(int) * (size_t)lsize), first = 0;
    for (int q = 0; q < lsize; q++) {
        rc[q] = q == 0 ? rcount - (lsize - 1) : rcount + 1;
        if (q < me)
            first += rc[q];
    }
    RUN("reduce_scatter", MPI_Reduce_scatter(v, res, rc, MPI_INT, MPI_SUM, inter),
        MPI_Ireduce_scatter(v, res, rc, MPI_INT, MPI_SUM, inter, REQ));
    for (int i = 0; i < rc[me]; i++) {
        int want = 0;
        for (int q = 0; q < rsize; q++)
            want += val(1 - g, q, first + i);
        if (res[i] != want) {
            CHECK(0, "reduce_scatter [%d] = %d, want %d", i, res[i], want);
            break;
        }
    }
    free(rc), free(v), free(res);
    free(sbuf), free(rbuf), free(counts), free(displs);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size, rank = mtest_rank;
    int na = n / 2, g = rank < na ? 0 : 1;
    MPI_Comm local, inter;
    MPI_Comm_split(MPI_COMM_WORLD, g, rank, &local);
    MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, g == 0 ? na : 0, 9, &inter);
    int me, lsize, rsize;
    MPI_Comm_rank(inter, &me);
    MPI_Comm_size(inter, &lsize);
    MPI_Comm_remote_size(inter, &rsize);
    static const int counts[] = {0, 1, 5, 400};
    for (nb = 0; nb < 2; nb++)
        for (unsigned k = 0; k < sizeof counts / sizeof counts[0]; k++)
            run(inter, g, me, lsize, rsize, counts[k]);
    MPI_Comm_free(&inter);
    MPI_Comm_free(&local);
    return mtest_finalize();
}
