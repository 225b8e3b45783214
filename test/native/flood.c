/* Back-pressure: eager traffic far larger than the 64-cell rings. Two ranks
 * flood each other with blocking sends before either receives (no deadlock:
 * each drains its ring into the unexpected queue while it waits), and a
 * receiver that does not call MPI for a while makes the sender queue packets
 * (chan_send says AGAIN) and deliver them later, in order. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FLOOD 2000
#define QUEUED 300

static size_t flood_size(int i, size_t limit) { return 4 + (size_t)(i * 37) % (limit - 3); }

static void fill_msg(char *buf, int i, size_t n)
{
    mtest_fill(buf, n, (unsigned)i);
    memcpy(buf, &i, sizeof i);
}

static void check_msg(const char *buf, int i, size_t n, const MPI_Status *st)
{
    int seq, count;
    memcpy(&seq, buf, sizeof seq);
    MPI_Get_count(st, MPI_BYTE, &count);
    CHECK(seq == i, "message %d arrived as number %d", seq, i);
    CHECK(count == (int)n, "message %d: %d bytes, want %zu", i, count, n);
}

static int verify_body(const char *buf, int i, size_t n)
{
    char expect[2048];
    fill_msg(expect, i, n);
    return memcmp(buf, expect, n) == 0;
}

/* Both ranks send FLOOD messages with MPI_Send, then receive FLOOD. */
static void mutual_flood(size_t limit)
{
    int peer = 1 - mtest_rank;
    char out[2048], in[2048];
    for (int i = 0; i < FLOOD; i++) {
        size_t n = flood_size(i, limit);
        fill_msg(out, i, n);
        MPI_Send(out, (int)n, MPI_BYTE, peer, 1, MPI_COMM_WORLD);
    }
    for (int i = 0; i < FLOOD; i++) {
        MPI_Status st;
        MPI_Recv(in, sizeof in, MPI_BYTE, peer, 1, MPI_COMM_WORLD, &st);
        size_t n = flood_size(i, limit);
        check_msg(in, i, n, &st);
        CHECK(verify_body(in, i, n), "message %d: data differ", i);
    }
    mtest_barrier();
}

/* Rank 1 sleeps without calling MPI while rank 0 starts QUEUED sends. */
static void slow_receiver(size_t limit)
{
    static char out[QUEUED][128];
    char in[128];
    if (mtest_rank == 0) {
        MPI_Request r[QUEUED];
        mtest_wait_quiet(1);
        fake_host_stats before = fake_host_get_stats();
        for (int i = 0; i < QUEUED; i++) {
            fill_msg(out[i], i, 100);
            MPI_Isend(out[i], 100, MPI_BYTE, 1, 2, MPI_COMM_WORLD, &r[i]);
        }
        int flag;
        MPI_Testall(QUEUED, r, &flag, MPI_STATUSES_IGNORE);
        CHECK(!flag, "%d sends of 100 bytes fit in a 64-cell ring that nobody drains", QUEUED);
        CHECK(fake_host_get_stats().again > before.again, "chan_send never said AGAIN");
        MPI_Waitall(QUEUED, r, MPI_STATUSES_IGNORE);
    } else {
        mtest_go_quiet(100);
        for (int i = 0; i < QUEUED; i++) {
            MPI_Status st;
            MPI_Recv(in, sizeof in, MPI_BYTE, 0, 2, MPI_COMM_WORLD, &st);
            check_msg(in, i, 100, &st);
            CHECK(verify_body(in, i, 100), "queued message %d: data differ", i);
        }
    }
    mtest_barrier();
    (void)limit;
}

/* Blocking sends into a ring that fills: the sender waits in chan_wait. */
static void blocking_into_full_ring(size_t limit)
{
    char buf[2048];
    if (mtest_rank == 0) {
        mtest_wait_quiet(1);
        for (int i = 0; i < 500; i++) {
            size_t n = flood_size(i * 3, limit);
            fill_msg(buf, i, n);
            MPI_Send(buf, (int)n, MPI_BYTE, 1, 3, MPI_COMM_WORLD);
        }
    } else {
        mtest_go_quiet(50);
        for (int i = 0; i < 500; i++) {
            MPI_Status st;
            size_t n = flood_size(i * 3, limit);
            MPI_Recv(buf, sizeof buf, MPI_BYTE, 0, 3, MPI_COMM_WORLD, &st);
            check_msg(buf, i, n, &st);
            CHECK(verify_body(buf, i, n), "blocking message %d: data differ", i);
        }
    }
    mtest_barrier();
}

/* A rank floods itself: its sends wait on its own full ring, which only its
 * own progress drains. */
static void self_flood(size_t limit)
{
    char buf[2048];
    for (int i = 0; i < 300; i++) {
        size_t n = flood_size(i * 5, limit);
        fill_msg(buf, i, n);
        MPI_Send(buf, (int)n, MPI_BYTE, mtest_rank, 4, MPI_COMM_WORLD);
    }
    for (int i = 0; i < 300; i++) {
        MPI_Status st;
        size_t n = flood_size(i * 5, limit);
        MPI_Recv(buf, sizeof buf, MPI_BYTE, mtest_rank, 4, MPI_COMM_WORLD, &st);
        check_msg(buf, i, n, &st);
        CHECK(verify_body(buf, i, n), "self message %d: data differ", i);
    }
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit();
    if (limit > 2000)
        limit = 2000;
    mutual_flood(limit);
    slow_receiver(limit);
    blocking_into_full_ring(limit);
    self_flood(limit);
    return mtest_finalize();
}
