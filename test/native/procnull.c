/* MPI_PROC_NULL (MPI-4.0 3.10): every send to it and receive from it
 * completes at once, moves nothing, and a receive's status says source
 * MPI_PROC_NULL, tag MPI_ANY_TAG, count 0. One rank is enough. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

static void expect_null(const MPI_Status *st, const char *what)
{
    int count;
    MPI_Get_count(st, MPI_INT, &count);
    CHECK(st->MPI_SOURCE == MPI_PROC_NULL && st->MPI_TAG == MPI_ANY_TAG && count == 0,
          "%s: source %d tag %d count %d", what, st->MPI_SOURCE, st->MPI_TAG, count);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int buf[4] = {1, 2, 3, 4};
    MPI_Status st;
    MPI_Request r[6];
    unsigned sends = fake_host_get_stats().sends;

    MPI_Send(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD);
    MPI_Ssend(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD);
    MPI_Rsend(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD);
    MPI_Bsend(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD);
    MPI_Send_c(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_SELF);
    MPI_Recv(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &st);
    expect_null(&st, "Recv");
    CHECK(buf[0] == 1 && buf[3] == 4, "Recv from PROC_NULL wrote the buffer");
    MPI_Recv_c(buf, 4, MPI_INT, MPI_PROC_NULL, MPI_ANY_TAG, MPI_COMM_SELF, &st);
    expect_null(&st, "Recv_c on COMM_SELF");

    MPI_Isend(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &r[0]);
    MPI_Issend(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &r[1]);
    MPI_Ibsend(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &r[2]);
    MPI_Irsend(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &r[3]);
    MPI_Irecv(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &r[4]);
    MPI_Irecv_c(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &r[5]);
    int flag;
    MPI_Status sts[6];
    MPI_Testall(6, r, &flag, sts);
    CHECK(flag, "nonblocking PROC_NULL operations are not complete at once");
    expect_null(&sts[4], "Irecv");
    expect_null(&sts[5], "Irecv_c");

    MPI_Sendrecv(buf, 4, MPI_INT, MPI_PROC_NULL, 1, buf, 4, MPI_INT, MPI_PROC_NULL, 2, MPI_COMM_WORLD, &st);
    expect_null(&st, "Sendrecv");
    MPI_Sendrecv_replace(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_PROC_NULL, 2, MPI_COMM_WORLD, &st);
    expect_null(&st, "Sendrecv_replace");
    CHECK(buf[0] == 1 && buf[3] == 4, "Sendrecv_replace with PROC_NULL changed the buffer");

    MPI_Send_init(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &r[0]);
    MPI_Recv_init(buf, 4, MPI_INT, MPI_PROC_NULL, 1, MPI_COMM_WORLD, &r[1]);
    for (int i = 0; i < 3; i++) {
        MPI_Startall(2, r);
        MPI_Waitall(2, r, sts);
        expect_null(&sts[1], "persistent receive");
    }
    MPI_Request_free(&r[0]);
    MPI_Request_free(&r[1]);

    CHECK(fake_host_get_stats().sends == sends, "PROC_NULL operations sent %u packets",
          fake_host_get_stats().sends - sends);
    return mtest_finalize();
}
