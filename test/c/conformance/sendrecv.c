/* MPI_Sendrecv shifts values around a ring in both directions; MPI_Sendrecv_replace rotates a
 * buffer in place, size times, bringing every value back home. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Status st;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int out[3] = {rank, rank * 2, rank * 3}, in[3] = {-1, -1, -1};
    MPI_Sendrecv(out, 3, MPI_INT, right, 1, in, 3, MPI_INT, left, 1, MPI_COMM_WORLD, &st);
    CHECK(in[0] == left && in[1] == 2 * left && in[2] == 3 * left, "from left: %d %d %d", in[0], in[1], in[2]);
    CHECK(st.MPI_SOURCE == left && st.MPI_TAG == 1, "status %d/%d", st.MPI_SOURCE, st.MPI_TAG);
    MPI_Sendrecv(out, 3, MPI_INT, left, 2, in, 3, MPI_INT, right, 2, MPI_COMM_WORLD, &st);
    CHECK(in[0] == right, "from right: %d", in[0]);

    int buf[4] = {rank, rank + 10, rank + 20, rank + 30};
    for (int step = 1; step <= size; step++) {
        MPI_Sendrecv_replace(buf, 4, MPI_INT, right, 3, left, 3, MPI_COMM_WORLD, &st);
        int from = (rank - step % size + size) % size;
        CHECK(buf[0] == from && buf[3] == from + 30, "step %d: %d %d, expected %d", step, buf[0], buf[3], from);
    }
    return ctest_finish();
}
