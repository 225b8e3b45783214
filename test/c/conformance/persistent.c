/* Persistent requests: MPI_Send_init/MPI_Recv_init started again and again with MPI_Start and
 * MPI_Startall, the buffer contents read at each start; inactive requests stay allocated. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size, sbuf, rbuf;
    MPI_Request req[2];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    MPI_Recv_init(&rbuf, 1, MPI_INT, left, 9, MPI_COMM_WORLD, &req[0]);
    MPI_Send_init(&sbuf, 1, MPI_INT, right, 9, MPI_COMM_WORLD, &req[1]);
    for (int iter = 0; iter < 10; iter++) {
        sbuf = rank * 100 + iter;
        rbuf = -1;
        if (iter % 2) {
            MPI_Startall(2, req);
        } else {
            MPI_Start(&req[0]);
            MPI_Start(&req[1]);
        }
        MPI_Status st[2];
        MPI_Waitall(2, req, st);
        CHECK(rbuf == left * 100 + iter, "iter %d got %d", iter, rbuf);
        CHECK(st[0].MPI_SOURCE == left, "iter %d source %d", iter, st[0].MPI_SOURCE);
        CHECK(req[0] != MPI_REQUEST_NULL && req[1] != MPI_REQUEST_NULL, "persistent request freed by wait");
    }
    MPI_Request_free(&req[0]);
    MPI_Request_free(&req[1]);
    CHECK(req[0] == MPI_REQUEST_NULL, "Request_free did not null the handle");
    return ctest_finish();
}
