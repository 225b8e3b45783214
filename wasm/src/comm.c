/* Communicators (MPI-4.0 chapter 7): the table of live communicators, the
 * predefined MPI_COMM_WORLD and MPI_COMM_SELF, queries, names and Comm_free.
 * Making new communicators is in comm_create.c and intercomm.c. */
#include "mpiimpl.h"
#include "dyn/dyn.h"
#include <stdlib.h>
#include <string.h>

static MPIR_Comm world, self;
static int self_vc;
int MPIR_my_lpid;

MPIR_Comm *MPIR_Comm_get(MPI_Comm handle)
{
    if (MPIR_state != MPIR_INITIALIZED)
        return NULL;
    if (handle == MPI_COMM_WORLD)
        return &world;
    if (handle == MPI_COMM_SELF)
        return &self;
    return MPIR_Handle_lookup(WMPI_KIND_COMM, handle);
}

int MPIR_Comm_init_builtins(int world_rank, int world_size, int world_vc)
{
    world.vcs = malloc(sizeof(int) * (size_t)world_size);
    if (world.vcs == NULL)
        return MPI_ERR_NO_MEM;
    for (int i = 0; i < world_size; i++)
        world.vcs[i] = world_vc + i;
    MPIR_my_lpid = world_vc + world_rank;
    world.handle = MPI_COMM_WORLD;
    world.context_id = 0;
    world.rank = world_rank;
    world.size = world.remote_size = world_size;
    world.local_vcs = world.vcs;
    world.refcount = 1;
    world.errhandler = MPI_ERRORS_ARE_FATAL;
    strcpy(world.name, "MPI_COMM_WORLD");
    self_vc = MPIR_my_lpid;
    self.handle = MPI_COMM_SELF;
    self.context_id = MPIR_CONTEXT_STRIDE;
    self.rank = 0;
    self.size = self.remote_size = 1;
    self.vcs = self.local_vcs = &self_vc;
    self.refcount = 1;
    self.errhandler = MPI_ERRORS_ARE_FATAL;
    strcpy(self.name, "MPI_COMM_SELF");
    return MPIR_Contextid_init();
}

void MPIR_Comm_finalize_attrs(void)
{
    MPIR_Attr_delete_all(MPI_COMM_SELF, &self.attrs); /* COMM_SELF's first, as MPI-4.0 11.2.4 says */
    MPIR_Attr_delete_all(MPI_COMM_WORLD, &world.attrs);
}

void MPIR_Comm_free_builtins(void)
{
    free(world.vcs);
    world.vcs = NULL;
}

MPIR_Comm *MPIR_Comm_new(int context_id, int rank, int size, const int *local_lpids, int remote_size,
                         const int *remote_lpids)
{
    MPIR_Comm *c = calloc(1, sizeof *c);
    int *local = malloc(sizeof(int) * (size_t)(size > 0 ? size : 1));
    int *remote = remote_lpids ? malloc(sizeof(int) * (size_t)(remote_size > 0 ? remote_size : 1)) : local;
    int handle = c && local && remote ? MPIR_Handle_alloc(WMPI_KIND_COMM, c) : 0;
    if (handle == 0) {
        if (remote != local)
            free(remote);
        free(local);
        free(c);
        return NULL;
    }
    memcpy(local, local_lpids, sizeof(int) * (size_t)size);
    if (remote_lpids)
        memcpy(remote, remote_lpids, sizeof(int) * (size_t)remote_size);
    c->handle = handle;
    c->refcount = 1;
    c->context_id = context_id;
    c->rank = rank;
    c->size = size;
    c->is_inter = remote_lpids != NULL;
    c->remote_size = c->is_inter ? remote_size : size;
    c->local_vcs = local;
    c->vcs = remote;
    c->errhandler = MPI_ERRORS_ARE_FATAL;
    return c;
}

void MPIR_Comm_release(MPIR_Comm *c)
{
    if (c == NULL || c == &world || c == &self || --c->refcount > 0)
        return;
    if (c->local_comm)
        MPIR_Comm_release(c->local_comm);
    MPIR_Topo_free(c);
    if (c->hints)
        MPI_Info_free(&c->hints);
    MPIR_Contextid_free(c->context_id);
    MPIR_Handle_free(WMPI_KIND_COMM, c->handle);
    MPIR_Errhandler_release(c->errhandler);
    if (c->vcs != c->local_vcs)
        free(c->vcs);
    free(c->local_vcs);
    free(c);
}

int MPIR_Comm_check(const char *fc, MPI_Comm handle, MPIR_Comm **comm)
{
    MPIR_CHECK_INIT(fc);
    *comm = MPIR_Comm_get(handle);
    if (*comm == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, fc, "%s communicator 0x%x (comm)",
                        handle == MPI_COMM_NULL ? "null" : "invalid", (unsigned)handle);
    return MPI_SUCCESS;
}

int MPI_Comm_rank(MPI_Comm comm, int *rank)
{
    MPIR_Comm *c;
    int rc = MPIR_Comm_check("MPI_Comm_rank", comm, &c);
    if (rc == MPI_SUCCESS)
        *rank = c->rank;
    return rc;
}

int MPI_Comm_size(MPI_Comm comm, int *size)
{
    MPIR_Comm *c;
    int rc = MPIR_Comm_check("MPI_Comm_size", comm, &c);
    if (rc == MPI_SUCCESS)
        *size = c->size;
    return rc;
}

int MPI_Comm_remote_size(MPI_Comm comm, int *size)
{
    MPIR_Comm *c;
    int rc = MPIR_Comm_check("MPI_Comm_remote_size", comm, &c);
    if (rc == MPI_SUCCESS && !c->is_inter)
        return MPIR_ERR(c, MPI_ERR_COMM, "MPI_Comm_remote_size", "not an intercommunicator (comm)");
    if (rc == MPI_SUCCESS)
        *size = c->remote_size;
    return rc;
}

int MPI_Comm_test_inter(MPI_Comm comm, int *flag)
{
    MPIR_Comm *c;
    int rc = MPIR_Comm_check("MPI_Comm_test_inter", comm, &c);
    if (rc == MPI_SUCCESS)
        *flag = c->is_inter;
    return rc;
}

static int group_of(const char *fc, MPIR_Comm *c, int n, const int *lpids, MPI_Group *group)
{
    if (group == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (group)");
    MPIR_Group *g = MPIR_Group_create(n, lpids);
    if (g == NULL)
        return MPIR_ERR(c, MPI_ERR_NO_MEM, fc, "out of memory for a group");
    *group = g->handle;
    return MPI_SUCCESS;
}

int MPI_Comm_group(MPI_Comm comm, MPI_Group *group)
{
    MPIR_Comm *c;
    int rc = MPIR_Comm_check("MPI_Comm_group", comm, &c);
    return rc ? rc : group_of("MPI_Comm_group", c, c->size, c->local_vcs, group);
}

int MPI_Comm_remote_group(MPI_Comm comm, MPI_Group *group)
{
    MPIR_Comm *c;
    int rc = MPIR_Comm_check("MPI_Comm_remote_group", comm, &c);
    if (rc == MPI_SUCCESS && !c->is_inter)
        return MPIR_ERR(c, MPI_ERR_COMM, "MPI_Comm_remote_group", "not an intercommunicator (comm)");
    return rc ? rc : group_of("MPI_Comm_remote_group", c, c->remote_size, c->vcs, group);
}

static int same_members(int n, const int *a, const int *b, int *same_order)
{
    *same_order = 1;
    for (int i = 0; i < n; i++) {
        if (a[i] == b[i])
            continue;
        *same_order = 0;
        int found = 0;
        for (int j = 0; j < n && !found; j++)
            found = a[i] == b[j];
        if (!found)
            return 0;
    }
    return 1;
}

int MPI_Comm_compare(MPI_Comm comm1, MPI_Comm comm2, int *result)
{
    const char *fc = "MPI_Comm_compare";
    MPIR_Comm *a, *b;
    int rc = MPIR_Comm_check(fc, comm1, &a);
    if (rc || (rc = MPIR_Comm_check(fc, comm2, &b)))
        return rc;
    if (result == NULL)
        return MPIR_ERR(a, MPI_ERR_ARG, fc, "null pointer (result)");
    int local_order, remote_order = 1;
    if (a == b)
        *result = MPI_IDENT;
    else if (a->is_inter != b->is_inter || a->size != b->size || a->remote_size != b->remote_size ||
             !same_members(a->size, a->local_vcs, b->local_vcs, &local_order) ||
             (a->is_inter && !same_members(a->remote_size, a->vcs, b->vcs, &remote_order)))
        *result = MPI_UNEQUAL;
    else
        *result = local_order && remote_order ? MPI_CONGRUENT : MPI_SIMILAR;
    return MPI_SUCCESS;
}

int MPI_Comm_free(MPI_Comm *comm)
{
    MPIR_TRACE_CALL("MPI_Comm_free", MPIR_TRACE_NONE, MPIR_TRACE_NONE, 0, comm ? *comm : MPI_COMM_NULL, MPIR_TRACE_NONE);
    const char *fc = "MPI_Comm_free";
    MPIR_Comm *c;
    if (comm == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (comm)");
    int rc = MPIR_Comm_check(fc, *comm, &c);
    if (rc)
        return rc;
    if (c == &world || c == &self)
        return MPIR_ERR(c, MPI_ERR_COMM, fc, "cannot free the predefined communicator %s (comm)", c->name);
    if (c->freed)
        return MPIR_ERR(c, MPI_ERR_COMM, fc, "communicator 0x%x was freed already (comm)", (unsigned)*comm);
    rc = MPIR_Attr_delete_all(c->handle, &c->attrs);
    if (rc)
        return MPIR_ERR(c, rc, fc, "an attribute delete callback failed");
    c->freed = 1;
    MPIR_Dyn_forget_parent(c->handle);
    MPIR_Comm_release(c);
    *comm = MPI_COMM_NULL;
    return MPI_SUCCESS;
}

int MPI_Comm_set_name(MPI_Comm comm, const char *name)
{
    MPIR_Comm *c;
    int rc = MPIR_Comm_check("MPI_Comm_set_name", comm, &c);
    if (rc)
        return rc;
    if (name == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, "MPI_Comm_set_name", "null pointer (comm_name)");
    strncpy(c->name, name, sizeof c->name - 1);
    c->name[sizeof c->name - 1] = 0;
    return MPI_SUCCESS;
}

int MPI_Comm_get_name(MPI_Comm comm, char *name, int *resultlen)
{
    MPIR_Comm *c;
    int rc = MPIR_Comm_check("MPI_Comm_get_name", comm, &c);
    if (rc)
        return rc;
    if (name == NULL || resultlen == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, "MPI_Comm_get_name", "null pointer (%s)",
                        name == NULL ? "comm_name" : "resultlen");
    strcpy(name, c->name);
    *resultlen = (int)strlen(name);
    return MPI_SUCCESS;
}

/* Info hints (MPI-4.0 7.4.4): wmpi acts on none, so MPI_Comm_get_info returns the ones set. */
int MPIR_Comm_set_hints(MPIR_Comm *c, MPI_Info info)
{
    MPI_Info copy = 0;
    if (info != MPI_INFO_NULL) {
        int rc = MPI_Info_dup(info, &copy);
        if (rc)
            return rc;
    }
    if (c->hints)
        MPI_Info_free(&c->hints);
    c->hints = copy;
    return MPI_SUCCESS;
}

int MPI_Comm_set_info(MPI_Comm comm, MPI_Info info)
{
    const char *fc = "MPI_Comm_set_info";
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc)
        return rc;
    if (info == MPI_INFO_NULL || !MPIR_Info_valid(info))
        return MPIR_ERR(c, MPI_ERR_INFO, fc, "invalid info object 0x%x (info)", (unsigned)info);
    return MPIR_Comm_set_hints(c, info);
}

int MPI_Comm_get_info(MPI_Comm comm, MPI_Info *info_used)
{
    const char *fc = "MPI_Comm_get_info";
    MPIR_Comm *c;
    int rc = MPIR_Comm_check(fc, comm, &c);
    if (rc)
        return rc;
    if (info_used == NULL)
        return MPIR_ERR(c, MPI_ERR_ARG, fc, "null pointer (info_used)");
    return c->hints ? MPI_Info_dup(c->hints, info_used) : MPI_Info_create(info_used);
}
