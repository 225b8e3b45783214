/* MPI_Comm_free with a nonblocking collective pending (MPI-4.0 7.4.3): it
 * completes normally, and then the communicator is gone. */
#include "mtest.h"

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size;
    {
        /* a nonblocking collective pending when its communicator is freed completes normally */
        MPI_Comm e;
        MPI_Request r;
        int sum = 0, one = 1;
        MPI_Comm_dup(MPI_COMM_WORLD, &e);
        MPI_Iallreduce(&one, &sum, 1, MPI_INT, MPI_SUM, e, &r);
        MPI_Comm_free(&e);
        MPI_Wait(&r, MPI_STATUS_IGNORE);
        CHECK(sum == n, "Iallreduce on a freed communicator gave %d", sum);
        mtest_barrier();
        CHECK(MPIR_Handle_live_count(WMPI_KIND_COMM) == 0, "%d communicators left alive",
              MPIR_Handle_live_count(WMPI_KIND_COMM));
    }
    return mtest_finalize();
}
