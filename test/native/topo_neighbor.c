/* Neighbourhood collectives (MPI-4.0 8.6) on Cartesian grids (periodic, not,
 * sizes 1 and 2 where both neighbours are one process), graphs and
 * distributed graphs with repeated edges: every block checked against a
 * reference computed from the neighbour lists of every process; PROC_NULL
 * blocks keep their contents; bad arguments. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

#define MAXDEG 16
#define SENTINEL (-7)

/* Whether the tests run the nonblocking forms (started, then waited for). */
static int nonblocking;
static MPI_Request ireq;
static int waited(int rc)
{
    return rc ? rc : MPI_Wait(&ireq, MPI_STATUS_IGNORE);
}
#define NEIGHBOR(name, ...) \
    (nonblocking ? waited(MPI_Ineighbor_##name(__VA_ARGS__, &ireq)) : MPI_Neighbor_##name(__VA_ARGS__))

typedef struct topo {
    MPI_Comm comm;
    int kind, me, size;
    int indeg, outdeg, in[MAXDEG], out[MAXDEG];
    int outs[8][MAXDEG], outdegs[8]; /* every process's out-neighbours */
} topo;

static void load(topo *t, MPI_Comm comm)
{
    t->comm = comm;
    MPI_Topo_test(comm, &t->kind);
    MPI_Comm_rank(comm, &t->me);
    MPI_Comm_size(comm, &t->size);
    if (t->kind == MPI_CART) {
        int nd;
        MPI_Cartdim_get(comm, &nd);
        t->indeg = t->outdeg = 2 * nd;
        for (int d = 0; d < nd; d++) {
            MPI_Cart_shift(comm, d, 1, &t->in[2 * d], &t->in[2 * d + 1]);
            t->out[2 * d] = t->in[2 * d];
            t->out[2 * d + 1] = t->in[2 * d + 1];
        }
    } else if (t->kind == MPI_GRAPH) {
        MPI_Graph_neighbors_count(comm, t->me, &t->indeg);
        t->outdeg = t->indeg;
        MPI_Graph_neighbors(comm, t->me, MAXDEG, t->in);
        memcpy(t->out, t->in, sizeof t->in);
    } else {
        int w;
        MPI_Dist_graph_neighbors_count(comm, &t->indeg, &t->outdeg, &w);
        int sw[MAXDEG], dw[MAXDEG];
        MPI_Dist_graph_neighbors(comm, MAXDEG, t->in, sw, MAXDEG, t->out, dw);
    }
    /* everyone's out-lists, by point-to-point on the topology communicator */
    for (int q = 0; q < t->size; q++) {
        int msg[MAXDEG + 1];
        if (q == t->me) {
            msg[0] = t->outdeg;
            memcpy(msg + 1, t->out, sizeof(int) * (size_t)t->outdeg);
            for (int r = 0; r < t->size; r++)
                if (r != q)
                    MPI_Send(msg, MAXDEG + 1, MPI_INT, r, 77, comm);
        } else
            MPI_Recv(msg, MAXDEG + 1, MPI_INT, q, 77, comm, MPI_STATUS_IGNORE);
        t->outdegs[q] = msg[0];
        memcpy(t->outs[q], msg + 1, sizeof(int) * MAXDEG);
    }
}

/* The out-slot of in-neighbour k's process whose block lands in my in-slot k. */
static int match(const topo *t, int k)
{
    if (t->kind == MPI_CART)
        return k ^ 1; /* what came from the -1 side went in the sender's +1 direction */
    int s = t->in[k], nth = 0;
    for (int j = 0; j < k; j++)
        nth += t->in[j] == s;
    for (int j = 0; j < t->outdegs[s]; j++)
        if (t->outs[s][j] == t->me && nth-- == 0)
            return j;
    return -1;
}

static int value(int sender, int slot, int i)
{
    return sender * 10000 + slot * 100 + i;
}

static void test_allgather(const topo *t, const char *what)
{
    int send[3], recv[3 * MAXDEG];
    for (int i = 0; i < 3; i++)
        send[i] = value(t->me, 0, i);
    for (int i = 0; i < 3 * MAXDEG; i++)
        recv[i] = SENTINEL;
    int rc = NEIGHBOR(allgather, send, 3, MPI_INT, recv, 3, MPI_INT, t->comm);
    CHECK(rc == MPI_SUCCESS, "%s: allgather rc %d", what, rc);
    for (int k = 0; k < t->indeg; k++)
        for (int i = 0; i < 3; i++) {
            int want = t->in[k] == MPI_PROC_NULL ? SENTINEL : value(t->in[k], 0, i);
            CHECK(recv[3 * k + i] == want, "%s: allgather block %d[%d] = %d, want %d", what, k, i, recv[3 * k + i],
                  want);
        }
}

static void test_allgatherv(const topo *t, const char *what)
{
    /* process p sends p % 3 + 1 doubles; blocks land in reverse order with a gap of one */
    double send[3], recv[5 * MAXDEG];
    int counts[MAXDEG], displs[MAXDEG], at = 0;
    for (int i = 0; i < 3; i++)
        send[i] = value(t->me, 1, i) + 0.5;
    for (int k = t->indeg - 1; k >= 0; k--) {
        counts[k] = t->in[k] == MPI_PROC_NULL ? 2 : t->in[k] % 3 + 1;
        displs[k] = at;
        at += counts[k] + 1;
    }
    for (int i = 0; i < 5 * MAXDEG; i++)
        recv[i] = SENTINEL;
    int rc = NEIGHBOR(allgatherv, send, t->me % 3 + 1, MPI_DOUBLE, recv, counts, displs, MPI_DOUBLE, t->comm);
    CHECK(rc == MPI_SUCCESS, "%s: allgatherv rc %d", what, rc);
    for (int k = 0; k < t->indeg; k++) {
        for (int i = 0; i < counts[k]; i++) {
            double want = t->in[k] == MPI_PROC_NULL ? SENTINEL : value(t->in[k], 1, i) + 0.5;
            CHECK(recv[displs[k] + i] == want, "%s: allgatherv block %d[%d] = %g, want %g", what, k, i,
                  recv[displs[k] + i], want);
        }
        CHECK(recv[displs[k] + counts[k]] == SENTINEL, "%s: allgatherv wrote past block %d", what, k);
    }
}

static void test_alltoall(const topo *t, const char *what)
{
    int send[2 * MAXDEG], recv[2 * MAXDEG];
    for (int k = 0; k < t->outdeg; k++)
        for (int i = 0; i < 2; i++)
            send[2 * k + i] = value(t->me, k, i);
    for (int i = 0; i < 2 * MAXDEG; i++)
        recv[i] = SENTINEL;
    int rc = NEIGHBOR(alltoall, send, 2, MPI_INT, recv, 2, MPI_INT, t->comm);
    CHECK(rc == MPI_SUCCESS, "%s: alltoall rc %d", what, rc);
    for (int k = 0; k < t->indeg; k++)
        for (int i = 0; i < 2; i++) {
            int want = t->in[k] == MPI_PROC_NULL ? SENTINEL : value(t->in[k], match(t, k), i);
            CHECK(recv[2 * k + i] == want, "%s: alltoall block %d[%d] = %d, want %d", what, k, i, recv[2 * k + i],
                  want);
        }
}

/* Out-slot j of process p carries (p + j) % 3 elements (0 included). */
static int vcount(int p, int j)
{
    return (p + j) % 3;
}

static void test_alltoallv(const topo *t, const char *what)
{
    long long send[4 * MAXDEG], recv[4 * MAXDEG];
    int sc[MAXDEG], sd[MAXDEG], rcnt[MAXDEG], rd[MAXDEG], at = 0;
    for (int k = t->outdeg - 1; k >= 0; k--) { /* blocks in reverse order */
        sc[k] = vcount(t->me, k);
        sd[k] = at;
        for (int i = 0; i < sc[k]; i++)
            send[at + i] = value(t->me, k, i);
        at += sc[k];
    }
    at = 0;
    for (int k = 0; k < t->indeg; k++) {
        rcnt[k] = t->in[k] == MPI_PROC_NULL ? 1 : vcount(t->in[k], match(t, k));
        rd[k] = at;
        at += rcnt[k] + 1;
    }
    for (int i = 0; i < 4 * MAXDEG; i++)
        recv[i] = SENTINEL;
    int rc = NEIGHBOR(alltoallv, send, sc, sd, MPI_LONG_LONG, recv, rcnt, rd, MPI_LONG_LONG, t->comm);
    CHECK(rc == MPI_SUCCESS, "%s: alltoallv rc %d", what, rc);
    for (int k = 0; k < t->indeg; k++) {
        for (int i = 0; i < rcnt[k]; i++) {
            long long want = t->in[k] == MPI_PROC_NULL ? SENTINEL : value(t->in[k], match(t, k), i);
            CHECK(recv[rd[k] + i] == want, "%s: alltoallv block %d[%d] = %lld, want %lld", what, k, i,
                  recv[rd[k] + i], want);
        }
        CHECK(recv[rd[k] + rcnt[k]] == SENTINEL, "%s: alltoallv wrote past block %d", what, k);
    }
}

/* Out-slot j sends 2 doubles when j is odd, 3 ints when even, at byte displacements. */
static void test_alltoallw(const topo *t, const char *what)
{
    _Alignas(8) char send[32 * MAXDEG], recv[32 * MAXDEG];
    int sc[MAXDEG], rcnt[MAXDEG];
    MPI_Aint sd[MAXDEG], rd[MAXDEG];
    MPI_Datatype st[MAXDEG], rt[MAXDEG];
    for (int k = 0; k < t->outdeg; k++) {
        sd[k] = 24 * (t->outdeg - 1 - k);
        st[k] = k % 2 ? MPI_DOUBLE : MPI_INT;
        sc[k] = k % 2 ? 2 : 3;
        for (int i = 0; i < sc[k]; i++) {
            if (k % 2)
                ((double *)(send + sd[k]))[i] = value(t->me, k, i) + 0.25;
            else
                ((int *)(send + sd[k]))[i] = value(t->me, k, i);
        }
    }
    memset(recv, 0x5a, sizeof recv);
    for (int k = 0; k < t->indeg; k++) {
        int j = t->in[k] == MPI_PROC_NULL ? 0 : match(t, k);
        rd[k] = 32 * k;
        rt[k] = j % 2 ? MPI_DOUBLE : MPI_INT;
        rcnt[k] = j % 2 ? 2 : 3;
    }
    int rc = NEIGHBOR(alltoallw, send, sc, sd, st, recv, rcnt, rd, rt, t->comm);
    CHECK(rc == MPI_SUCCESS, "%s: alltoallw rc %d", what, rc);
    for (int k = 0; k < t->indeg; k++) {
        if (t->in[k] == MPI_PROC_NULL) {
            CHECK((unsigned char)recv[rd[k]] == 0x5a, "%s: alltoallw wrote a PROC_NULL block", what);
            continue;
        }
        int j = match(t, k);
        for (int i = 0; i < rcnt[k]; i++) {
            if (j % 2) {
                double got = ((double *)(recv + rd[k]))[i];
                CHECK(got == value(t->in[k], j, i) + 0.25, "%s: alltoallw block %d[%d] = %g", what, k, i, got);
            } else {
                int got = ((int *)(recv + rd[k]))[i];
                CHECK(got == value(t->in[k], j, i), "%s: alltoallw block %d[%d] = %d", what, k, i, got);
            }
        }
    }
}

/* Two nonblocking calls under way at once, and a blocking one while they are. */
static void test_overlap(const topo *t, const char *what)
{
    int a[MAXDEG], b[2 * MAXDEG], c[MAXDEG], d[MAXDEG];
    for (int k = 0; k < t->outdeg; k++)
        a[k] = value(t->me, k, 5);
    for (int k = 0; k < t->indeg; k++)
        b[k] = c[k] = d[k] = SENTINEL;
    int mine = value(t->me, 0, 6);
    MPI_Request r[2];
    MPI_Ineighbor_alltoall(a, 1, MPI_INT, b, 1, MPI_INT, t->comm, &r[0]);
    MPI_Ineighbor_allgather(&mine, 1, MPI_INT, c, 1, MPI_INT, t->comm, &r[1]);
    MPI_Neighbor_allgather(&mine, 1, MPI_INT, d, 1, MPI_INT, t->comm);
    int rc = MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
    CHECK(rc == MPI_SUCCESS, "%s: Waitall %d", what, rc);
    for (int k = 0; k < t->indeg; k++) {
        int null = t->in[k] == MPI_PROC_NULL;
        CHECK(b[k] == (null ? SENTINEL : value(t->in[k], match(t, k), 5)), "%s: overlapped alltoall %d: %d", what, k,
              b[k]);
        CHECK(c[k] == (null ? SENTINEL : value(t->in[k], 0, 6)), "%s: overlapped allgather %d: %d", what, k, c[k]);
        CHECK(d[k] == c[k], "%s: blocking allgather among them %d: %d", what, k, d[k]);
    }
}

static void test_all(MPI_Comm comm, const char *what)
{
    if (comm == MPI_COMM_NULL)
        return;
    topo t;
    load(&t, comm);
    test_allgather(&t, what);
    test_allgatherv(&t, what);
    test_alltoall(&t, what);
    test_alltoallv(&t, what);
    test_alltoallw(&t, what);
    if (nonblocking)
        test_overlap(&t, what);
    /* a user message with one of the calls' tags, on the same communicator, does not mix with them */
    int x = 1234, y = 0, expect = 0;
    if (t.outdeg > 0 && t.out[0] != MPI_PROC_NULL)
        MPI_Send(&x, 1, MPI_INT, t.out[0], MPIR_TAG_NEIGHBOR_ALLGATHER, comm);
    test_allgather(&t, what);
    test_alltoall(&t, what);
    for (int q = 0; q < t.size; q++)
        expect += t.outdegs[q] > 0 && t.outs[q][0] == t.me;
    for (int i = 0; i < expect; i++) {
        y = 0;
        MPI_Recv(&y, 1, MPI_INT, MPI_ANY_SOURCE, MPIR_TAG_NEIGHBOR_ALLGATHER, comm, MPI_STATUS_IGNORE);
        CHECK(y == 1234, "%s: the user's message got %d", what, y);
    }
    MPI_Comm_free(&comm);
}

static void test_errors(void)
{
    int n = mtest_size, x[4] = {0}, y[4 * MAXDEG];
    CHECK_CLASS(MPI_Neighbor_allgather(x, 1, MPI_INT, y, 1, MPI_INT, MPI_COMM_WORLD), MPI_ERR_TOPOLOGY);
    CHECK(strstr(MPIR_Err_last_message(), "MPI_Neighbor_allgather") && strstr(MPIR_Err_last_message(), "(comm)"),
          "message: %s", MPIR_Err_last_message());
    MPI_Comm c;
    MPI_Cart_create(MPI_COMM_WORLD, 1, (int[]){n}, (int[]){1}, 0, &c);
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    CHECK_CLASS(MPI_Neighbor_alltoall(x, -1, MPI_INT, y, 1, MPI_INT, c), MPI_ERR_COUNT);
    CHECK(strstr(MPIR_Err_last_message(), "(sendcount)"), "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Neighbor_alltoall(x, 1, MPI_DATATYPE_NULL, y, 1, MPI_INT, c), MPI_ERR_TYPE);
    CHECK(strstr(MPIR_Err_last_message(), "(sendtype)"), "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Neighbor_allgather(x, 1, MPI_INT, NULL, 1, MPI_INT, c), MPI_ERR_BUFFER);
    CHECK_CLASS(MPI_Neighbor_alltoallv(x, NULL, NULL, MPI_INT, y, NULL, NULL, MPI_INT, c), MPI_ERR_ARG);
    CHECK(strstr(MPIR_Err_last_message(), "(sendcounts)"), "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Neighbor_alltoallw(x, (int[]){1, 1}, (MPI_Aint[]){0, 0}, (MPI_Datatype[]){MPI_INT, 0}, y,
                                       (int[]){1, 1}, (MPI_Aint[]){0, 4}, (MPI_Datatype[]){MPI_INT, MPI_INT}, c),
                MPI_ERR_TYPE);
    CHECK(strstr(MPIR_Err_last_message(), "(sendtypes[1])"), "message: %s", MPIR_Err_last_message());
    MPI_Request *none = NULL;
    CHECK_CLASS(MPI_Ineighbor_alltoall(x, 1, MPI_INT, y, 1, MPI_INT, c, none), MPI_ERR_ARG);
    CHECK(strstr(MPIR_Err_last_message(), "MPI_Ineighbor_alltoall") && strstr(MPIR_Err_last_message(), "(request)"),
          "message: %s", MPIR_Err_last_message());
    /* a receive block too small: the receivers get ERR_TRUNCATE, nobody hangs */
    int rc = NEIGHBOR(alltoall, x, 2, MPI_INT, y, 1, MPI_INT, c);
    CHECK_CLASS(rc, MPI_ERR_TRUNCATE);
    mtest_barrier();
    /* the communicator works after that */
    MPI_Neighbor_allgather(x, 1, MPI_INT, y, 1, MPI_INT, c);
    MPI_Comm_free(&c);
}

/* Every collective on grids, graphs and distributed graphs. */
static void test_topologies(void)
{
    int n = mtest_size, me = mtest_rank;
    MPI_Comm c;
    int d[2] = {0, 0};
    MPI_Dims_create(n, 2, d);
    MPI_Cart_create(MPI_COMM_WORLD, 2, d, (int[]){1, 1}, 0, &c);
    test_all(c, "periodic 2-D grid");
    MPI_Cart_create(MPI_COMM_WORLD, 2, d, (int[]){0, 1}, 0, &c);
    test_all(c, "half-periodic 2-D grid");
    MPI_Cart_create(MPI_COMM_WORLD, 1, (int[]){n}, (int[]){0}, 0, &c);
    test_all(c, "non-periodic line");
    MPI_Cart_create(MPI_COMM_WORLD, 3, (int[]){1, n > 1 ? 2 : 1, 1}, (int[]){1, 1, 0}, 0, &c);
    test_all(c, "1 x 2 x 1 torus");
    /* a ring graph: n = 2 repeats an edge, n = 1 loops */
    int index[8], edges[16];
    for (int i = 0; i < n; i++) {
        index[i] = 2 * (i + 1);
        edges[2 * i] = (i + 1) % n;
        edges[2 * i + 1] = (i + n - 1) % n;
    }
    MPI_Graph_create(MPI_COMM_WORLD, n, index, edges, 0, &c);
    test_all(c, "ring graph");
    /* distributed: r -> r+1, r+2, r+1 (a repeated edge), and r -> 0 */
    int dst[4] = {(me + 1) % n, (me + 2) % n, (me + 1) % n, 0}, src[4 * 8], ns = 0;
    for (int r = 0; r < n; r++) {
        int out[4] = {(r + 1) % n, (r + 2) % n, (r + 1) % n, 0};
        for (int k = 0; k < 4; k++)
            if (out[k] == me)
                src[ns++] = r;
    }
    MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, ns, src, MPI_UNWEIGHTED, 4, dst, MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                                   &c);
    test_all(c, "adjacent distributed graph");
    MPI_Dist_graph_create(MPI_COMM_WORLD, 1, &me, (int[]){4}, dst, (int[]){1, 2, 3, 4}, MPI_INFO_NULL, 0, &c);
    test_all(c, "general distributed graph");
    /* only rank 0 sends, to everyone; nobody receives but from 0 */
    MPI_Dist_graph_create(MPI_COMM_WORLD, me == 0 ? 1 : 0, &me, (int[]){n}, (int[]){0, 1, 2, 3, 4, 5, 6, 7},
                          MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &c);
    test_all(c, "star");
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    for (nonblocking = 0; nonblocking < 2; nonblocking++) {
        test_topologies();
        test_errors();
    }
    return mtest_finalize();
}
