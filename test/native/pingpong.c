/* Send/Recv between two ranks over every size class (empty, one cell, many
 * cells, the eager limit, rendezvous), from private and MPI_Alloc_mem
 * buffers, plus sends to self on MPI_COMM_WORLD and MPI_COMM_SELF; checks
 * data, status and MPI_Get_count. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

static void check_status(const MPI_Status *st, int source, int tag, size_t bytes)
{
    int count;
    CHECK(st->MPI_SOURCE == source, "source %d, want %d", st->MPI_SOURCE, source);
    CHECK(st->MPI_TAG == tag, "tag %d, want %d", st->MPI_TAG, tag);
    MPI_Get_count(st, MPI_BYTE, &count);
    CHECK(count == (int)bytes, "count %d bytes, want %zu", count, bytes);
    MPI_Get_count(st, MPI_INT, &count);
    CHECK(count == (bytes % 4 ? MPI_UNDEFINED : (int)(bytes / 4)), "count %d ints for %zu bytes", count, bytes);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit();
    size_t sizes[] = {0, 1, 15, 16, 17, 64, 100, limit - 1, limit, limit + 1, 3 * limit + 7, 200000};
    int nsizes = (int)(sizeof sizes / sizeof sizes[0]);
    size_t max = 200000;
    char *shared, *priv = malloc(max), *in = malloc(max);
    MPI_Alloc_mem((MPI_Aint)max, MPI_INFO_NULL, &shared);
    int peer = 1 - mtest_rank;
    for (int i = 0; i < nsizes; i++) {
        for (int use_shared = 0; use_shared < 2; use_shared++) {
            char *out = use_shared ? shared : priv;
            size_t n = sizes[i];
            unsigned seed = (unsigned)(i * 2 + use_shared);
            MPI_Status st;
            if (mtest_rank == 0) {
                mtest_fill(out, n, seed);
                MPI_Send(out, (int)n, MPI_BYTE, peer, i, MPI_COMM_WORLD);
                memset(in, 0, n);
                MPI_Recv(in, (int)max, MPI_BYTE, peer, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
                check_status(&st, peer, 1000 + i, n);
                long bad = mtest_verify(in, n, seed + 100);
                CHECK(bad < 0, "size %zu: echo differs at byte %ld", n, bad);
            } else {
                memset(in, 0, n);
                MPI_Recv(in, (int)max, MPI_BYTE, MPI_ANY_SOURCE, i, MPI_COMM_WORLD, &st);
                check_status(&st, peer, i, n);
                long bad = mtest_verify(in, n, seed);
                CHECK(bad < 0, "size %zu: data differs at byte %ld", n, bad);
                mtest_fill(out, n, seed + 100);
                MPI_Send(out, (int)n, MPI_BYTE, peer, 1000 + i, MPI_COMM_WORLD);
            }
        }
    }

    /* typed data: the count is in elements */
    double d[300], e[300];
    for (int i = 0; i < 300; i++)
        d[i] = mtest_rank * 1000 + i + 0.25;
    MPI_Status st;
    MPI_Sendrecv(d, 300, MPI_DOUBLE, peer, 7, e, 300, MPI_DOUBLE, peer, 7, MPI_COMM_WORLD, &st);
    int count;
    MPI_Get_count(&st, MPI_DOUBLE, &count);
    CHECK(count == 300, "got %d doubles", count);
    for (int i = 0; i < 300; i++)
        CHECK(e[i] == peer * 1000 + i + 0.25, "double %d is %g", i, e[i]);

    /* to self, eager and rendezvous, on both predefined communicators */
    MPI_Comm comms[2] = {MPI_COMM_WORLD, MPI_COMM_SELF};
    for (int c = 0; c < 2; c++) {
        int me = c == 0 ? mtest_rank : 0;
        size_t self_sizes[] = {5, limit + 1, 150000};
        for (int i = 0; i < 3; i++) {
            size_t n = self_sizes[i];
            MPI_Request r;
            mtest_fill(shared, n, 77 + (unsigned)i);
            memset(in, 0, n);
            MPI_Irecv(in, (int)n, MPI_BYTE, me, 3, comms[c], &r);
            MPI_Send(shared, (int)n, MPI_BYTE, me, 3, comms[c]);
            MPI_Wait(&r, &st);
            check_status(&st, me, 3, n);
            CHECK(mtest_verify(in, n, 77 + (unsigned)i) < 0, "self message of %zu bytes differs", n);
        }
    }

    MPI_Free_mem(shared);
    free(priv);
    free(in);
    return mtest_finalize();
}
