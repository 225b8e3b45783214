/* MPI_Graph_create of a ring with one chord (rank 0 also linked to size/2), MPI_Graph_neighbors
 * and MPI_Graph_neighbors_count, MPI_Graphdims_get, and MPI_Neighbor_allgather on it. */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Comm graph;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    /* Adjacency lists: i -> i-1, i+1 (mod size); 0 <-> size/2 as well when that is not already a ring neighbour. */
    int chord = size >= 4;
    int *index = malloc(size * sizeof(int)), *edges = malloc((2 * size + 2) * sizeof(int)), ne = 0;
    for (int i = 0; i < size; i++) {
        edges[ne++] = (i + size - 1) % size;
        edges[ne++] = (i + 1) % size;
        if (chord && i == 0) edges[ne++] = size / 2;
        if (chord && i == size / 2) edges[ne++] = 0;
        index[i] = ne;
    }
    MPI_Graph_create(MPI_COMM_WORLD, size, index, edges, 0, &graph);
    int status, nnodes, nedges, count, nb[4];
    MPI_Topo_test(graph, &status);
    CHECK(status == MPI_GRAPH, "topo_test %d", status);
    MPI_Graphdims_get(graph, &nnodes, &nedges);
    CHECK(nnodes == size && nedges == ne, "graphdims %d %d", nnodes, nedges);
    MPI_Graph_neighbors_count(graph, rank, &count);
    int first = rank ? index[rank - 1] : 0;
    CHECK(count == index[rank] - first, "neighbour count %d", count);
    MPI_Graph_neighbors(graph, rank, 4, nb);
    for (int i = 0; i < count; i++) CHECK(nb[i] == edges[first + i], "neighbour %d is %d", i, nb[i]);

    int got[4] = {-1, -1, -1, -1}, mine = rank * 3;
    MPI_Neighbor_allgather(&mine, 1, MPI_INT, got, 1, MPI_INT, graph);
    for (int i = 0; i < count; i++) CHECK(got[i] == nb[i] * 3, "neighbor_allgather [%d] = %d from %d", i, got[i], nb[i]);
    MPI_Comm_free(&graph);
    free(index), free(edges);
    return ctest_finish();
}
