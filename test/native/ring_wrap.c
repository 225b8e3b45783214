/* Multi-cell packets at the end of the ring: with 64 cells and a 2000-byte
 * eager limit (up to 33 cells a packet) most packets start near the end and
 * run into the overflow area; the consumer must hand each one over whole and
 * in order, then find the next header at the right cell. Also with a slow
 * consumer (the ring fills, then wraps) and with a rank sending to itself. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

#define COUNT 600

/* Sizes that put packet ends at every offset within a cell. */
static size_t wrap_size(int i, size_t limit)
{
    size_t sizes[] = {1000, 600, 17, 16, 15, 1500, 1, 2000, 47, 48, 49, 1950, 700, 64, 63, 0};
    size_t n = sizes[i % 16] + (size_t)(i / 16) % 7;
    return n > limit ? limit : n;
}

static void send_all(int dest, int tag, size_t limit)
{
    char out[2048];
    for (int i = 0; i < COUNT; i++) {
        size_t n = wrap_size(i, limit);
        mtest_fill(out, n, (unsigned)(i + tag * COUNT));
        MPI_Send(out, (int)n, MPI_BYTE, dest, tag, MPI_COMM_WORLD);
    }
}

static void recv_all(int source, int tag, size_t limit)
{
    char in[2048 + 16];
    for (int i = 0; i < COUNT; i++) {
        MPI_Status st;
        int count;
        size_t n = wrap_size(i, limit);
        memset(in, 0, n);
        MPI_Recv(in, sizeof in, MPI_BYTE, source, tag, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        CHECK(count == (int)n, "message %d: %d bytes, want %zu", i, count, n);
        long bad = mtest_verify(in, n, (unsigned)(i + tag * COUNT));
        CHECK(bad < 0, "message %d (%zu bytes): differs at byte %ld", i, n, bad);
    }
}

int main(int argc, char **argv)
{
    setenv("WMPI_RING_CELLS", "64", 1); /* the geometry is the point of this test */
    setenv("WMPI_EAGER_LIMIT", "2000", 1);
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit();
    CHECK(limit == 2000, "eager limit %zu, want 2000 with 64 cells", limit);
    int peer = 1 - mtest_rank;

    /* one direction, the receiver keeping up */
    fake_host_stats before = fake_host_get_stats();
    if (mtest_rank == 0)
        send_all(peer, 1, limit);
    else
        recv_all(peer, 1, limit);
    if (mtest_rank == 0)
        CHECK(fake_host_get_stats().wrapped > before.wrapped, "no packet ran past the last cell");
    mtest_barrier();

    /* the receiver late: the ring fills, then drains and wraps */
    if (mtest_rank == 1) {
        mtest_go_quiet(50);
        recv_all(peer, 2, limit);
    } else {
        mtest_wait_quiet(1);
        send_all(peer, 2, limit);
    }
    mtest_barrier();

    /* both directions at once, each rank receiving through Irecv */
    MPI_Request r;
    char big[1];
    MPI_Irecv(big, 1, MPI_BYTE, peer, 4, MPI_COMM_WORLD, &r);
    send_all(peer, 3, limit);
    recv_all(peer, 3, limit);
    MPI_Send(big, 1, MPI_BYTE, peer, 4, MPI_COMM_WORLD);
    MPI_Wait(&r, MPI_STATUS_IGNORE);

    /* to self: this rank is producer and consumer of its own ring */
    char out[2048], in[2048];
    for (int i = 0; i < COUNT; i++) {
        size_t n = wrap_size(i, limit);
        MPI_Status st;
        mtest_fill(out, n, (unsigned)i * 7);
        MPI_Sendrecv(out, (int)n, MPI_BYTE, mtest_rank, 5, in, sizeof in, MPI_BYTE, mtest_rank, 5, MPI_COMM_WORLD, &st);
        CHECK(mtest_verify(in, n, (unsigned)i * 7) < 0, "self message %d differs", i);
    }
    return mtest_finalize();
}
