/* Without a returning initial error handler, a call before MPI_Init ends the
 * job (MPI-4.0 9.3: the initial error handler is MPI_ERRORS_ARE_FATAL). */
#include "mtest.h"

int main(void)
{
    int v = 0;
    fake_host_expect_abort(MPI_ERR_OTHER);
    MPI_Send(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
    fprintf(stderr, "MPI_Send before MPI_Init returned\n");
    return 1;
}
