/* Process topologies (MPI-4.0 chapter 8): the topology a communicator carries,
 * making topology communicators, MPI_Topo_test, and the neighbour lists the
 * neighbourhood collectives follow. The kinds are in cart.c, graph.c and
 * dist_graph.c. */
#include "mpiimpl.h"
#include <stdlib.h>
#include <string.h>

int wmpi_unweighted[1], wmpi_weights_empty[1];

void MPIR_Topo_free(MPIR_Comm *comm)
{
    if (comm->topo == NULL)
        return;
    free(comm->topo->ints);
    free(comm->topo);
    comm->topo = NULL;
}

int MPIR_Topo_dup(const MPIR_Comm *comm, MPIR_Comm *newcomm)
{
    const MPIR_Topo *t = comm->topo;
    if (t == NULL)
        return MPI_SUCCESS;
    MPIR_Topo *n = malloc(sizeof *n);
    int *ints = malloc(sizeof(int) * (size_t)(t->nints > 0 ? t->nints : 1));
    if (n == NULL || ints == NULL) {
        free(n);
        free(ints);
        return MPI_ERR_NO_MEM;
    }
    *n = *t;
    memcpy(ints, t->ints, sizeof(int) * (size_t)t->nints);
    n->ints = ints;
    newcomm->topo = n;
    return MPI_SUCCESS;
}

MPIR_Topo *MPIR_Topo_alloc(int kind, int nints)
{
    MPIR_Topo *t = calloc(1, sizeof *t);
    int *ints = calloc((size_t)(nints > 0 ? nints : 1), sizeof(int));
    if (t == NULL || ints == NULL) {
        free(t);
        free(ints);
        return NULL;
    }
    t->kind = kind;
    t->nints = nints;
    t->ints = ints;
    return t;
}

static const char *kind_name(int kind)
{
    return kind == MPI_CART ? "Cartesian" : kind == MPI_GRAPH ? "graph" : "distributed graph";
}

int MPIR_Topo_check(const char *fc, MPI_Comm handle, int kind, MPIR_Comm **comm)
{
    int rc = MPIR_Comm_check(fc, handle, comm);
    if (rc)
        return rc;
    const MPIR_Topo *t = (*comm)->topo;
    if (t == NULL)
        return MPIR_ERR(*comm, MPI_ERR_TOPOLOGY, fc, "the communicator has no %s topology (comm)",
                        kind ? kind_name(kind) : "process");
    if (kind && t->kind != kind)
        return MPIR_ERR(*comm, MPI_ERR_TOPOLOGY, fc, "the communicator has a %s topology, not a %s one (comm)",
                        kind_name(t->kind), kind_name(kind));
    return MPI_SUCCESS;
}

int MPIR_Topo_comm_create(const char *fc, MPIR_Comm *parent, int nranks, MPIR_Topo *topo, MPI_Comm *newcomm)
{
    int ctx, rc = MPIR_Contextid_agree(parent, MPIR_CONTEXT_COLL, MPIR_TAG_COMM_CREATE, &ctx);
    if (rc) {
        free(topo->ints);
        free(topo);
        if (rc == MPI_ERR_OTHER)
            return MPIR_ERR(parent, rc, fc, "no context id is free in every process: too many communicators");
        return MPIR_ERR(parent, rc, fc, "agreeing on a context id failed");
    }
    *newcomm = MPI_COMM_NULL;
    MPIR_Comm *c = parent->rank < nranks ? MPIR_Comm_new(ctx, parent->rank, nranks, parent->local_vcs, 0, NULL) : NULL;
    if (c == NULL) {
        MPIR_Contextid_free(ctx);
        free(topo->ints);
        free(topo);
        return parent->rank < nranks ? MPIR_ERR(parent, MPI_ERR_NO_MEM, fc, "out of memory for a communicator")
                                     : MPI_SUCCESS;
    }
    MPIR_Comm_inherit(c, parent);
    c->topo = topo;
    *newcomm = c->handle;
    return MPI_SUCCESS;
}

int MPI_Topo_test(MPI_Comm comm, int *status)
{
    MPIR_Comm *c;
    int rc = MPIR_Comm_check("MPI_Topo_test", comm, &c);
    if (rc)
        return rc;
    if (status == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, "MPI_Topo_test", "null pointer (status)");
    *status = c->topo ? c->topo->kind : MPI_UNDEFINED;
    return MPI_SUCCESS;
}

void MPIR_Neighbors_free(MPIR_Neighbors *nb)
{
    free(nb->in);
    nb->in = nb->out = nb->intag = nb->outtag = NULL;
}

static int neighbors_alloc(MPIR_Neighbors *nb, int indegree, int outdegree)
{
    int *all = calloc((size_t)(2 * (indegree + outdegree)) + 1, sizeof(int));
    if (all == NULL)
        return MPI_ERR_NO_MEM;
    nb->indegree = indegree;
    nb->outdegree = outdegree;
    nb->in = all;
    nb->intag = all + indegree;
    nb->out = all + 2 * indegree;
    nb->outtag = nb->out + outdegree;
    return MPI_SUCCESS;
}

int MPIR_Topo_neighbors(const MPIR_Comm *comm, MPIR_Neighbors *nb)
{
    const MPIR_Topo *t = comm->topo;
    int rc;
    if (t->kind == MPI_CART) {
        /* per dimension: the -1 neighbour, then the +1 neighbour; what travels
         * in the -1 direction is tagged 2d, in the +1 direction 2d+1 */
        if ((rc = neighbors_alloc(nb, 2 * t->ndims, 2 * t->ndims)))
            return rc;
        for (int d = 0; d < t->ndims; d++) {
            int src, dst;
            MPIR_Cart_shift_impl(t, comm->rank, d, 1, &src, &dst);
            nb->in[2 * d] = nb->out[2 * d] = src;
            nb->in[2 * d + 1] = nb->out[2 * d + 1] = dst;
            nb->outtag[2 * d] = 2 * d;
            nb->outtag[2 * d + 1] = 2 * d + 1;
            nb->intag[2 * d] = 2 * d + 1;
            nb->intag[2 * d + 1] = 2 * d;
        }
        return MPI_SUCCESS;
    }
    if (t->kind == MPI_GRAPH) {
        const int *index = t->ints, *edges = t->ints + t->nnodes;
        int first = comm->rank == 0 ? 0 : index[comm->rank - 1], n = index[comm->rank] - first;
        if ((rc = neighbors_alloc(nb, n, n)))
            return rc;
        memcpy(nb->in, edges + first, sizeof(int) * (size_t)n);
        memcpy(nb->out, edges + first, sizeof(int) * (size_t)n);
        return MPI_SUCCESS;
    }
    if ((rc = neighbors_alloc(nb, t->indegree, t->outdegree)))
        return rc;
    memcpy(nb->in, t->ints, sizeof(int) * (size_t)t->indegree);
    memcpy(nb->out, t->ints + 2 * t->indegree, sizeof(int) * (size_t)t->outdegree);
    return MPI_SUCCESS;
}
