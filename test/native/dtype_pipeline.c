/* Large non-contiguous messages move through bounded memory (device/rndv.c):
 * the sender packs into a staging ring of a few chunks, the receiver unpacks a
 * chunk at a time. Checked here: how much the heap grows when a large
 * strided send starts and when its receive is posted (neither holds a copy
 * of the whole message), that the receiver pulls it in chunks, and that the
 * data arrive intact: strided to strided, strided to contiguous, contiguous
 * to strided, truncated, to self, a local copy (Allgather on COMM_SELF), and
 * from a sender still staging its buffer behind a counter into a strided
 * receive. Rank 0 sends to rank 1. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N (1 << 19) /* doubles in a message: 4 MiB packed */

/* What the core has allocated (MPIR_Malloc goes to the fake host's arena). */
static size_t heap(void) { return fake_host_arena_in_use(); }

static MPI_Datatype strided(void)
{
    MPI_Datatype t;
    MPI_Type_vector(N, 1, 2, MPI_DOUBLE, &t);
    MPI_Type_commit(&t);
    return t;
}

static void fill_strided(double *a, int seed)
{
    for (int i = 0; i < 2 * N; i++)
        a[i] = i % 2 ? -1.0 : seed * 1e7 + i / 2;
}

/* Element k of the message is seed * 1e7 + k; want_gaps: the odd doubles are untouched (-2). */
static int bad_doubles(const double *a, int n, int stride, int seed)
{
    int bad = 0;
    for (int k = 0; k < n; k++)
        bad += a[stride * k] != seed * 1e7 + k;
    if (stride == 2)
        for (int k = 0; k < n; k++)
            bad += a[2 * k + 1] != -2.0;
    return bad;
}

static double *gapped(void)
{
    double *a = malloc(sizeof(double) * 2 * N);
    for (int i = 0; i < 2 * N; i++)
        a[i] = -2.0;
    return a;
}

/* The heap grows by far less than the message when the send starts and when the receive is posted. */
static void bounded(MPI_Datatype t, double *out)
{
    size_t msg = sizeof(double) * N, bound = MPIDI_pipe_window + 64 * 1024;
    MPI_Request r;
    if (mtest_rank == 0) {
        size_t before = heap();
        MPI_Isend(out, 1, t, 1, 1, MPI_COMM_WORLD, &r);
        size_t grew = heap() - before;
        CHECK(grew < bound, "starting a strided send of %zu bytes took %zu bytes of heap (bound %zu)", msg, grew, bound);
        mtest_barrier();
        MPI_Wait(&r, MPI_STATUS_IGNORE);
    } else {
        double *in = gapped();
        unsigned rgets = fake_host_get_stats().rgets;
        size_t before = heap();
        MPI_Irecv(in, 1, t, 0, 1, MPI_COMM_WORLD, &r);
        size_t grew = heap() - before;
        CHECK(grew < 4096, "posting a strided receive of %zu bytes took %zu bytes of heap", msg, grew);
        mtest_barrier();
        MPI_Status st;
        MPI_Wait(&r, &st);
        int count;
        MPI_Get_count(&st, t, &count);
        CHECK(count == 1, "count %d", count);
        CHECK(bad_doubles(in, N, 2, 0) == 0, "strided to strided: %d wrong doubles", bad_doubles(in, N, 2, 0));
        unsigned pulls = fake_host_get_stats().rgets - rgets;
        CHECK(pulls >= msg / MPIDI_pipe_chunk, "%u rgets for %zu bytes in chunks of %zu", pulls, msg, MPIDI_pipe_chunk);
        free(in);
    }
}

/* A pipelined send into contiguous doubles, contiguous doubles into a strided
 * receive, and a pipelined send truncated by a short receive. */
static void mixed(MPI_Datatype t, double *out)
{
    if (mtest_rank == 0) {
        double *contig = malloc(sizeof(double) * N);
        for (int k = 0; k < N; k++)
            contig[k] = 1e7 + k;
        MPI_Send(out, 1, t, 1, 2, MPI_COMM_WORLD);
        MPI_Send(contig, N, MPI_DOUBLE, 1, 3, MPI_COMM_WORLD);
        MPI_Send(out, 1, t, 1, 4, MPI_COMM_WORLD);
        free(contig);
        return;
    }
    double *in = gapped();
    MPI_Recv(in, N, MPI_DOUBLE, 0, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    CHECK(bad_doubles(in, N, 1, 0) == 0, "strided to contiguous: %d wrong", bad_doubles(in, N, 1, 0));
    for (int i = 0; i < 2 * N; i++)
        in[i] = -2.0;
    MPI_Recv(in, 1, t, 0, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    CHECK(bad_doubles(in, N, 2, 1) == 0, "contiguous to strided: %d wrong", bad_doubles(in, N, 2, 1));
    for (int i = 0; i < 2 * N; i++)
        in[i] = -2.0;
    MPI_Datatype half;
    MPI_Type_vector(N / 2 + 3, 1, 2, MPI_DOUBLE, &half);
    MPI_Type_commit(&half);
    MPI_Status st;
    int rc = MPI_Recv(in, 1, half, 0, 4, MPI_COMM_WORLD, &st);
    CHECK_CLASS(rc, MPI_ERR_TRUNCATE);
    CHECK(bad_doubles(in, N / 2 + 3, 2, 0) == 0 && in[2 * (N / 2 + 3)] == -2.0, "truncated: wrong data");
    MPI_Type_free(&half);
    free(in);
}

/* A sender that stages its contiguous buffer behind a counter (the facade's
 * pipelined send of a JS array) into a strided receive: the receiver pulls
 * chunks at offsets into the counted buffer. */
static void staged_into_strided(MPI_Datatype t)
{
    if (mtest_rank == 0) {
        double *buf;
        uint32_t *counter;
        MPI_Alloc_mem(sizeof(double) * N + 4, MPI_INFO_NULL, &buf);
        counter = (uint32_t *)(buf + N);
        __atomic_store_n(counter, 0, __ATOMIC_RELEASE);
        MPI_Request r;
        MPIR_Isend_named("MPI_Isend", buf, N, MPI_DOUBLE, 1, 5, MPI_COMM_WORLD, MPIR_MODE_STANDARD,
                         (uint32_t)(uintptr_t)counter, &r);
        for (int k = 0; k < N; k += 4096) {
            for (int j = k; j < k + 4096; j++)
                buf[j] = 2e7 + j;
            __atomic_store_n(counter, (uint32_t)(sizeof(double) * (k + 4096)), __ATOMIC_RELEASE);
            if (k % (16 * 4096) == 0)
                usleep(200);
        }
        MPI_Wait(&r, MPI_STATUS_IGNORE);
        MPI_Free_mem(buf);
        return;
    }
    double *in = gapped();
    MPI_Recv(in, 1, t, 0, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    CHECK(bad_doubles(in, N, 2, 2) == 0, "staged to strided: %d wrong", bad_doubles(in, N, 2, 2));
    free(in);
}

static void to_self(MPI_Datatype t, double *out)
{
    double *in = gapped();
    MPI_Request r[2];
    MPI_Irecv(in, 1, t, mtest_rank, 6, MPI_COMM_WORLD, &r[0]);
    MPI_Isend(out, 1, t, mtest_rank, 6, MPI_COMM_WORLD, &r[1]);
    MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
    CHECK(bad_doubles(in, N, 2, mtest_rank) == 0, "to self: %d wrong", bad_doubles(in, N, 2, mtest_rank));
    /* a local copy between two strided buffers (MPIR_Localcopy, a chunk at a time) */
    for (int i = 0; i < 2 * N; i++)
        in[i] = -2.0;
    MPI_Allgather(out, 1, t, in, 1, t, MPI_COMM_SELF);
    CHECK(bad_doubles(in, N, 2, mtest_rank) == 0, "local copy: %d wrong", bad_doubles(in, N, 2, mtest_rank));
    free(in);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Datatype t = strided();
    double *out = malloc(sizeof(double) * 2 * N);
    fill_strided(out, mtest_rank);
    if (mtest_size >= 2 && mtest_rank < 2) {
        bounded(t, out);
        mixed(t, out);
        staged_into_strided(t);
    } else if (mtest_size >= 2) {
        mtest_barrier(); /* the one in bounded() */
    }
    to_self(t, out);
    MPI_Type_free(&t);
    free(out);
    return mtest_finalize();
}
