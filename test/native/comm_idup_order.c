/* MPI_Comm_idup is a nonblocking collective (MPI-4.0 7.4.2): it must not wait
 * for the other processes to start it. Rank 0 starts it, then sends to rank 1;
 * rank 1 receives first, then starts it. */
#include "mtest.h"

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int me = mtest_rank, v = 5, got = 0;
    MPI_Comm d = MPI_COMM_NULL;
    MPI_Request r;
    if (mtest_size >= 2 && me == 0) {
        MPI_Comm_idup(MPI_COMM_WORLD, &d, &r);
        MPI_Send(&v, 1, MPI_INT, 1, 0, MPI_COMM_WORLD);
    } else if (mtest_size >= 2 && me == 1) {
        MPI_Recv(&got, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Comm_idup(MPI_COMM_WORLD, &d, &r);
    } else {
        MPI_Comm_idup(MPI_COMM_WORLD, &d, &r);
    }
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    int size;
    MPI_Comm_size(d, &size);
    CHECK(size == mtest_size, "idup size %d", size);
    MPI_Comm_free(&d);
    return mtest_finalize();
}
