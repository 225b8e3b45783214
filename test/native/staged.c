/* Staged rendezvous (MPIR_Isend_named with a stage counter, the facade's pipelined send of a
 * JS-heap buffer): the sender starts the send, then fills the buffer a chunk
 * at a time behind a staged-bytes counter; the receiver copies each chunk
 * once the counter covers it, and gets exactly the data whatever the size
 * (even under the eager limit: staging forces rendezvous), truncation, or
 * matching path (posted, unexpected, Mprobe/Mrecv), from the shared arena or
 * from private memory. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 4096

/* Starts a staged send of n bytes and stages them slowly; waits for it. */
static void send_staged(char *buf, uint32_t *counter, size_t n, int dest, int tag, MPIR_Send_mode mode)
{
    MPI_Request r;
    char *data = malloc(n ? n : 1);
    mtest_fill(data, n, (unsigned)tag);
    __atomic_store_n(counter, 0, __ATOMIC_RELEASE);
    int rc = MPIR_Isend_named("MPI_Isend", buf, (MPI_Count)n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, mode,
                               (uint32_t)(uintptr_t)counter, &r);
    CHECK(rc == MPI_SUCCESS, "MPIR_Isend_named: %d", rc);
    for (size_t at = 0; at < n; at += CHUNK) {
        size_t end = at + CHUNK < n ? at + CHUNK : n;
        memcpy(buf + at, data + at, end - at);
        __atomic_store_n(counter, (uint32_t)end, __ATOMIC_RELEASE);
        if (at % (4 * CHUNK) == 0)
            usleep(100); /* the receiver catches up and waits on the counter */
    }
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    free(data);
}

static void expect(const char *in, size_t n, size_t got, int tag, const char *what)
{
    CHECK(got == n, "%s, tag %d: %zu bytes, want %zu", what, tag, got, n);
    long bad = mtest_verify(in, n, (unsigned)tag);
    CHECK(bad < 0, "%s, tag %d: differs at byte %ld of %zu", what, tag, bad, n);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    size_t sizes[] = {1, 100, 5000, 200000};
    size_t max = 200000;
    char *shared, *priv = malloc(max), *in = malloc(max + 64);
    uint32_t *shared_counter, priv_counter;
    MPI_Alloc_mem((MPI_Aint)max, MPI_INFO_NULL, &shared);
    MPI_Alloc_mem(sizeof *shared_counter, MPI_INFO_NULL, &shared_counter);
    for (int i = 0; i < 4; i++) {
        for (int where = 0; where < 2; where++) {
            size_t n = sizes[i];
            char *buf = where ? priv : shared;
            uint32_t *counter = where ? &priv_counter : shared_counter;
            int tag = 10 * i + 5 * where;
            if (mtest_rank == 0) {
                mtest_barrier();
                send_staged(buf, counter, n, 1, tag, MPIR_MODE_STANDARD);     /* posted */
                send_staged(buf, counter, n, 1, tag + 1, MPIR_MODE_STANDARD); /* unexpected */
                send_staged(buf, counter, n, 1, tag + 2, MPIR_MODE_SYNC);     /* Mprobe + Mrecv */
                send_staged(buf, counter, n, 1, tag + 3, MPIR_MODE_STANDARD); /* truncated */
            } else {
                MPI_Request r;
                MPI_Status st;
                MPI_Message m;
                MPI_Count got;
                unsigned rgets = fake_host_get_stats().rgets;
                MPI_Irecv(in, (int)max, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &r);
                mtest_barrier();
                MPI_Wait(&r, &st);
                MPI_Get_count_c(&st, MPI_BYTE, &got);
                expect(in, n, (size_t)got, tag, "posted");
                CHECK(fake_host_get_stats().rgets == rgets + 1, "a staged send of %zu bytes went without rget", n);

                MPI_Probe(0, tag + 1, MPI_COMM_WORLD, &st);
                MPI_Recv(in, (int)max, MPI_BYTE, 0, tag + 1, MPI_COMM_WORLD, &st);
                MPI_Get_count_c(&st, MPI_BYTE, &got);
                expect(in, n, (size_t)got, tag + 1, "unexpected");

                MPI_Mprobe(0, tag + 2, MPI_COMM_WORLD, &m, &st);
                MPI_Mrecv(in, (int)max, MPI_BYTE, &m, &st);
                MPI_Get_count_c(&st, MPI_BYTE, &got);
                expect(in, n, (size_t)got, tag + 2, "Mrecv");

                size_t cap = n / 2;
                memset(in + cap, 0x5a, 64);
                int rc = MPI_Recv(in, (int)cap, MPI_BYTE, 0, tag + 3, MPI_COMM_WORLD, &st);
                CHECK_CLASS(rc, MPI_ERR_TRUNCATE);
                CHECK(mtest_verify(in, cap, (unsigned)tag + 3) < 0 && in[cap] == 0x5a && in[cap + 63] == 0x5a,
                      "truncated staged message of %zu into %zu", n, cap);
            }
        }
    }
    /* to self: the receive is posted, the staging done before the next MPI call */
    MPI_Request r;
    MPI_Status st;
    MPI_Irecv(in, (int)max, MPI_BYTE, mtest_rank, 77, MPI_COMM_WORLD, &r);
    send_staged(shared, shared_counter, 30000, mtest_rank, 77, MPIR_MODE_STANDARD);
    MPI_Wait(&r, &st);
    CHECK(mtest_verify(in, 30000, 77) < 0, "staged send to self: data differ");

    MPI_Free_mem(shared);
    MPI_Free_mem(shared_counter);
    free(priv);
    free(in);
    return mtest_finalize();
}
