/* MPI_Request_free on an active persistent request (MPI-4.0 3.7.3 allows it)
 * whose current communication has already completed, but was never waited
 * for: the instance must be released too. */
#include "mtest.h"

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int peer = 1 - mtest_rank, v = 1, w = 0;
    int live0 = MPIR_Request_live_count();
    MPI_Request r;
    MPI_Send_init(&v, 1, MPI_INT, peer, 1, MPI_COMM_WORLD, &r);
    MPI_Start(&r); /* eager: complete at once */
    MPI_Recv(&w, 1, MPI_INT, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    int flag;
    MPI_Request_get_status(r, &flag, MPI_STATUS_IGNORE);
    CHECK(flag, "the started eager send is not complete");
    MPI_Request_free(&r);
    int left = MPIR_Request_live_count() - live0;
    CHECK(left == 0, "Request_free of a started, completed persistent send left %d requests", left);
    return mtest_finalize();
}
