/* Completion: the Wait and Test families (MPI-4.0 sections 3.7.3, 3.7.5). */
#include "mpiimpl.h"
#include <stdint.h>

enum { NOT_DONE = 0, DONE = 1, IS_NULL = 2 };

/* A request that counts in a completion call: not null, not inactive persistent. */
static int is_active(MPI_Request h)
{
    MPIR_Request *r = MPIR_Request_get(h);
    if (r == NULL)
        return 0;
    if (r->kind == MPIR_REQ_PREQ_SEND || r->kind == MPIR_REQ_PREQ_RECV)
        return r->active != NULL;
    return 1;
}

static int check_requests(const char *fc, int count, MPI_Request reqs[])
{
    if (count < 0)
        return MPIR_ERR(NULL, MPI_ERR_COUNT, fc, "negative count %d (count)", count);
    if (count > 0 && reqs == NULL)
        return MPIR_ERR(NULL, MPI_ERR_REQUEST, fc, "null array (array_of_requests)");
    for (int i = 0; i < count; i++) {
        MPIR_Request *r = MPIR_Request_get(reqs[i]);
        if (reqs[i] != MPI_REQUEST_NULL && (r == NULL || r->kind == MPIR_REQ_MESSAGE))
            return MPIR_ERR(NULL, MPI_ERR_REQUEST, fc, "invalid request handle 0x%x (array_of_requests[%d])",
                            (unsigned)reqs[i], i);
    }
    return MPI_SUCCESS;
}

static MPIR_Request *instance_of(MPIR_Request *r)
{
    return (r->kind == MPIR_REQ_PREQ_SEND || r->kind == MPIR_REQ_PREQ_RECV) ? r->active : r;
}

/* If the request r behind *h is complete (or null / inactive), stores its
 * status, frees or deactivates it, and sets *err to its error class. */
/* vc's rank in MPI_COMM_WORLD (whose vcs are consecutive), or -1 for a rank of another job or group. */
static int world_rank_of(int vc)
{
    MPIR_Comm *w = MPIR_Comm_get(MPI_COMM_WORLD);
    int r = w == NULL ? -1 : vc - w->vcs[0];
    return w != NULL && r >= 0 && r < w->size ? r : -1;
}

static int finish_request(const char *fc, MPI_Request *h, MPIR_Request *r, MPI_Status *status, int *err)
{
    *err = MPI_SUCCESS;
    MPIR_Request *inst = r ? instance_of(r) : NULL;
    if (inst == NULL) {
        if (status != MPI_STATUS_IGNORE)
            MPIR_Status_set_empty(status);
        return IS_NULL;
    }
    if (!inst->complete)
        return NOT_DONE;
    if (status != MPI_STATUS_IGNORE) {
        int keep = status->MPI_ERROR;
        *status = inst->status;
        status->MPI_ERROR = keep;
    }
    if (inst->error != MPI_SUCCESS) {
        if (inst->error == MPI_ERR_TRUNCATE)
            MPIR_Err_set(MPI_ERR_TRUNCATE, fc, "message truncated: %llu bytes arrived from rank %d (tag %d) but the receive buffer holds %zu",
                         (unsigned long long)inst->msg_size, inst->status.MPI_SOURCE, inst->status.MPI_TAG, inst->capacity);
        else if (inst->error == MPI_ERR_NO_MEM)
            MPIR_Err_set(MPI_ERR_NO_MEM, fc, "cannot allocate %llu bytes for the message from rank %d (tag %d)",
                         (unsigned long long)inst->msg_size, inst->status.MPI_SOURCE, inst->status.MPI_TAG);
        else if (inst->error == MPI_ERR_PROC_ABORTED && inst->vc >= 0 && world_rank_of(inst->vc) >= 0)
            MPIR_Err_set(MPI_ERR_PROC_ABORTED, fc, "the process of a peer it needs (rank %d of MPI_COMM_WORLD) has failed or was lost",
                         world_rank_of(inst->vc));
        else if (inst->error == MPI_ERR_PROC_ABORTED && inst->vc >= 0)
            MPIR_Err_set(MPI_ERR_PROC_ABORTED, fc, "the process of a peer it needs (a rank of another job, or of a spawned one) has failed or was lost");
        else if (inst->error == MPI_ERR_PROC_ABORTED)
            MPIR_Err_set(MPI_ERR_PROC_ABORTED, fc, "a process of the communicator has failed or was lost (a receive from any source)");
        else
            MPIR_Err_set(inst->error, fc, "request failed");
        *err = inst->error;
    }
    if (inst != r) {
        r->active = NULL;
        MPIR_Request_release(inst);
    } else {
        MPIR_Request_release(r);
        *h = MPI_REQUEST_NULL;
    }
    return DONE;
}

static int finish(const char *fc, MPI_Request *h, MPI_Status *status, int *err)
{
    return finish_request(fc, h, MPIR_Request_get(*h), status, err);
}

static MPIR_Comm *comm_of(MPI_Request h)
{
    MPIR_Request *r = MPIR_Request_get(h);
    return r ? MPIR_Comm_get(r->comm_handle) : NULL;
}

int MPI_Wait(MPI_Request *request, MPI_Status *status)
{
    MPIR_TRACE_CALL("MPI_Wait", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Wait");
    int rc = check_requests("MPI_Wait", 1, request);
    return rc ? rc : MPIR_Wait_named("MPI_Wait", request, status);
}

int MPIR_Wait_named(const char *fc, MPI_Request *request, MPI_Status *status)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_Request *r = MPIR_Request_get(*request);
    if (r && instance_of(r) && !instance_of(r)->complete) {
        MPID_Wait_note_request(fc, instance_of(r));
        MPIR_Request_wait(instance_of(r));
        MPID_Wait_done();
    }
    MPI_Comm comm = r ? r->comm_handle : MPI_COMM_NULL;
    int err;
    finish_request(fc, request, r, status, &err);
    return err ? MPIR_Err_raise(MPIR_Comm_get(comm), err) : MPI_SUCCESS;
}

int MPI_Test(MPI_Request *request, int *flag, MPI_Status *status)
{
    MPIR_TRACE_CALL("MPI_Test", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Test");
    int rc = check_requests("MPI_Test", 1, request);
    if (rc)
        return rc;
    MPIR_Request *r = MPIR_Request_get(*request);
    if (r && instance_of(r) && !instance_of(r)->complete)
        MPID_Progress_poll();
    MPIR_Comm *comm = comm_of(*request);
    int err;
    *flag = finish("MPI_Test", request, status, &err) != NOT_DONE;
    return err ? MPIR_Err_raise(comm, err) : MPI_SUCCESS;
}

static MPI_Status *status_at(MPI_Status statuses[], int i)
{
    return statuses == MPI_STATUSES_IGNORE ? MPI_STATUS_IGNORE : &statuses[i];
}

/* MPI_ERROR fields are written only when the call fails with
 * MPI_ERR_IN_STATUS (MPI-4.0 section 3.2.5): once the n-th of the statuses
 * filled so far carries the first error, the earlier ones get MPI_SUCCESS. */
static void note_error(MPI_Status statuses[], int n, int err, int *failed)
{
    if (statuses == MPI_STATUSES_IGNORE || (!err && !*failed))
        return;
    if (!*failed)
        for (int j = 0; j < n; j++)
            statuses[j].MPI_ERROR = MPI_SUCCESS;
    statuses[n].MPI_ERROR = err;
}

/* Finishes every request; the caller knows they are all complete. */
static int finish_all(const char *fc, int count, MPI_Request reqs[], MPI_Status statuses[])
{
    int failed = 0;
    MPIR_Comm *comm = NULL;
    for (int i = 0; i < count; i++) {
        MPIR_Comm *c = comm_of(reqs[i]);
        int err;
        finish(fc, &reqs[i], status_at(statuses, i), &err);
        note_error(statuses, i, err, &failed);
        if (err && !failed) {
            failed = 1;
            comm = c;
        }
    }
    if (!failed)
        return MPI_SUCCESS;
    if (statuses == MPI_STATUSES_IGNORE)
        return MPIR_Err_raise(comm, MPI_ERR_IN_STATUS);
    return MPIR_Err_raise(comm, MPIR_Err_set(MPI_ERR_IN_STATUS, fc, "%s", "a request failed: see the MPI_ERROR field of the statuses"));
}

static int all_complete(int count, MPI_Request reqs[])
{
    for (int i = 0; i < count; i++) {
        MPIR_Request *r = MPIR_Request_get(reqs[i]);
        MPIR_Request *inst = r ? instance_of(r) : NULL;
        if (inst && !inst->complete)
            return 0;
    }
    return 1;
}

/* Notes the first request of reqs not yet complete as what `fc` waits for (a deadlock report names it). */
static void note_waiting(const char *fc, int count, MPI_Request reqs[])
{
    for (int i = 0; i < count; i++) {
        MPIR_Request *r = MPIR_Request_get(reqs[i]);
        MPIR_Request *inst = r ? instance_of(r) : NULL;
        if (inst && !inst->complete) {
            MPID_Wait_note_request(fc, inst);
            return;
        }
    }
}

int MPI_Waitall(int count, MPI_Request reqs[], MPI_Status statuses[])
{
    MPIR_TRACE_CALL("MPI_Waitall", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Waitall");
    int rc = check_requests("MPI_Waitall", count, reqs);
    if (rc)
        return rc;
    if (!all_complete(count, reqs)) {
        note_waiting("MPI_Waitall", count, reqs);
        while (!all_complete(count, reqs))
            MPID_Progress_wait();
        MPID_Wait_done();
    }
    return finish_all("MPI_Waitall", count, reqs, statuses);
}

int MPI_Testall(int count, MPI_Request reqs[], int *flag, MPI_Status statuses[])
{
    MPIR_TRACE_CALL("MPI_Testall", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Testall");
    int rc = check_requests("MPI_Testall", count, reqs);
    if (rc)
        return rc;
    if (!all_complete(count, reqs))
        MPID_Progress_poll();
    *flag = all_complete(count, reqs);
    return *flag ? finish_all("MPI_Testall", count, reqs, statuses) : MPI_SUCCESS;
}

/* Index of a complete active request, -1 if none, MPI_UNDEFINED if none is active. */
static int first_complete(int count, MPI_Request reqs[])
{
    int any_active = 0;
    for (int i = 0; i < count; i++) {
        if (!is_active(reqs[i]))
            continue;
        any_active = 1;
        if (instance_of(MPIR_Request_get(reqs[i]))->complete)
            return i;
    }
    return any_active ? -1 : MPI_UNDEFINED;
}

/* first_complete, sleeping in progress (noted for the deadlock detector as `fc`) until it is not -1. */
static int wait_first_complete(const char *fc, int count, MPI_Request reqs[])
{
    int i = first_complete(count, reqs);
    if (i == -1) {
        note_waiting(fc, count, reqs);
        while ((i = first_complete(count, reqs)) == -1)
            MPID_Progress_wait();
        MPID_Wait_done();
    }
    return i;
}

static int finish_one(const char *fc, MPI_Request reqs[], int i, MPI_Status *status)
{
    MPIR_Comm *comm = comm_of(reqs[i]);
    int err;
    finish(fc, &reqs[i], status, &err);
    return err ? MPIR_Err_raise(comm, err) : MPI_SUCCESS;
}

int MPI_Waitany(int count, MPI_Request reqs[], int *index, MPI_Status *status)
{
    MPIR_TRACE_CALL("MPI_Waitany", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Waitany");
    int rc = check_requests("MPI_Waitany", count, reqs);
    if (rc)
        return rc;
    int i = wait_first_complete("MPI_Waitany", count, reqs);
    *index = i;
    if (i == MPI_UNDEFINED) {
        if (status != MPI_STATUS_IGNORE)
            MPIR_Status_set_empty(status);
        return MPI_SUCCESS;
    }
    return finish_one("MPI_Waitany", reqs, i, status);
}

int MPI_Testany(int count, MPI_Request reqs[], int *index, int *flag, MPI_Status *status)
{
    MPIR_TRACE_CALL("MPI_Testany", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Testany");
    int rc = check_requests("MPI_Testany", count, reqs);
    if (rc)
        return rc;
    int i = first_complete(count, reqs);
    if (i == -1) {
        MPID_Progress_poll();
        i = first_complete(count, reqs);
    }
    *flag = i != -1;
    *index = i == -1 ? MPI_UNDEFINED : i;
    if (i == -1 || i == MPI_UNDEFINED) {
        if (i == MPI_UNDEFINED && status != MPI_STATUS_IGNORE)
            MPIR_Status_set_empty(status);
        return MPI_SUCCESS;
    }
    return finish_one("MPI_Testany", reqs, i, status);
}

static int collect_some(const char *fc, int incount, MPI_Request reqs[], int *outcount, int indices[],
                        MPI_Status statuses[])
{
    int n = 0, failed = 0;
    MPIR_Comm *comm = NULL;
    for (int i = 0; i < incount; i++) {
        if (!is_active(reqs[i]) || !instance_of(MPIR_Request_get(reqs[i]))->complete)
            continue;
        MPIR_Comm *c = comm_of(reqs[i]);
        int err;
        finish(fc, &reqs[i], status_at(statuses, n), &err);
        note_error(statuses, n, err, &failed);
        if (err && !failed) {
            failed = 1;
            comm = c;
        }
        indices[n++] = i;
    }
    *outcount = n;
    if (!failed)
        return MPI_SUCCESS;
    return MPIR_Err_raise(comm, MPIR_Err_set(MPI_ERR_IN_STATUS, fc, "%s", "a request failed: see the MPI_ERROR field of the statuses"));
}

int MPI_Waitsome(int incount, MPI_Request reqs[], int *outcount, int indices[], MPI_Status statuses[])
{
    MPIR_TRACE_CALL("MPI_Waitsome", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Waitsome");
    int rc = check_requests("MPI_Waitsome", incount, reqs);
    if (rc)
        return rc;
    if (wait_first_complete("MPI_Waitsome", incount, reqs) == MPI_UNDEFINED) {
        *outcount = MPI_UNDEFINED;
        return MPI_SUCCESS;
    }
    return collect_some("MPI_Waitsome", incount, reqs, outcount, indices, statuses);
}

int MPI_Testsome(int incount, MPI_Request reqs[], int *outcount, int indices[], MPI_Status statuses[])
{
    MPIR_TRACE_CALL("MPI_Testsome", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, MPI_COMM_NULL, MPIR_TRACE_NONE);
    MPIR_CHECK_INIT("MPI_Testsome");
    int rc = check_requests("MPI_Testsome", incount, reqs);
    if (rc)
        return rc;
    MPID_Progress_poll();
    if (first_complete(incount, reqs) == MPI_UNDEFINED) {
        *outcount = MPI_UNDEFINED;
        return MPI_SUCCESS;
    }
    return collect_some("MPI_Testsome", incount, reqs, outcount, indices, statuses);
}
