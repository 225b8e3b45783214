/* Blocking MPI_Send/MPI_Recv: data, and the status's MPI_SOURCE, MPI_TAG and count. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size, buf[100];
    MPI_Status st;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 0) {
        for (int i = 0; i < 100; i++) buf[i] = i * 3;
        for (int dst = 1; dst < size; dst++) MPI_Send(buf, 10 * dst, MPI_INT, dst, 40 + dst, MPI_COMM_WORLD);
    } else {
        for (int i = 0; i < 100; i++) buf[i] = -1;
        MPI_Recv(buf, 100, MPI_INT, 0, 40 + rank, MPI_COMM_WORLD, &st);
        int count;
        MPI_Get_count(&st, MPI_INT, &count);
        CHECK(count == 10 * rank, "count %d, expected %d", count, 10 * rank);
        CHECK(st.MPI_SOURCE == 0, "MPI_SOURCE %d", st.MPI_SOURCE);
        CHECK(st.MPI_TAG == 40 + rank, "MPI_TAG %d", st.MPI_TAG);
        for (int i = 0; i < 100; i++) {
            int want = i < 10 * rank ? i * 3 : -1;
            CHECK(buf[i] == want, "buf[%d] = %d, expected %d", i, buf[i], want);
        }
    }
    return ctest_finish();
}
