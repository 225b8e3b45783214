/* Graph and distributed graph topologies (MPI-4.0 8.5.3, 8.5.4): the
 * standard's example graph and its queries, rings with repeated edges and
 * self-loops, distributed graphs made both ways (adjacent, and the general
 * form with edges given by other processes) with and without weights, and
 * bad arguments. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

static void test_example_graph(void)
{
    /* MPI-4.0 8.5.3: 0 -> 1 3, 1 -> 0, 2 -> 3, 3 -> 0 2 */
    int index[4] = {2, 3, 4, 6}, edges[6] = {1, 3, 0, 3, 0, 2};
    MPI_Comm g;
    if (mtest_size < 4)
        return;
    MPI_Graph_create(MPI_COMM_WORLD, 4, index, edges, 0, &g);
    if (mtest_rank >= 4) {
        CHECK(g == MPI_COMM_NULL, "rank %d past the graph got a communicator", mtest_rank);
        return;
    }
    int kind, nn, ne, gi[4], ge[6], cnt, nb[4];
    MPI_Topo_test(g, &kind);
    CHECK(kind == MPI_GRAPH, "Topo_test %d", kind);
    MPI_Graphdims_get(g, &nn, &ne);
    CHECK(nn == 4 && ne == 6, "Graphdims_get %d %d", nn, ne);
    MPI_Graph_get(g, 4, 6, gi, ge);
    CHECK(!memcmp(gi, index, sizeof gi) && !memcmp(ge, edges, sizeof ge), "Graph_get differs");
    for (int r = 0; r < 4; r++) {
        MPI_Graph_neighbors_count(g, r, &cnt);
        int first = r ? index[r - 1] : 0;
        CHECK(cnt == index[r] - first, "neighbours count of %d: %d", r, cnt);
        MPI_Graph_neighbors(g, r, 4, nb);
        for (int i = 0; i < cnt; i++)
            CHECK(nb[i] == edges[first + i], "neighbour %d of %d: %d", i, r, nb[i]);
    }
    MPI_Comm_set_errhandler(g, MPI_ERRORS_RETURN);
    CHECK_CLASS(MPI_Graph_neighbors_count(g, 4, &cnt), MPI_ERR_RANK);
    CHECK_CLASS(MPI_Graph_neighbors(g, 0, 1, nb), MPI_ERR_ARG);
    CHECK(strstr(MPIR_Err_last_message(), "MPI_Graph_neighbors") && strstr(MPIR_Err_last_message(), "(maxneighbors)"),
          "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Graph_get(g, 3, 6, gi, ge), MPI_ERR_ARG);
    int d;
    CHECK_CLASS(MPI_Cartdim_get(g, &d), MPI_ERR_TOPOLOGY);
    CHECK_CLASS(MPI_Dist_graph_neighbors_count(g, &d, &d, &d), MPI_ERR_TOPOLOGY);
    MPI_Comm_free(&g);
}

/* A ring where node i's neighbours are i-1 and i+1: n = 2 repeats an edge, n = 1 loops. */
static void test_ring_graph(void)
{
    int n = mtest_size, index[8], edges[16];
    for (int i = 0; i < n; i++) {
        index[i] = 2 * (i + 1);
        edges[2 * i] = (i + n - 1) % n;
        edges[2 * i + 1] = (i + 1) % n;
    }
    MPI_Comm g;
    MPI_Graph_create(MPI_COMM_WORLD, n, index, edges, 1, &g);
    int cnt, nb[2], me = mtest_rank;
    MPI_Graph_neighbors_count(g, me, &cnt);
    MPI_Graph_neighbors(g, me, 2, nb);
    CHECK(cnt == 2 && nb[0] == (me + n - 1) % n && nb[1] == (me + 1) % n, "ring neighbours %d: %d %d", cnt, nb[0],
          nb[1]);
    int nr;
    MPI_Graph_map(MPI_COMM_WORLD, n, index, edges, &nr);
    CHECK(nr == me, "Graph_map %d", nr);
    MPI_Comm_free(&g);
}

typedef struct pair {
    int rank, weight;
} pair;

static int by_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    return x->rank != y->rank ? x->rank - y->rank : x->weight - y->weight;
}

/* Checks a distributed graph's lists against the wanted ones (as multisets for the general form). */
static void check_dist(MPI_Comm g, int indeg, const int *src, const int *sw, int outdeg, const int *dst,
                       const int *dw, int weighted, int ordered, const char *what)
{
    int i, o, w, kind;
    MPI_Topo_test(g, &kind);
    CHECK(kind == MPI_DIST_GRAPH, "%s: Topo_test %d", what, kind);
    MPI_Dist_graph_neighbors_count(g, &i, &o, &w);
    CHECK(i == indeg && o == outdeg && w == weighted, "%s: counts %d %d %d, want %d %d %d", what, i, o, w, indeg,
          outdeg, weighted);
    if (i != indeg || o != outdeg)
        return;
    int gs[16], gsw[16], gd[16], gdw[16];
    for (int k = 0; k < 16; k++)
        gsw[k] = gdw[k] = 1;
    MPI_Dist_graph_neighbors(g, 16, gs, weighted ? gsw : MPI_UNWEIGHTED, 16, gd, weighted ? gdw : MPI_UNWEIGHTED);
    pair a[16], b[16];
    for (int side = 0; side < 2; side++) {
        int n = side ? outdeg : indeg;
        const int *wr = side ? dst : src, *ww = side ? dw : sw, *gr = side ? gd : gs, *gw = side ? gdw : gsw;
        for (int k = 0; k < n; k++) {
            a[k] = (pair){wr[k], weighted ? ww[k] : 1};
            b[k] = (pair){gr[k], gw[k]};
        }
        if (!ordered) {
            qsort(a, (size_t)n, sizeof *a, by_pair);
            qsort(b, (size_t)n, sizeof *b, by_pair);
        }
        for (int k = 0; k < n; k++)
            CHECK(a[k].rank == b[k].rank && a[k].weight == b[k].weight, "%s: %s %d is (%d, w %d), want (%d, w %d)",
                  what, side ? "destination" : "source", k, b[k].rank, b[k].weight, a[k].rank, a[k].weight);
    }
}

/* Every process r has edges r -> r+1 (weight 10r+1), r -> r+2 (10r+2) and r -> r+1 again (10r+3). */
static void test_dist_graph(int weighted)
{
    int n = mtest_size, me = mtest_rank;
    int dst[3], dw[3], src[3], sw[3];
    for (int k = 0; k < 3; k++) {
        int step = k == 1 ? 2 : 1;
        dst[k] = (me + step) % n;
        dw[k] = 10 * me + k + 1;
        int from = ((me - step) % n + n) % n;
        src[k] = from;
        sw[k] = 10 * from + k + 1;
    }
    MPI_Comm g;
    MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 3, src, weighted ? sw : MPI_UNWEIGHTED, 3, dst,
                                   weighted ? dw : MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &g);
    check_dist(g, 3, src, sw, 3, dst, dw, weighted, 1, weighted ? "adjacent, weighted" : "adjacent");
    MPI_Comm dup;
    MPI_Comm_dup(g, &dup);
    check_dist(dup, 3, src, sw, 3, dst, dw, weighted, 1, "dup of adjacent");
    MPI_Comm_free(&dup);
    MPI_Comm_free(&g);

    /* the general form: process r gives the edges of process r+1 */
    int s = (me + 1) % n, gdst[3], gw[3];
    for (int k = 0; k < 3; k++) {
        gdst[k] = (s + (k == 1 ? 2 : 1)) % n;
        gw[k] = 10 * s + k + 1;
    }
    MPI_Dist_graph_create(MPI_COMM_WORLD, 1, &s, (int[]){3}, gdst, weighted ? gw : MPI_UNWEIGHTED, MPI_INFO_NULL, 0,
                          &g);
    check_dist(g, 3, src, sw, 3, dst, dw, weighted, 0, weighted ? "general, weighted" : "general");
    MPI_Comm_free(&g);

    /* the general form with every edge given by rank 0 */
    int *all_src = malloc(sizeof(int) * (size_t)n), *deg = malloc(sizeof(int) * (size_t)n);
    int *all_dst = malloc(sizeof(int) * (size_t)(3 * n)), *all_w = malloc(sizeof(int) * (size_t)(3 * n));
    for (int r = 0; r < n; r++) {
        all_src[r] = r;
        deg[r] = 3;
        for (int k = 0; k < 3; k++) {
            all_dst[3 * r + k] = (r + (k == 1 ? 2 : 1)) % n;
            all_w[3 * r + k] = 10 * r + k + 1;
        }
    }
    MPI_Dist_graph_create(MPI_COMM_WORLD, me == 0 ? n : 0, all_src, deg, all_dst,
                          !weighted ? MPI_UNWEIGHTED : me != 0 ? MPI_WEIGHTS_EMPTY : all_w, MPI_INFO_NULL, 0, &g);
    check_dist(g, 3, src, sw, 3, dst, dw, weighted, 0, "general from rank 0");
    MPI_Comm_free(&g);
    free(all_src);
    free(deg);
    free(all_dst);
    free(all_w);
}

static void test_dist_errors(void)
{
    int n = mtest_size;
    MPI_Comm g;
    CHECK_CLASS(MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 1, (int[]){n}, MPI_UNWEIGHTED, 0, NULL,
                                               MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &g),
                MPI_ERR_RANK);
    CHECK(strstr(MPIR_Err_last_message(), "MPI_Dist_graph_create_adjacent") &&
              strstr(MPIR_Err_last_message(), "(sources)"),
          "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, -1, NULL, MPI_UNWEIGHTED, 0, NULL, MPI_UNWEIGHTED,
                                               MPI_INFO_NULL, 0, &g),
                MPI_ERR_ARG);
    CHECK_CLASS(MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 1, (int[]){0}, (int[]){-5}, 0, NULL,
                                               MPI_WEIGHTS_EMPTY, MPI_INFO_NULL, 0, &g),
                MPI_ERR_ARG);
    CHECK_CLASS(MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 1, (int[]){0}, MPI_WEIGHTS_EMPTY, 0, NULL,
                                               MPI_WEIGHTS_EMPTY, MPI_INFO_NULL, 0, &g),
                MPI_ERR_ARG);
    CHECK_CLASS(MPI_Dist_graph_create(MPI_COMM_WORLD, 1, (int[]){0}, (int[]){-1}, NULL, MPI_UNWEIGHTED,
                                      MPI_INFO_NULL, 0, &g),
                MPI_ERR_ARG);
    CHECK(strstr(MPIR_Err_last_message(), "(degrees)"), "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Dist_graph_create(MPI_COMM_WORLD, 1, (int[]){0}, (int[]){1}, (int[]){n}, MPI_UNWEIGHTED,
                                      MPI_INFO_NULL, 0, &g),
                MPI_ERR_RANK);
    int a, b, c;
    CHECK_CLASS(MPI_Dist_graph_neighbors_count(MPI_COMM_WORLD, &a, &b, &c), MPI_ERR_TOPOLOGY);
    CHECK_CLASS(MPI_Graph_create(MPI_COMM_WORLD, 1, (int[]){1}, (int[]){1}, 0, &g), MPI_ERR_ARG);
    CHECK(strstr(MPIR_Err_last_message(), "(edges)"), "message: %s", MPIR_Err_last_message());
    CHECK_CLASS(MPI_Graph_create(MPI_COMM_WORLD, n + 1, NULL, NULL, 0, &g), MPI_ERR_ARG);
    CHECK_CLASS(MPI_Graph_create(MPI_COMM_WORLD, 2, (int[]){2, 1}, (int[]){0, 0}, 0, &g), MPI_ERR_ARG);
    /* an empty distributed graph: no neighbours, fine */
    MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 0, NULL, MPI_WEIGHTS_EMPTY, 0, NULL, MPI_WEIGHTS_EMPTY,
                                   MPI_INFO_NULL, 0, &g);
    MPI_Dist_graph_neighbors_count(g, &a, &b, &c);
    CHECK(a == 0 && b == 0 && c == 1, "empty graph counts %d %d %d", a, b, c);
    MPI_Comm_free(&g);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    test_example_graph();
    test_ring_graph();
    test_dist_graph(1);
    test_dist_graph(0);
    test_dist_errors();
    return mtest_finalize();
}
