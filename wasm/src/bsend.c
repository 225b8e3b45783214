/* Buffered mode: MPI_Buffer_attach / MPI_Buffer_detach and the segments of
 * the attached buffer that carry each Bsend (MPI-4.0 section 3.6). */
#include "mpiimpl.h"
#include <string.h>

typedef struct segment {
    struct segment *next; /* active segments, by address */
    size_t size;          /* bytes of the attached buffer it takes, header included */
    MPIR_Request *req;    /* the internal send of its copy */
} segment;

#define SEG_HEADER ((sizeof(segment) + 15u) & ~(size_t)15u)

static char *buffer;
static size_t buffer_size;
static segment *active;

void MPIR_Bsend_reclaim(void)
{
    segment **p = &active;
    while (*p) {
        if ((*p)->req->complete) {
            MPIR_Request_release((*p)->req);
            *p = (*p)->next;
        } else {
            p = &(*p)->next;
        }
    }
}

static void unlink_segment(segment *s)
{
    for (segment **p = &active; *p; p = &(*p)->next) {
        if (*p == s) {
            *p = s->next;
            return;
        }
    }
}

/* First fit between the active segments. */
static segment *allocate(size_t nbytes)
{
    size_t need = (SEG_HEADER + nbytes + 15u) & ~(size_t)15u;
    MPIR_Bsend_reclaim();
    char *start = (char *)(((uintptr_t)buffer + 15u) & ~(uintptr_t)15u);
    char *end = buffer + buffer_size;
    segment **link = &active;
    char *gap = start;
    for (;;) {
        char *gap_end = *link ? (char *)*link : end;
        if (gap_end >= gap && (size_t)(gap_end - gap) >= need) {
            segment *s = (segment *)gap;
            s->size = need;
            s->next = *link;
            *link = s;
            return s;
        }
        if (*link == NULL)
            return NULL;
        gap = (char *)*link + (*link)->size;
        link = &(*link)->next;
    }
}

int MPIR_Bsend_isend(const char *fc, const void *buf, size_t nbytes, int dest, int tag, MPIR_Comm *comm,
                     MPIR_Request **out)
{
    segment *s = buffer ? allocate(nbytes) : NULL;
    if (s == NULL)
        return MPIR_ERR(comm, MPI_ERR_BUFFER, fc,
                        "no room for %zu bytes in the attached buffer (%zu bytes; MPI_BSEND_OVERHEAD is %d per message)",
                        nbytes, buffer_size, MPI_BSEND_OVERHEAD);
    char *copy = (char *)s + SEG_HEADER;
    memcpy(copy, buf, nbytes);
    int rc = MPIR_Isend_impl(copy, MPI_BYTE, nbytes, dest, tag, comm, MPIR_CONTEXT_PT2PT, MPIR_MODE_STANDARD, 0, &s->req);
    if (rc) {
        unlink_segment(s);
        return MPIR_ERR(comm, rc, fc, "cannot start the buffered send");
    }
    /* the user's request is complete at once: the data sits in the attached buffer */
    MPIR_Request *user = MPIR_Request_create(MPIR_REQ_SEND);
    if (user == NULL)
        return MPIR_ERR(comm, MPI_ERR_NO_MEM, fc, "out of memory for a request");
    user->comm_handle = comm->handle;
    MPIR_Request_complete(user);
    *out = user;
    return MPI_SUCCESS;
}

int MPI_Buffer_attach(void *buf, int size)
{
    MPIR_CHECK_INIT("MPI_Buffer_attach");
    if (size < 0)
        return MPIR_ERR(NULL, MPI_ERR_SIZE, "MPI_Buffer_attach", "negative size %d (size)", size);
    if (buf == NULL && size > 0)
        return MPIR_ERR(NULL, MPI_ERR_BUFFER, "MPI_Buffer_attach", "null buffer (buffer)");
    if (buffer != NULL)
        return MPIR_ERR(NULL, MPI_ERR_BUFFER, "MPI_Buffer_attach", "a buffer is already attached (buffer)");
    buffer = buf;
    buffer_size = (size_t)size;
    return MPI_SUCCESS;
}

/* Blocks until every buffered message has left the buffer. */
int MPI_Buffer_detach(void *buffer_addr, int *size)
{
    MPIR_CHECK_INIT("MPI_Buffer_detach");
    for (MPIR_Bsend_reclaim(); active; MPIR_Bsend_reclaim())
        MPID_Progress_wait();
    *(void **)buffer_addr = buffer;
    *size = (int)buffer_size;
    buffer = NULL;
    buffer_size = 0;
    return MPI_SUCCESS;
}

void MPIR_Bsend_finalize(void)
{
    for (MPIR_Bsend_reclaim(); active; MPIR_Bsend_reclaim())
        MPID_Progress_wait();
}
