/* Persistent requests (MPI-4.0 3.9): Send_init/Recv_init (and the Ssend,
 * Bsend, Rsend forms) started again and again with MPI_Start/MPI_Startall,
 * eager and rendezvous; an inactive request completes at once with an empty
 * status; starting an active one is MPI_ERR_REQUEST; freeing works whether
 * the request is inactive or still running. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

#define ROUNDS 1000

static int is_empty(const MPI_Status *st)
{
    int count;
    MPI_Get_count(st, MPI_BYTE, &count);
    return st->MPI_SOURCE == MPI_ANY_SOURCE && st->MPI_TAG == MPI_ANY_TAG && count == 0;
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    size_t limit = mtest_eager_limit(), big = 2 * limit + 24;
    int peer = 1 - mtest_rank;
    char *sbig, *rbig;
    MPI_Alloc_mem((MPI_Aint)big, MPI_INFO_NULL, &sbig);
    MPI_Alloc_mem((MPI_Aint)big, MPI_INFO_NULL, &rbig);
    int ssmall, rsmall;

    /* ping-pong of a small and a large message, ROUNDS times */
    MPI_Request r[4];
    MPI_Status st[4];
    MPI_Send_init(&ssmall, 1, MPI_INT, peer, 1, MPI_COMM_WORLD, &r[0]);
    MPI_Recv_init(&rsmall, 1, MPI_INT, peer, 1, MPI_COMM_WORLD, &r[1]);
    MPI_Send_init(sbig, (int)big, MPI_BYTE, peer, 2, MPI_COMM_WORLD, &r[2]);
    MPI_Recv_init(rbig, (int)big, MPI_BYTE, peer, 2, MPI_COMM_WORLD, &r[3]);
    int live = mtest_settled_live_count(4);
    for (int i = 0; i < ROUNDS; i++) {
        ssmall = i * 2 + mtest_rank;
        memset(sbig, 0, big);
        memcpy(sbig + big - sizeof i, &ssmall, sizeof ssmall);
        if (i % 2)
            MPI_Startall(4, r);
        else
            for (int k = 3; k >= 0; k--)
                MPI_Start(&r[k]);
        if (i == 0) {
            int rc = MPI_Start(&r[1]);
            CHECK_CLASS(rc, MPI_ERR_REQUEST);
        }
        MPI_Waitall(4, r, st);
        int want = i * 2 + peer, got;
        memcpy(&got, rbig + big - sizeof got, sizeof got);
        if (rsmall != want || got != want) {
            CHECK(0, "round %d: got %d and %d, want %d", i, rsmall, got, want);
            break;
        }
        CHECK(st[1].MPI_SOURCE == peer && st[1].MPI_TAG == 1, "round %d: status source %d tag %d", i,
              st[1].MPI_SOURCE, st[1].MPI_TAG);
        CHECK(r[0] != MPI_REQUEST_NULL, "Waitall freed a persistent request");
    }
    int after = mtest_settled_live_count(live);
    CHECK(after == live, "restarts leaked %d requests", after - live);

    /* inactive: completes at once, empty status, not freed */
    int flag;
    MPI_Status one;
    MPI_Wait(&r[1], &one);
    CHECK(is_empty(&one) && r[1] != MPI_REQUEST_NULL, "Wait on an inactive request");
    MPI_Test(&r[1], &flag, &one);
    CHECK(flag && is_empty(&one), "Test on an inactive request: flag %d", flag);
    MPI_Request_get_status(r[1], &flag, &one);
    CHECK(flag && is_empty(&one), "Request_get_status on an inactive request: flag %d", flag);
    int index;
    MPI_Waitany(4, r, &index, &one);
    CHECK(index == MPI_UNDEFINED, "Waitany over inactive requests gave index %d", index);
    for (int k = 0; k < 4; k++)
        MPI_Request_free(&r[k]);
    CHECK(r[0] == MPI_REQUEST_NULL, "Request_free left the handle");

    /* the other modes */
    char *bsend_buf = malloc(4 * (64 + MPI_BSEND_OVERHEAD));
    MPI_Buffer_attach(bsend_buf, 4 * (64 + MPI_BSEND_OVERHEAD));
    MPI_Request m[4];
    int sv[3], rv[3];
    MPI_Ssend_init(&sv[0], 1, MPI_INT, peer, 10, MPI_COMM_WORLD, &m[0]);
    MPI_Bsend_init(&sv[1], 1, MPI_INT, peer, 11, MPI_COMM_WORLD, &m[1]);
    MPI_Rsend_init(&sv[2], 1, MPI_INT, peer, 12, MPI_COMM_WORLD, &m[2]);
    for (int i = 0; i < 50; i++) {
        MPI_Request recv[3];
        for (int k = 0; k < 3; k++) {
            sv[k] = i * 10 + k;
            MPI_Irecv(&rv[k], 1, MPI_INT, peer, 10 + k, MPI_COMM_WORLD, &recv[k]);
        }
        mtest_barrier(); /* Rsend needs the receive posted */
        MPI_Startall(3, m);
        MPI_Waitall(3, m, MPI_STATUSES_IGNORE);
        MPI_Waitall(3, recv, MPI_STATUSES_IGNORE);
        for (int k = 0; k < 3; k++)
            CHECK(rv[k] == i * 10 + k, "mode %d round %d: got %d", k, i, rv[k]);
    }
    for (int k = 0; k < 3; k++)
        MPI_Request_free(&m[k]);
    void *detached;
    int size;
    MPI_Buffer_detach(&detached, &size);
    free(detached);

    /* freed while running: the communication still completes */
    MPI_Request f;
    MPI_Send_init(sbig, (int)big, MPI_BYTE, peer, 20, MPI_COMM_WORLD, &f);
    mtest_fill(sbig, big, 20);
    MPI_Start(&f);
    MPI_Request_free(&f);
    MPI_Recv(rbig, (int)big, MPI_BYTE, peer, 20, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    CHECK(mtest_verify(rbig, big, 20) < 0, "a freed running persistent send delivered wrong data");
    mtest_barrier(); /* the peer's receive completed, so our send did */

    /* PROC_NULL */
    MPI_Recv_init(&rsmall, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &f);
    for (int i = 0; i < 3; i++) {
        MPI_Start(&f);
        MPI_Wait(&f, &one);
        CHECK(one.MPI_SOURCE == MPI_PROC_NULL, "persistent PROC_NULL receive: source %d", one.MPI_SOURCE);
    }
    MPI_Request_free(&f);

    MPI_Free_mem(sbig);
    MPI_Free_mem(rbig);
    return mtest_finalize();
}
