/* MPICH-style helpers for the native tests (see mtest.h). */
#include "mtest.h"
#include "device/mpidi.h"
#include <stdlib.h>
#include <unistd.h>

int mtest_errs;
int mtest_rank = -1, mtest_size;

#define MTEST_TAG 0x7ffffff0

void mtest_env_default(const char *name, const char *value) { setenv(name, value, 0); }

void mtest_init(int *argc, char ***argv)
{
    mtest_env_default("WMPI_RING_CELLS", "64");
    mtest_env_default("WMPI_EAGER_LIMIT", "1024");
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &mtest_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mtest_size);
}

size_t mtest_eager_limit(void) { return MPIDI_eager_limit; }

double mtest_now(void) { return wmpi_host_now(); }

static void coll_send(const void *buf, size_t n, int dest)
{
    MPIR_Request *r;
    if (MPIR_Isend_impl(buf, n, dest, MTEST_TAG, MPIR_Comm_get(MPI_COMM_WORLD), MPIR_CONTEXT_COLL,
                        MPIR_MODE_STANDARD, &r) != MPI_SUCCESS)
        MPI_Abort(MPI_COMM_WORLD, 1);
    MPIR_Request_wait(r);
    MPIR_Request_release(r);
}

static void coll_recv(void *buf, size_t n, int source)
{
    MPIR_Request *r = MPIR_Request_create(MPIR_REQ_RECV);
    if (r == NULL)
        MPI_Abort(MPI_COMM_WORLD, 1);
    r->comm_handle = MPI_COMM_WORLD;
    r->buf = buf;
    r->capacity = n;
    r->context = MPIR_Comm_get(MPI_COMM_WORLD)->context_id + MPIR_CONTEXT_COLL;
    r->rank = source;
    r->tag = MTEST_TAG;
    MPID_Irecv(r);
    MPIR_Request_wait(r);
    MPIR_Request_release(r);
}

/* Sums v over the ranks at rank 0, then tells everyone (a barrier too). */
static int sum_to_all(int v)
{
    if (mtest_rank == 0) {
        for (int r = 1; r < mtest_size; r++) {
            int x;
            coll_recv(&x, sizeof x, r);
            v += x;
        }
        for (int r = 1; r < mtest_size; r++)
            coll_send(&v, sizeof v, r);
    } else {
        coll_send(&v, sizeof v, 0);
        coll_recv(&v, sizeof v, 0);
    }
    return v;
}

void mtest_barrier(void) { sum_to_all(0); }

/* On the collective context too: the quiet rank must not poll after telling. */
void mtest_go_quiet(int peer, int ms)
{
    int quiet = 1;
    coll_send(&quiet, sizeof quiet, peer);
    usleep((useconds_t)ms * 1000);
}

void mtest_wait_quiet(int rank)
{
    int quiet;
    coll_recv(&quiet, sizeof quiet, rank);
}

static unsigned char pattern(size_t i, unsigned seed)
{
    uint32_t x = (uint32_t)i * 2654435761u + seed * 40503u;
    return (unsigned char)(x >> 13 ^ x);
}

void mtest_fill(void *buf, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        ((unsigned char *)buf)[i] = pattern(i, seed);
}

long mtest_verify(const void *buf, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (((const unsigned char *)buf)[i] != pattern(i, seed))
            return (long)i;
    return -1;
}

void mtest_dump_requests(void)
{
    for (unsigned i = 0; i < 1u << 16; i++) {
        MPIR_Request *r = MPIR_Request_get(HANDLE_MAKE_DYNAMIC(WMPI_KIND_REQUEST, i));
        if (r)
            fprintf(stderr,
                    "[rank %d]   live request 0x%x: kind %d complete %d user_freed %d rndv %d rndv_done %d "
                    "cancel_pending %d unexpected %d context %d rank %d tag %d size %llu\n",
                    mtest_rank, (unsigned)r->handle, r->kind, r->complete, r->user_freed, r->is_rndv, r->rndv_done,
                    r->cancel_pending, r->in_unexpected, r->context, r->rank, r->tag,
                    (unsigned long long)r->msg_size);
    }
}

int mtest_settled_live_count(int expected)
{
    mtest_barrier();
    for (double end = mtest_now() + 1; MPIR_Request_live_count() != expected && mtest_now() < end;) {
        int flag;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    }
    int live = MPIR_Request_live_count();
    if (live != expected)
        mtest_dump_requests();
    mtest_barrier();
    return live;
}

/* The leak check runs after the error tally: from then on no message is in
 * flight, so every live request is a leak (an unexpected message from a peer
 * that is already finalizing would otherwise count). A leak is reported on
 * stderr and in the exit code, which fails the test as well. */
int mtest_finalize(void)
{
    int total = sum_to_all(mtest_errs);
    if (mtest_rank == 0) {
        if (total == 0)
            printf(" No Errors\n");
        else
            printf(" Found %d errors\n", total);
        fflush(stdout);
    }
    int live = MPIR_Request_live_count();
    CHECK(live == 0, "%d requests still alive before MPI_Finalize", live);
    if (live != 0)
        mtest_dump_requests();
    MPI_Finalize();
    live = MPIR_Request_live_count();
    CHECK(live == 0, "%d requests still alive after MPI_Finalize", live);
    return mtest_errs ? 1 : 0;
}
