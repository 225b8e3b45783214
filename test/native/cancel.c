/* MPI_Cancel (MPI-4.0 3.8.4): either the cancel succeeds or the
 * communication does, never both. A posted receive cancels (its buffer
 * untouched, the message left for the next receive); an unmatched rendezvous
 * send or Issend cancels and the receiver never sees it; an eager send already
 * in the receiver's ring does not; an eager send still queued behind a full
 * ring does; a send racing with its receive ends one way or the other. */
#include "mtest.h"
#include <string.h>
#include <unistd.h>

static int cancelled(const MPI_Status *st)
{
    int flag = -1;
    MPI_Test_cancelled(st, &flag);
    return flag;
}

static void nothing_left(int tag, const char *what)
{
    int flag;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &flag, &st);
    CHECK(!flag, "%s: a message with tag %d is still there", what, tag);
}

static void posted_receive(void)
{
    char buf[8];
    if (mtest_rank == 1) {
        MPI_Request r;
        MPI_Status st;
        memset(buf, 'x', sizeof buf);
        MPI_Irecv(buf, 8, MPI_BYTE, 0, 10, MPI_COMM_WORLD, &r);
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        CHECK(cancelled(&st) == 1, "a posted receive was not cancelled");
        mtest_barrier();
        MPI_Recv(buf, 8, MPI_BYTE, 0, 10, MPI_COMM_WORLD, &st);
        CHECK(strcmp(buf, "after") == 0 && cancelled(&st) == 0, "the next receive got '%s'", buf);
    } else {
        mtest_barrier();
        MPI_Send("after", 6, MPI_BYTE, 1, 10, MPI_COMM_WORLD);
    }
    mtest_barrier();
}

/* The RTS waits in rank 1's unexpected queue; rank 0 cancels it. */
static void unmatched_send(char *buf, size_t n, int sync, int tag)
{
    if (mtest_rank == 0) {
        MPI_Request r;
        MPI_Status st;
        if (sync)
            MPI_Issend(buf, (int)n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        else
            MPI_Isend(buf, (int)n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        mtest_barrier(); /* the RTS has reached rank 1 */
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        CHECK(cancelled(&st) == 1, "an unmatched %s of %zu bytes was not cancelled", sync ? "Issend" : "Isend", n);
        mtest_barrier();
    } else {
        MPI_Status st;
        MPI_Probe(0, tag, MPI_COMM_WORLD, &st);
        mtest_barrier();
        mtest_barrier();
        nothing_left(tag, "cancelled send");
    }
}

/* An eager message already in rank 1's ring cannot be called back. */
static void delivered_eager(void)
{
    if (mtest_rank == 0) {
        MPI_Request r;
        MPI_Status st;
        MPI_Isend("kept", 5, MPI_BYTE, 1, 30, MPI_COMM_WORLD, &r);
        mtest_barrier();
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        CHECK(cancelled(&st) == 0, "a delivered eager send claims to be cancelled");
        mtest_barrier();
    } else {
        char buf[8];
        MPI_Status st;
        mtest_barrier();
        mtest_barrier();
        MPI_Recv(buf, 8, MPI_BYTE, 0, 30, MPI_COMM_WORLD, &st);
        CHECK(strcmp(buf, "kept") == 0, "got '%s'", buf);
    }
}

/* Rank 1 sleeps; rank 0 sends until its ring is full (chan_send says AGAIN),
 * then cancels sends still in its queue. */
static void queued_sends(char *big, size_t n)
{
    enum { MAXFILL = 4096 };
    if (mtest_rank == 0) {
        static MPI_Request fill[MAXFILL];
        MPI_Request r[3];
        MPI_Status st[3];
        char one[16] = "fill";
        int nfill = 0;
        mtest_wait_quiet(1);
        unsigned again = fake_host_get_stats().again;
        while (fake_host_get_stats().again == again && nfill < MAXFILL)
            MPI_Isend(one, 16, MPI_BYTE, 1, 40, MPI_COMM_WORLD, &fill[nfill++]);
        CHECK(nfill < MAXFILL, "the ring never filled");
        MPI_Isend("gone", 5, MPI_BYTE, 1, 41, MPI_COMM_WORLD, &r[0]);
        MPI_Isend(big, (int)n, MPI_BYTE, 1, 42, MPI_COMM_WORLD, &r[1]);
        MPI_Isend("stays", 6, MPI_BYTE, 1, 43, MPI_COMM_WORLD, &r[2]);
        MPI_Cancel(&r[0]);
        MPI_Cancel(&r[1]);
        MPI_Waitall(3, r, st);
        CHECK(cancelled(&st[0]) == 1, "a queued eager send was not cancelled");
        CHECK(cancelled(&st[1]) == 1, "a queued rendezvous send was not cancelled");
        CHECK(cancelled(&st[2]) == 0, "a send nobody cancelled claims to be");
        MPI_Waitall(nfill, fill, MPI_STATUSES_IGNORE);
        MPI_Send(&nfill, 1, MPI_INT, 1, 44, MPI_COMM_WORLD);
        mtest_barrier();
    } else {
        char buf[16];
        int nfill;
        mtest_go_quiet(50);
        MPI_Recv(&nfill, 1, MPI_INT, 0, 44, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (int i = 0; i < nfill; i++)
            MPI_Recv(buf, 16, MPI_BYTE, 0, 40, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Recv(buf, 16, MPI_BYTE, 0, 43, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        CHECK(strcmp(buf, "stays") == 0, "got '%s'", buf);
        mtest_barrier();
        nothing_left(41, "cancelled queued eager send");
        nothing_left(42, "cancelled queued rendezvous send");
    }
}

/* Rank 1's receive is posted; rank 0 sends and cancels at once. Whatever
 * wins, rank 1 must end with exactly one copy of the data. */
static void racing(char *buf, size_t n, int round)
{
    int tag = 200 + round, was_cancelled;
    if (mtest_rank == 0) {
        MPI_Request r;
        MPI_Status st;
        mtest_fill(buf, n, (unsigned)round);
        mtest_barrier();
        if (round % 3)
            usleep((useconds_t)(round * 37 % 300));
        MPI_Isend(buf, (int)n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        was_cancelled = cancelled(&st);
        MPI_Send(&was_cancelled, 1, MPI_INT, 1, 1000 + round, MPI_COMM_WORLD);
        if (was_cancelled)
            MPI_Send(buf, (int)n, MPI_BYTE, 1, tag, MPI_COMM_WORLD);
    } else {
        MPI_Request r;
        MPI_Status st;
        char *in = buf;
        memset(in, 0, n);
        MPI_Irecv(in, (int)n, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &r);
        mtest_barrier();
        MPI_Wait(&r, &st);
        CHECK(mtest_verify(in, n, (unsigned)round) < 0, "race %d: data differ", round);
        MPI_Recv(&was_cancelled, 1, MPI_INT, 0, 1000 + round, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        nothing_left(tag, "race");
    }
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit();
    char *buf;
    MPI_Alloc_mem((MPI_Aint)(4 * limit), MPI_INFO_NULL, &buf);
    posted_receive();
    unmatched_send(buf, 4 * limit, 0, 20);
    unmatched_send(buf, 16, 1, 21);
    unmatched_send(buf, 4 * limit, 1, 22);
    delivered_eager();
    queued_sends(buf, 4 * limit);
    for (int round = 0; round < 30; round++)
        racing(buf, round % 2 ? 4 * limit : 16, round);
    mtest_barrier();

    /* cancelling a complete request changes nothing */
    MPI_Request r;
    MPI_Status st;
    MPI_Isend(NULL, 0, MPI_BYTE, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r);
    MPI_Cancel(&r);
    MPI_Wait(&r, &st);
    CHECK(cancelled(&st) == 0, "a complete send got cancelled");

    /* a persistent receive: cancel one start, the next start works */
    char pbuf[8];
    MPI_Recv_init(pbuf, 8, MPI_BYTE, 1 - mtest_rank, 60, MPI_COMM_WORLD, &r);
    MPI_Start(&r);
    MPI_Cancel(&r);
    MPI_Wait(&r, &st);
    CHECK(cancelled(&st) == 1, "a started persistent receive was not cancelled");
    mtest_barrier(); /* the peer sends only now */
    MPI_Start(&r);
    MPI_Send("again", 6, MPI_BYTE, 1 - mtest_rank, 60, MPI_COMM_WORLD);
    MPI_Wait(&r, &st);
    CHECK(cancelled(&st) == 0 && strcmp(pbuf, "again") == 0, "restarted persistent receive got '%s'", pbuf);
    MPI_Request_free(&r);

    MPI_Free_mem(buf);
    return mtest_finalize();
}
