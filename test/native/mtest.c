/* MPICH-style helpers for the native tests (see mtest.h). */
#include "mtest.h"
#include <stdlib.h>
#include <unistd.h>

int mtest_errs;
int mtest_rank = -1, mtest_size;

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

/* While a rank waits for the others: drain its send queue, handle its ring. */
static void progress(void) { MPID_Progress_poll(); }

/* Everything this rank sent before the barrier is in its peers' rings when
 * they leave it, and each rank handles its ring before leaving: after a
 * barrier every message sent before it has reached its matching queues. */
void mtest_barrier(void)
{
    while (MPIDI_Sendq_pending())
        MPID_Progress_poll();
    fake_host_barrier(progress);
    MPID_Progress_poll();
}

static int sum_to_all(int v)
{
    while (MPIDI_Sendq_pending())
        MPID_Progress_poll();
    v = fake_host_sum(v, progress);
    MPID_Progress_poll();
    return v;
}

static unsigned quiet_seen[16];

void mtest_go_quiet(int ms)
{
    fake_host_bump();
    usleep((useconds_t)ms * 1000);
}

void mtest_wait_quiet(int rank)
{
    while (fake_host_bumps(rank) == quiet_seen[rank])
        progress();
    quiet_seen[rank] = fake_host_bumps(rank);
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
                    "cancel_pending %d context %d rank %d tag %d size %llu\n",
                    mtest_rank, (unsigned)r->handle, r->kind, r->complete, r->user_freed, r->is_rndv, r->rndv_done,
                    r->cancel_pending, r->context, r->rank, r->tag,
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

/* Leaks found after the tally are reported on stderr and in the exit code,
 * which fails the test as well. */
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
