/* MPI_Barrier and MPI_Ibarrier (MPI-4.0 6.3): the dissemination algorithm,
 * ceil(log2 p) rounds of zero-byte messages at any p (MPICH's default). */
#include "coll.h"

void MPIR_Barrier_sched(MPIR_Sched *s, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    for (int mask = 1; mask < size; mask <<= 1) {
        MPIR_Sched_send(s, NULL, 0, MPI_BYTE, (rank + mask) % size, comm);
        MPIR_Sched_recv(s, NULL, 0, MPI_BYTE, (rank - mask + size) % size, comm);
        MPIR_Sched_barrier(s);
    }
}

int MPIR_Coll_barrier(const char *fc, MPI_Comm comm_handle, int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, MPIR_BARRIER_TAG, request, &rc);
    if (s == NULL)
        return rc;
    if (comm->is_inter)
        MPIR_Inter_barrier_sched(s, comm);
    else
        MPIR_Barrier_sched(s, comm);
    return MPIR_Coll_end(fc, s, request);
}

int MPI_Barrier(MPI_Comm comm) { return MPIR_Coll_barrier("MPI_Barrier", comm, 0, NULL); }
int MPI_Ibarrier(MPI_Comm comm, MPI_Request *request) { return MPIR_Coll_barrier("MPI_Ibarrier", comm, 1, request); }
