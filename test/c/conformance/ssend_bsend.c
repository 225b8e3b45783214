/* Synchronous and buffered modes: MPI_Ssend and MPI_Issend complete once matched (the receiver
 * signals back only after receiving); MPI_Bsend with an attached buffer completes locally, and
 * MPI_Buffer_detach returns the buffer after the messages are delivered. */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 0) {
        int v = 42, ack;
        MPI_Ssend(&v, 1, MPI_INT, 1, 0, MPI_COMM_WORLD);
        MPI_Recv(&ack, 1, MPI_INT, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        CHECK(ack == 43, "ack %d", ack);

        /* An Issend cannot complete before rank 1 posts its receive, which it does only after our go. */
        MPI_Request req;
        int flag = 0, go = 1;
        v = 7;
        MPI_Issend(&v, 1, MPI_INT, 1, 2, MPI_COMM_WORLD, &req);
        MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
        CHECK(!flag, "Issend completed before a receive was posted");
        MPI_Send(&go, 1, MPI_INT, 1, 3, MPI_COMM_WORLD);
        MPI_Wait(&req, MPI_STATUS_IGNORE);

        int n = 1000, bsize;
        MPI_Pack_size(n, MPI_INT, MPI_COMM_WORLD, &bsize);
        bsize = 3 * (bsize + MPI_BSEND_OVERHEAD);
        char *bbuf = malloc(bsize);
        MPI_Buffer_attach(bbuf, bsize);
        int *data = malloc(n * sizeof(int));
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < n; i++) data[i] = k * n + i;
            MPI_Bsend(data, n, MPI_INT, 1, 10 + k, MPI_COMM_WORLD);
        }
        for (int i = 0; i < n; i++) data[i] = -1; /* the buffered copies are what gets sent */
        MPI_Send(&go, 1, MPI_INT, 1, 4, MPI_COMM_WORLD);
        void *back;
        int backsize;
        MPI_Buffer_detach(&back, &backsize);
        CHECK(back == bbuf && backsize == bsize, "detach gave %p/%d, attached %p/%d", back, backsize, (void *)bbuf, bsize);
        free(bbuf), free(data);
    } else if (rank == 1) {
        int v, go;
        MPI_Recv(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        v++;
        MPI_Send(&v, 1, MPI_INT, 0, 1, MPI_COMM_WORLD);
        MPI_Recv(&go, 1, MPI_INT, 0, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Recv(&v, 1, MPI_INT, 0, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        CHECK(v == 7, "issend value %d", v);
        MPI_Recv(&go, 1, MPI_INT, 0, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        int n = 1000, *data = malloc(n * sizeof(int));
        for (int k = 2; k >= 0; k--) {
            MPI_Recv(data, n, MPI_INT, 0, 10 + k, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            for (int i = 0; i < n; i++) CHECK(data[i] == k * n + i, "bsend %d data[%d] = %d", k, i, data[i]);
        }
        free(data);
    }
    return ctest_finish();
}
