/* The protocol follows the size (MPI-4.0 3.4's standard mode, ch3's
 * eager/rendezvous): up to the eager limit a send completes without a
 * matching receive and no rget happens; one byte more and the send waits for
 * the receive, which pulls the data with exactly one rget of the message's
 * size. Checked with the receive posted before and after the data arrives. */
#include "mtest.h"
#include <string.h>
#include <unistd.h>

/* True if the request completes within `seconds` of polling. */
static int completes_within(MPI_Request *r, double seconds)
{
    int flag = 0;
    for (double end = mtest_now() + seconds; !flag && mtest_now() < end;)
        MPI_Test(r, &flag, MPI_STATUS_IGNORE);
    return flag;
}

/* Rank 0 sends before rank 1 has posted its receive. */
static void send_first(char *out, char *in, size_t n, int tag)
{
    size_t limit = mtest_eager_limit();
    if (mtest_rank == 0) {
        MPI_Request r;
        mtest_fill(out, n, (unsigned)n);
        MPI_Isend(out, (int)n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        int done = completes_within(&r, n <= limit ? 2.0 : 0.05);
        CHECK(done == (n <= limit), "%zu-byte send (eager limit %zu): complete before the receive: %d", n, limit, done);
        MPI_Send(NULL, 0, MPI_BYTE, 1, 99, MPI_COMM_WORLD);
        if (!done)
            MPI_Wait(&r, MPI_STATUS_IGNORE);
    } else {
        MPI_Status st;
        MPI_Recv(NULL, 0, MPI_BYTE, 0, 99, MPI_COMM_WORLD, &st);
        fake_host_stats before = fake_host_get_stats();
        memset(in, 0, n + 16);
        MPI_Recv(in, (int)(n + 16), MPI_BYTE, 0, tag, MPI_COMM_WORLD, &st);
        fake_host_stats after = fake_host_get_stats();
        unsigned rgets = after.rgets - before.rgets;
        CHECK(rgets == (n > limit), "%zu bytes: %u rgets", n, rgets);
        if (n > limit)
            CHECK(after.rget_bytes - before.rget_bytes == n, "%zu bytes: rget of %llu", n,
                  after.rget_bytes - before.rget_bytes);
        int count;
        MPI_Get_count(&st, MPI_BYTE, &count);
        CHECK(count == (int)n, "%zu bytes: count %d", n, count);
        CHECK(mtest_verify(in, n, (unsigned)n) < 0, "%zu bytes: data differ", n);
    }
}

/* Rank 1 posts its receive, then rank 0 sends. */
static void receive_first(char *out, char *in, size_t n, int tag)
{
    size_t limit = mtest_eager_limit();
    if (mtest_rank == 0) {
        mtest_fill(out, n, (unsigned)n + 1);
        mtest_barrier();
        MPI_Send(out, (int)n, MPI_BYTE, 1, tag, MPI_COMM_WORLD);
    } else {
        MPI_Request r;
        MPI_Status st;
        memset(in, 0, n);
        MPI_Irecv(in, (int)n, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &r);
        fake_host_stats before = fake_host_get_stats();
        mtest_barrier();
        MPI_Wait(&r, &st);
        unsigned rgets = fake_host_get_stats().rgets - before.rgets;
        CHECK(rgets == (n > limit), "posted, %zu bytes: %u rgets", n, rgets);
        CHECK(mtest_verify(in, n, (unsigned)n + 1) < 0, "posted, %zu bytes: data differ", n);
    }
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit();
    size_t sizes[] = {0, 1, limit - 1, limit, limit + 1, 4 * limit + 3, 1 << 20};
    char *out, *in;
    MPI_Alloc_mem((1 << 20) + 64, MPI_INFO_NULL, &out);
    MPI_Alloc_mem((1 << 20) + 64, MPI_INFO_NULL, &in);
    for (int i = 0; i < (int)(sizeof sizes / sizeof sizes[0]); i++) {
        send_first(out, in, sizes[i], i);
        receive_first(out, in, sizes[i], 100 + i);
    }
    /* a send from a misaligned address into a misaligned buffer */
    send_first(out + 3, in + 5, limit + 100, 50);
    MPI_Free_mem(out);
    MPI_Free_mem(in);
    return mtest_finalize();
}
