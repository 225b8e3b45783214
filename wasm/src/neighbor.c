/* Neighbourhood collectives (MPI-4.0 8.6): every process sends block k of its
 * send buffer to out-neighbour k and receives block k of its receive buffer
 * from in-neighbour k, all at once (receives posted first). The blocking forms
 * run on the communicator's collective context with a tag range of each
 * call's own (a Cartesian message's tag says the direction it travelled); the
 * nonblocking forms are one-phase schedules (coll/sched.c) on the NBC context
 * with one tag, where the order of posting pairs the blocks instead.
 * MPI_PROC_NULL neighbours (Cartesian edges) keep their blocks untouched. */
#include "mpiimpl.h"
#include "coll/coll.h"
#include <stdio.h>
#include <stdlib.h>

/* One block of a send or receive buffer. */
typedef struct block {
    char *buf;
    MPI_Count count;
    MPI_Datatype type;
} block;

typedef struct neighbor_call {
    const char *fc;
    int nonblocking;
    MPIR_Comm *comm;
    MPIR_Neighbors nb;
    block *send, *recv; /* outdegree, indegree blocks */
} neighbor_call;

static int begin(neighbor_call *call, const char *fc, MPI_Comm comm, int nonblocking, MPI_Request *request)
{
    call->fc = fc;
    call->nonblocking = nonblocking;
    call->send = call->recv = NULL;
    call->nb.in = NULL;
    int rc = MPIR_Topo_check(fc, comm, 0, &call->comm);
    if (rc)
        return rc;
    if (nonblocking && request == NULL)
        return MPIR_ERR(call->comm, MPI_ERR_ARG, fc, "null pointer (request)");
    if (MPIR_Topo_neighbors(call->comm, &call->nb) != MPI_SUCCESS)
        return MPIR_ERR(call->comm, MPI_ERR_NO_MEM, fc, "out of memory");
    call->send = calloc((size_t)call->nb.outdegree + 1, sizeof(block));
    call->recv = calloc((size_t)call->nb.indegree + 1, sizeof(block));
    if (call->send == NULL || call->recv == NULL)
        return MPIR_ERR(call->comm, MPI_ERR_NO_MEM, fc, "out of memory");
    return MPI_SUCCESS;
}

static int end(neighbor_call *call, int rc)
{
    MPIR_Neighbors_free(&call->nb);
    free(call->send);
    free(call->recv);
    return rc;
}

/* The extent of type, checked as argument `arg`. */
static int extent_of(neighbor_call *call, MPI_Datatype type, const char *arg, MPI_Aint *extent)
{
    MPIR_Datatype_info info;
    if (MPIR_Datatype_query(type, &info) != MPI_SUCCESS)
        return MPIR_ERR(call->comm, MPI_ERR_TYPE, call->fc, "invalid datatype 0x%x (%s)", (unsigned)type, arg);
    *extent = info.extent;
    return MPI_SUCCESS;
}

/* Checks a count and its buffer, as argument `arg` (a count array's element k if k >= 0). */
static int check_count(neighbor_call *call, const void *buf, MPI_Count count, const char *arg, int k,
                       const char *bufarg)
{
    if (count < 0) {
        if (k >= 0)
            return MPIR_ERR(call->comm, MPI_ERR_COUNT, call->fc, "negative count %s[%d] = %lld (%s)", arg, k,
                            (long long)count, arg);
        return MPIR_ERR(call->comm, MPI_ERR_COUNT, call->fc, "negative count %lld (%s)", (long long)count, arg);
    }
    if (count > 0 && buf == NULL)
        return MPIR_ERR(call->comm, MPI_ERR_BUFFER, call->fc, "null buffer with a count of %lld (%s)",
                        (long long)count, bufarg);
    return MPI_SUCCESS;
}

static int check_array(neighbor_call *call, int n, const void *array, const char *arg)
{
    if (n > 0 && array == NULL)
        return MPIR_ERR(call->comm, MPI_ERR_ARG, call->fc, "null pointer (%s)", arg);
    return MPI_SUCCESS;
}

/* Posts every receive, then every send, and waits for all; the first error wins. */
static int run(neighbor_call *call, int tagbase)
{
    const MPIR_Neighbors *nb = &call->nb;
    int n = nb->indegree + nb->outdegree, rc = MPI_SUCCESS;
    MPIR_Request **reqs = calloc((size_t)n + 1, sizeof *reqs);
    if (reqs == NULL)
        return MPIR_ERR(call->comm, MPI_ERR_NO_MEM, call->fc, "out of memory for requests");
    for (int k = 0; k < nb->indegree && rc == MPI_SUCCESS; k++) {
        const block *b = &call->recv[k];
        rc = MPIR_Irecv_typed(b->buf, b->count, b->type, nb->in[k], tagbase + nb->intag[k] % MPIR_TAG_NEIGHBOR_SPAN,
                              call->comm, MPIR_CONTEXT_COLL, &reqs[k]);
    }
    for (int k = 0; k < nb->outdegree && rc == MPI_SUCCESS; k++) {
        const block *b = &call->send[k];
        rc = MPIR_Isend_typed(b->buf, b->count, b->type, nb->out[k], tagbase + nb->outtag[k] % MPIR_TAG_NEIGHBOR_SPAN,
                              call->comm, MPIR_CONTEXT_COLL, &reqs[nb->indegree + k]);
    }
    if (rc) /* nothing will match the receives of a call that could not start */
        for (int k = 0; k < nb->indegree; k++)
            if (reqs[k])
                MPID_Cancel_recv(reqs[k]);
    for (int k = 0; k < n; k++) {
        if (reqs[k] == NULL)
            continue;
        MPIR_Request_wait(reqs[k]);
        if (rc == MPI_SUCCESS && reqs[k]->error != MPI_SUCCESS)
            rc = reqs[k]->error;
        MPIR_Request_release(reqs[k]);
    }
    free(reqs);
    if (rc == MPI_ERR_TRUNCATE)
        return MPIR_ERR(call->comm, rc, call->fc, "a message from a neighbour is longer than its receive block (recvbuf)");
    if (rc)
        return MPIR_ERR(call->comm, rc, call->fc, "exchanging with the neighbours failed");
    return MPI_SUCCESS;
}

/* The nonblocking form: every receive in order, then the sends. A Cartesian
 * process sends its +1 block before its -1 block in each dimension: when both
 * neighbours are one process (a periodic dimension of size 1 or 2), what it
 * sent in the +1 direction then fills the receiver's first (-1) block. */
static int start(neighbor_call *call, int tag, MPI_Request *request)
{
    const MPIR_Neighbors *nb = &call->nb;
    MPIR_Sched *s = MPIR_Sched_create(call->comm, tag, 1);
    if (s == NULL)
        return MPIR_ERR(call->comm, MPI_ERR_NO_MEM, call->fc, "out of memory for a schedule");
    for (int k = 0; k < nb->indegree; k++)
        if (nb->in[k] != MPI_PROC_NULL)
            MPIR_Sched_recv(s, call->recv[k].buf, call->recv[k].count, call->recv[k].type, nb->in[k], NULL);
    int cart = call->comm->topo->kind == MPI_CART;
    for (int i = 0; i < nb->outdegree; i++) {
        int k = cart ? i ^ 1 : i;
        if (nb->out[k] != MPI_PROC_NULL)
            MPIR_Sched_send(s, call->send[k].buf, call->send[k].count, call->send[k].type, nb->out[k], NULL);
    }
    MPIR_Request *req;
    int rc = MPIR_Sched_start(call->fc, s, &req);
    if (rc == MPI_SUCCESS)
        *request = req->handle;
    return rc;
}

/* Runs or starts the call once its blocks are filled in. */
static int go(neighbor_call *call, int tag, MPI_Request *request)
{
    return call->nonblocking ? start(call, tag, request) : run(call, tag);
}

/* buf + offset (a null buffer stays null: its blocks are empty). */
static char *at(const void *buf, MPI_Aint offset)
{
    return buf == NULL ? NULL : (char *)buf + offset;
}

/* Fills n blocks of `count` elements of type, `count` elements apart, or all
 * at buf when `same` (the send side of allgather). */
static int regular_blocks(neighbor_call *call, block *blocks, int n, const void *buf, int count, MPI_Datatype type,
                          int same, const char *side)
{
    char bufarg[16], countarg[16], typearg[16];
    snprintf(bufarg, sizeof bufarg, "%sbuf", side);
    snprintf(countarg, sizeof countarg, "%scount", side);
    snprintf(typearg, sizeof typearg, "%stype", side);
    MPI_Aint extent;
    int rc = extent_of(call, type, typearg, &extent);
    if (rc || (rc = check_count(call, n > 0 ? buf : "", count, countarg, -1, bufarg)))
        return rc;
    for (int k = 0; k < n; k++)
        blocks[k] = (block){at(buf, same ? 0 : (MPI_Aint)k * count * extent), count, type};
    return MPI_SUCCESS;
}

/* Fills n blocks of counts[k] elements of type at displs[k] elements. */
static int vector_blocks(neighbor_call *call, block *blocks, int n, const void *buf, const int *counts,
                         const int *displs, MPI_Datatype type, const char *side, const char *displarg)
{
    char bufarg[16], countarg[16], typearg[16];
    snprintf(bufarg, sizeof bufarg, "%sbuf", side);
    snprintf(countarg, sizeof countarg, "%scounts", side);
    snprintf(typearg, sizeof typearg, "%stype", side);
    MPI_Aint extent;
    int rc = extent_of(call, type, typearg, &extent);
    if (rc || (rc = check_array(call, n, counts, countarg)) || (rc = check_array(call, n, displs, displarg)))
        return rc;
    for (int k = 0; k < n; k++) {
        if ((rc = check_count(call, buf, counts[k], countarg, k, bufarg)))
            return rc;
        blocks[k] = (block){at(buf, (MPI_Aint)displs[k] * extent), counts[k], type};
    }
    return MPI_SUCCESS;
}

static int neighbor_allgather(const char *fc, int nonblocking, MPI_Request *request, const void *sendbuf,
                              int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                              MPI_Datatype recvtype, MPI_Comm comm)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(sendcount, sendtype), comm, MPIR_TRACE_NONE);
    neighbor_call call;
    int rc = begin(&call, fc, comm, nonblocking, request);
    if (rc == MPI_SUCCESS)
        rc = regular_blocks(&call, call.send, call.nb.outdegree, sendbuf, sendcount, sendtype, 1, "send");
    if (rc == MPI_SUCCESS)
        rc = regular_blocks(&call, call.recv, call.nb.indegree, recvbuf, recvcount, recvtype, 0, "recv");
    if (rc == MPI_SUCCESS)
        rc = go(&call, MPIR_TAG_NEIGHBOR_ALLGATHER, request);
    return end(&call, rc);
}

int MPI_Neighbor_allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                           int recvcount, MPI_Datatype recvtype, MPI_Comm comm)
{
    return neighbor_allgather("MPI_Neighbor_allgather", 0, NULL,
                       sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm);
}

int MPI_Ineighbor_allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                            int recvcount, MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return neighbor_allgather("MPI_Ineighbor_allgather", 1, request,
                       sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm);
}

static int neighbor_allgatherv(const char *fc, int nonblocking, MPI_Request *request, const void *sendbuf,
                               int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                               const int displs[], MPI_Datatype recvtype, MPI_Comm comm)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(sendcount, sendtype), comm, MPIR_TRACE_NONE);
    neighbor_call call;
    int rc = begin(&call, fc, comm, nonblocking, request);
    if (rc == MPI_SUCCESS)
        rc = regular_blocks(&call, call.send, call.nb.outdegree, sendbuf, sendcount, sendtype, 1, "send");
    if (rc == MPI_SUCCESS)
        rc = vector_blocks(&call, call.recv, call.nb.indegree, recvbuf, recvcounts, displs, recvtype, "recv", "displs");
    if (rc == MPI_SUCCESS)
        rc = go(&call, MPIR_TAG_NEIGHBOR_ALLGATHERV, request);
    return end(&call, rc);
}

int MPI_Neighbor_allgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                            const int recvcounts[], const int displs[], MPI_Datatype recvtype, MPI_Comm comm)
{
    return neighbor_allgatherv("MPI_Neighbor_allgatherv", 0, NULL,
                       sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, comm);
}

int MPI_Ineighbor_allgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                             const int recvcounts[], const int displs[], MPI_Datatype recvtype, MPI_Comm comm,
                             MPI_Request *request)
{
    return neighbor_allgatherv("MPI_Ineighbor_allgatherv", 1, request,
                       sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, comm);
}

static int neighbor_alltoall(const char *fc, int nonblocking, MPI_Request *request, const void *sendbuf,
                             int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                             MPI_Datatype recvtype, MPI_Comm comm)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(sendcount, sendtype), comm, MPIR_TRACE_NONE);
    neighbor_call call;
    int rc = begin(&call, fc, comm, nonblocking, request);
    if (rc == MPI_SUCCESS)
        rc = regular_blocks(&call, call.send, call.nb.outdegree, sendbuf, sendcount, sendtype, 0, "send");
    if (rc == MPI_SUCCESS)
        rc = regular_blocks(&call, call.recv, call.nb.indegree, recvbuf, recvcount, recvtype, 0, "recv");
    if (rc == MPI_SUCCESS)
        rc = go(&call, MPIR_TAG_NEIGHBOR_ALLTOALL, request);
    return end(&call, rc);
}

int MPI_Neighbor_alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                          MPI_Datatype recvtype, MPI_Comm comm)
{
    return neighbor_alltoall("MPI_Neighbor_alltoall", 0, NULL,
                       sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm);
}

int MPI_Ineighbor_alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                           int recvcount, MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return neighbor_alltoall("MPI_Ineighbor_alltoall", 1, request,
                       sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm);
}

static int neighbor_alltoallv(const char *fc, int nonblocking, MPI_Request *request, const void *sendbuf,
                              const int sendcounts[], const int sdispls[], MPI_Datatype sendtype, void *recvbuf,
                              const int recvcounts[], const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    neighbor_call call;
    int rc = begin(&call, fc, comm, nonblocking, request);
    if (rc == MPI_SUCCESS)
        rc = vector_blocks(&call, call.send, call.nb.outdegree, sendbuf, sendcounts, sdispls, sendtype, "send", "sdispls");
    if (rc == MPI_SUCCESS)
        rc = vector_blocks(&call, call.recv, call.nb.indegree, recvbuf, recvcounts, rdispls, recvtype, "recv", "rdispls");
    if (rc == MPI_SUCCESS)
        rc = go(&call, MPIR_TAG_NEIGHBOR_ALLTOALLV, request);
    return end(&call, rc);
}

int MPI_Neighbor_alltoallv(const void *sendbuf, const int sendcounts[], const int sdispls[],
                           MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int rdispls[],
                           MPI_Datatype recvtype, MPI_Comm comm)
{
    return neighbor_alltoallv("MPI_Neighbor_alltoallv", 0, NULL,
                       sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls, recvtype, comm);
}

int MPI_Ineighbor_alltoallv(const void *sendbuf, const int sendcounts[], const int sdispls[],
                            MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int rdispls[],
                            MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return neighbor_alltoallv("MPI_Ineighbor_alltoallv", 1, request,
                       sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls, recvtype, comm);
}

/* Blocks of counts[k] elements of types[k] at byte displacement displs[k]. */
static int w_blocks(neighbor_call *call, block *blocks, int n, const void *buf, const int *counts,
                    const MPI_Aint *displs, const MPI_Datatype *types, const char *side)
{
    char bufarg[16], countarg[16], displarg[16], typearg[16];
    snprintf(bufarg, sizeof bufarg, "%sbuf", side);
    snprintf(countarg, sizeof countarg, "%scounts", side);
    snprintf(displarg, sizeof displarg, "%cdispls", side[0]);
    snprintf(typearg, sizeof typearg, "%stypes", side);
    int rc;
    if ((rc = check_array(call, n, counts, countarg)) || (rc = check_array(call, n, displs, displarg)) ||
        (rc = check_array(call, n, types, typearg)))
        return rc;
    for (int k = 0; k < n; k++) {
        MPI_Aint extent;
        char arg[32];
        snprintf(arg, sizeof arg, "%s[%d]", typearg, k);
        if ((rc = extent_of(call, types[k], arg, &extent)) || (rc = check_count(call, buf, counts[k], countarg, k, bufarg)))
            return rc;
        blocks[k] = (block){at(buf, displs[k]), counts[k], types[k]};
    }
    return MPI_SUCCESS;
}

static int neighbor_alltoallw(const char *fc, int nonblocking, MPI_Request *request, const void *sendbuf,
                              const int sendcounts[], const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                              void *recvbuf, const int recvcounts[], const MPI_Aint rdispls[],
                              const MPI_Datatype recvtypes[], MPI_Comm comm)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    neighbor_call call;
    int rc = begin(&call, fc, comm, nonblocking, request);
    if (rc == MPI_SUCCESS)
        rc = w_blocks(&call, call.send, call.nb.outdegree, sendbuf, sendcounts, sdispls, sendtypes, "send");
    if (rc == MPI_SUCCESS)
        rc = w_blocks(&call, call.recv, call.nb.indegree, recvbuf, recvcounts, rdispls, recvtypes, "recv");
    if (rc == MPI_SUCCESS)
        rc = go(&call, MPIR_TAG_NEIGHBOR_ALLTOALLW, request);
    return end(&call, rc);
}

int MPI_Neighbor_alltoallw(const void *sendbuf, const int sendcounts[], const MPI_Aint sdispls[],
                           const MPI_Datatype sendtypes[], void *recvbuf, const int recvcounts[],
                           const MPI_Aint rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm)
{
    return neighbor_alltoallw("MPI_Neighbor_alltoallw", 0, NULL,
                       sendbuf, sendcounts, sdispls, sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm);
}

int MPI_Ineighbor_alltoallw(const void *sendbuf, const int sendcounts[], const MPI_Aint sdispls[],
                            const MPI_Datatype sendtypes[], void *recvbuf, const int recvcounts[],
                            const MPI_Aint rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm,
                            MPI_Request *request)
{
    return neighbor_alltoallw("MPI_Ineighbor_alltoallw", 1, request,
                       sendbuf, sendcounts, sdispls, sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm);
}
