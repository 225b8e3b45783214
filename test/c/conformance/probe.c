/* MPI_Probe and MPI_Iprobe learn a message's size before it is received; MPI_Mprobe/MPI_Mrecv
 * receive exactly the probed message. */
#include <stdlib.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Status st;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 1) {
        double d[37];
        for (int i = 0; i < 37; i++) d[i] = i + 0.5;
        MPI_Send(d, 37, MPI_DOUBLE, 0, 3, MPI_COMM_WORLD);
        MPI_Send(d, 5, MPI_DOUBLE, 0, 4, MPI_COMM_WORLD);
        MPI_Send(d, 2, MPI_DOUBLE, 0, 5, MPI_COMM_WORLD);
    } else if (rank == 0) {
        int count, flag = 0;
        MPI_Probe(MPI_ANY_SOURCE, 3, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_DOUBLE, &count);
        CHECK(count == 37 && st.MPI_SOURCE == 1 && st.MPI_TAG == 3, "probe count %d source %d", count, st.MPI_SOURCE);
        double *d = malloc(count * sizeof(double));
        MPI_Recv(d, count, MPI_DOUBLE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, &st);
        for (int i = 0; i < count; i++) CHECK(d[i] == i + 0.5, "d[%d] = %g", i, d[i]);
        free(d);
        while (!flag) MPI_Iprobe(1, 4, MPI_COMM_WORLD, &flag, &st);
        MPI_Get_count(&st, MPI_DOUBLE, &count);
        CHECK(count == 5, "iprobe count %d", count);
        double e[5];
        MPI_Recv(e, 5, MPI_DOUBLE, 1, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Message msg;
        MPI_Mprobe(1, MPI_ANY_TAG, MPI_COMM_WORLD, &msg, &st);
        CHECK(st.MPI_TAG == 5, "mprobe tag %d", st.MPI_TAG);
        MPI_Mrecv(e, 2, MPI_DOUBLE, &msg, &st);
        CHECK(msg == MPI_MESSAGE_NULL, "Mrecv did not null the message");
        CHECK(e[0] == 0.5 && e[1] == 1.5, "mrecv got %g %g", e[0], e[1]);
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        CHECK(!flag, "a message is left after all were received");
    }
    return ctest_finish();
}
