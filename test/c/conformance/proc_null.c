/* Communication with MPI_PROC_NULL succeeds at once: a receive leaves the buffer alone and
 * returns source MPI_PROC_NULL, tag MPI_ANY_TAG and count 0 (MPI-4 3.10). */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, buf = 123;
    MPI_Status st;
    MPI_Request req;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    CHECK_MPI(MPI_Send(&buf, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD));
    CHECK_MPI(MPI_Recv(&buf, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &st));
    int count = -1;
    MPI_Get_count(&st, MPI_INT, &count);
    CHECK(buf == 123, "buffer changed to %d", buf);
    CHECK(st.MPI_SOURCE == MPI_PROC_NULL && st.MPI_TAG == MPI_ANY_TAG && count == 0,
          "status source %d tag %d count %d", st.MPI_SOURCE, st.MPI_TAG, count);
    MPI_Irecv(&buf, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &req);
    MPI_Wait(&req, &st);
    CHECK(st.MPI_SOURCE == MPI_PROC_NULL && buf == 123, "irecv status source %d", st.MPI_SOURCE);
    int in = 5;
    MPI_Sendrecv(&buf, 1, MPI_INT, MPI_PROC_NULL, 0, &in, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &st);
    CHECK(in == 5, "sendrecv changed the buffer to %d", in);
    return ctest_finish();
}
