/* MPI_Bcast and MPI_Ibcast (MPI-4.0 6.4). Short messages, few ranks or a
 * non-contiguous type: binomial tree. Long messages: binomial scatter of
 * the bytes, then a ring allgather (van de Geijn; MPICH's
 * bcast_scatter_ring_allgather). */
#include "coll.h"

static void binomial(MPIR_Sched *s, void *buf, MPI_Count count, MPI_Datatype type, int root, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    int rel = (rank - root + size) % size, mask = 1;
    while (mask < size) {
        if (rel & mask) {
            MPIR_Sched_recv(s, buf, count, type, (rank - mask + size) % size, comm);
            MPIR_Sched_barrier(s);
            break;
        }
        mask <<= 1;
    }
    for (mask >>= 1; mask > 0; mask >>= 1)
        if (rel + mask < size)
            MPIR_Sched_send(s, buf, count, type, (rank + mask) % size, comm);
}

static MPI_Count clip(MPI_Count v, MPI_Count lo, MPI_Count hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The bytes [0, nbytes) of a contiguous buffer. */
static void scatter_ring_allgather(MPIR_Sched *s, char *buf, MPI_Count nbytes, int root, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    int rel = (rank - root + size) % size;
    MPI_Count chunk = (nbytes + size - 1) / size;
    /* binomial scatter: relative rank r ends with chunks [r, r + its subtree) */
    int mask = 1;
    while (mask < size) {
        if (rel & mask) {
            MPI_Count lo = (MPI_Count)rel * chunk, hi = clip((MPI_Count)(rel + mask) * chunk, 0, nbytes);
            if (hi > lo)
                MPIR_Sched_recv(s, buf + lo, hi - lo, MPI_BYTE, (rank - mask + size) % size, comm);
            MPIR_Sched_barrier(s);
            break;
        }
        mask <<= 1;
    }
    for (mask >>= 1; mask > 0; mask >>= 1) {
        if (rel + mask < size) {
            int child = rel + mask;
            MPI_Count lo = (MPI_Count)child * chunk, hi = clip((MPI_Count)(child + mask) * chunk, 0, nbytes);
            if (hi > lo)
                MPIR_Sched_send(s, buf + lo, hi - lo, MPI_BYTE, (rank + mask) % size, comm);
        }
    }
    MPIR_Sched_barrier(s);
    /* ring allgather of the chunks */
    int left = (rank - 1 + size) % size, right = (rank + 1) % size;
    int j = rank, jnext = left;
    for (int i = 1; i < size; i++) {
        int rel_j = (j - root + size) % size, rel_jnext = (jnext - root + size) % size;
        MPI_Count send_lo = clip((MPI_Count)rel_j * chunk, 0, nbytes);
        MPI_Count send_n = clip(nbytes - send_lo, 0, chunk);
        MPI_Count recv_lo = clip((MPI_Count)rel_jnext * chunk, 0, nbytes);
        MPI_Count recv_n = clip(nbytes - recv_lo, 0, chunk);
        if (send_n > 0)
            MPIR_Sched_send(s, buf + send_lo, send_n, MPI_BYTE, right, comm);
        if (recv_n > 0)
            MPIR_Sched_recv(s, buf + recv_lo, recv_n, MPI_BYTE, left, comm);
        MPIR_Sched_barrier(s);
        j = jnext;
        jnext = (jnext - 1 + size) % size;
    }
}

void MPIR_Bcast_sched(MPIR_Sched *s, void *buf, MPI_Count count, MPI_Datatype type, int root, MPIR_Comm *comm)
{
    if (comm->size == 1 || count == 0)
        return;
    MPIR_Datatype_info info;
    MPIR_Datatype_query(type, &info);
    MPI_Count nbytes = count * info.size;
    if (nbytes < MPIR_coll_tuning.bcast_short_msg || comm->size < MPIR_coll_tuning.bcast_min_procs ||
        !info.is_contig)
        binomial(s, buf, count, type, root, comm);
    else
        scatter_ring_allgather(s, (char *)buf + info.true_lb, nbytes, root, comm);
}

int MPIR_Coll_bcast(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int root, MPI_Comm comm_handle,
                 int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(count, type), comm_handle, root);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (!rc)
        rc = MPIR_Coll_check_root(fc, comm, root);
    if (!rc && root != MPI_PROC_NULL)
        rc = MPIR_Coll_check_buf(fc, comm, buf, count, type, "buffer", "count", "datatype", 0);
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, MPIR_BCAST_TAG, request, &rc);
    if (s == NULL)
        return rc;
    if (comm->is_inter)
        MPIR_Inter_bcast_sched(s, buf, count, type, root, comm);
    else
        MPIR_Bcast_sched(s, buf, count, type, root, comm);
    return MPIR_Coll_end(fc, s, request);
}

int MPI_Bcast(void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm)
{
    return MPIR_Coll_bcast("MPI_Bcast", buffer, count, datatype, root, comm, 0, NULL);
}
int MPI_Bcast_c(void *buffer, MPI_Count count, MPI_Datatype datatype, int root, MPI_Comm comm)
{
    return MPIR_Coll_bcast("MPI_Bcast_c", buffer, count, datatype, root, comm, 0, NULL);
}
int MPI_Ibcast(void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_bcast("MPI_Ibcast", buffer, count, datatype, root, comm, 1, request);
}
int MPI_Ibcast_c(void *buffer, MPI_Count count, MPI_Datatype datatype, int root, MPI_Comm comm,
                 MPI_Request *request)
{
    return MPIR_Coll_bcast("MPI_Ibcast_c", buffer, count, datatype, root, comm, 1, request);
}
