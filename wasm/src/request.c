/* Request objects: a pool indexed by handle; freeing, status queries and
 * cancellation (MPI-4.0 sections 3.7.3, 3.8.4). */
#include "datatype.h"
#include <stdlib.h>
#include <string.h>

#define CHUNK 256
static MPIR_Request **table; /* index -> request; chunks never move, so pointers stay valid */
static unsigned table_len;
static MPIR_Request *free_list;
static int live;

static int grow(void)
{
    MPIR_Request **t = realloc(table, sizeof *t * (table_len + CHUNK));
    MPIR_Request *chunk = calloc(CHUNK, sizeof *chunk);
    if (t == NULL || chunk == NULL) {
        free(chunk);
        if (t)
            table = t;
        return 0;
    }
    table = t;
    for (unsigned i = 0; i < CHUNK; i++) {
        unsigned idx = table_len + i;
        table[idx] = &chunk[i];
        chunk[i].handle = HANDLE_MAKE_DYNAMIC(WMPI_KIND_REQUEST, idx);
        chunk[i].kind = 0xff;
        chunk[i].next = i + 1 < CHUNK ? &chunk[i + 1] : free_list;
    }
    free_list = &chunk[0];
    table_len += CHUNK;
    return 1;
}

MPIR_Request *MPIR_Request_create(MPIR_Request_kind kind)
{
    if (free_list == NULL && !grow())
        return NULL;
    MPIR_Request *r = free_list;
    free_list = r->next;
    int handle = r->handle;
    memset(r, 0, sizeof *r);
    r->handle = handle;
    r->kind = (uint8_t)kind;
    r->status.MPI_SOURCE = MPI_ANY_SOURCE;
    r->status.MPI_TAG = MPI_ANY_TAG;
    live++;
    return r;
}

void MPIR_Request_release(MPIR_Request *req)
{
    MPIR_Typed_done(req);
    MPIR_Free(req->rndv_chunk);
    if (req->kind == MPIR_REQ_PREQ_SEND || req->kind == MPIR_REQ_PREQ_RECV)
        MPIR_Dtype_release(MPIR_Dtype_get(req->datatype), 0);
    if (req->free_on_complete) {
        MPIR_Free(req->free_on_complete);
        req->free_on_complete = NULL;
    }
    if (req->comm_ref) {
        MPIR_Comm_release(req->comm_ref); /* the context id is free again only now */
        req->comm_ref = NULL;
    }
    req->kind = 0xff;
    req->next = free_list;
    free_list = req;
    live--;
}

void MPIR_Request_hold_comm(MPIR_Request *req, MPIR_Comm *comm)
{
    if (comm->handle == MPI_COMM_WORLD || comm->handle == MPI_COMM_SELF)
        return; /* never freed */
    comm->refcount++;
    req->comm_ref = comm;
}

MPIR_Request *MPIR_Request_get(MPI_Request handle)
{
    if (!HANDLE_IS_DYNAMIC(handle) || HANDLE_KIND(handle) != WMPI_KIND_REQUEST)
        return NULL;
    unsigned idx = HANDLE_INDEX(handle);
    if (idx >= table_len || table[idx]->kind == 0xff)
        return NULL;
    return table[idx];
}

int MPIR_Request_live_count(void) { return live; }

void MPIR_Request_foreach(void (*fn)(MPIR_Request *, void *), void *arg)
{
    for (unsigned i = 0; i < table_len; i++)
        if (table[i]->kind != 0xff)
            fn(table[i], arg);
}

/* A part of a compound request (Isendrecv) hands its outcome to the whole. */
static void complete_part(MPIR_Request *part, MPIR_Request *whole)
{
    if (part->kind == MPIR_REQ_RECV) {
        whole->status = part->status;
        whole->error = part->error;
        whole->msg_size = part->msg_size;
        whole->capacity = part->capacity;
    }
    if (--whole->parts_pending == 0)
        MPIR_Request_complete(whole);
}

void MPIR_Request_complete(MPIR_Request *req)
{
    req->complete = 1;
    MPIR_Typed_done(req);
    if (req->free_on_complete) {
        MPIR_Free(req->free_on_complete);
        req->free_on_complete = NULL;
    }
    if (req->whole)
        complete_part(req, req->whole);
    if (req->user_freed) {
        if (req->alloc_on_match)
            MPIR_Free(req->buf); /* nobody is left to take it */
        MPIR_Request_release(req);
    }
}

void MPIR_Request_wait(MPIR_Request *req)
{
    while (!req->complete)
        MPID_Progress_wait();
}

static int request_arg(const char *fc, MPI_Request *request, MPIR_Request **req)
{
    if (request == NULL)
        return MPIR_ERR(NULL, MPI_ERR_REQUEST, fc, "null pointer (request)");
    *req = MPIR_Request_get(*request);
    if (*req == NULL || (*req)->kind == MPIR_REQ_MESSAGE)
        return MPIR_ERR(NULL, MPI_ERR_REQUEST, fc, "invalid request handle 0x%x (request)", (unsigned)*request);
    return MPI_SUCCESS;
}

int MPI_Request_free(MPI_Request *request)
{
    MPIR_CHECK_INIT("MPI_Request_free");
    MPIR_Request *req;
    int rc = request_arg("MPI_Request_free", request, &req);
    if (rc)
        return rc;
    if (req->kind == MPIR_REQ_COLL) /* MPI-4.0 6.12: erroneous */
        return MPIR_ERR(MPIR_Comm_get(req->comm_handle), MPI_ERR_REQUEST, "MPI_Request_free",
                        "the request of a nonblocking collective cannot be freed: complete it with MPI_Wait or MPI_Test (request)");
    if (req->kind == MPIR_REQ_PREQ_SEND || req->kind == MPIR_REQ_PREQ_RECV) {
        /* an active instance goes on; one that has completed already is released now */
        if (req->active && req->active->complete)
            MPIR_Request_release(req->active);
        else if (req->active)
            req->active->user_freed = 1;
        MPIR_Request_release(req);
    } else if (req->complete) {
        if (req->alloc_on_match)
            MPIR_Free(req->buf); /* its message's buffer: nobody is left to take it */
        MPIR_Request_release(req);
    } else {
        req->user_freed = 1;
    }
    *request = MPI_REQUEST_NULL;
    return MPI_SUCCESS;
}

int MPI_Request_get_status(MPI_Request request, int *flag, MPI_Status *status)
{
    MPIR_CHECK_INIT("MPI_Request_get_status");
    if (request == MPI_REQUEST_NULL) {
        *flag = 1;
        if (status != MPI_STATUS_IGNORE)
            MPIR_Status_set_empty(status);
        return MPI_SUCCESS;
    }
    MPIR_Request *req;
    int rc = request_arg("MPI_Request_get_status", &request, &req);
    if (rc)
        return rc;
    if (req->kind == MPIR_REQ_PREQ_SEND || req->kind == MPIR_REQ_PREQ_RECV) {
        if (req->active == NULL) {
            *flag = 1;
            if (status != MPI_STATUS_IGNORE)
                MPIR_Status_set_empty(status);
            return MPI_SUCCESS;
        }
        req = req->active;
    }
    if (!req->complete)
        MPID_Progress_poll();
    *flag = req->complete;
    if (*flag && status != MPI_STATUS_IGNORE)
        *status = req->status;
    return MPI_SUCCESS;
}

int MPI_Cancel(MPI_Request *request)
{
    MPIR_CHECK_INIT("MPI_Cancel");
    MPIR_Request *req;
    int rc = request_arg("MPI_Cancel", request, &req);
    if (rc)
        return rc;
    if (req->kind == MPIR_REQ_PREQ_SEND || req->kind == MPIR_REQ_PREQ_RECV) {
        if (req->active == NULL)
            return MPIR_ERR(NULL, MPI_ERR_REQUEST, "MPI_Cancel", "inactive persistent request (request)");
        req = req->active;
    }
    if (req->kind == MPIR_REQ_COLL)
        return MPIR_ERR(MPIR_Comm_get(req->comm_handle), MPI_ERR_REQUEST, "MPI_Cancel",
                        "a nonblocking collective cannot be cancelled (request)");
    if (req->complete)
        return MPI_SUCCESS;
    if (req->kind == MPIR_REQ_RECV)
        MPID_Cancel_recv(req);
    else
        MPID_Cancel_send(req);
    return MPI_SUCCESS;
}
