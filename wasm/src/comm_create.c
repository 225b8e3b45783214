/* Making intracommunicators from others (MPI-4.0 7.4.2): dup, split, create,
 * create_group. Every process of the new communicator agrees on its context
 * id through the parent (contextid.c). */
#include "mpiimpl.h"
#include "channel.h"
#include <stdlib.h>
#include <string.h>

void MPIR_Comm_inherit(MPIR_Comm *comm, const MPIR_Comm *parent)
{
    MPIR_Errhandler_ref(parent->errhandler);
    MPIR_Errhandler_release(comm->errhandler);
    comm->errhandler = parent->errhandler;
}

int MPIR_Comm_new_intra(const char *fc, MPIR_Comm *parent, int ctx, int rank, int size, const int *lpids,
                        MPI_Comm *newcomm)
{
    MPIR_Comm *nc = MPIR_Comm_new(ctx, rank, size, lpids, 0, NULL);
    if (nc == NULL) {
        MPIR_Contextid_free(ctx);
        return MPIR_ERR(parent, MPI_ERR_NO_MEM, fc, "out of memory for a communicator");
    }
    MPIR_Comm_inherit(nc, parent);
    *newcomm = nc->handle;
    return MPI_SUCCESS;
}

static int out_of_context_ids(const char *fc, MPIR_Comm *parent, int rc)
{
    if (rc == MPI_ERR_OTHER)
        return MPIR_ERR(parent, MPI_ERR_OTHER, fc, "no context id is free in every process: too many communicators");
    return MPIR_ERR(parent, rc, fc, "agreeing on a context id failed");
}

static int check_newcomm(const char *fc, MPIR_Comm *parent, MPI_Comm *newcomm)
{
    if (newcomm == NULL)
        return MPIR_ERR(parent, MPI_ERR_ARG, fc, "null pointer (newcomm)");
    return MPI_SUCCESS;
}

/* A copy of comm on a fresh context id: same groups, error handler, topology, attributes. */
static int dup_comm(const char *fc, MPIR_Comm *c, MPIR_Comm **out)
{
    int ctx, rc;
    if (c->is_inter) {
        rc = MPIR_Intercomm_agree_context(c->local_comm, 0, c, 0, MPIR_TAG_INTERCOMM, MPIR_CONTEXT_COLL, &ctx);
    } else {
        rc = MPIR_Contextid_agree(c, MPIR_CONTEXT_COLL, MPIR_TAG_COMM_CREATE, &ctx);
    }
    if (rc)
        return out_of_context_ids(fc, c, rc);
    return MPIR_Comm_copy(fc, c, ctx, out);
}

int MPIR_Comm_copy(const char *fc, MPIR_Comm *c, int ctx, MPIR_Comm **out)
{
    int rc;
    MPIR_Comm *n = MPIR_Comm_new(ctx, c->rank, c->size, c->local_vcs, c->remote_size, c->is_inter ? c->vcs : NULL);
    if (n == NULL) {
        MPIR_Contextid_free(ctx);
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory for a communicator");
    }
    MPIR_Comm_inherit(n, c);
    if (c->is_inter && (rc = MPIR_Intercomm_make_local(n, c->local_comm)) != MPI_SUCCESS) {
        MPIR_Comm_release(n);
        return MPIR_ERR(c, rc, fc, "cannot make the local communicator");
    }
    if ((rc = MPIR_Topo_dup(c, n)) != MPI_SUCCESS || (rc = MPIR_Comm_set_hints(n, c->hints ? c->hints : MPI_INFO_NULL)) ||
        (rc = MPIR_Attr_copy_all(c->handle, c->attrs, &n->attrs))) {
        MPIR_Attr_delete_all(n->handle, &n->attrs);
        MPIR_Comm_release(n);
        return MPIR_ERR(c, rc, fc, "copying the communicator's %s failed", rc == MPI_ERR_NO_MEM ? "topology" : "attributes");
    }
    *out = n;
    return MPI_SUCCESS;
}

int MPIR_Comm_dup_named(const char *fc, MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    MPIR_Comm *c, *n;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc || (rc = check_newcomm(fc, c, newcomm)))
        return rc;
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_ERR(c, MPI_ERR_INFO, fc, "invalid info object 0x%x (info)", (unsigned)info);
    rc = dup_comm(fc, c, &n);
    if (rc == MPI_SUCCESS && info != MPI_INFO_NULL && (rc = MPIR_Comm_set_hints(n, info)) != MPI_SUCCESS) {
        MPIR_Comm_release(n);
        return MPIR_ERR(c, rc, fc, "cannot copy the info object (info)");
    }
    if (rc == MPI_SUCCESS)
        *newcomm = n->handle;
    return rc;
}

int MPI_Comm_dup(MPI_Comm comm, MPI_Comm *newcomm)
{
    return MPIR_Comm_dup_named("MPI_Comm_dup", comm, MPI_INFO_NULL, newcomm);
}

int MPI_Comm_dup_with_info(MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm)
{
    return MPIR_Comm_dup_named("MPI_Comm_dup_with_info", comm, info, newcomm);
}

/* An intracommunicator's copy is made by a nonblocking agreement (comm_idup.c);
 * an intercommunicator's is made at once (the request is complete when this
 * returns). *newcomm is set when the request completes. info: the new
 * communicator's hints (MPI_INFO_NULL: the parent's). */
static int idup(const char *fc, MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm, MPI_Request *request)
{
    MPIR_TRACE_CALL(fc, MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc || (rc = check_newcomm(fc, c, newcomm)))
        return rc;
    if (request == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (request)");
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_ERR(c, MPI_ERR_INFO, fc, "invalid info object 0x%x (info)", (unsigned)info);
    MPIR_Request *req = MPIR_Request_create(MPIR_REQ_COLL);
    if (req == NULL)
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory for a request");
    req->comm_handle = comm;
    MPIR_Status_set_empty(&req->status);
    if (!c->is_inter) {
        rc = MPIR_Comm_idup_start(c, newcomm, info, req);
        if (rc) {
            MPIR_Request_release(req);
            return MPIR_ERR(c, rc, fc, "out of memory");
        }
        *request = req->handle;
        return MPI_SUCCESS;
    }
    rc = MPIR_Comm_dup_named(fc, comm, info, newcomm);
    if (rc) {
        MPIR_Request_release(req);
        return rc;
    }
    MPIR_Request_complete(req);
    *request = req->handle;
    return MPI_SUCCESS;
}

int MPI_Comm_idup(MPI_Comm comm, MPI_Comm *newcomm, MPI_Request *request)
{
    return idup("MPI_Comm_idup", comm, MPI_INFO_NULL, newcomm, request);
}

int MPI_Comm_idup_with_info(MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm, MPI_Request *request)
{
    return idup("MPI_Comm_idup_with_info", comm, info, newcomm, request);
}

static int by_key(const void *a, const void *b)
{
    const MPIR_Split_entry *x = a, *y = b;
    return x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->rank < y->rank ? -1 : x->rank > y->rank);
}

int MPIR_Split_members(MPIR_Split_entry *all, int n, int color, const int *vcs, int *lpids, int my_rank, int *my_pos)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (all[i].color == color)
            all[k++] = all[i];
    qsort(all, (size_t)k, sizeof *all, by_key);
    for (int i = 0; i < k; i++) {
        lpids[i] = vcs[all[i].rank];
        if (all[i].rank == my_rank)
            *my_pos = i;
    }
    return k;
}

static int split_intra(const char *fc, MPIR_Comm *c, int color, int key, MPI_Comm *newcomm)
{
    MPIR_Split_entry mine = {color, key, c->rank};
    MPIR_Split_entry *all = malloc(sizeof(MPIR_Split_entry) * (size_t)c->size);
    int *lpids = malloc(sizeof(int) * (size_t)c->size);
    if (all == NULL || lpids == NULL) {
        free(all);
        free(lpids);
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory");
    }
    int ctx, rc = MPIR_Exchange_allgather(c, MPIR_CONTEXT_COLL, MPIR_TAG_COMM_SPLIT, &mine, sizeof mine, all);
    if (rc == MPI_SUCCESS)
        rc = MPIR_Contextid_agree(c, MPIR_CONTEXT_COLL, MPIR_TAG_COMM_CREATE, &ctx);
    if (rc) {
        free(all);
        free(lpids);
        return out_of_context_ids(fc, c, rc);
    }
    /* every color gets the same context id: its members are disjoint from the others' */
    *newcomm = MPI_COMM_NULL;
    if (color == MPI_UNDEFINED) {
        MPIR_Contextid_free(ctx);
    } else {
        int pos = 0, n = MPIR_Split_members(all, c->size, color, c->local_vcs, lpids, c->rank, &pos);
        rc = MPIR_Comm_new_intra(fc, c, ctx, pos, n, lpids, newcomm);
    }
    free(all);
    free(lpids);
    return rc;
}

int MPI_Comm_split(MPI_Comm comm, int color, int key, MPI_Comm *newcomm)
{
    MPIR_TRACE_CALL("MPI_Comm_split", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    const char *fc = "MPI_Comm_split";
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc || (rc = check_newcomm(fc, c, newcomm)))
        return rc;
    if (color < 0 && color != MPI_UNDEFINED)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "invalid color %d (color): must be >= 0 or MPI_UNDEFINED", color);
    if (c->is_inter)
        return MPIR_Intercomm_split(fc, c, color, key, newcomm);
    return split_intra(fc, c, color, key, newcomm);
}

/* The index of this rank's job among the distinct jobs of c's group, in
 * the order of their numbers (channel.h names), which every member computes
 * alike; 0 for a group of one job. Sets *jobs to how many jobs there are. */
static int job_index(MPIR_Comm *c, int *jobs)
{
    int *names = malloc(2 * sizeof(int) * (size_t)c->size);
    if (names == NULL)
        return -1;
    wmpi_dyn_names(c->local_vcs, c->size, names);
    unsigned mine = (unsigned)names[2 * c->rank];
    int index = 0;
    *jobs = 0;
    for (int i = 0; i < c->size; i++) {
        unsigned job = (unsigned)names[2 * i];
        int first = 1; /* count each job once: at its first member */
        for (int j = 0; j < i && first; j++)
            first = (unsigned)names[2 * j] != job;
        if (first) {
            ++*jobs;
            index += job < mine;
        }
    }
    free(names);
    return index;
}

int MPIR_Comm_one_job(MPIR_Comm *c)
{
    int jobs = 0;
    return job_index(c, &jobs) == 0 && jobs == 1;
}

/* A communicator of ranks of one process each: ranks of different jobs
 * (met through ports) may have equal process numbers and share nothing, so
 * they are split apart too. */
static int split_jobs(const char *fc, MPI_Comm *newcomm)
{
    MPIR_Comm *n = MPIR_Comm_get(*newcomm);
    int jobs = 0, index = job_index(n, &jobs);
    if (index < 0)
        return MPIR_ERR(n, MPI_ERR_NO_MEM, fc, "out of memory");
    if (jobs == 1)
        return MPI_SUCCESS;
    MPI_Comm split;
    int rc = split_intra(fc, n, index, n->rank, &split);
    if (rc == MPI_SUCCESS) {
        MPI_Comm_free(newcomm);
        *newcomm = split;
    }
    return rc;
}

int MPI_Comm_split_type(MPI_Comm comm, int split_type, int key, MPI_Info info, MPI_Comm *newcomm)
{
    MPIR_TRACE_CALL("MPI_Comm_split_type", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    const char *fc = "MPI_Comm_split_type";
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc || (rc = check_newcomm(fc, c, newcomm)))
        return rc;
    if (info != MPI_INFO_NULL && !MPIR_Info_valid(info))
        return MPIR_ERR(c, MPI_ERR_INFO, fc, "invalid info object 0x%x (info)", (unsigned)info);
    /* The one level of hardware wmpi knows is the process: ranks of one process share
     * its memory. HW_GUIDED names it with mpi_hw_resource_type = mpi_shared_memory
     * (any other resource: MPI_COMM_NULL); HW_UNGUIDED gives it only where it is a
     * strict subset of comm (MPI-4.0 7.4.2). */
    int color;
    if (split_type == MPI_UNDEFINED)
        color = MPI_UNDEFINED;
    else if (split_type == MPI_COMM_TYPE_SHARED || split_type == MPI_COMM_TYPE_HW_UNGUIDED)
        color = wmpi_job_process();
    else if (split_type == MPI_COMM_TYPE_HW_GUIDED) {
        char value[64];
        int len = sizeof value, flag = 0;
        if (info != MPI_INFO_NULL)
            MPI_Info_get_string(info, "mpi_hw_resource_type", &len, value, &flag);
        color = flag && strcmp(value, "mpi_shared_memory") == 0 ? wmpi_job_process() : MPI_UNDEFINED;
    } else
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "invalid split type %d (split_type)", split_type);
    rc = c->is_inter ? MPIR_Intercomm_split(fc, c, color, key, newcomm) : split_intra(fc, c, color, key, newcomm);
    if (rc == MPI_SUCCESS && !c->is_inter && *newcomm != MPI_COMM_NULL)
        rc = split_jobs(fc, newcomm);
    if (rc == MPI_SUCCESS && split_type == MPI_COMM_TYPE_HW_UNGUIDED && *newcomm != MPI_COMM_NULL) {
        MPIR_Comm *n = MPIR_Comm_get(*newcomm);
        if (n->size == c->size && n->remote_size == c->remote_size) /* not a strict subset: no finer level */
            rc = MPI_Comm_free(newcomm);
    }
    return rc;
}

/* The AND of the free-slot masks of the group's processes, gathered at its
 * first member and sent back, on the parent's spare context with the user's
 * tag. Messages carry parent ranks: another group's creation with the same
 * tag (overlapping groups, one after the other) never matches them. */
static int group_mask(MPIR_Comm *c, MPIR_Group *g, int tag, uint32_t mask[MPIR_CONTEXT_MASK_WORDS])
{
    int *prank = malloc(sizeof(int) * (size_t)g->size);
    if (prank == NULL)
        return MPI_ERR_NO_MEM;
    for (int i = 0; i < g->size; i++)
        for (int j = 0; j < c->size; j++)
            if (c->local_vcs[j] == g->lpids[i])
                prank[i] = j;
    const MPI_Count n = sizeof(uint32_t) * MPIR_CONTEXT_MASK_WORDS;
    MPIR_Contextid_offer(mask);
    int rc = MPI_SUCCESS;
    if (g->rank != 0) {
        rc = MPIR_Send_typed(mask, n, MPI_BYTE, prank[0], tag, c, MPIR_CONTEXT_OTHER);
        if (rc == MPI_SUCCESS)
            rc = MPIR_Recv_typed(mask, n, MPI_BYTE, prank[0], tag, c, MPIR_CONTEXT_OTHER, MPI_STATUS_IGNORE);
    } else {
        uint32_t theirs[MPIR_CONTEXT_MASK_WORDS];
        for (int r = 1; r < g->size && rc == MPI_SUCCESS; r++) {
            rc = MPIR_Recv_typed(theirs, n, MPI_BYTE, prank[r], tag, c, MPIR_CONTEXT_OTHER, MPI_STATUS_IGNORE);
            for (int w = 0; w < MPIR_CONTEXT_MASK_WORDS; w++)
                mask[w] &= theirs[w];
        }
        for (int r = 1; r < g->size && rc == MPI_SUCCESS; r++)
            rc = MPIR_Send_typed(mask, n, MPI_BYTE, prank[r], tag, c, MPIR_CONTEXT_OTHER);
    }
    free(prank);
    return rc;
}

/* The members of group, as a communicator made by the members only (MPI_Comm_create_group). */
static int create_from_group(const char *fc, MPIR_Comm *c, MPIR_Group *g, int tag, MPI_Comm *newcomm)
{
    uint32_t mask[MPIR_CONTEXT_MASK_WORDS];
    int ctx, rc = group_mask(c, g, tag, mask);
    int taken = MPIR_Contextid_settle(rc ? NULL : mask, &ctx);
    if (rc == MPI_SUCCESS)
        rc = taken;
    if (rc)
        return out_of_context_ids(fc, c, rc);
    return MPIR_Comm_new_intra(fc, c, ctx, g->rank, g->size, g->lpids, newcomm);
}

static int check_subgroup(const char *fc, MPIR_Comm *c, MPI_Group group, MPIR_Group **g)
{
    *g = MPIR_Group_get(group);
    if (*g == NULL)
        return MPIR_ERR(c, MPI_ERR_GROUP, fc, "invalid group 0x%x (group)", (unsigned)group);
    for (int i = 0; i < (*g)->size; i++) {
        int found = 0;
        for (int j = 0; j < c->size && !found; j++)
            found = c->local_vcs[j] == (*g)->lpids[i];
        if (!found)
            return MPIR_ERR(c, MPI_ERR_GROUP, fc, "group member %d is not in the communicator (group)", i);
    }
    return MPI_SUCCESS;
}

int MPI_Comm_create(MPI_Comm comm, MPI_Group group, MPI_Comm *newcomm)
{
    MPIR_TRACE_CALL("MPI_Comm_create", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    const char *fc = "MPI_Comm_create";
    MPIR_Comm *c;
    MPIR_Group *g;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc || (rc = check_newcomm(fc, c, newcomm)) || (rc = check_subgroup(fc, c, group, &g)))
        return rc;
    /* on an intercommunicator, group is a subgroup of the local group and the result
     * joins it with the remote side's subgroup (MPI-4.0 7.4.2): a split with the
     * members' positions as keys, COMM_NULL where either subgroup is empty */
    if (c->is_inter)
        return MPIR_Intercomm_split(fc, c, g->rank == MPI_UNDEFINED ? MPI_UNDEFINED : 0, g->rank, newcomm);
    int ctx;
    rc = MPIR_Contextid_agree(c, MPIR_CONTEXT_COLL, MPIR_TAG_COMM_CREATE, &ctx);
    if (rc)
        return out_of_context_ids(fc, c, rc);
    *newcomm = MPI_COMM_NULL;
    if (g->rank == MPI_UNDEFINED) {
        MPIR_Contextid_free(ctx);
        return MPI_SUCCESS;
    }
    return MPIR_Comm_new_intra(fc, c, ctx, g->rank, g->size, g->lpids, newcomm);
}

int MPI_Comm_create_group(MPI_Comm comm, MPI_Group group, int tag, MPI_Comm *newcomm)
{
    MPIR_TRACE_CALL("MPI_Comm_create_group", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm, MPIR_TRACE_NONE);
    const char *fc = "MPI_Comm_create_group";
    MPIR_Comm *c;
    MPIR_Group *g;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc || (rc = check_newcomm(fc, c, newcomm)) || (rc = check_subgroup(fc, c, group, &g)))
        return rc;
    if (c->is_inter)
        return MPIR_ERR(c, MPI_ERR_COMM, fc, "not an intracommunicator (comm)");
    if (tag < 0 || tag > MPI_TAG_UB_VALUE)
        return MPIR_ERR(c, MPI_ERR_TAG, fc, "invalid tag %d (tag)", tag);
    if (g->rank == MPI_UNDEFINED)
        return MPIR_ERR(c, MPI_ERR_GROUP, fc, "the calling process is not in the group (group)");
    return create_from_group(fc, c, g, tag, newcomm);
}
