/* Every request is released (MPIR_Request_live_count back to where it was)
 * however its life ends: waited, tested, freed before or after completion,
 * cancelled, matched by Mprobe/Mrecv, buffered, failed with an error; and
 * no unexpected message is left behind. mtest_finalize checks zero at the end. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

static int live0;

static void expect_none(const char *what)
{
    int live = mtest_settled_live_count(live0);
    CHECK(live == live0, "%s: %d requests left", what, live - live0);
    live0 = live;
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    size_t limit = mtest_eager_limit(), big = 3 * limit;
    int peer = 1 - mtest_rank;
    char *out, *in;
    MPI_Alloc_mem((MPI_Aint)big, MPI_INFO_NULL, &out);
    MPI_Alloc_mem((MPI_Aint)big, MPI_INFO_NULL, &in);
    MPI_Request r;
    MPI_Status st;
    int flag;
    live0 = mtest_settled_live_count(0);

    /* freed before completion: eager and rendezvous sends, a receive */
    for (size_t n = 8; n <= big; n += big - 8) {
        MPI_Irecv(in, (int)big, MPI_BYTE, peer, 1, MPI_COMM_WORLD, &r);
        MPI_Request_free(&r);
        CHECK(r == MPI_REQUEST_NULL, "Request_free left the handle");
        MPI_Isend(out, (int)n, MPI_BYTE, peer, 1, MPI_COMM_WORLD, &r);
        MPI_Request_free(&r);
        mtest_barrier(); /* both messages matched and done */
        mtest_barrier();
        expect_none(n == 8 ? "freed eager send and receive" : "freed rendezvous send and receive");
    }

    /* freed after completion */
    MPI_Isend(out, 8, MPI_BYTE, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &r);
    MPI_Request_get_status(r, &flag, &st);
    CHECK(flag, "a PROC_NULL send is not complete");
    MPI_Request_free(&r);
    expect_none("freed complete send");

    /* Test until done, Testany, Testsome */
    MPI_Sendrecv(out, 4, MPI_BYTE, peer, 2, in, 4, MPI_BYTE, peer, 2, MPI_COMM_WORLD, &st);
    MPI_Irecv(in, 4, MPI_BYTE, peer, 3, MPI_COMM_WORLD, &r);
    MPI_Send(out, 4, MPI_BYTE, peer, 3, MPI_COMM_WORLD);
    for (flag = 0; !flag;)
        MPI_Test(&r, &flag, &st);
    expect_none("Sendrecv, Test");

    /* cancelled receive and send */
    MPI_Irecv(in, 4, MPI_BYTE, peer, 4, MPI_COMM_WORLD, &r);
    MPI_Cancel(&r);
    MPI_Wait(&r, &st);
    MPI_Isend(out, (int)big, MPI_BYTE, peer, 5, MPI_COMM_WORLD, &r);
    mtest_barrier();
    MPI_Cancel(&r);
    MPI_Wait(&r, &st);
    mtest_barrier();
    expect_none("cancelled receive and rendezvous send");

    /* Mprobe + Mrecv, eager and rendezvous; Iprobe leaves nothing */
    MPI_Request s[2];
    MPI_Isend(out, 8, MPI_BYTE, peer, 6, MPI_COMM_WORLD, &s[0]);
    MPI_Isend(out, (int)big, MPI_BYTE, peer, 7, MPI_COMM_WORLD, &s[1]);
    MPI_Message m;
    for (int tag = 6; tag <= 7; tag++) {
        MPI_Probe(peer, tag, MPI_COMM_WORLD, &st);
        MPI_Iprobe(peer, tag, MPI_COMM_WORLD, &flag, &st);
        MPI_Mprobe(peer, tag, MPI_COMM_WORLD, &m, &st);
        MPI_Mrecv(in, (int)big, MPI_BYTE, &m, &st);
    }
    MPI_Waitall(2, s, MPI_STATUSES_IGNORE);
    expect_none("Mprobe and Mrecv");

    /* truncated: the failed request is released too */
    MPI_Isend(out, 100, MPI_BYTE, peer, 8, MPI_COMM_WORLD, &s[0]);
    MPI_Isend(out, (int)big, MPI_BYTE, peer, 9, MPI_COMM_WORLD, &s[1]);
    MPI_Recv(in, 10, MPI_BYTE, peer, 8, MPI_COMM_WORLD, &st);
    MPI_Recv(in, 10, MPI_BYTE, peer, 9, MPI_COMM_WORLD, &st);
    MPI_Waitall(2, s, MPI_STATUSES_IGNORE);
    expect_none("truncated receives");

    /* buffered, with the user's request freed at once */
    int size = 2 * ((int)big + MPI_BSEND_OVERHEAD);
    char *bbuf = malloc((size_t)size);
    MPI_Buffer_attach(bbuf, size);
    MPI_Ibsend(out, (int)big, MPI_BYTE, peer, 10, MPI_COMM_WORLD, &r);
    MPI_Request_free(&r);
    MPI_Bsend(out, 8, MPI_BYTE, peer, 10, MPI_COMM_WORLD);
    MPI_Recv(in, (int)big, MPI_BYTE, peer, 10, MPI_COMM_WORLD, &st);
    MPI_Recv(in, (int)big, MPI_BYTE, peer, 10, MPI_COMM_WORLD, &st);
    void *detached;
    MPI_Buffer_detach(&detached, &size);
    free(detached);
    expect_none("buffered sends");

    /* requests that failed their argument checks were never created */
    MPI_Isend(out, 1, MPI_BYTE, 99, 0, MPI_COMM_WORLD, &r);
    MPI_Irecv(in, -1, MPI_BYTE, peer, 0, MPI_COMM_WORLD, &r);
    expect_none("failed argument checks");

    /* persistent, freed while inactive, and freed while its instance runs */
    MPI_Recv_init(in, 4, MPI_BYTE, peer, 11, MPI_COMM_WORLD, &r);
    MPI_Request_free(&r);
    MPI_Recv_init(in, 4, MPI_BYTE, peer, 12, MPI_COMM_WORLD, &r);
    MPI_Start(&r);
    MPI_Request_free(&r);
    mtest_barrier();
    MPI_Send(out, 4, MPI_BYTE, peer, 12, MPI_COMM_WORLD);
    mtest_barrier();
    expect_none("persistent requests freed");

    MPI_Free_mem(out);
    MPI_Free_mem(in);
    return mtest_finalize();
}
