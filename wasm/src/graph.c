/* Graph topologies (MPI-4.0 8.5.3, 8.5.5, 8.5.7): every process gives the
 * whole graph, index[nnodes] then edges[nedges], which the topology keeps.
 * The neighbours of node i are edges[index[i-1] .. index[i]) (index[-1] = 0).
 * reorder is ignored: process i of the old communicator is node i. */
#include "mpiimpl.h"
#include <string.h>

#define INDEX(t) ((t)->ints)
#define EDGES(t) ((t)->ints + (t)->nnodes)

static int check_graph(const char *fc, MPIR_Comm *c, int nnodes, const int index[], const int edges[])
{
    if (nnodes < 0)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "negative number of nodes %d (nnodes)", nnodes);
    if (nnodes > c->size)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "%d nodes are more than the communicator's %d processes (nnodes)",
                        nnodes, c->size);
    if (nnodes > 0 && index == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (index)");
    for (int i = 0; i < nnodes; i++)
        if (index[i] < (i ? index[i - 1] : 0))
            return MPIR_ERR(c, MPI_ERR_ARG, fc, "index[%d] = %d is less than the one before (index)", i, index[i]);
    int nedges = nnodes ? index[nnodes - 1] : 0;
    if (nedges > 0 && edges == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (edges)");
    for (int i = 0; i < nedges; i++)
        if (edges[i] < 0 || edges[i] >= nnodes)
            return MPIR_ERR(c, MPI_ERR_ARG, fc, "edges[%d] = %d is not a node in 0..%d (edges)", i, edges[i],
                            nnodes - 1);
    return MPI_SUCCESS;
}

int MPI_Graph_create(MPI_Comm comm_old, int nnodes, const int index[], const int edges[], int reorder,
                     MPI_Comm *comm_graph)
{
    MPIR_TRACE_CALL("MPI_Graph_create", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm_old, MPIR_TRACE_NONE);
    const char *fc = "MPI_Graph_create";
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, comm_old, &c);
    (void)reorder;
    if (rc)
        return rc;
    if (c->is_inter)
        return MPIR_ERR(c, MPI_ERR_COMM, fc, "not an intracommunicator (comm_old)");
    if (comm_graph == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (comm_graph)");
    if ((rc = check_graph(fc, c, nnodes, index, edges)))
        return rc;
    int nedges = nnodes ? index[nnodes - 1] : 0;
    MPIR_Topo *t = MPIR_Topo_alloc(MPI_GRAPH, nnodes + nedges);
    if (t == NULL)
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory for a topology");
    t->nnodes = nnodes;
    t->nedges = nedges;
    if (nnodes > 0)
        memcpy(INDEX(t), index, sizeof(int) * (size_t)nnodes);
    if (nedges > 0)
        memcpy(EDGES(t), edges, sizeof(int) * (size_t)nedges);
    return MPIR_Topo_comm_create(fc, c, nnodes, t, comm_graph);
}

int MPI_Graph_map(MPI_Comm comm, int nnodes, const int index[], const int edges[], int *newrank)
{
    const char *fc = "MPI_Graph_map";
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc || (rc = check_graph(fc, c, nnodes, index, edges)))
        return rc;
    if (newrank == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (newrank)");
    *newrank = c->rank < nnodes ? c->rank : MPI_UNDEFINED;
    return MPI_SUCCESS;
}

int MPI_Graphdims_get(MPI_Comm comm, int *nnodes, int *nedges)
{
    const char *fc = "MPI_Graphdims_get";
    MPIR_Comm *c;
    int rc = MPIR_Topo_check(fc, comm, MPI_GRAPH, &c);
    if (rc)
        return rc;
    if (nnodes == NULL || nedges == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)", nnodes == NULL ? "nnodes" : "nedges");
    *nnodes = c->topo->nnodes;
    *nedges = c->topo->nedges;
    return MPI_SUCCESS;
}

int MPI_Graph_get(MPI_Comm comm, int maxindex, int maxedges, int index[], int edges[])
{
    const char *fc = "MPI_Graph_get";
    MPIR_Comm *c;
    int rc = MPIR_Topo_check(fc, comm, MPI_GRAPH, &c);
    if (rc)
        return rc;
    const MPIR_Topo *t = c->topo;
    if (maxindex < t->nnodes)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "maxindex %d is less than the graph's %d nodes (maxindex)", maxindex,
                        t->nnodes);
    if (maxedges < t->nedges)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "maxedges %d is less than the graph's %d edges (maxedges)", maxedges,
                        t->nedges);
    if ((t->nnodes > 0 && index == NULL) || (t->nedges > 0 && edges == NULL))
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)", index == NULL ? "index" : "edges");
    if (t->nnodes > 0)
        memcpy(index, INDEX(t), sizeof(int) * (size_t)t->nnodes);
    if (t->nedges > 0)
        memcpy(edges, EDGES(t), sizeof(int) * (size_t)t->nedges);
    return MPI_SUCCESS;
}

static int check_node(const char *fc, MPI_Comm comm, int rank, MPIR_Comm **c)
{
    int rc = MPIR_Topo_check(fc, comm, MPI_GRAPH, c);
    if (rc)
        return rc;
    if (rank < 0 || rank >= (*c)->topo->nnodes)
        return MPIR_ERR(*c, MPI_ERR_RANK, fc, "invalid rank %d (rank): the graph has %d nodes", rank,
                        (*c)->topo->nnodes);
    return MPI_SUCCESS;
}

int MPI_Graph_neighbors_count(MPI_Comm comm, int rank, int *nneighbors)
{
    const char *fc = "MPI_Graph_neighbors_count";
    MPIR_Comm *c;
    int rc = check_node(fc, comm, rank, &c);
    if (rc)
        return rc;
    if (nneighbors == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (nneighbors)");
    const int *index = INDEX(c->topo);
    *nneighbors = index[rank] - (rank ? index[rank - 1] : 0);
    return MPI_SUCCESS;
}

int MPI_Graph_neighbors(MPI_Comm comm, int rank, int maxneighbors, int neighbors[])
{
    const char *fc = "MPI_Graph_neighbors";
    MPIR_Comm *c;
    int rc = check_node(fc, comm, rank, &c);
    if (rc)
        return rc;
    const int *index = INDEX(c->topo);
    int first = rank ? index[rank - 1] : 0, n = index[rank] - first;
    if (maxneighbors < n)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "maxneighbors %d is less than the %d neighbours of rank %d (maxneighbors)",
                        maxneighbors, n, rank);
    if (n > 0 && neighbors == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (neighbors)");
    if (n > 0)
        memcpy(neighbors, EDGES(c->topo) + first, sizeof(int) * (size_t)n);
    return MPI_SUCCESS;
}
