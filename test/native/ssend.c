/* Synchronous mode (MPI-4.0 3.4): Ssend/Issend complete only once a receive
 * has matched the message; a probe does not match. Small (under the eager
 * limit), empty and rendezvous-sized messages; to self as well. */
#include "mtest.h"
#include <string.h>

static int completes_within(MPI_Request *r, double seconds)
{
    int flag = 0;
    for (double end = mtest_now() + seconds; !flag && mtest_now() < end;)
        MPI_Test(r, &flag, MPI_STATUS_IGNORE);
    return flag;
}

static void not_before_match(char *buf, size_t n, int tag)
{
    if (mtest_rank == 0) {
        MPI_Request r;
        mtest_fill(buf, n, (unsigned)tag);
        MPI_Issend(buf, (int)n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        CHECK(!completes_within(&r, 0.03), "%zu-byte Issend completed before rank 1 received", n);
        MPI_Send(NULL, 0, MPI_BYTE, 1, 1000, MPI_COMM_WORLD);
        MPI_Recv(NULL, 0, MPI_BYTE, 1, 1001, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        CHECK(!completes_within(&r, 0.02), "%zu-byte Issend completed after a probe only", n);
        MPI_Send(NULL, 0, MPI_BYTE, 1, 1002, MPI_COMM_WORLD);
        MPI_Status st;
        MPI_Wait(&r, &st);
    } else {
        MPI_Status st;
        int count;
        MPI_Recv(NULL, 0, MPI_BYTE, 0, 1000, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Probe(0, tag, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        CHECK(count == (int)n, "probe of the Issend: %d bytes, want %zu", count, n);
        MPI_Send(NULL, 0, MPI_BYTE, 0, 1001, MPI_COMM_WORLD);
        MPI_Recv(NULL, 0, MPI_BYTE, 0, 1002, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        memset(buf, 0, n);
        MPI_Recv(buf, (int)n, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &st);
        CHECK(mtest_verify(buf, n, (unsigned)tag) < 0, "%zu-byte Issend: data differ", n);
    }
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit();
    size_t sizes[] = {0, 8, limit, limit + 1, 100000};
    char *buf;
    MPI_Alloc_mem(100000, MPI_INFO_NULL, &buf);
    for (int i = 0; i < 5; i++)
        not_before_match(buf, sizes[i], i);

    /* blocking Ssend into a receive posted first */
    for (int i = 0; i < 5; i++) {
        size_t n = sizes[i];
        if (mtest_rank == 0) {
            mtest_barrier();
            mtest_fill(buf, n, 50u + (unsigned)i);
            MPI_Ssend(buf, (int)n, MPI_BYTE, 1, 50 + i, MPI_COMM_WORLD);
        } else {
            MPI_Request r;
            memset(buf, 0, n);
            MPI_Irecv(buf, (int)n, MPI_BYTE, 0, 50 + i, MPI_COMM_WORLD, &r);
            mtest_barrier();
            MPI_Wait(&r, MPI_STATUS_IGNORE);
            CHECK(mtest_verify(buf, n, 50u + (unsigned)i) < 0, "Ssend of %zu bytes: data differ", n);
        }
    }

    /* to self: Issend, then the receive that lets it complete */
    char *in;
    MPI_Alloc_mem(100000, MPI_INFO_NULL, &in);
    for (int i = 0; i < 5; i++) {
        size_t n = sizes[i];
        MPI_Request r[2];
        mtest_fill(buf, n, 70u + (unsigned)i);
        MPI_Issend(buf, (int)n, MPI_BYTE, mtest_rank, 7, MPI_COMM_WORLD, &r[0]);
        CHECK(!completes_within(&r[0], 0.005), "Issend to self of %zu bytes completed unreceived", n);
        MPI_Irecv(in, (int)n, MPI_BYTE, mtest_rank, 7, MPI_COMM_WORLD, &r[1]);
        MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
        CHECK(mtest_verify(in, n, 70u + (unsigned)i) < 0, "Issend to self of %zu bytes: data differ", n);
    }
    MPI_Free_mem(in);
    MPI_Free_mem(buf);
    return mtest_finalize();
}
