/* A lost peer (device/vc_fail.c): rank 0's channel reports that rank 1 is
 * gone (a VC_FAILED packet, as the network thread sends when a process dies).
 * With MPI_ERRORS_RETURN, everything of rank 0's that needs rank 1 fails with
 * MPI_ERR_PROC_ABORTED instead of waiting forever: a receive naming it, a
 * receive from any source on a communicator that includes it, a rendezvous
 * send it never pulled, and, afterwards, new sends to it and receives naming
 * it. An eager message it sent before it went is still received; operations
 * with the other ranks go on. (Rank 1 is alive here: it only stays silent and
 * drops the RTS rank 0 sent it, as a dead process would.) */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

#define BIG (64 * 1024)

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    char *big = calloc(BIG, 1), *in = calloc(BIG, 1);
    int early = 0;
    if (mtest_rank == 1) {
        int v = 42;
        MPI_Send(&v, 1, MPI_INT, 0, 7, MPI_COMM_WORLD); /* eager, unexpected at rank 0 */
    }
    mtest_barrier();
    if (mtest_rank == 0) {
        MPI_Request r[3];
        MPI_Irecv(in, BIG, MPI_CHAR, 1, 1, MPI_COMM_WORLD, &r[0]);
        MPI_Irecv(in, BIG, MPI_CHAR, MPI_ANY_SOURCE, 2, MPI_COMM_WORLD, &r[1]);
        MPI_Isend(big, BIG, MPI_CHAR, 1, 3, MPI_COMM_WORLD, &r[2]); /* rendezvous: waits for rank 1 to pull */
        mtest_barrier(); /* rank 1 has the RTS */
        fake_host_lose_vc(1);
        MPI_Status st[3];
        int rc = MPI_Waitall(3, r, st);
        CHECK_CLASS(rc, MPI_ERR_IN_STATUS);
        for (int i = 0; i < 3; i++)
            CHECK(st[i].MPI_ERROR == MPI_ERR_PROC_ABORTED, "request %d: error %d, want MPI_ERR_PROC_ABORTED", i,
                  st[i].MPI_ERROR);
        CHECK_CLASS(MPI_Send(big, BIG, MPI_CHAR, 1, 4, MPI_COMM_WORLD), MPI_ERR_PROC_ABORTED);
        CHECK_CLASS(MPI_Send(big, 1, MPI_CHAR, 1, 4, MPI_COMM_WORLD), MPI_ERR_PROC_ABORTED);
        CHECK_CLASS(MPI_Recv(in, 1, MPI_CHAR, 1, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE), MPI_ERR_PROC_ABORTED);
        /* what it sent before it went is still there */
        MPI_Status pst;
        int rc3 = MPI_Probe(1, 7, MPI_COMM_WORLD, &pst);
        CHECK(rc3 == MPI_SUCCESS && pst.MPI_TAG == 7, "probe of the early message: rc %d", rc3);
        int rc2 = MPI_Recv(&early, 1, MPI_INT, 1, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        CHECK(rc2 == MPI_SUCCESS && early == 42, "early eager message: rc %d value %d", rc2, early);
        /* nothing more can come from it: probes and receives from it, or from any source of a
         * communicator that includes it, fail instead of waiting */
        int flag = -1;
        MPI_Message m;
        CHECK_CLASS(MPI_Probe(1, 8, MPI_COMM_WORLD, &pst), MPI_ERR_PROC_ABORTED);
        CHECK_CLASS(MPI_Mprobe(1, 8, MPI_COMM_WORLD, &m, &pst), MPI_ERR_PROC_ABORTED);
        CHECK_CLASS(MPI_Iprobe(MPI_ANY_SOURCE, 9, MPI_COMM_WORLD, &flag, &pst), MPI_ERR_PROC_ABORTED);
        CHECK_CLASS(MPI_Recv(in, 1, MPI_CHAR, MPI_ANY_SOURCE, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE), MPI_ERR_PROC_ABORTED);
        /* a communicator without rank 1 works as before */
        MPI_Request s, q;
        int x = 5, y = 0;
        MPI_Irecv(&y, 1, MPI_INT, 0, 9, MPI_COMM_SELF, &q);
        MPI_Isend(&x, 1, MPI_INT, 0, 9, MPI_COMM_SELF, &s);
        MPI_Wait(&s, MPI_STATUS_IGNORE);
        MPI_Wait(&q, MPI_STATUS_IGNORE);
        CHECK(y == 5, "COMM_SELF after the loss: %d", y);
        mtest_barrier();
    } else if (mtest_rank == 1) {
        mtest_barrier(); /* rank 0 has posted its operations and sent its RTS */
        /* the RTS rank 0 sent: a dead process would never pull it */
        MPI_Message m;
        MPI_Status st;
        MPI_Mprobe(0, 3, MPI_COMM_WORLD, &m, &st);
        MPIR_Request_release(MPIR_Request_get(m));
        mtest_barrier();
    } else {
        mtest_barrier();
        mtest_barrier();
    }
    free(big);
    free(in);
    return mtest_finalize();
}
