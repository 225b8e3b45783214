/* The ring's ticket counters wrap at 2^32 (after 256 GiB through one ring, or
 * four billion one-cell packets: a long job gets there). The fake host starts
 * both rings 16 tickets before the wrap. Rank 1 takes 15 one-cell messages, so
 * its head stops at ticket 0xffffffff, whose seq must not be 0, the value of
 * a cleared cell; it must see nothing more until rank 0 sends again, then
 * every message in order. */
#include "mtest.h"
#include <string.h>

int main(int argc, char **argv)
{
    mtest_env_default("WMPI_TEST_RING_START", "0xfffffff0");
    mtest_init(&argc, &argv);
    int first = 15, more = 200;
    if (mtest_rank == 0) {
        for (int i = 0; i < first; i++)
            MPI_Send(&i, 1, MPI_INT, 1, 1, MPI_COMM_WORLD);
        MPI_Recv(NULL, 0, MPI_BYTE, 1, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        char buf[300];
        for (int i = first; i < first + more; i++) {
            size_t n = 4 + (size_t)(i * 29) % 200; /* one to four cells: the wrap falls inside packets too */
            memset(buf, i & 0xff, n);
            memcpy(buf, &i, sizeof i);
            MPI_Send(buf, (int)n, MPI_BYTE, 1, 1, MPI_COMM_WORLD);
        }
    } else {
        for (int i = 0; i < first; i++) {
            int v = -1;
            MPI_Recv(&v, 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            CHECK(v == i, "message %d arrived as number %d", v, i);
        }
        /* rank 0 waits for us: nothing can arrive now */
        for (double end = mtest_now() + 0.02; mtest_now() < end;) {
            int flag;
            MPI_Status st;
            MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
            if (flag) {
                int count;
                MPI_Get_count(&st, MPI_BYTE, &count);
                CHECK(0, "a message nobody sent: source %d, tag %d, %d bytes", st.MPI_SOURCE, st.MPI_TAG, count);
                MPI_Recv(NULL, 0, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                break;
            }
        }
        MPI_Send(NULL, 0, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
        char buf[300];
        for (int i = first; i < first + more; i++) {
            int v = -1;
            MPI_Status st;
            MPI_Recv(buf, sizeof buf, MPI_BYTE, 0, 1, MPI_COMM_WORLD, &st);
            memcpy(&v, buf, sizeof v);
            if (v != i) {
                CHECK(v == i, "after the wrap: message %d arrived as number %d", v, i);
                break;
            }
        }
    }
    return mtest_finalize();
}
