/* The Wait/Test families (MPI-4.0 3.7.5) over mixed arrays: null handles,
 * inactive persistent requests, PROC_NULL sends, eager and rendezvous sends
 * and receives completing in an order the test controls. Checks indices,
 * outcounts, flags, statuses and MPI_UNDEFINED when nothing is active. */
#include "mtest.h"
#include <string.h>

enum { NUL, RECV_LATE, PNULL_SEND, INACTIVE, RECV_EARLY, RNDV_SEND, N };

static void expect_empty(const MPI_Status *st, const char *what)
{
    int count;
    MPI_Get_count(st, MPI_BYTE, &count);
    CHECK(st->MPI_SOURCE == MPI_ANY_SOURCE && st->MPI_TAG == MPI_ANY_TAG && count == 0,
          "%s: status not empty (source %d tag %d count %d)", what, st->MPI_SOURCE, st->MPI_TAG, count);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t big = 3 * mtest_eager_limit();
    char *out, *in;
    MPI_Alloc_mem((MPI_Aint)big, MPI_INFO_NULL, &out);
    MPI_Alloc_mem((MPI_Aint)big, MPI_INFO_NULL, &in);
    char late[8], early[8];
    MPI_Status st, sts[N];
    int index, flag, outcount, indices[N];

    if (mtest_rank == 1) {
        /* rank 0 posts first; sends tag 2 now, tag 1 after rank 0 says so, and
         * receives the rendezvous message last */
        mtest_barrier();
        MPI_Send("early", 6, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
        MPI_Recv(NULL, 0, MPI_BYTE, 0, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send("late", 5, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
        MPI_Recv(NULL, 0, MPI_BYTE, 0, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Recv(in, (int)big, MPI_BYTE, 0, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        CHECK(mtest_verify(in, big, 3) < 0, "rendezvous data differ");
        /* second round: Waitsome / Testsome / Testall */
        mtest_barrier();
        MPI_Send("early", 6, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
        MPI_Recv(in, (int)big, MPI_BYTE, 0, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Recv(NULL, 0, MPI_BYTE, 0, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send("late", 5, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
    } else {
        MPI_Request r[N], pers;
        mtest_fill(out, big, 3);
        MPI_Recv_init(in, 1, MPI_BYTE, 1, 7, MPI_COMM_WORLD, &pers);
        r[NUL] = MPI_REQUEST_NULL;
        MPI_Irecv(late, 8, MPI_BYTE, 1, 1, MPI_COMM_WORLD, &r[RECV_LATE]);
        MPI_Isend(out, 1, MPI_BYTE, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[PNULL_SEND]);
        r[INACTIVE] = pers;
        MPI_Irecv(early, 8, MPI_BYTE, 1, 2, MPI_COMM_WORLD, &r[RECV_EARLY]);
        MPI_Isend(out, (int)big, MPI_BYTE, 1, 3, MPI_COMM_WORLD, &r[RNDV_SEND]);
        mtest_barrier();

        MPI_Testall(N, r, &flag, sts);
        CHECK(!flag, "Testall: everything complete already");
        MPI_Waitany(N, r, &index, &st);
        CHECK(index == PNULL_SEND && st.MPI_SOURCE == MPI_PROC_NULL, "Waitany: index %d source %d, want the PROC_NULL send",
              index, st.MPI_SOURCE);
        CHECK(r[PNULL_SEND] == MPI_REQUEST_NULL, "Waitany did not free the request");
        MPI_Waitany(N, r, &index, &st);
        CHECK(index == RECV_EARLY && st.MPI_TAG == 2 && strcmp(early, "early") == 0, "Waitany: index %d tag %d",
              index, st.MPI_TAG);
        MPI_Testany(N, r, &index, &flag, &st);
        CHECK(!flag && index == MPI_UNDEFINED, "Testany: flag %d index %d with nothing complete", flag, index);
        MPI_Send(NULL, 0, MPI_BYTE, 1, 9, MPI_COMM_WORLD);
        MPI_Waitany(N, r, &index, &st);
        CHECK(index == RECV_LATE && strcmp(late, "late") == 0, "Waitany: index %d, want the late receive", index);
        MPI_Send(NULL, 0, MPI_BYTE, 1, 9, MPI_COMM_WORLD);
        do
            MPI_Testany(N, r, &index, &flag, &st);
        while (!flag);
        CHECK(index == RNDV_SEND, "Testany: index %d, want the rendezvous send", index);
        MPI_Waitany(N, r, &index, &st);
        CHECK(index == MPI_UNDEFINED, "Waitany with nothing active: index %d", index);
        expect_empty(&st, "Waitany with nothing active");
        MPI_Testany(N, r, &index, &flag, &st);
        CHECK(flag && index == MPI_UNDEFINED, "Testany with nothing active: flag %d index %d", flag, index);
        MPI_Waitsome(N, r, &outcount, indices, sts);
        CHECK(outcount == MPI_UNDEFINED, "Waitsome with nothing active: outcount %d", outcount);
        MPI_Testsome(N, r, &outcount, indices, sts);
        CHECK(outcount == MPI_UNDEFINED, "Testsome with nothing active: outcount %d", outcount);
        MPI_Testall(N, r, &flag, sts);
        CHECK(flag, "Testall with nothing active: flag %d", flag);
        expect_empty(&sts[INACTIVE], "Testall: the inactive request's status");

        /* second round */
        MPI_Irecv(late, 8, MPI_BYTE, 1, 1, MPI_COMM_WORLD, &r[RECV_LATE]);
        MPI_Isend(out, 1, MPI_BYTE, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[PNULL_SEND]);
        MPI_Irecv(early, 8, MPI_BYTE, 1, 2, MPI_COMM_WORLD, &r[RECV_EARLY]);
        MPI_Isend(out, (int)big, MPI_BYTE, 1, 3, MPI_COMM_WORLD, &r[RNDV_SEND]);
        mtest_barrier();
        int seen[N] = {0}, done = 0;
        while (done < 3) {
            MPI_Waitsome(N, r, &outcount, indices, sts);
            CHECK(outcount >= 1 && outcount <= 3 - done, "Waitsome: outcount %d", outcount);
            for (int i = 0; i < outcount && outcount != MPI_UNDEFINED; i++) {
                int k = indices[i];
                CHECK(k == PNULL_SEND || k == RECV_EARLY || k == RNDV_SEND, "Waitsome: index %d", k);
                CHECK(!seen[k] && r[k] == MPI_REQUEST_NULL, "Waitsome: index %d twice or not freed", k);
                seen[k] = 1;
                if (k == RECV_EARLY)
                    CHECK(sts[i].MPI_TAG == 2 && sts[i].MPI_SOURCE == 1, "Waitsome: status %d has tag %d", i,
                          sts[i].MPI_TAG);
                done++;
            }
        }
        MPI_Testsome(N, r, &outcount, indices, sts);
        CHECK(outcount == 0, "Testsome: outcount %d before the last message", outcount);
        MPI_Send(NULL, 0, MPI_BYTE, 1, 9, MPI_COMM_WORLD);
        do
            MPI_Testall(N, r, &flag, sts);
        while (!flag);
        CHECK(sts[RECV_LATE].MPI_TAG == 1 && strcmp(late, "late") == 0, "Testall: status tag %d",
              sts[RECV_LATE].MPI_TAG);
        for (int k = 0; k < N; k++)
            CHECK(k == INACTIVE || r[k] == MPI_REQUEST_NULL, "Testall left request %d", k);
        MPI_Request_free(&pers);
    }

    /* an empty list */
    MPI_Waitall(0, NULL, NULL);
    MPI_Waitany(0, NULL, &index, &st);
    CHECK(index == MPI_UNDEFINED, "Waitany(0): index %d", index);
    MPI_Free_mem(out);
    MPI_Free_mem(in);
    return mtest_finalize();
}
