/* MPI_Comm_free with operations pending (MPI-4.0 7.4.3): they complete
 * normally, and the communicator's context id is not reused before they
 * have: a message on a communicator made afterwards never matches a receive
 * posted on the freed one. */
#include "mtest.h"

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size, me = mtest_rank;
    if (n >= 2) {
        MPI_Comm c, d;
        MPI_Request old;
        int x = -1, y = -1, v = 42, flag = 1;
        MPI_Comm_dup(MPI_COMM_WORLD, &c);
        /* rank 0 posts a receive on c that nobody will match, then frees c */
        if (me == 0)
            MPI_Irecv(&x, 1, MPI_INT, 1, 0, c, &old);
        MPI_Comm_free(&c);
        MPI_Comm_dup(MPI_COMM_WORLD, &d);
        if (me == 1)
            MPI_Send(&v, 1, MPI_INT, 0, 0, d);
        mtest_barrier();
        if (me == 0) {
            MPI_Iprobe(1, 0, d, &flag, MPI_STATUS_IGNORE); /* progress */
            MPI_Test(&old, &flag, MPI_STATUS_IGNORE);
            CHECK(!flag, "a message on a new communicator matched a receive on the freed one (got %d)", x);
            if (!flag) {
                MPI_Recv(&y, 1, MPI_INT, 1, 0, d, MPI_STATUS_IGNORE);
                CHECK(y == 42, "received %d on the new communicator", y);
                MPI_Status st;
                int cancelled = 0;
                MPI_Cancel(&old);
                MPI_Wait(&old, &st);
                MPI_Test_cancelled(&st, &cancelled);
                CHECK(cancelled, "the receive on the freed communicator was not cancelled");
            }
        }
        MPI_Comm_free(&d);
        /* a second MPI_Comm_free through a copy of the handle, while a receive still holds the communicator */
        MPI_Comm e, copy;
        MPI_Comm_dup(MPI_COMM_WORLD, &e);
        MPI_Comm_set_errhandler(e, MPI_ERRORS_RETURN);
        MPI_Irecv(&x, 1, MPI_INT, MPI_ANY_SOURCE, 99, e, &old);
        copy = e;
        MPI_Comm_free(&e);
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
        int rc = MPI_Comm_free(&copy);
        CHECK_CLASS(rc, MPI_ERR_COMM);
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
        MPI_Cancel(&old);
        MPI_Wait(&old, MPI_STATUS_IGNORE);
        mtest_barrier();
        CHECK(MPIR_Handle_live_count(WMPI_KIND_COMM) == 0, "%d communicators left alive",
              MPIR_Handle_live_count(WMPI_KIND_COMM));
    }
    return mtest_finalize();
}
