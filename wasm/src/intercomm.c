/* Intercommunicators (MPI-4.0 7.6): Intercomm_create, Intercomm_merge, and the
 * intercommunicator forms of Comm_split. Each group agrees within itself; the
 * two leaders then exchange what their groups agreed on, and tell their groups. */
#include "mpiimpl.h"
#include "channel.h"
#include <stdlib.h>
#include <string.h>

/* Leader-to-leader exchange over (comm, peer) on context offset `off`: sends
 * n bytes, receives up to m. */
static int swap2(MPIR_Comm *comm, int peer, int tag, int off, const void *mine, size_t n, void *theirs, size_t m)
{
    MPIR_Request *s;
    int rc = MPIR_Isend_typed(mine, (MPI_Count)n, MPI_BYTE, peer, tag, comm, off, &s);
    if (rc)
        return rc;
    int rrc = MPIR_Recv_typed(theirs, (MPI_Count)m, MPI_BYTE, peer, tag, comm, off, MPI_STATUS_IGNORE);
    MPIR_Request_wait(s);
    rc = s->error;
    MPIR_Request_release(s);
    return rrc ? rrc : rc;
}

static int swap(MPIR_Comm *comm, int peer, int tag, int off, const void *mine, void *theirs, size_t n)
{
    return swap2(comm, peer, tag, off, mine, n, theirs, n);
}

int MPIR_Intercomm_agree_context(MPIR_Comm *local, int leader, MPIR_Comm *link, int peer, int tag, int off,
                                 int *context_id)
{
    uint32_t mask[MPIR_CONTEXT_MASK_WORDS], theirs[MPIR_CONTEXT_MASK_WORDS];
    int rc = MPIR_Contextid_local_mask(local, MPIR_CONTEXT_COLL, MPIR_TAG_INTERCOMM, mask);
    if (rc == MPI_SUCCESS && local->rank == leader) {
        rc = swap(link, peer, tag, off, mask, theirs, sizeof mask);
        for (int w = 0; w < MPIR_CONTEXT_MASK_WORDS; w++)
            mask[w] &= theirs[w];
    }
    if (rc == MPI_SUCCESS)
        rc = MPIR_Exchange_bcast(local, MPIR_CONTEXT_COLL, MPIR_TAG_INTERCOMM, mask, sizeof mask, leader);
    int taken = MPIR_Contextid_settle(rc ? NULL : mask, context_id);
    return rc ? rc : taken;
}

int MPIR_Intercomm_make_local(MPIR_Comm *inter, MPIR_Comm *over)
{
    int ctx, rc = MPIR_Contextid_agree(over, MPIR_CONTEXT_COLL, MPIR_TAG_COMM_CREATE, &ctx);
    if (rc)
        return rc;
    inter->local_comm = MPIR_Comm_new(ctx, inter->rank, inter->size, inter->local_vcs, 0, NULL);
    if (inter->local_comm == NULL) {
        MPIR_Contextid_free(ctx);
        return MPI_ERR_NO_MEM;
    }
    return MPI_SUCCESS;
}

/* The new intercommunicator over the given groups, with its local communicator. */
static int make_inter(const char *fc, MPIR_Comm *err_comm, MPIR_Comm *over, int ctx, int rank, int size,
                      const int *local, int remote_size, const int *remote, MPI_Comm *out)
{
    MPIR_Comm *n = MPIR_Comm_new(ctx, rank, size, local, remote_size, remote);
    if (n == NULL) {
        MPIR_Contextid_free(ctx);
        return MPIR_ERR(err_comm, MPI_ERR_NO_MEM, fc, "out of memory for a communicator");
    }
    MPIR_Comm_inherit(n, err_comm);
    int rc = MPIR_Intercomm_make_local(n, over);
    if (rc) {
        MPIR_Comm_release(n);
        return MPIR_ERR(err_comm, rc, fc, "cannot make the local communicator");
    }
    *out = n->handle;
    return MPI_SUCCESS;
}

int MPI_Intercomm_create(MPI_Comm local_comm, int local_leader, MPI_Comm peer_comm, int remote_leader, int tag,
                         MPI_Comm *newintercomm)
{
    MPIR_TRACE_CALL("MPI_Intercomm_create", MPIR_TRACE_NONE, tag, 0, local_comm, MPIR_TRACE_NONE);
    const char *fc = "MPI_Intercomm_create";
    MPIR_Comm *lc, *pc = NULL;
    int rc = MPIR_Comm_check(fc, local_comm, &lc);
    if (rc)
        return rc;
    if (lc->is_inter)
        return MPIR_ERR(lc, MPI_ERR_COMM, fc, "local_comm is an intercommunicator (local_comm)");
    if (newintercomm == NULL)
        return MPIR_ERR(lc, MPI_ERR_ARG, fc, "null pointer (newintercomm)");
    if (local_leader < 0 || local_leader >= lc->size)
        return MPIR_ERR(lc, MPI_ERR_RANK, fc, "invalid rank %d (local_leader): local_comm has %d ranks",
                        local_leader, lc->size);
    if (tag < 0 || tag > MPI_TAG_UB_VALUE)
        return MPIR_ERR(lc, MPI_ERR_TAG, fc, "invalid tag %d (tag)", tag);
    if (lc->rank == local_leader) {
        pc = MPIR_Comm_get(peer_comm);
        if (pc == NULL)
            return MPIR_ERR(lc, MPI_ERR_COMM, fc, "invalid communicator 0x%x (peer_comm)", (unsigned)peer_comm);
        if (remote_leader < 0 || remote_leader >= pc->remote_size)
            return MPIR_ERR(lc, MPI_ERR_RANK, fc, "invalid rank %d (remote_leader): peer_comm has %d ranks",
                            remote_leader, pc->remote_size);
        if (pc->vcs[remote_leader] == MPIR_my_lpid)
            return MPIR_ERR(lc, MPI_ERR_RANK, fc, "remote_leader %d is the local leader itself (remote_leader)",
                            remote_leader);
    }
    return MPIR_Intercomm_join(fc, lc, local_leader, pc, remote_leader, tag, MPIR_CONTEXT_OTHER, newintercomm);
}

int MPIR_Intercomm_join(const char *fc, MPIR_Comm *lc, int leader, MPIR_Comm *link, int peer, int tag, int off,
                        MPI_Comm *newintercomm)
{
    /* the leader tells its group the remote group's size, or -1 when it could not learn it */
    int remote_size = 0, rc = MPI_SUCCESS;
    if (lc->rank == leader && (rc = swap(link, peer, tag, off, &lc->size, &remote_size, sizeof(int))) != 0)
        remote_size = -1;
    int brc = MPIR_Exchange_bcast(lc, MPIR_CONTEXT_COLL, MPIR_TAG_INTERCOMM, &remote_size, sizeof(int), leader);
    if (brc == MPI_SUCCESS && remote_size < 0)
        brc = rc ? rc : MPI_ERR_OTHER;
    if (brc)
        return MPIR_ERR(lc, brc, fc, "the leader could not reach the remote group");
    /* the groups travel as names (channel.h): the remote group may be another job, whose vcs mean nothing here */
    size_t nbytes = 2 * sizeof(int) * (size_t)(remote_size > 0 ? remote_size : 1);
    int *names = malloc(nbytes), *remote = malloc(nbytes / 2);
    int *mine = lc->rank == leader ? malloc(2 * sizeof(int) * (size_t)lc->size) : NULL;
    if (names == NULL || remote == NULL || (lc->rank == leader && mine == NULL))
        rc = MPI_ERR_NO_MEM;
    if (rc == MPI_SUCCESS && lc->rank == leader) {
        wmpi_dyn_names(lc->local_vcs, lc->size, mine);
        rc = swap2(link, peer, tag, off, mine, 2 * sizeof(int) * (size_t)lc->size, names,
                   2 * sizeof(int) * (size_t)remote_size);
    }
    free(mine);
    if (rc == MPI_SUCCESS)
        rc = MPIR_Exchange_bcast(lc, MPIR_CONTEXT_COLL, MPIR_TAG_INTERCOMM, names, 2 * sizeof(int) * (size_t)remote_size,
                                 leader);
    int ctx;
    if (rc == MPI_SUCCESS)
        rc = MPIR_Intercomm_agree_context(lc, leader, link, peer, tag, off, &ctx);
    if (rc) {
        free(names);
        free(remote);
        return MPIR_ERR(lc, rc, fc, "exchanging the groups failed");
    }
    rc = wmpi_dyn_vcs(names, remote_size, remote);
    free(names);
    if (rc) {
        MPIR_Contextid_free(ctx);
        free(remote);
        return MPIR_ERR(lc, rc, fc, "cannot reach the remote group: %s",
                        rc == MPI_ERR_NO_MEM ? "no vcs left for its ranks" : "its job is not one this job can reach");
    }
    rc = make_inter(fc, lc, lc, ctx, lc->rank, lc->size, lc->local_vcs, remote_size, remote, newintercomm);
    free(remote);
    return rc;
}

/* Whether the group led by vc a comes before the group led by vc b: by the
 * leaders' names, which both groups see alike (vcs may differ across jobs). */
static int leader_first(int a, int b)
{
    int vcs[2] = {a, b}, names[4];
    wmpi_dyn_names(vcs, 2, names);
    if (names[0] != names[2])
        return (unsigned)names[0] < (unsigned)names[2];
    return names[1] < names[3];
}

int MPI_Intercomm_merge(MPI_Comm intercomm, int high, MPI_Comm *newintracomm)
{
    MPIR_TRACE_CALL("MPI_Intercomm_merge", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, intercomm, MPIR_TRACE_NONE);
    const char *fc = "MPI_Intercomm_merge";
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, intercomm, &c);
    if (rc)
        return rc;
    if (!c->is_inter)
        return MPIR_ERR(c, MPI_ERR_COMM, fc, "not an intercommunicator (intercomm)");
    if (newintracomm == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (newintracomm)");
    int mine = high != 0, theirs = 0;
    if (c->rank == 0)
        rc = swap(c, 0, MPIR_TAG_INTERCOMM, MPIR_CONTEXT_COLL, &mine, &theirs, sizeof(int));
    if (rc == MPI_SUCCESS)
        rc = MPIR_Exchange_bcast(c->local_comm, MPIR_CONTEXT_COLL, MPIR_TAG_INTERCOMM, &theirs, sizeof(int), 0);
    int ctx;
    if (rc == MPI_SUCCESS)
        rc = MPIR_Intercomm_agree_context(c->local_comm, 0, c, 0, MPIR_TAG_INTERCOMM, MPIR_CONTEXT_COLL, &ctx);
    if (rc)
        return MPIR_ERR(c, rc, fc, "agreeing with the remote group failed");
    /* the "low" group comes first; equal: the group whose leader has the lower name */
    int local_first = mine != theirs ? !mine : leader_first(c->local_vcs[0], c->vcs[0]);
    int n = c->size + c->remote_size;
    int *lpids = malloc(sizeof(int) * (size_t)n);
    if (lpids == NULL) {
        MPIR_Contextid_free(ctx);
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory");
    }
    const int *first = local_first ? c->local_vcs : c->vcs, *second = local_first ? c->vcs : c->local_vcs;
    int nfirst = local_first ? c->size : c->remote_size;
    memcpy(lpids, first, sizeof(int) * (size_t)nfirst);
    memcpy(lpids + nfirst, second, sizeof(int) * (size_t)(n - nfirst));
    rc = MPIR_Comm_new_intra(fc, c, ctx, local_first ? c->rank : c->remote_size + c->rank, n, lpids, newintracomm);
    free(lpids);
    return rc;
}

int MPIR_Intercomm_split(const char *fc, MPIR_Comm *c, int color, int key, MPI_Comm *newcomm)
{
    MPIR_Split_entry me = {color, key, c->rank};
    MPIR_Split_entry *local = malloc(sizeof(MPIR_Split_entry) * (size_t)c->size);
    MPIR_Split_entry *remote = malloc(sizeof(MPIR_Split_entry) * (size_t)c->remote_size);
    int *llp = malloc(sizeof(int) * (size_t)c->size), *rlp = malloc(sizeof(int) * (size_t)c->remote_size);
    int rc = local && remote && llp && rlp ? MPI_SUCCESS : MPI_ERR_NO_MEM;
    if (rc == MPI_SUCCESS)
        rc = MPIR_Exchange_allgather(c->local_comm, MPIR_CONTEXT_COLL, MPIR_TAG_COMM_SPLIT, &me, sizeof me, local);
    if (rc == MPI_SUCCESS && c->rank == 0)
        rc = swap2(c, 0, MPIR_TAG_COMM_SPLIT, MPIR_CONTEXT_COLL, local, sizeof(MPIR_Split_entry) * (size_t)c->size,
                   remote, sizeof(MPIR_Split_entry) * (size_t)c->remote_size);
    if (rc == MPI_SUCCESS)
        rc = MPIR_Exchange_bcast(c->local_comm, MPIR_CONTEXT_COLL, MPIR_TAG_COMM_SPLIT, remote,
                                 sizeof(MPIR_Split_entry) * (size_t)c->remote_size, 0);
    int ctx;
    if (rc == MPI_SUCCESS)
        rc = MPIR_Intercomm_agree_context(c->local_comm, 0, c, 0, MPIR_TAG_INTERCOMM, MPIR_CONTEXT_COLL, &ctx);
    if (rc == MPI_SUCCESS) {
        *newcomm = MPI_COMM_NULL;
        int pos = 0, dummy, nl = 0, nr = 0;
        if (color != MPI_UNDEFINED) {
            nl = MPIR_Split_members(local, c->size, color, c->local_vcs, llp, c->rank, &pos);
            nr = MPIR_Split_members(remote, c->remote_size, color, c->vcs, rlp, -1, &dummy);
        }
        /* every process takes part in making the local communicators, members or not */
        MPIR_Comm over = *c->local_comm;
        if (nl > 0 && nr > 0)
            rc = make_inter(fc, c, &over, ctx, pos, nl, llp, nr, rlp, newcomm);
        else {
            MPIR_Contextid_free(ctx);
            int lctx;
            rc = MPIR_Contextid_agree(&over, MPIR_CONTEXT_COLL, MPIR_TAG_COMM_CREATE, &lctx);
            if (rc == MPI_SUCCESS)
                MPIR_Contextid_free(lctx);
        }
    } else {
        rc = MPIR_ERR(c, rc == MPI_ERR_NO_MEM ? rc : MPI_ERR_OTHER, fc, "splitting the intercommunicator failed");
    }
    free(local);
    free(remote);
    free(llp);
    free(rlp);
    return rc;
}
