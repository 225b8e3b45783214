/* Matching order (MPI-4.0 3.5): no overtaking between a pair whatever the
 * protocol of each message, posted receives matched in posting order,
 * unexpected messages in arrival order, MPI_ANY_SOURCE and MPI_ANY_TAG.
 * Needs 3 ranks. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

#define N 120
#define MAXLEN 5000

static size_t size_of(int i, size_t limit)
{
    size_t sizes[] = {4, 40, limit, limit + 1, 3000, 17};
    return sizes[i % 6];
}

/* Messages carry their sequence number in the first int. */
static void send_seq(char *buf, int i, size_t n, int dest, int tag)
{
    memset(buf, i & 0xff, n);
    memcpy(buf, &i, sizeof i);
    MPI_Send(buf, (int)n, MPI_BYTE, dest, tag, MPI_COMM_WORLD);
}

static int seq_of(const char *buf)
{
    int i;
    memcpy(&i, buf, sizeof i);
    return i;
}

/* rank 1 -> rank 0, one tag: the first receives are posted before the
 * messages arrive, the rest find them in the unexpected queue. */
static void pair_order(char *buf, size_t limit)
{
    if (mtest_rank == 1) {
        mtest_barrier();
        for (int i = 0; i < N; i++)
            send_seq(buf, i, size_of(i, limit), 0, 5);
    } else if (mtest_rank == 0) {
        enum { POSTED = 40 };
        static char in[POSTED][MAXLEN];
        MPI_Request r[POSTED];
        MPI_Status st[POSTED];
        for (int i = 0; i < POSTED; i++)
            MPI_Irecv(in[i], MAXLEN, MPI_BYTE, 1, 5, MPI_COMM_WORLD, &r[i]);
        mtest_barrier();
        MPI_Waitall(POSTED, r, st);
        for (int i = 0; i < POSTED; i++) {
            int count;
            MPI_Get_count(&st[i], MPI_BYTE, &count);
            CHECK(seq_of(in[i]) == i, "posted receive %d got message %d", i, seq_of(in[i]));
            CHECK(count == (int)size_of(i, limit), "posted receive %d: %d bytes", i, count);
        }
        for (int i = POSTED; i < N; i++) {
            MPI_Status s;
            MPI_Recv(buf, MAXLEN, MPI_BYTE, 1, 5, MPI_COMM_WORLD, &s);
            CHECK(seq_of(buf) == i, "receive %d got message %d", i, seq_of(buf));
        }
    } else {
        mtest_barrier();
    }
}

/* Tags vary; MPI_ANY_TAG receives still see the pair's order. */
static void any_tag_order(char *buf, size_t limit)
{
    if (mtest_rank == 1) {
        for (int i = 0; i < N; i++)
            send_seq(buf, i, size_of(i, limit), 0, i % 7);
    } else if (mtest_rank == 0) {
        for (int i = 0; i < N; i++) {
            MPI_Status s;
            MPI_Recv(buf, MAXLEN, MPI_BYTE, 1, MPI_ANY_TAG, MPI_COMM_WORLD, &s);
            CHECK(seq_of(buf) == i && s.MPI_TAG == i % 7, "got message %d tag %d, want %d tag %d", seq_of(buf),
                  s.MPI_TAG, i, i % 7);
        }
    }
    mtest_barrier();
}

/* Ranks 1 and 2 both send to 0, which receives from MPI_ANY_SOURCE: each
 * sender's messages stay in order. */
static void any_source_order(char *buf, size_t limit)
{
    if (mtest_rank == 0) {
        int next[3] = {0, 0, 0};
        for (int i = 0; i < 2 * N; i++) {
            MPI_Status s;
            MPI_Recv(buf, MAXLEN, MPI_BYTE, MPI_ANY_SOURCE, 9, MPI_COMM_WORLD, &s);
            int src = s.MPI_SOURCE;
            CHECK(src == 1 || src == 2, "source %d", src);
            if (src == 1 || src == 2) {
                CHECK(seq_of(buf) == next[src], "from %d: message %d, want %d", src, seq_of(buf), next[src]);
                next[src] = seq_of(buf) + 1;
            }
        }
        CHECK(next[1] == N && next[2] == N, "received %d from 1 and %d from 2", next[1], next[2]);
    } else {
        for (int i = 0; i < N; i++)
            send_seq(buf, i, size_of(i + mtest_rank, limit), 0, 9);
    }
    mtest_barrier();
}

/* A message goes to the first posted receive that matches it. */
static void posted_queue(size_t limit)
{
    char a[16], b[16], c[16], d[16];
    if (mtest_rank == 0) {
        MPI_Request r[4];
        MPI_Status st[4];
        MPI_Irecv(a, 16, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &r[0]);
        MPI_Irecv(b, 16, MPI_BYTE, 1, 5, MPI_COMM_WORLD, &r[1]);
        MPI_Irecv(c, 16, MPI_BYTE, MPI_ANY_SOURCE, 5, MPI_COMM_WORLD, &r[2]);
        MPI_Irecv(d, 16, MPI_BYTE, 1, 6, MPI_COMM_WORLD, &r[3]);
        mtest_barrier();
        MPI_Waitall(4, r, st);
        CHECK(a[0] == 'a' && st[0].MPI_TAG == 5, "ANY/ANY receive got '%c' tag %d", a[0], st[0].MPI_TAG);
        CHECK(b[0] == 'b', "(1, 5) receive got '%c'", b[0]);
        CHECK(c[0] == 'd', "(ANY, 5) receive got '%c'", c[0]);
        CHECK(d[0] == 'c', "(1, 6) receive got '%c'", d[0]);
    } else if (mtest_rank == 1) {
        mtest_barrier();
        MPI_Send("a", 2, MPI_BYTE, 0, 5, MPI_COMM_WORLD);
        MPI_Send("b", 2, MPI_BYTE, 0, 5, MPI_COMM_WORLD);
        MPI_Send("c", 2, MPI_BYTE, 0, 6, MPI_COMM_WORLD);
        MPI_Send("d", 2, MPI_BYTE, 0, 5, MPI_COMM_WORLD);
    } else {
        mtest_barrier();
    }
    (void)limit;
}

/* A receive takes the earliest unexpected message that matches it; a
 * rendezvous message keeps its place among eager ones. */
static void unexpected_queue(char *buf, size_t limit)
{
    size_t big = 2 * limit;
    if (mtest_rank == 1) {
        static char out[4][MAXLEN];
        size_t n[4] = {8, big, 8, 8}; /* x, y (rendezvous), z, w */
        int tag[4] = {1, 2, 1, 2};
        MPI_Request r[4];
        for (int i = 0; i < 4; i++) {
            memset(out[i], 0, n[i]);
            out[i][0] = (char)(i + 1);
            MPI_Isend(out[i], (int)n[i], MPI_BYTE, 0, tag[i], MPI_COMM_WORLD, &r[i]);
        }
        MPI_Send(NULL, 0, MPI_BYTE, 0, 99, MPI_COMM_WORLD);
        MPI_Waitall(4, r, MPI_STATUSES_IGNORE);
    } else if (mtest_rank == 0) {
        MPI_Status s;
        /* arrives after x, y, z, w: they all wait in the unexpected queue */
        MPI_Recv(NULL, 0, MPI_BYTE, 1, 99, MPI_COMM_WORLD, &s);
        MPI_Recv(buf, MAXLEN, MPI_BYTE, 1, 2, MPI_COMM_WORLD, &s);
        int count;
        MPI_Get_count(&s, MPI_BYTE, &count);
        CHECK(seq_of(buf) == 2 && count == (int)big, "(1, 2) got message %d of %d bytes, want y", seq_of(buf), count);
        MPI_Recv(buf, MAXLEN, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &s);
        CHECK(seq_of(buf) == 1 && s.MPI_TAG == 1, "(ANY, ANY) got message %d, want x", seq_of(buf));
        MPI_Recv(buf, MAXLEN, MPI_BYTE, MPI_ANY_SOURCE, 2, MPI_COMM_WORLD, &s);
        CHECK(seq_of(buf) == 4, "(ANY, 2) got message %d, want w", seq_of(buf));
        MPI_Recv(buf, MAXLEN, MPI_BYTE, 1, MPI_ANY_TAG, MPI_COMM_WORLD, &s);
        CHECK(seq_of(buf) == 3, "(1, ANY) got message %d, want z", seq_of(buf));
    }
    mtest_barrier();
}

/* Communicators (and the collective context of mtest_barrier) do not mix:
 * the same source and tag on MPI_COMM_SELF and MPI_COMM_WORLD are two streams. */
static void contexts(void)
{
    int v = -1;
    MPI_Request r;
    MPI_Irecv(&v, 1, MPI_INT, 0, 1, MPI_COMM_SELF, &r);
    int world = 100 + mtest_rank, self = 200;
    MPI_Send(&world, 1, MPI_INT, mtest_rank, 1, MPI_COMM_WORLD);
    MPI_Send(&self, 1, MPI_INT, 0, 1, MPI_COMM_SELF);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    CHECK(v == 200, "a COMM_SELF receive got %d", v);
    MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    CHECK(v == 100 + mtest_rank, "a COMM_WORLD receive got %d", v);
    mtest_barrier();
    int flag;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    CHECK(!flag, "the barrier's messages are visible on COMM_WORLD");
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit();
    char *buf;
    MPI_Alloc_mem(MAXLEN, MPI_INFO_NULL, &buf);
    pair_order(buf, limit);
    any_tag_order(buf, limit);
    any_source_order(buf, limit);
    posted_queue(limit);
    unexpected_queue(buf, limit);
    contexts();
    MPI_Free_mem(buf);
    return mtest_finalize();
}
