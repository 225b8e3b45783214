/* Communicators: the predefined MPI_COMM_WORLD and MPI_COMM_SELF (MPI-4.0 chapter 7). */
#include "mpiimpl.h"
#include <stdlib.h>

static MPIR_Comm world, self;
static int self_vc;

MPIR_Comm *MPIR_Comm_get(MPI_Comm handle)
{
    if (MPIR_state != MPIR_INITIALIZED)
        return NULL;
    if (handle == MPI_COMM_WORLD)
        return &world;
    if (handle == MPI_COMM_SELF)
        return &self;
    return NULL;
}

int MPIR_Comm_init_builtins(int world_rank, int world_size)
{
    world.vcs = malloc(sizeof(int) * (size_t)world_size);
    if (world.vcs == NULL)
        return MPI_ERR_NO_MEM;
    for (int i = 0; i < world_size; i++)
        world.vcs[i] = i;
    world.handle = MPI_COMM_WORLD;
    world.context_id = 0;
    world.rank = world_rank;
    world.size = world.remote_size = world_size;
    world.local_vcs = world.vcs;
    world.refcount = 1;
    world.errhandler = MPI_ERRORS_ARE_FATAL;
    self_vc = world_rank;
    self.handle = MPI_COMM_SELF;
    self.context_id = MPIR_CONTEXT_STRIDE;
    self.rank = 0;
    self.size = self.remote_size = 1;
    self.vcs = self.local_vcs = &self_vc;
    self.refcount = 1;
    self.errhandler = MPI_ERRORS_ARE_FATAL;
    return MPI_SUCCESS;
}

void MPIR_Comm_free_builtins(void)
{
    free(world.vcs);
    world.vcs = NULL;
}

int MPI_Comm_rank(MPI_Comm comm, int *rank)
{
    MPIR_CHECK_INIT("MPI_Comm_rank");
    MPIR_Comm *c = MPIR_Comm_get(comm);
    if (c == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, "MPI_Comm_rank", "invalid communicator (comm)");
    *rank = c->rank;
    return MPI_SUCCESS;
}

int MPI_Comm_size(MPI_Comm comm, int *size)
{
    MPIR_CHECK_INIT("MPI_Comm_size");
    MPIR_Comm *c = MPIR_Comm_get(comm);
    if (c == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, "MPI_Comm_size", "invalid communicator (comm)");
    *size = c->size;
    return MPI_SUCCESS;
}

int MPI_Comm_get_attr(MPI_Comm comm, int keyval, void *attribute_val, int *flag)
{
    static int tag_ub = MPI_TAG_UB_VALUE, host = MPI_PROC_NULL, io = MPI_ANY_SOURCE, wtime_global = 0;
    MPIR_CHECK_INIT("MPI_Comm_get_attr");
    MPIR_Comm *c = MPIR_Comm_get(comm);
    if (c == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, "MPI_Comm_get_attr", "invalid communicator (comm)");
    int *value = keyval == MPI_TAG_UB ? &tag_ub
               : keyval == MPI_HOST ? &host
               : keyval == MPI_IO ? &io
               : keyval == MPI_WTIME_IS_GLOBAL ? &wtime_global
               : NULL;
    if (value == NULL)
        return MPIR_ERR(c, MPI_ERR_KEYVAL, "MPI_Comm_get_attr", "invalid attribute key %d (comm_keyval)", keyval);
    *flag = 1;
    *(int **)attribute_val = value;
    return MPI_SUCCESS;
}
