/* Probe and matched receive (MPI-4.0 3.8): Iprobe says no until a message
 * arrives and never removes it; Probe blocks until one does; Mprobe and
 * Improbe take the message out of matching (a later probe or receive cannot
 * see it) and Mrecv/Imrecv receive exactly it; probing a rendezvous message
 * pulls no data; MPI_PROC_NULL gives MPI_MESSAGE_NO_PROC. */
#include "mtest.h"
#include <string.h>
#include <unistd.h>

static void check_probe(const MPI_Status *st, int source, int tag, size_t n, const char *what)
{
    int count;
    MPI_Get_count(st, MPI_BYTE, &count);
    CHECK(st->MPI_SOURCE == source && st->MPI_TAG == tag && count == (int)n,
          "%s: source %d tag %d count %d, want %d %d %zu", what, st->MPI_SOURCE, st->MPI_TAG, count, source, tag, n);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit(), big = 3 * limit;
    char *out, *in;
    MPI_Alloc_mem((MPI_Aint)big, MPI_INFO_NULL, &out);
    MPI_Alloc_mem((MPI_Aint)big, MPI_INFO_NULL, &in);
    MPI_Status st;
    int flag;

    if (mtest_rank == 0) {
        MPI_Request r[5];
        mtest_barrier(); /* rank 1 probes an empty queue */
        mtest_fill(out, big, 4);
        MPI_Isend("first", 6, MPI_BYTE, 1, 3, MPI_COMM_WORLD, &r[0]);
        MPI_Isend(out, (int)big, MPI_BYTE, 1, 4, MPI_COMM_WORLD, &r[1]);
        MPI_Isend("second", 7, MPI_BYTE, 1, 3, MPI_COMM_WORLD, &r[2]);
        MPI_Isend("third", 6, MPI_BYTE, 1, 4, MPI_COMM_WORLD, &r[3]);
        MPI_Isend("fourth", 7, MPI_BYTE, 1, 5, MPI_COMM_WORLD, &r[4]);
        mtest_barrier(); /* everything has arrived at rank 1 */
        MPI_Waitall(5, r, MPI_STATUSES_IGNORE);
        mtest_barrier();
        usleep(20 * 1000); /* rank 1 is blocked in MPI_Probe */
        MPI_Send("late", 5, MPI_BYTE, 1, 6, MPI_COMM_WORLD);
        MPI_Send(out, (int)big, MPI_BYTE, 1, 7, MPI_COMM_WORLD);
    } else {
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        CHECK(!flag, "Iprobe found a message before any was sent");
        mtest_barrier();
        mtest_barrier();

        fake_host_stats before = fake_host_get_stats();
        MPI_Iprobe(0, 4, MPI_COMM_WORLD, &flag, &st);
        CHECK(flag, "Iprobe(0, 4) found nothing");
        check_probe(&st, 0, 4, big, "Iprobe of the rendezvous message");
        CHECK(fake_host_get_stats().rgets == before.rgets, "probing a rendezvous message pulled its data");
        for (int i = 0; i < 2; i++) {
            MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
            CHECK(flag, "Iprobe(ANY, ANY) found nothing");
            check_probe(&st, 0, 3, 6, "Iprobe(ANY, ANY) again and again: the oldest");
        }
        MPI_Probe(MPI_ANY_SOURCE, 3, MPI_COMM_WORLD, &st);
        check_probe(&st, 0, 3, 6, "Probe(ANY, 3)");
        MPI_Recv(in, 16, MPI_BYTE, 0, 3, MPI_COMM_WORLD, &st);
        CHECK(strcmp(in, "first") == 0, "received '%s', want first", in);
        MPI_Probe(MPI_ANY_SOURCE, 3, MPI_COMM_WORLD, &st);
        check_probe(&st, 0, 3, 7, "Probe(ANY, 3) after a receive");

        /* Mprobe takes the rendezvous message out of matching */
        MPI_Message m;
        MPI_Mprobe(0, 4, MPI_COMM_WORLD, &m, &st);
        check_probe(&st, 0, 4, big, "Mprobe(0, 4)");
        CHECK(m != MPI_MESSAGE_NULL && m != MPI_MESSAGE_NO_PROC, "Mprobe gave message 0x%x", (unsigned)m);
        MPI_Iprobe(0, 4, MPI_COMM_WORLD, &flag, &st);
        CHECK(flag, "Iprobe(0, 4) after Mprobe found nothing");
        check_probe(&st, 0, 4, 6, "Iprobe(0, 4) after Mprobe: the next one");
        MPI_Request r;
        char third[16] = "";
        MPI_Irecv(third, 16, MPI_BYTE, 0, 4, MPI_COMM_WORLD, &r);
        MPI_Wait(&r, &st);
        CHECK(strcmp(third, "third") == 0, "a receive posted after Mprobe got '%s'", third);
        CHECK(fake_host_get_stats().rgets == before.rgets, "Mprobe pulled the data");
        memset(in, 0, big);
        MPI_Mrecv(in, (int)big, MPI_BYTE, &m, &st);
        CHECK(m == MPI_MESSAGE_NULL, "Mrecv left message 0x%x", (unsigned)m);
        check_probe(&st, 0, 4, big, "Mrecv status");
        CHECK(mtest_verify(in, big, 4) < 0, "Mrecv of the rendezvous message: data differ");

        /* Improbe and Imrecv */
        MPI_Improbe(0, 99, MPI_COMM_WORLD, &flag, &m, &st);
        CHECK(!flag, "Improbe(0, 99) found a message");
        MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &m, &st);
        CHECK(flag, "Improbe(ANY, ANY) found nothing");
        check_probe(&st, 0, 3, 7, "Improbe(ANY, ANY)");
        MPI_Request ir;
        MPI_Imrecv(in, 16, MPI_BYTE, &m, &ir);
        CHECK(m == MPI_MESSAGE_NULL, "Imrecv left message 0x%x", (unsigned)m);
        MPI_Wait(&ir, &st);
        CHECK(strcmp(in, "second") == 0, "Imrecv got '%s'", in);
        MPI_Mprobe(0, 5, MPI_COMM_WORLD, &m, &st);
        MPI_Mrecv(in, 16, MPI_BYTE, &m, &st);
        CHECK(strcmp(in, "fourth") == 0, "Mrecv got '%s'", in);
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        CHECK(!flag, "a message is left: tag %d", st.MPI_TAG);

        /* blocking probes wait for messages sent later */
        mtest_barrier();
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        check_probe(&st, 0, 6, 5, "Probe of a late message");
        MPI_Recv(in, 16, MPI_BYTE, 0, 6, MPI_COMM_WORLD, &st);
        MPI_Mprobe(0, 7, MPI_COMM_WORLD, &m, &st);
        check_probe(&st, 0, 7, big, "Mprobe of a late rendezvous message");
        MPI_Mrecv(in, (int)big, MPI_BYTE, &m, &st);
        CHECK(mtest_verify(in, big, 4) < 0, "late rendezvous message: data differ");
    }

    /* MPI_PROC_NULL */
    MPI_Message m;
    MPI_Probe(MPI_PROC_NULL, 1, MPI_COMM_WORLD, &st);
    CHECK(st.MPI_SOURCE == MPI_PROC_NULL && st.MPI_TAG == MPI_ANY_TAG, "Probe(PROC_NULL): source %d tag %d",
          st.MPI_SOURCE, st.MPI_TAG);
    MPI_Iprobe(MPI_PROC_NULL, 1, MPI_COMM_WORLD, &flag, &st);
    CHECK(flag && st.MPI_SOURCE == MPI_PROC_NULL, "Iprobe(PROC_NULL): flag %d source %d", flag, st.MPI_SOURCE);
    MPI_Improbe(MPI_PROC_NULL, 1, MPI_COMM_WORLD, &flag, &m, &st);
    CHECK(flag && m == MPI_MESSAGE_NO_PROC, "Improbe(PROC_NULL): flag %d message 0x%x", flag, (unsigned)m);
    memset(in, 7, 4);
    MPI_Mrecv(in, 4, MPI_BYTE, &m, &st);
    int count;
    MPI_Get_count(&st, MPI_BYTE, &count);
    CHECK(m == MPI_MESSAGE_NULL && st.MPI_SOURCE == MPI_PROC_NULL && st.MPI_TAG == MPI_ANY_TAG && count == 0 &&
              in[0] == 7,
          "Mrecv(NO_PROC): message 0x%x source %d tag %d count %d", (unsigned)m, st.MPI_SOURCE, st.MPI_TAG, count);
    MPI_Mprobe(MPI_PROC_NULL, 1, MPI_COMM_WORLD, &m, &st);
    MPI_Request r;
    MPI_Imrecv(in, 4, MPI_BYTE, &m, &r);
    MPI_Wait(&r, &st);
    CHECK(st.MPI_SOURCE == MPI_PROC_NULL && r == MPI_REQUEST_NULL, "Imrecv(NO_PROC): source %d", st.MPI_SOURCE);

    MPI_Free_mem(out);
    MPI_Free_mem(in);
    return mtest_finalize();
}
