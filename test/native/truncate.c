/* Truncation (MPI-4.0 3.2.4): a message longer than the receive buffer fills
 * the buffer, leaves every byte after it alone and completes the receive with
 * MPI_ERR_TRUNCATE (returned under MPI_ERRORS_RETURN); the sender is not
 * affected and the channel keeps working. Eager and rendezvous, posted and
 * unexpected, Recv, Wait, Waitall (MPI_ERR_IN_STATUS) and Mrecv. */
#include "mtest.h"
#include <string.h>

#define GUARD 64
#define GUARD_BYTE 0xa5

static char *in;

static void expect_truncated(int rc, const MPI_Status *st, const char *what, size_t capacity, int tag, unsigned seed)
{
    int cls = -1, count = -1;
    MPI_Error_class(rc, &cls);
    CHECK_CLASS(cls, MPI_ERR_TRUNCATE);
    CHECK(st->MPI_SOURCE == 0 && st->MPI_TAG == tag, "%s: source %d tag %d", what, st->MPI_SOURCE, st->MPI_TAG);
    MPI_Get_count(st, MPI_BYTE, &count);
    CHECK(count == (int)capacity, "%s: count %d, want the %zu bytes that fit", what, count, capacity);
    CHECK(mtest_verify(in, capacity, seed) < 0, "%s: the bytes that fit differ", what);
    for (int i = 0; i < GUARD; i++)
        if ((unsigned char)in[capacity + (size_t)i] != GUARD_BYTE) {
            CHECK(0, "%s: byte %zu past the %zu-byte buffer was written", what, capacity + (size_t)i, capacity);
            break;
        }
}

static void prepare(size_t capacity) { memset(in, GUARD_BYTE, capacity + GUARD); }

/* The sender's side of every case: one message of n bytes with tag, seeded by tag. */
static void send_one(char *out, size_t n, int tag)
{
    mtest_fill(out, n, (unsigned)tag);
    int rc = MPI_Send(out, (int)n, MPI_BYTE, 1, tag, MPI_COMM_WORLD);
    CHECK(rc == MPI_SUCCESS, "the sender of a truncated message got %d", rc);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    size_t limit = mtest_eager_limit();
    struct {
        size_t sent, capacity;
    } cases[] = {{100, 50}, {limit, limit - 1}, {limit + 1, limit}, {5 * limit, 10}, {3 * limit, 0}, {1, 0}};
    int ncases = (int)(sizeof cases / sizeof cases[0]);
    char *out;
    MPI_Alloc_mem((MPI_Aint)(5 * limit), MPI_INFO_NULL, &out);
    MPI_Alloc_mem((MPI_Aint)(5 * limit + GUARD), MPI_INFO_NULL, &in);

    for (int c = 0; c < ncases; c++) {
        size_t n = cases[c].sent, cap = cases[c].capacity;
        int tag = 10 * c;
        char what[64];
        if (mtest_rank == 0) {
            send_one(out, n, tag);     /* unexpected, blocking Recv */
            mtest_barrier();
            send_one(out, n, tag + 1); /* posted, Irecv + Wait */
            send_one(out, n, tag + 2); /* Mprobe + Mrecv */
            send_one(out, 8, tag + 3); /* Waitall: fits */
            send_one(out, n, tag + 4); /* Waitall: truncated */
            send_one(out, 20, tag + 5); /* the channel still works */
        } else {
            MPI_Status st;
            MPI_Request r[2];
            MPI_Message m;
            int rc;
            prepare(cap);
            MPI_Probe(0, tag, MPI_COMM_WORLD, &st);
            rc = MPI_Recv(in, (int)cap, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &st);
            snprintf(what, sizeof what, "%zu into %zu, unexpected", n, cap);
            expect_truncated(rc, &st, what, cap, tag, (unsigned)tag);

            prepare(cap);
            MPI_Irecv(in, (int)cap, MPI_BYTE, 0, tag + 1, MPI_COMM_WORLD, &r[0]);
            mtest_barrier();
            rc = MPI_Wait(&r[0], &st);
            snprintf(what, sizeof what, "%zu into %zu, posted", n, cap);
            expect_truncated(rc, &st, what, cap, tag + 1, (unsigned)tag + 1);
            CHECK(r[0] == MPI_REQUEST_NULL, "a failed request must still be freed");

            prepare(cap);
            MPI_Mprobe(0, tag + 2, MPI_COMM_WORLD, &m, &st);
            int count;
            MPI_Get_count(&st, MPI_BYTE, &count);
            CHECK(count == (int)n, "Mprobe: count %d, want the whole %zu", count, n);
            rc = MPI_Mrecv(in, (int)cap, MPI_BYTE, &m, &st);
            snprintf(what, sizeof what, "%zu into %zu, Mrecv", n, cap);
            expect_truncated(rc, &st, what, cap, tag + 2, (unsigned)tag + 2);

            char small[8];
            MPI_Status sts[2];
            prepare(cap);
            MPI_Irecv(small, 8, MPI_BYTE, 0, tag + 3, MPI_COMM_WORLD, &r[0]);
            MPI_Irecv(in, (int)cap, MPI_BYTE, 0, tag + 4, MPI_COMM_WORLD, &r[1]);
            sts[0].MPI_ERROR = sts[1].MPI_ERROR = -1;
            rc = MPI_Waitall(2, r, sts);
            CHECK_CLASS(rc, MPI_ERR_IN_STATUS);
            CHECK_CLASS(sts[0].MPI_ERROR, MPI_SUCCESS);
            CHECK_CLASS(sts[1].MPI_ERROR, MPI_ERR_TRUNCATE);
            snprintf(what, sizeof what, "%zu into %zu, Waitall", n, cap);
            expect_truncated(sts[1].MPI_ERROR, &sts[1], what, cap, tag + 4, (unsigned)tag + 4);
            CHECK(mtest_verify(small, 8, (unsigned)tag + 3) < 0, "Waitall: the message that fit differs");
            CHECK(r[0] == MPI_REQUEST_NULL && r[1] == MPI_REQUEST_NULL, "Waitall left requests");

            rc = MPI_Recv(in, 20, MPI_BYTE, 0, tag + 5, MPI_COMM_WORLD, &st);
            CHECK(rc == MPI_SUCCESS && mtest_verify(in, 20, (unsigned)tag + 5) < 0, "%zu into %zu: next message broken", n, cap);
        }
    }

    /* typed: 11 ints into room for 10 */
    int v[11], w[11];
    if (mtest_rank == 0) {
        for (int i = 0; i < 11; i++)
            v[i] = i + 1;
        MPI_Send(v, 11, MPI_INT, 1, 500, MPI_COMM_WORLD);
    } else {
        MPI_Status st;
        int count;
        w[10] = -1;
        int rc = MPI_Recv(w, 10, MPI_INT, 0, 500, MPI_COMM_WORLD, &st);
        CHECK_CLASS(rc, MPI_ERR_TRUNCATE);
        MPI_Get_count(&st, MPI_INT, &count);
        CHECK(count == 10 && w[9] == 10 && w[10] == -1, "ints: count %d, last %d, after %d", count, w[9], w[10]);
    }
    MPI_Free_mem(out);
    MPI_Free_mem(in);
    return mtest_finalize();
}
