/* A peer lost for good (MPI-4.0's MPI_ERR_PROC_ABORTED): the channel says so
 * with a VC_FAILED packet, once. Every operation that needs the peer then
 * fails instead of waiting forever: receives naming it, receives from any
 * source on a communicator that includes it (as ULFM's
 * MPI_ERR_PROC_FAILED_PENDING), sends to it still queued or waiting for it to
 * pull their data, and our pulls of its data. Later sends to it and receives
 * naming it fail at once. Unexpected eager messages it sent before it went
 * can still be received. With MPI_ERRORS_ARE_FATAL the rank waiting on such
 * an operation ends the job; with MPI_ERRORS_RETURN it gets the error. */
#include "mpidi.h"
#include "../rma/rma.h"
#include <stdlib.h>
#include <string.h>

static uint8_t *failed;
static int nvcs;
static int nfailed;

int MPIDI_Vc_reserve(int vc)
{
    if (vc < 0 || vc >= MPIDI_MAX_VC)
        return MPI_ERR_OTHER; /* no channel numbers its peers so far: a corrupt vc */
    if (vc >= nvcs) {
        int n = nvcs ? nvcs : 8;
        while (n <= vc)
            n *= 2;
        uint8_t *f = realloc(failed, (size_t)n);
        if (f == NULL)
            return MPI_ERR_NO_MEM;
        memset(f + nvcs, 0, (size_t)(n - nvcs));
        failed = f;
        nvcs = n;
    }
    return MPIDI_Sendq_cover(vc);
}

int MPIDI_Vc_failed(int vc) { return vc >= 0 && vc < nvcs && failed[vc]; }

/* Whether the communicator of a receive from any source includes vc. */
static int comm_includes(MPI_Comm handle, int vc)
{
    MPIR_Comm *c = MPIR_Comm_get(handle);
    if (c == NULL)
        return 0;
    for (int i = 0; i < c->remote_size; i++)
        if (c->vcs[i] == vc)
            return 1;
    return 0;
}

static int posted_needs(const MPIR_Request *r, int vc)
{
    return r->rank == MPI_ANY_SOURCE ? comm_includes(r->comm_handle, vc) : r->vc == vc;
}

static void fail_if_waiting_on(MPIR_Request *r, void *arg)
{
    int vc = *(int *)arg;
    if (r->complete || r->vc != vc)
        return;
    int send_waits = r->kind == MPIR_REQ_SEND && r->is_rndv && !r->rndv_done;
    if (send_waits || r->rndv_pulling) {
        r->rndv_pulling = 0;
        r->cancel_pending = 0;
        r->error = MPI_ERR_PROC_ABORTED;
        MPIR_Request_complete(r);
    }
}

void MPIDI_Vc_fail(int vc)
{
    if (vc < 0 || MPIDI_Vc_reserve(vc) || failed[vc])
        return;
    failed[vc] = 1;
    nfailed++;
    MPIDI_Sendq_fail_vc(vc);
    MPIDI_Recvq_fail_posted(vc, posted_needs);
    MPIR_Request_foreach(fail_if_waiting_on, &vc);
    MPIR_Rma_vc_failed(vc);
}

int MPID_Source_failed(MPIR_Comm *comm, int source)
{
    if (nfailed == 0 || comm == NULL)
        return 0;
    if (source >= 0)
        return source < comm->remote_size && MPIDI_Vc_failed(comm->vcs[source]);
    for (int i = 0; i < comm->remote_size; i++)
        if (MPIDI_Vc_failed(comm->vcs[i]))
            return 1;
    return 0;
}
