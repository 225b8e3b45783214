/* MPI_ANY_SOURCE and MPI_ANY_TAG: rank 0 receives one message from every other rank in whatever
 * order they come and learns sender and tag from the status; tag selection picks a later message. */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Status st;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 0) {
        int seen[64] = {0};
        for (int i = 1; i < size; i++) {
            int v;
            MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
            CHECK(st.MPI_SOURCE >= 1 && st.MPI_SOURCE < size, "MPI_SOURCE %d", st.MPI_SOURCE);
            CHECK(st.MPI_TAG == 100 + st.MPI_SOURCE, "tag %d from %d", st.MPI_TAG, st.MPI_SOURCE);
            CHECK(v == st.MPI_SOURCE * 7, "value %d from %d", v, st.MPI_SOURCE);
            seen[st.MPI_SOURCE]++;
        }
        for (int i = 1; i < size; i++) CHECK(seen[i] == 1, "rank %d seen %d times", i, seen[i]);
        MPI_Barrier(MPI_COMM_WORLD);
        /* Rank 1 sends tags 1 then 2: asking for tag 2 from any source first skips the tag 1 message. */
        int a, b;
        MPI_Recv(&a, 1, MPI_INT, MPI_ANY_SOURCE, 2, MPI_COMM_WORLD, &st);
        MPI_Recv(&b, 1, MPI_INT, 1, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        CHECK(a == 22 && b == 11, "tag-selected values %d %d", a, b);
        CHECK(st.MPI_TAG == 1, "any-tag status tag %d", st.MPI_TAG);
    } else {
        int v = rank * 7;
        MPI_Send(&v, 1, MPI_INT, 0, 100 + rank, MPI_COMM_WORLD);
        MPI_Barrier(MPI_COMM_WORLD); /* the next messages are sent after rank 0 has received the first ones */
        if (rank == 1) {
            int x = 11, y = 22;
            MPI_Send(&x, 1, MPI_INT, 0, 1, MPI_COMM_WORLD);
            MPI_Send(&y, 1, MPI_INT, 0, 2, MPI_COMM_WORLD);
        }
    }
    return ctest_finish();
}
