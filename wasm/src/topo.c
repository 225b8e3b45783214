/* Process topologies (MPI-4.0 chapter 8): the topology a communicator carries. */
#include "mpiimpl.h"
#include <stdlib.h>
#include <string.h>

void MPIR_Topo_free(MPIR_Comm *comm)
{
    if (comm->topo == NULL)
        return;
    free(comm->topo->ints);
    free(comm->topo);
    comm->topo = NULL;
}

int MPIR_Topo_dup(const MPIR_Comm *comm, MPIR_Comm *newcomm)
{
    const MPIR_Topo *t = comm->topo;
    if (t == NULL)
        return MPI_SUCCESS;
    MPIR_Topo *n = malloc(sizeof *n);
    int *ints = malloc(sizeof(int) * (size_t)(t->nints > 0 ? t->nints : 1));
    if (n == NULL || ints == NULL) {
        free(n);
        free(ints);
        return MPI_ERR_NO_MEM;
    }
    *n = *t;
    memcpy(ints, t->ints, sizeof(int) * (size_t)t->nints);
    n->ints = ints;
    newcomm->topo = n;
    return MPI_SUCCESS;
}
