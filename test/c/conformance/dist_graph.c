/* MPI_Dist_graph_create_adjacent (each rank receives from r-1 and r-2, sends to r+1 and r+2,
 * modulo size), MPI_Dist_graph_neighbors(_count), MPI_Neighbor_alltoall and MPI_Ineighbor_allgather;
 * and MPI_Dist_graph_create with every edge given by rank 0. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Comm dg, dg2;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int src[2] = {(rank + size - 1) % size, (rank + size - 2) % size};
    int dst[2] = {(rank + 1) % size, (rank + 2) % size};
    MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 2, src, MPI_UNWEIGHTED, 2, dst, MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &dg);
    int status, indeg, outdeg, weighted, s2[2], d2[2];
    MPI_Topo_test(dg, &status);
    CHECK(status == MPI_DIST_GRAPH, "topo_test %d", status);
    MPI_Dist_graph_neighbors_count(dg, &indeg, &outdeg, &weighted);
    CHECK(indeg == 2 && outdeg == 2 && !weighted, "degrees %d %d weighted %d", indeg, outdeg, weighted);
    MPI_Dist_graph_neighbors(dg, 2, s2, MPI_UNWEIGHTED, 2, d2, MPI_UNWEIGHTED);
    CHECK(s2[0] == src[0] && s2[1] == src[1] && d2[0] == dst[0] && d2[1] == dst[1], "neighbours differ");

    /* Block i of the send buffer goes to dst[i]; block i of the receive buffer comes from src[i]. */
    int out[2] = {rank * 10 + 1, rank * 10 + 2}, in[2] = {-1, -1};
    MPI_Neighbor_alltoall(out, 1, MPI_INT, in, 1, MPI_INT, dg);
    CHECK(in[0] == src[0] * 10 + 1 && in[1] == src[1] * 10 + 2, "neighbor_alltoall %d %d", in[0], in[1]);
    MPI_Request req;
    MPI_Ineighbor_allgather(&rank, 1, MPI_INT, in, 1, MPI_INT, dg, &req);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    CHECK(in[0] == src[0] && in[1] == src[1], "ineighbor_allgather %d %d", in[0], in[1]);

    /* The same graph, every edge (i -> i+1, i -> i+2) given by rank 0 alone. */
    int n = rank == 0 ? size : 0, sources[64], degrees[64], dests[128];
    for (int i = 0; i < n; i++) {
        sources[i] = i;
        degrees[i] = 2;
        dests[2 * i] = (i + 1) % size;
        dests[2 * i + 1] = (i + 2) % size;
    }
    MPI_Dist_graph_create(MPI_COMM_WORLD, n, sources, degrees, dests, MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &dg2);
    MPI_Dist_graph_neighbors_count(dg2, &indeg, &outdeg, &weighted);
    CHECK(indeg == 2 && outdeg == 2, "dist_graph_create degrees %d %d", indeg, outdeg);
    int sum = 0;
    MPI_Neighbor_allgather(&rank, 1, MPI_INT, in, 1, MPI_INT, dg2);
    sum = in[0] + in[1];
    CHECK(sum == src[0] + src[1], "neighbours of the rank-0 graph sum to %d", sum);
    MPI_Comm_free(&dg);
    MPI_Comm_free(&dg2);
    return ctest_finish();
}
