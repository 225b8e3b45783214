/* Distributed graph topologies (MPI-4.0 8.5.4, 8.5.6): each process knows its
 * own in- and out-neighbours, kept as sources[indegree], sourceweights[indegree],
 * destinations[outdegree], destweights[outdegree] (weights 1 when unweighted).
 * reorder is ignored: ranks stay those of the old communicator. */
#include "mpiimpl.h"
#include <stdlib.h>
#include <string.h>

/* Checks one list of neighbours and its weights as arguments `what` and `wname` of fc. */
static int check_list(const char *fc, MPIR_Comm *c, int degree, const int *ranks, const int *weights, int weighted,
                      const char *what, const char *wname)
{
    if (degree > 0 && ranks == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)", what);
    for (int i = 0; i < degree; i++)
        if (ranks[i] < 0 || ranks[i] >= c->size)
            return MPIR_ERR(c, MPI_ERR_RANK, fc, "%s[%d] = %d is not a rank of the communicator's %d (%s)", what, i,
                            ranks[i], c->size, what);
    if (!weighted || degree == 0)
        return MPI_SUCCESS;
    if (weights == MPI_UNWEIGHTED)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "MPI_UNWEIGHTED with other weights given (%s)", wname);
    if (weights == MPI_WEIGHTS_EMPTY || weights == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "%s for %d edges (%s)", weights ? "MPI_WEIGHTS_EMPTY" : "null pointer",
                        degree, wname);
    for (int i = 0; i < degree; i++)
        if (weights[i] < 0)
            return MPIR_ERR(c, MPI_ERR_ARG, fc, "negative weight %s[%d] = %d (%s)", wname, i, weights[i], wname);
    return MPI_SUCCESS;
}

static int check_old(const char *fc, MPI_Comm comm_old, MPI_Info info, MPI_Comm *out, MPIR_Comm **c)
{
    int rc = MPIR_Comm_check(fc, comm_old, c);
    if (rc)
        return rc;
    if ((*c)->is_inter)
        return MPIR_ERR(*c, MPI_ERR_COMM, fc, "not an intracommunicator (comm_old)");
    if (out == NULL)
        return MPIR_ERR(*c, MPI_ERR_ARG, fc, "null pointer (comm_dist_graph)");
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_ERR(*c, MPI_ERR_INFO, fc, "invalid info object 0x%x (info)", (unsigned)info);
    return MPI_SUCCESS;
}

static MPIR_Topo *dist_topo(int indegree, int outdegree, int weighted)
{
    MPIR_Topo *t = MPIR_Topo_alloc(MPI_DIST_GRAPH, 2 * (indegree + outdegree));
    if (t != NULL) {
        t->indegree = indegree;
        t->outdegree = outdegree;
        t->weighted = weighted;
    }
    return t;
}

int MPI_Dist_graph_create_adjacent(MPI_Comm comm_old, int indegree, const int sources[], const int sourceweights[],
                                   int outdegree, const int destinations[], const int destweights[], MPI_Info info,
                                   int reorder, MPI_Comm *comm_dist_graph)
{
    MPIR_TRACE_CALL("MPI_Dist_graph_create_adjacent", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm_old, MPIR_TRACE_NONE);
    const char *fc = "MPI_Dist_graph_create_adjacent";
    MPIR_Comm *c;
    int rc = check_old(fc, comm_old, info, comm_dist_graph, &c);
    (void)reorder;
    if (rc)
        return rc;
    if (indegree < 0 || outdegree < 0)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "negative degree %d (%s)", indegree < 0 ? indegree : outdegree,
                        indegree < 0 ? "indegree" : "outdegree");
    int weighted = sourceweights != MPI_UNWEIGHTED || destweights != MPI_UNWEIGHTED;
    if ((rc = check_list(fc, c, indegree, sources, sourceweights, weighted, "sources", "sourceweights")) ||
        (rc = check_list(fc, c, outdegree, destinations, destweights, weighted, "destinations", "destweights")))
        return rc;
    MPIR_Topo *t = dist_topo(indegree, outdegree, weighted);
    if (t == NULL)
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory for a topology");
    int *in = t->ints, *inw = in + indegree, *out = inw + indegree, *outw = out + outdegree;
    for (int i = 0; i < indegree; i++) {
        in[i] = sources[i];
        inw[i] = weighted ? sourceweights[i] : 1;
    }
    for (int i = 0; i < outdegree; i++) {
        out[i] = destinations[i];
        outw[i] = weighted ? destweights[i] : 1;
    }
    return MPIR_Topo_comm_create(fc, c, c->size, t, comm_dist_graph);
}

typedef struct edge {
    int source, dest, weight;
} edge;

/* Waits for n requests and releases them; returns the first error. */
static int wait_all(MPIR_Request **reqs, int n)
{
    int rc = MPI_SUCCESS;
    for (int i = 0; i < n; i++) {
        if (reqs[i] == NULL)
            continue;
        MPIR_Request_wait(reqs[i]);
        if (rc == MPI_SUCCESS)
            rc = reqs[i]->error;
        MPIR_Request_release(reqs[i]);
        reqs[i] = NULL;
    }
    return rc;
}

/* Sends each process the edges that start or end at it (once each), in the
 * order given; *got receives, in rank order, the edges every process sent
 * here. Counts go first, with each process's weighted flag. */
static int exchange_edges(MPIR_Comm *c, const edge *mine, int nmine, int weighted, edge **got, int *ngot,
                          int *any_weighted)
{
    int p = c->size, rc = MPI_SUCCESS;
    int *counts = calloc((size_t)(4 * p), sizeof(int)); /* [count, weighted] to send, then received */
    int *offsets = malloc(sizeof(int) * (size_t)(p + 1));
    edge *out = malloc(sizeof(edge) * (size_t)(2 * nmine + 1));
    MPIR_Request **reqs = calloc((size_t)(2 * p), sizeof *reqs);
    *got = NULL;
    if (counts == NULL || offsets == NULL || out == NULL || reqs == NULL) {
        rc = MPI_ERR_NO_MEM;
        goto done;
    }
    for (int i = 0; i < nmine; i++) {
        counts[2 * mine[i].source]++;
        if (mine[i].dest != mine[i].source)
            counts[2 * mine[i].dest]++;
    }
    offsets[0] = 0;
    for (int r = 0; r < p; r++) {
        counts[2 * r + 1] = weighted;
        offsets[r + 1] = offsets[r] + counts[2 * r];
    }
    int *fill = counts + 2 * p; /* reused as fill positions, then as what arrives */
    for (int r = 0; r < p; r++)
        fill[r] = offsets[r];
    for (int i = 0; i < nmine; i++) {
        out[fill[mine[i].source]++] = mine[i];
        if (mine[i].dest != mine[i].source)
            out[fill[mine[i].dest]++] = mine[i];
    }
    int *in = counts + 2 * p;
    for (int r = 0; r < p && rc == MPI_SUCCESS; r++)
        rc = MPIR_Irecv_typed(in + 2 * r, 2, MPI_INT, r, MPIR_TAG_DIST_GRAPH, c, MPIR_CONTEXT_COLL, &reqs[r]);
    for (int r = 0; r < p && rc == MPI_SUCCESS; r++)
        rc = MPIR_Isend_typed(counts + 2 * r, 2, MPI_INT, r, MPIR_TAG_DIST_GRAPH, c, MPIR_CONTEXT_COLL, &reqs[p + r]);
    int wrc = wait_all(reqs, 2 * p);
    if (rc || (rc = wrc))
        goto done;
    int total = 0;
    *any_weighted = 0;
    for (int r = 0; r < p; r++) {
        total += in[2 * r];
        *any_weighted |= in[2 * r + 1];
    }
    *got = malloc(sizeof(edge) * (size_t)(total + 1));
    if (*got == NULL) {
        rc = MPI_ERR_NO_MEM;
        goto done;
    }
    for (int r = 0, at = 0; r < p && rc == MPI_SUCCESS; at += in[2 * r], r++)
        if (in[2 * r] > 0)
            rc = MPIR_Irecv_typed(*got + at, 3 * in[2 * r], MPI_INT, r, MPIR_TAG_DIST_GRAPH + 1, c,
                                  MPIR_CONTEXT_COLL, &reqs[r]);
    for (int r = 0; r < p && rc == MPI_SUCCESS; r++)
        if (offsets[r + 1] > offsets[r])
            rc = MPIR_Isend_typed(out + offsets[r], 3 * (offsets[r + 1] - offsets[r]), MPI_INT, r,
                                  MPIR_TAG_DIST_GRAPH + 1, c, MPIR_CONTEXT_COLL, &reqs[p + r]);
    wrc = wait_all(reqs, 2 * p);
    if (rc == MPI_SUCCESS)
        rc = wrc;
    *ngot = total;
done:
    if (rc) {
        free(*got);
        *got = NULL;
    }
    free(counts);
    free(offsets);
    free(out);
    free(reqs);
    return rc;
}

int MPI_Dist_graph_create(MPI_Comm comm_old, int n, const int sources[], const int degrees[], const int destinations[],
                          const int weights[], MPI_Info info, int reorder, MPI_Comm *comm_dist_graph)
{
    MPIR_TRACE_CALL("MPI_Dist_graph_create", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm_old, MPIR_TRACE_NONE);
    const char *fc = "MPI_Dist_graph_create";
    MPIR_Comm *c;
    int rc = check_old(fc, comm_old, info, comm_dist_graph, &c);
    (void)reorder;
    if (rc)
        return rc;
    if (n < 0)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "negative number of source nodes %d (n)", n);
    if (n > 0 && degrees == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (degrees)");
    long long nedges = 0;
    for (int i = 0; i < n; i++) {
        if (degrees[i] < 0)
            return MPIR_ERR(c, MPI_ERR_ARG, fc, "negative degree degrees[%d] = %d (degrees)", i, degrees[i]);
        nedges += degrees[i];
    }
    if (nedges > 0x10000000)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "%lld edges are too many (degrees)", nedges);
    int weighted = weights != MPI_UNWEIGHTED;
    if ((rc = check_list(fc, c, n, sources, NULL, 0, "sources", "weights")) ||
        (rc = check_list(fc, c, (int)nedges, destinations, weights, weighted, "destinations", "weights")))
        return rc;
    edge *mine = malloc(sizeof(edge) * (size_t)(nedges + 1)), *got = NULL;
    if (mine == NULL)
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory");
    for (int i = 0, k = 0; i < n; i++)
        for (int j = 0; j < degrees[i]; j++, k++)
            mine[k] = (edge){sources[i], destinations[k], weighted ? weights[k] : 1};
    int ngot = 0, any_weighted = 0;
    rc = exchange_edges(c, mine, (int)nedges, weighted, &got, &ngot, &any_weighted);
    free(mine);
    if (rc)
        return MPIR_ERR(c, rc, fc, "exchanging the edges failed");
    int indegree = 0, outdegree = 0;
    for (int i = 0; i < ngot; i++) {
        indegree += got[i].dest == c->rank;
        outdegree += got[i].source == c->rank;
    }
    MPIR_Topo *t = dist_topo(indegree, outdegree, any_weighted);
    if (t == NULL) {
        free(got);
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory for a topology");
    }
    int *in = t->ints, *inw = in + indegree, *out = inw + indegree, *outw = out + outdegree;
    for (int i = 0, ni = 0, no = 0; i < ngot; i++) {
        if (got[i].dest == c->rank) {
            in[ni] = got[i].source;
            inw[ni++] = got[i].weight;
        }
        if (got[i].source == c->rank) {
            out[no] = got[i].dest;
            outw[no++] = got[i].weight;
        }
    }
    free(got);
    return MPIR_Topo_comm_create(fc, c, c->size, t, comm_dist_graph);
}

int MPI_Dist_graph_neighbors_count(MPI_Comm comm, int *indegree, int *outdegree, int *weighted)
{
    const char *fc = "MPI_Dist_graph_neighbors_count";
    MPIR_Comm *c;
    int rc = MPIR_Topo_check(fc, comm, MPI_DIST_GRAPH, &c);
    if (rc)
        return rc;
    if (indegree == NULL || outdegree == NULL || weighted == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)",
                        indegree == NULL ? "indegree" : outdegree == NULL ? "outdegree" : "weighted");
    *indegree = c->topo->indegree;
    *outdegree = c->topo->outdegree;
    *weighted = c->topo->weighted;
    return MPI_SUCCESS;
}

int MPI_Dist_graph_neighbors(MPI_Comm comm, int maxindegree, int sources[], int sourceweights[], int maxoutdegree,
                             int destinations[], int destweights[])
{
    const char *fc = "MPI_Dist_graph_neighbors";
    MPIR_Comm *c;
    int rc = MPIR_Topo_check(fc, comm, MPI_DIST_GRAPH, &c);
    if (rc)
        return rc;
    const MPIR_Topo *t = c->topo;
    int in = t->indegree, out = t->outdegree;
    if (maxindegree < in)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "maxindegree %d is less than the indegree %d (maxindegree)", maxindegree,
                        in);
    if (maxoutdegree < out)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "maxoutdegree %d is less than the outdegree %d (maxoutdegree)",
                        maxoutdegree, out);
    if ((in > 0 && sources == NULL) || (out > 0 && destinations == NULL))
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (%s)",
                        in > 0 && sources == NULL ? "sources" : "destinations");
    if (in > 0)
        memcpy(sources, t->ints, sizeof(int) * (size_t)in);
    if (out > 0)
        memcpy(destinations, t->ints + 2 * in, sizeof(int) * (size_t)out);
    if (t->weighted) {
        int *sw = sourceweights, *dw = destweights;
        int sbad = in > 0 && (sw == NULL || sw == MPI_UNWEIGHTED || sw == MPI_WEIGHTS_EMPTY);
        int dbad = out > 0 && (dw == NULL || dw == MPI_UNWEIGHTED || dw == MPI_WEIGHTS_EMPTY);
        if (sbad || dbad)
            return MPIR_ERR(c, MPI_ERR_ARG, fc, "no array for the weights of a weighted graph (%s)",
                            sbad ? "sourceweights" : "destweights");
        if (in > 0)
            memcpy(sw, t->ints + in, sizeof(int) * (size_t)in);
        if (out > 0)
            memcpy(dw, t->ints + 2 * in + out, sizeof(int) * (size_t)out);
    }
    return MPI_SUCCESS;
}
