/* MPI_Alltoall(v,w) and their I-forms (MPI-4.0 6.8). Alltoall as MPICH:
 * Bruck for short blocks on many ranks, every isend/irecv at once for
 * medium ones, pairwise exchange for long ones. Alltoallv/w: every
 * isend/irecv at once. MPI_IN_PLACE: the receive buffer is copied aside
 * first and sent from there. */
#include "coll.h"
#include <stdlib.h>

static void bruck(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                  MPI_Count rcount, MPI_Datatype rtype, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    MPI_Aint sext = MPIR_Type_extent(stype), rext = MPIR_Type_extent(rtype);
    /* rotate: block i of rbuf is the block for rank (rank + i) */
    for (int i = 0; i < size; i++)
        MPIR_Sched_copy(s, MPIR_Buf_at(sbuf, (MPI_Aint)((rank + i) % size) * scount, sext), scount, stype,
                        MPIR_Buf_at(rbuf, (MPI_Aint)i * rcount, rext), rcount, rtype);
    MPIR_Sched_barrier(s);
    char *pack = MPIR_Sched_tmpbuf(s, (MPI_Count)size * rcount, rtype);
    char *unpack = MPIR_Sched_tmpbuf(s, (MPI_Count)size * rcount, rtype);
    for (int pof2 = 1; pof2 < size; pof2 *= 2) {
        /* send the blocks whose index has this bit, from rank + pof2's direction */
        int n = 0;
        for (int i = 1; i < size; i++)
            if (i & pof2)
                MPIR_Sched_copy(s, MPIR_Buf_at(rbuf, (MPI_Aint)i * rcount, rext), rcount, rtype,
                                MPIR_Buf_at(pack, (MPI_Aint)(n++) * rcount, rext), rcount, rtype);
        MPIR_Sched_send(s, pack, (MPI_Count)n * rcount, rtype, (rank + pof2) % size, comm);
        MPIR_Sched_recv(s, unpack, (MPI_Count)n * rcount, rtype, (rank - pof2 + size) % size, comm);
        MPIR_Sched_barrier(s);
        n = 0;
        for (int i = 1; i < size; i++)
            if (i & pof2)
                MPIR_Sched_copy(s, MPIR_Buf_at(unpack, (MPI_Aint)(n++) * rcount, rext), rcount, rtype,
                                MPIR_Buf_at(rbuf, (MPI_Aint)i * rcount, rext), rcount, rtype);
        MPIR_Sched_barrier(s);
    }
    /* block i now comes from rank (rank - i): put it at that index */
    for (int i = 0; i < size; i++)
        MPIR_Sched_copy(s, MPIR_Buf_at(rbuf, (MPI_Aint)i * rcount, rext), rcount, rtype,
                        MPIR_Buf_at(pack, (MPI_Aint)((rank - i + size) % size) * rcount, rext),
                        rcount, rtype);
    MPIR_Sched_barrier(s);
    MPIR_Sched_copy(s, pack, (MPI_Count)size * rcount, rtype, rbuf, (MPI_Count)size * rcount, rtype);
}

static void scattered(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                      MPI_Count rcount, MPI_Datatype rtype, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    MPI_Aint sext = MPIR_Type_extent(stype), rext = MPIR_Type_extent(rtype);
    MPIR_Sched_copy(s, MPIR_Buf_at(sbuf, (MPI_Aint)rank * scount, sext), scount, stype,
                    MPIR_Buf_at(rbuf, (MPI_Aint)rank * rcount, rext), rcount, rtype);
    for (int i = 1; i < size; i++) {
        int src = (rank + i) % size;
        MPIR_Sched_recv(s, MPIR_Buf_at(rbuf, (MPI_Aint)src * rcount, rext), rcount, rtype, src, comm);
    }
    for (int i = 1; i < size; i++) {
        int dst = (rank - i + size) % size;
        MPIR_Sched_send(s, MPIR_Buf_at(sbuf, (MPI_Aint)dst * scount, sext), scount, stype, dst, comm);
    }
}

static void pairwise(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                     MPI_Count rcount, MPI_Datatype rtype, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank, pof2 = (size & (size - 1)) == 0;
    MPI_Aint sext = MPIR_Type_extent(stype), rext = MPIR_Type_extent(rtype);
    MPIR_Sched_copy(s, MPIR_Buf_at(sbuf, (MPI_Aint)rank * scount, sext), scount, stype,
                    MPIR_Buf_at(rbuf, (MPI_Aint)rank * rcount, rext), rcount, rtype);
    for (int i = 1; i < size; i++) {
        int src = pof2 ? rank ^ i : (rank - i + size) % size, dst = pof2 ? rank ^ i : (rank + i) % size;
        MPIR_Sched_send(s, MPIR_Buf_at(sbuf, (MPI_Aint)dst * scount, sext), scount, stype, dst, comm);
        MPIR_Sched_recv(s, MPIR_Buf_at(rbuf, (MPI_Aint)src * rcount, rext), rcount, rtype, src, comm);
        MPIR_Sched_barrier(s);
    }
}

void MPIR_Alltoall_sched(MPIR_Sched *s, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                         MPI_Count rcount, MPI_Datatype rtype, MPIR_Comm *comm)
{
    int size = comm->size;
    if (sbuf == MPI_IN_PLACE) {
        void *copy = MPIR_Sched_tmpbuf(s, (MPI_Count)size * rcount, rtype);
        MPIR_Sched_copy(s, rbuf, (MPI_Count)size * rcount, rtype, copy, (MPI_Count)size * rcount, rtype);
        MPIR_Sched_barrier(s);
        sbuf = copy;
        scount = rcount;
        stype = rtype;
    }
    MPIR_Datatype_info info;
    MPIR_Datatype_query(rtype, &info);
    MPI_Count block = rcount * info.size;
    if (size == 1)
        MPIR_Sched_copy(s, sbuf, scount, stype, rbuf, rcount, rtype);
    else if (block <= MPIR_coll_tuning.alltoall_short_msg && size >= MPIR_coll_tuning.alltoall_min_procs)
        bruck(s, sbuf, scount, stype, rbuf, rcount, rtype, comm);
    else if (block < MPIR_coll_tuning.alltoall_medium_msg)
        scattered(s, sbuf, scount, stype, rbuf, rcount, rtype, comm);
    else
        pairwise(s, sbuf, scount, stype, rbuf, rcount, rtype, comm);
}

void MPIR_Alltoallw_sched(MPIR_Sched *s, const void *sbuf, const MPI_Count *scounts, const MPI_Aint *sdispls,
                          const MPI_Datatype *stypes, void *rbuf, const MPI_Count *rcounts,
                          const MPI_Aint *rdispls, const MPI_Datatype *rtypes, MPIR_Comm *comm)
{
    int size = comm->size, rank = comm->rank;
    const void **from = MPIR_Sched_alloc(s, sizeof *from * (size_t)size);
    if (from == NULL)
        return;
    if (sbuf == MPI_IN_PLACE) { /* each block copied aside: they are sent from there */
        for (int i = 0; i < size; i++) {
            void *copy = MPIR_Sched_tmpbuf(s, rcounts[i], rtypes[i]);
            MPIR_Sched_copy(s, (char *)rbuf + rdispls[i], rcounts[i], rtypes[i], copy, rcounts[i], rtypes[i]);
            from[i] = copy;
        }
        MPIR_Sched_barrier(s);
        scounts = rcounts;
        stypes = rtypes;
    } else {
        for (int i = 0; i < size; i++)
            from[i] = (const char *)sbuf + sdispls[i];
    }
    MPIR_Sched_copy(s, from[rank], scounts[rank], stypes[rank], (char *)rbuf + rdispls[rank], rcounts[rank],
                    rtypes[rank]);
    for (int i = 1; i < size; i++) {
        int src = (rank + i) % size;
        if (rcounts[src] > 0)
            MPIR_Sched_recv(s, (char *)rbuf + rdispls[src], rcounts[src], rtypes[src], src, comm);
    }
    for (int i = 1; i < size; i++) {
        int dst = (rank - i + size) % size;
        if (scounts[dst] > 0)
            MPIR_Sched_send(s, from[dst], scounts[dst], stypes[dst], dst, comm);
    }
}

/* ---- entry points ---- */

int MPIR_Coll_alltoall(const char *fc, const void *sbuf, MPI_Count scount, MPI_Datatype stype, void *rbuf,
                    MPI_Count rcount, MPI_Datatype rtype, MPI_Comm comm_handle, int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, MPIR_TRACE_BYTES(scount, stype), comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (rc)
        return rc;
    int n = comm->remote_size;
    rc = MPIR_Coll_check_buf(fc, comm, sbuf, scount * n, stype, "sendbuf", "sendcount", "sendtype", !comm->is_inter);
    if (!rc)
        rc = MPIR_Coll_check_buf(fc, comm, rbuf, rcount * n, rtype, "recvbuf", "recvcount", "recvtype", 0);
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, MPIR_ALLTOALL_TAG, request, &rc);
    if (s == NULL)
        return rc;
    if (comm->is_inter) {
        MPI_Count *sc = MPIR_Sched_alloc(s, sizeof *sc * (size_t)n), *rc_ = MPIR_Sched_alloc(s, sizeof *rc_ * (size_t)n);
        MPI_Aint *sd = MPIR_Sched_alloc(s, sizeof *sd * (size_t)n), *rd = MPIR_Sched_alloc(s, sizeof *rd * (size_t)n);
        MPI_Datatype *st = MPIR_Sched_alloc(s, sizeof *st * (size_t)n), *rt = MPIR_Sched_alloc(s, sizeof *rt * (size_t)n);
        if (sc && rc_ && sd && rd && st && rt) {
            MPI_Aint sext = MPIR_Type_extent(stype), rext = MPIR_Type_extent(rtype);
            for (int i = 0; i < n; i++) {
                sc[i] = scount;
                rc_[i] = rcount;
                sd[i] = (MPI_Aint)i * scount * sext;
                rd[i] = (MPI_Aint)i * rcount * rext;
                st[i] = stype;
                rt[i] = rtype;
            }
            MPIR_Inter_alltoallw_sched(s, sbuf, sc, sd, st, rbuf, rc_, rd, rt, comm);
        }
    } else {
        MPIR_Alltoall_sched(s, sbuf, scount, stype, rbuf, rcount, rtype, comm);
    }
    return MPIR_Coll_end(fc, s, request);
}

int MPI_Alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                 MPI_Datatype recvtype, MPI_Comm comm)
{
    return MPIR_Coll_alltoall("MPI_Alltoall", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm, 0, NULL);
}
int MPI_Alltoall_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf,
                   MPI_Count recvcount, MPI_Datatype recvtype, MPI_Comm comm)
{
    return MPIR_Coll_alltoall("MPI_Alltoall_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm, 0, NULL);
}
int MPI_Ialltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                  MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_alltoall("MPI_Ialltoall", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm, 1, request);
}
int MPI_Ialltoall_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype, void *recvbuf,
                    MPI_Count recvcount, MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_alltoall("MPI_Ialltoall_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm, 1, request);
}

/* Alltoallv and Alltoallw: per-peer types (Alltoallv: one type, element
 * displacements, scaled here to bytes). */
int MPIR_Coll_alltoallw(const char *fc, const void *sbuf, const MPI_Count *scounts, const MPI_Aint *sdispls,
                     const MPI_Datatype *stypes, MPI_Datatype stype, void *rbuf, const MPI_Count *rcounts,
                     const MPI_Aint *rdispls, const MPI_Datatype *rtypes, MPI_Datatype rtype, int w,
                     MPI_Comm comm_handle, int nonblocking, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm_handle, MPIR_TRACE_NONE);
    MPIR_Comm *comm;
    int rc = MPIR_Coll_check_comm(fc, comm_handle, nonblocking, request, &comm);
    if (rc)
        return rc;
    int n = comm->remote_size;
    int in_place = sbuf == MPI_IN_PLACE;
    if (in_place && comm->is_inter)
        return MPIR_ERR(comm, MPI_ERR_BUFFER, fc, "MPI_IN_PLACE is not allowed on an intercommunicator (sendbuf)");
    if (rbuf == MPI_IN_PLACE)
        return MPIR_ERR(comm, MPI_ERR_BUFFER, fc, "MPI_IN_PLACE is not allowed here (recvbuf)");
    if (!in_place) {
        rc = MPIR_Coll_check_counts(fc, comm, scounts, n, "sendcounts");
        if (!rc)
            rc = MPIR_Coll_check_array(fc, comm, sdispls, n, "sdispls");
        if (!rc && w)
            rc = MPIR_Coll_check_array(fc, comm, stypes, n, "sendtypes");
        for (int i = 0; !rc && i < n; i++)
            if (w ? scounts[i] > 0 : i == 0)
                rc = MPIR_Coll_check_type(fc, comm, w ? stypes[i] : stype, w ? "sendtypes" : "sendtype");
    }
    if (!rc)
        rc = MPIR_Coll_check_counts(fc, comm, rcounts, n, "recvcounts");
    if (!rc)
        rc = MPIR_Coll_check_array(fc, comm, rdispls, n, "rdispls");
    if (!rc && w)
        rc = MPIR_Coll_check_array(fc, comm, rtypes, n, "recvtypes");
    for (int i = 0; !rc && i < n; i++)
        if (w ? rcounts[i] > 0 : i == 0)
            rc = MPIR_Coll_check_type(fc, comm, w ? rtypes[i] : rtype, w ? "recvtypes" : "recvtype");
    if (rc)
        return rc;
    MPIR_Sched *s = MPIR_Coll_begin(fc, comm, w ? MPIR_ALLTOALLW_TAG : MPIR_ALLTOALLV_TAG, request, &rc);
    if (s == NULL)
        return rc;
    if (!w) { /* Alltoallv as Alltoallw */
        MPI_Aint sext = in_place ? 0 : MPIR_Type_extent(stype), rext = MPIR_Type_extent(rtype);
        MPI_Aint *sd = MPIR_Sched_alloc(s, sizeof *sd * (size_t)n), *rd = MPIR_Sched_alloc(s, sizeof *rd * (size_t)n);
        MPI_Datatype *st = MPIR_Sched_alloc(s, sizeof *st * (size_t)n), *rt = MPIR_Sched_alloc(s, sizeof *rt * (size_t)n);
        if (!(sd && rd && st && rt))
            return MPIR_Coll_end(fc, s, request);
        for (int i = 0; i < n; i++) {
            sd[i] = in_place ? 0 : sdispls[i] * sext;
            rd[i] = rdispls[i] * rext;
            st[i] = stype;
            rt[i] = rtype;
        }
        sdispls = sd;
        rdispls = rd;
        stypes = st;
        rtypes = rt;
    }
    if (comm->is_inter)
        MPIR_Inter_alltoallw_sched(s, sbuf, scounts, sdispls, stypes, rbuf, rcounts, rdispls, rtypes, comm);
    else
        MPIR_Alltoallw_sched(s, sbuf, scounts, sdispls, stypes, rbuf, rcounts, rdispls, rtypes, comm);
    return MPIR_Coll_end(fc, s, request);
}

static int alltoallv_int(const char *fc, const void *sbuf, const int *scounts, const int *sdispls, MPI_Datatype stype,
                         void *rbuf, const int *rcounts, const int *rdispls, MPI_Datatype rtype,
                         const MPI_Datatype *stypes, const MPI_Datatype *rtypes, int w, MPI_Comm comm,
                         int nonblocking, MPI_Request *request)
{
    int n = MPIR_Coll_peers(comm);
    MPI_Count *sc = MPIR_Coll_widen_counts(scounts, n), *rc_ = MPIR_Coll_widen_counts(rcounts, n);
    MPI_Aint *sd = MPIR_Coll_widen_displs(sdispls, n), *rd = MPIR_Coll_widen_displs(rdispls, n);
    int rc = MPIR_Coll_alltoallw(fc, sbuf, sc, sd, stypes, stype, rbuf, rc_, rd, rtypes, rtype, w, comm, nonblocking, request);
    free(sc);
    free(rc_);
    free(sd);
    free(rd);
    return rc;
}

int MPI_Alltoallv(const void *sendbuf, const int sendcounts[], const int sdispls[], MPI_Datatype sendtype,
                  void *recvbuf, const int recvcounts[], const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm)
{
    return alltoallv_int("MPI_Alltoallv", sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls,
                         recvtype, NULL, NULL, 0, comm, 0, NULL);
}
int MPI_Ialltoallv(const void *sendbuf, const int sendcounts[], const int sdispls[], MPI_Datatype sendtype,
                   void *recvbuf, const int recvcounts[], const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm,
                   MPI_Request *request)
{
    return alltoallv_int("MPI_Ialltoallv", sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls,
                         recvtype, NULL, NULL, 0, comm, 1, request);
}
int MPI_Alltoallv_c(const void *sendbuf, const MPI_Count sendcounts[], const MPI_Aint sdispls[],
                    MPI_Datatype sendtype, void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                    MPI_Datatype recvtype, MPI_Comm comm)
{
    return MPIR_Coll_alltoallw("MPI_Alltoallv_c", sendbuf, sendcounts, sdispls, NULL, sendtype, recvbuf, recvcounts, rdispls,
                     NULL, recvtype, 0, comm, 0, NULL);
}
int MPI_Ialltoallv_c(const void *sendbuf, const MPI_Count sendcounts[], const MPI_Aint sdispls[],
                     MPI_Datatype sendtype, void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                     MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_alltoallw("MPI_Ialltoallv_c", sendbuf, sendcounts, sdispls, NULL, sendtype, recvbuf, recvcounts, rdispls,
                     NULL, recvtype, 0, comm, 1, request);
}
int MPI_Alltoallw(const void *sendbuf, const int sendcounts[], const int sdispls[], const MPI_Datatype sendtypes[],
                  void *recvbuf, const int recvcounts[], const int rdispls[], const MPI_Datatype recvtypes[],
                  MPI_Comm comm)
{
    return alltoallv_int("MPI_Alltoallw", sendbuf, sendcounts, sdispls, MPI_DATATYPE_NULL, recvbuf, recvcounts,
                         rdispls, MPI_DATATYPE_NULL, sendtypes, recvtypes, 1, comm, 0, NULL);
}
int MPI_Ialltoallw(const void *sendbuf, const int sendcounts[], const int sdispls[], const MPI_Datatype sendtypes[],
                   void *recvbuf, const int recvcounts[], const int rdispls[], const MPI_Datatype recvtypes[],
                   MPI_Comm comm, MPI_Request *request)
{
    return alltoallv_int("MPI_Ialltoallw", sendbuf, sendcounts, sdispls, MPI_DATATYPE_NULL, recvbuf, recvcounts,
                         rdispls, MPI_DATATYPE_NULL, sendtypes, recvtypes, 1, comm, 1, request);
}
int MPI_Alltoallw_c(const void *sendbuf, const MPI_Count sendcounts[], const MPI_Aint sdispls[],
                    const MPI_Datatype sendtypes[], void *recvbuf, const MPI_Count recvcounts[],
                    const MPI_Aint rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm)
{
    return MPIR_Coll_alltoallw("MPI_Alltoallw_c", sendbuf, sendcounts, sdispls, sendtypes, MPI_DATATYPE_NULL, recvbuf,
                     recvcounts, rdispls, recvtypes, MPI_DATATYPE_NULL, 1, comm, 0, NULL);
}
int MPI_Ialltoallw_c(const void *sendbuf, const MPI_Count sendcounts[], const MPI_Aint sdispls[],
                     const MPI_Datatype sendtypes[], void *recvbuf, const MPI_Count recvcounts[],
                     const MPI_Aint rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm, MPI_Request *request)
{
    return MPIR_Coll_alltoallw("MPI_Ialltoallw_c", sendbuf, sendcounts, sdispls, sendtypes, MPI_DATATYPE_NULL, recvbuf,
                     recvcounts, rdispls, recvtypes, MPI_DATATYPE_NULL, 1, comm, 1, request);
}
