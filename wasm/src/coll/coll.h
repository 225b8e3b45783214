/* Collectives (MPI-4.0 chapter 6) as schedules, MPICH's design: an algorithm
 * appends steps (send, receive, local reduce, local copy) to a schedule, in
 * phases separated by barriers; the steps of a phase are independent (the
 * local steps of a phase run, in order, when the phase starts, before its
 * sends and receives are posted if listed first). A blocking collective runs
 * its schedule to completion on the communicator's MPIR_CONTEXT_COLL with a
 * tag per kind; a nonblocking one returns a request and the progress engine
 * advances it, on MPIR_CONTEXT_NBC with a per-communicator tag sequence. */
#ifndef WMPI_COLL_H
#define WMPI_COLL_H

#include "../mpiimpl.h"
#include "tuning.h"

/* Tags of the blocking collectives on MPIR_CONTEXT_COLL (one per kind, as MPICH). */
enum {
    MPIR_BARRIER_TAG = 1,
    MPIR_BCAST_TAG,
    MPIR_GATHER_TAG,
    MPIR_GATHERV_TAG,
    MPIR_SCATTER_TAG,
    MPIR_SCATTERV_TAG,
    MPIR_ALLGATHER_TAG,
    MPIR_ALLGATHERV_TAG,
    MPIR_ALLTOALL_TAG,
    MPIR_ALLTOALLV_TAG,
    MPIR_ALLTOALLW_TAG,
    MPIR_REDUCE_TAG,
    MPIR_ALLREDUCE_TAG,
    MPIR_REDUCE_SCATTER_TAG,
    MPIR_REDUCE_SCATTER_BLOCK_TAG,
    MPIR_SCAN_TAG,
    MPIR_EXSCAN_TAG,
};

typedef struct MPIR_Sched MPIR_Sched;

/* A schedule for comm: blocking (tag = kind_tag on MPIR_CONTEXT_COLL) or
 * nonblocking (the next tag of comm->nbc_seq on MPIR_CONTEXT_NBC). NULL if
 * out of memory. */
MPIR_Sched *MPIR_Sched_create(MPIR_Comm *comm, int kind_tag, int nonblocking);
/* Steps. A failure (out of memory) is remembered and reported when the
 * schedule runs. comm NULL: the schedule's communicator; another one (an
 * intercommunicator's local_comm) is used on the same context offset and tag. */
void MPIR_Sched_send(MPIR_Sched *s, const void *buf, MPI_Count count, MPI_Datatype type, int peer, MPIR_Comm *comm);
void MPIR_Sched_recv(MPIR_Sched *s, void *buf, MPI_Count count, MPI_Datatype type, int peer, MPIR_Comm *comm);
/* inout = in op inout (MPIR_Reduce_local_impl's order: in holds the lower ranks). */
void MPIR_Sched_reduce(MPIR_Sched *s, const void *in, void *inout, MPI_Count count, MPI_Datatype type, MPI_Op op);
void MPIR_Sched_copy(MPIR_Sched *s, const void *src, MPI_Count scount, MPI_Datatype stype, void *dst,
                     MPI_Count rcount, MPI_Datatype rtype);
/* Ends a phase: later steps start once every step before has completed. */
void MPIR_Sched_barrier(MPIR_Sched *s);
/* n blocks of count elements one after the other (a Gather as a Gatherv), in
 * memory freed with the schedule (NULLs when out of memory). */
void MPIR_Sched_equal_blocks(MPIR_Sched *s, int n, MPI_Count count, MPI_Count **counts, MPI_Aint **displs);
/* Memory freed with the schedule. */
void *MPIR_Sched_alloc(MPIR_Sched *s, size_t bytes);
/* A buffer for count elements of type, freed with the schedule; the returned
 * pointer is shifted by -true_lb so that (buf, count, type) addresses it (MPICH's idiom). */
void *MPIR_Sched_tmpbuf(MPIR_Sched *s, MPI_Count count, MPI_Datatype type);
/* Runs the schedule to completion (blocking); returns its error class, with
 * the message recorded as call fc. Frees the schedule. */
int MPIR_Sched_run(const char *fc, MPIR_Sched *s);
/* Starts the schedule; *req is a collective request the Wait/Test family
 * completes. On error the schedule is freed and the error class returned. */
int MPIR_Sched_start(const char *fc, MPIR_Sched *s, MPIR_Request **req);
/* Frees a schedule that will not run (an argument error found while building). */
void MPIR_Sched_free(MPIR_Sched *s);
/* The communicator the schedule belongs to. */
MPIR_Comm *MPIR_Sched_comm(MPIR_Sched *s);

/* Extent-correct addressing. */
MPI_Aint MPIR_Type_extent(MPI_Datatype type);
static inline void *MPIR_Buf_at(const void *buf, MPI_Aint index, MPI_Aint extent)
{
    return (char *)buf + (ptrdiff_t)index * extent;
}

/* ---- the algorithms: each appends the steps of one collective to s, whose
 * communicator is an intracommunicator (the intercommunicator forms are in
 * coll_inter.c). Arguments are checked already. ---- */
void MPIR_Barrier_sched(MPIR_Sched *s, MPIR_Comm *comm);
void MPIR_Bcast_sched(MPIR_Sched *s, void *buf, MPI_Count count, MPI_Datatype type, int root, MPIR_Comm *comm);
void MPIR_Gather_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                       MPI_Count rcount, MPI_Datatype rtype, int root, MPIR_Comm *comm);
void MPIR_Gatherv_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                        const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype, int root,
                        MPIR_Comm *comm);
void MPIR_Scatter_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                        MPI_Count rcount, MPI_Datatype rtype, int root, MPIR_Comm *comm);
void MPIR_Scatterv_sched(MPIR_Sched *s, const void *sbuf, const MPI_Count *scounts, const MPI_Aint *displs,
                         MPI_Datatype stype, void *rbuf, MPI_Count rcount, MPI_Datatype rtype, int root,
                         MPIR_Comm *comm);
void MPIR_Allgather_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                          MPI_Count rcount, MPI_Datatype rtype, MPIR_Comm *comm);
void MPIR_Allgatherv_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                           const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype, MPIR_Comm *comm);
void MPIR_Alltoall_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                         MPI_Count rcount, MPI_Datatype rtype, MPIR_Comm *comm);
/* Alltoallv and Alltoallw in one: byte displacements and a type per peer
 * (Alltoallv's element displacements are scaled by its caller). */
void MPIR_Alltoallw_sched(MPIR_Sched *s, const void *sbuf, const MPI_Count *scounts, const MPI_Aint *sdispls,
                          const MPI_Datatype *stypes, void *rbuf, const MPI_Count *rcounts,
                          const MPI_Aint *rdispls, const MPI_Datatype *rtypes, MPIR_Comm *comm);
void MPIR_Reduce_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                       int root, MPIR_Comm *comm);
void MPIR_Allreduce_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type,
                          MPI_Op op, MPIR_Comm *comm);
void MPIR_Reduce_scatter_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, const MPI_Count *rcounts,
                               MPI_Datatype type, MPI_Op op, MPIR_Comm *comm);
void MPIR_Scan_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                     MPIR_Comm *comm, int exclusive);

/* ---- intercommunicator forms (coll_inter.c) ---- */
void MPIR_Inter_barrier_sched(MPIR_Sched *s, MPIR_Comm *comm);
void MPIR_Inter_bcast_sched(MPIR_Sched *s, void *buf, MPI_Count count, MPI_Datatype type, int root,
                            MPIR_Comm *comm);
void MPIR_Inter_gatherv_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                              const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype, int root,
                              MPIR_Comm *comm);
void MPIR_Inter_scatterv_sched(MPIR_Sched *s, const void *sbuf, const MPI_Count *scounts, const MPI_Aint *displs,
                               MPI_Datatype stype, void *rbuf, MPI_Count rcount, MPI_Datatype rtype, int root,
                               MPIR_Comm *comm);
void MPIR_Inter_allgatherv_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype,
                                 void *rbuf, const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype,
                                 MPIR_Comm *comm);
void MPIR_Inter_alltoallw_sched(MPIR_Sched *s, const void *sbuf, const MPI_Count *scounts,
                                const MPI_Aint *sdispls, const MPI_Datatype *stypes, void *rbuf,
                                const MPI_Count *rcounts, const MPI_Aint *rdispls, const MPI_Datatype *rtypes,
                                MPIR_Comm *comm);
void MPIR_Inter_reduce_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type,
                             MPI_Op op, int root, MPIR_Comm *comm);
void MPIR_Inter_allreduce_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type,
                                MPI_Op op, MPIR_Comm *comm);
void MPIR_Inter_reduce_scatter_sched(MPIR_Sched *s, const void *sbuf, void *rbuf, const MPI_Count *rcounts,
                                     MPI_Datatype type, MPI_Op op, MPIR_Comm *comm);

#endif

/* ---- argument checks and the common entry of every collective (coll_args.c) ---- */
/* The library state, the communicator and (nonblocking: request != NULL
 * expected) the request pointer. */
int MPIR_Coll_check_comm(const char *fc, MPI_Comm handle, int nonblocking, MPI_Request *request,
                         MPIR_Comm **comm);
/* Intracommunicator: 0..size-1. Intercommunicator: MPI_ROOT, MPI_PROC_NULL or a remote rank. */
int MPIR_Coll_check_root(const char *fc, MPIR_Comm *comm, int root);
/* A buffer of count elements of type; names are the arguments' names in the
 * call. in_place_ok: MPI_IN_PLACE is allowed here. */
int MPIR_Coll_check_buf(const char *fc, MPIR_Comm *comm, const void *buf, MPI_Count count, MPI_Datatype type,
                        const char *buf_name, const char *count_name, const char *type_name, int in_place_ok);
/* counts[0..n-1] present and non-negative (named name). */
int MPIR_Coll_check_counts(const char *fc, MPIR_Comm *comm, const MPI_Count *counts, int n, const char *name);
int MPIR_Coll_check_array(const char *fc, MPIR_Comm *comm, const void *array, int n, const char *name);
int MPIR_Coll_check_type(const char *fc, MPIR_Comm *comm, MPI_Datatype type, const char *name);
/* The op, valid for type. */
int MPIR_Coll_check_op(const char *fc, MPIR_Comm *comm, MPI_Op op, MPI_Datatype type);
/* Scan and Exscan exist on intracommunicators only. */
int MPIR_Coll_check_intra(const char *fc, MPIR_Comm *comm);

/* A schedule for the call: blocking when request is NULL. Raises
 * MPI_ERR_NO_MEM (returned in *rc) if it cannot be made. */
MPIR_Sched *MPIR_Coll_begin(const char *fc, MPIR_Comm *comm, int kind_tag, MPI_Request *request, int *rc);
/* Runs it (blocking) or starts it and stores the request's handle. */
int MPIR_Coll_end(const char *fc, MPIR_Sched *s, MPI_Request *request);

/* The int arrays of the MPI-3 forms as MPI-4 large-count ones (malloc'd; NULL if a is NULL or n <= 0). */
MPI_Count *MPIR_Coll_widen_counts(const int *a, int n);
MPI_Aint *MPIR_Coll_widen_displs(const int *a, int n);
/* The number of entries of a per-rank array of comm's collectives: remote group size on an intercommunicator. */
int MPIR_Coll_peers(MPI_Comm handle);
int MPIR_Coll_local_size(MPI_Comm handle);

/* ---- the collectives with large counts, named fc in their errors: the MPI_*
 * functions and the ABI are thin wrappers. nonblocking: *request gets the
 * request; else request is NULL. A v-form's arrays have one entry per rank of
 * the remote group (Reduce_scatter: of the local group). ---- */
int MPIR_Coll_barrier(const char *fc, MPI_Comm comm, int nonblocking, MPI_Request *request);
int MPIR_Coll_bcast(const char *fc, void *buf, MPI_Count count, MPI_Datatype type, int root, MPI_Comm comm,
                    int nonblocking, MPI_Request *request);
/* vector: Gatherv (rcounts, displs) else Gather (rcount) */
int MPIR_Coll_gather(const char *fc, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                     MPI_Count rcount, const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype, int root,
                     MPI_Comm comm, int vector, int nonblocking, MPI_Request *request);
int MPIR_Coll_scatter(const char *fc, const void *sbuf, MPI_Count scount, const MPI_Count *scounts,
                      const MPI_Aint *displs, MPI_Datatype stype, void *rbuf, MPI_Count rcount, MPI_Datatype rtype,
                      int root, MPI_Comm comm, int vector, int nonblocking, MPI_Request *request);
int MPIR_Coll_allgather(const char *fc, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                        MPI_Count rcount, const MPI_Count *rcounts, const MPI_Aint *displs, MPI_Datatype rtype,
                        MPI_Comm comm, int vector, int nonblocking, MPI_Request *request);
int MPIR_Coll_alltoall(const char *fc, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                       MPI_Count rcount, MPI_Datatype rtype, MPI_Comm comm, int nonblocking, MPI_Request *request);
/* w: Alltoallw (stypes, rtypes, byte displacements) else Alltoallv (stype, rtype, element displacements) */
int MPIR_Coll_alltoallw(const char *fc, const void *sbuf, const MPI_Count *scounts, const MPI_Aint *sdispls,
                        const MPI_Datatype *stypes, MPI_Datatype stype, void *rbuf, const MPI_Count *rcounts,
                        const MPI_Aint *rdispls, const MPI_Datatype *rtypes, MPI_Datatype rtype, int w,
                        MPI_Comm comm, int nonblocking, MPI_Request *request);
int MPIR_Coll_reduce(const char *fc, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                     int root, MPI_Comm comm, int nonblocking, MPI_Request *request);
int MPIR_Coll_allreduce(const char *fc, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                        MPI_Comm comm, int nonblocking, MPI_Request *request);
/* block: Reduce_scatter_block (rcount) else Reduce_scatter (rcounts) */
int MPIR_Coll_reduce_scatter(const char *fc, const void *sbuf, void *rbuf, MPI_Count rcount,
                             const MPI_Count *rcounts, MPI_Datatype type, MPI_Op op, MPI_Comm comm, int block,
                             int nonblocking, MPI_Request *request);
int MPIR_Coll_scan(const char *fc, const void *sbuf, void *rbuf, MPI_Count count, MPI_Datatype type, MPI_Op op,
                   MPI_Comm comm, int exclusive, int nonblocking, MPI_Request *request);
