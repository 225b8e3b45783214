/* Buffered mode (MPI-4.0 3.6): with MPI_Buffer_attach, Bsend/Ibsend complete
 * at once whatever the receiver does, the data is copied (the user may
 * overwrite it), K messages of n bytes fit in K * (n + MPI_BSEND_OVERHEAD),
 * and while none of them can leave (rendezvous, receiver busy) the buffer
 * soon runs out: MPI_ERR_BUFFER; MPI_Buffer_detach waits until every buffered message has
 * left and gives back the buffer; space is reused afterwards. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

#define K 20

static int quick(double t0) { return mtest_now() - t0 < 0.05; }

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    size_t limit = mtest_eager_limit();
    size_t sizes[2] = {100, 3 * limit}; /* eager, rendezvous */
    size_t longest = 3 * limit > 256 ? 3 * limit : 256;
    char *data = malloc(longest), *in = malloc(longest);
    void *detached;
    int rc, size;

    rc = MPI_Bsend(data, 10, MPI_BYTE, 1 - mtest_rank, 1, MPI_COMM_WORLD);
    CHECK_CLASS(rc, MPI_ERR_BUFFER);

    for (int s = 0; s < 2; s++) {
        size_t n = sizes[s];
        int bytes = K * ((int)n + MPI_BSEND_OVERHEAD);
        if (mtest_rank == 0) {
            char *buffer = malloc((size_t)bytes);
            rc = MPI_Buffer_attach(buffer, bytes);
            CHECK_CLASS(rc, MPI_SUCCESS);
            rc = MPI_Buffer_attach(buffer, bytes);
            CHECK_CLASS(rc, MPI_ERR_BUFFER);
            mtest_wait_quiet(1);
            double t0 = mtest_now();
            for (int i = 0; i < K; i++) {
                mtest_fill(data, n, (unsigned)(s * K + i));
                if (i % 2) {
                    rc = MPI_Bsend(data, (int)n, MPI_BYTE, 1, 2, MPI_COMM_WORLD);
                } else {
                    MPI_Request r;
                    int flag;
                    rc = MPI_Ibsend(data, (int)n, MPI_BYTE, 1, 2, MPI_COMM_WORLD, &r);
                    MPI_Test(&r, &flag, MPI_STATUS_IGNORE);
                    CHECK(flag, "Ibsend %d of %zu bytes is not complete at once", i, n);
                }
                CHECK_CLASS(rc, MPI_SUCCESS);
                memset(data, 0, n); /* the buffered copy is what goes out */
            }
            CHECK(quick(t0), "%d Bsends of %zu bytes waited for the receiver", K, n);
            /* no rendezvous message can leave yet: more Bsends soon find the
             * buffer full (a few more fit if the real overhead is smaller) */
            int extra = 0;
            while (n > limit && extra <= K * MPI_BSEND_OVERHEAD / (int)n + 1) {
                mtest_fill(data, n, (unsigned)(s * K + K + extra));
                rc = MPI_Bsend(data, (int)n, MPI_BYTE, 1, 2, MPI_COMM_WORLD);
                if (rc != MPI_SUCCESS)
                    break;
                extra++;
            }
            if (n > limit)
                CHECK_CLASS(rc, MPI_ERR_BUFFER);
            MPI_Send(&extra, 1, MPI_INT, 1, 5, MPI_COMM_WORLD);
            rc = MPI_Buffer_detach(&detached, &size);
            CHECK(rc == MPI_SUCCESS && detached == buffer && size == bytes, "detach gave %p, %d; want %p, %d",
                  detached, size, (void *)buffer, bytes);
            free(buffer);
        } else {
            int extra;
            mtest_go_quiet(50);
            MPI_Recv(&extra, 1, MPI_INT, 0, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            for (int i = 0; i < K + extra; i++) {
                MPI_Status st;
                int count;
                MPI_Recv(in, (int)n, MPI_BYTE, 0, 2, MPI_COMM_WORLD, &st);
                MPI_Get_count(&st, MPI_BYTE, &count);
                CHECK(count == (int)n && mtest_verify(in, n, (unsigned)(s * K + i)) < 0,
                      "buffered message %d of %zu bytes: %d bytes or data differ", i, n, count);
            }
        }
        mtest_barrier();
    }

    /* a small buffer reused: each detach empties it for the next round */
    int small = 2 * (64 + MPI_BSEND_OVERHEAD);
    for (int round = 0; round < 30; round++) {
        char *buffer = malloc((size_t)small);
        MPI_Buffer_attach(buffer, small);
        for (int i = 0; i < 2; i++) {
            mtest_fill(data, 64, (unsigned)(round * 2 + i));
            rc = MPI_Bsend(data, 64, MPI_BYTE, 1 - mtest_rank, 3, MPI_COMM_WORLD);
            CHECK_CLASS(rc, MPI_SUCCESS);
        }
        for (int i = 0; i < 2; i++) {
            MPI_Recv(in, 64, MPI_BYTE, 1 - mtest_rank, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            CHECK(mtest_verify(in, 64, (unsigned)(round * 2 + i)) < 0, "round %d message %d differs", round, i);
        }
        MPI_Buffer_detach(&detached, &size);
        CHECK(detached == buffer && size == small, "detach gave %p, %d", detached, size);
        free(detached);
    }

    /* space freed by delivered messages is reused without a detach */
    int room = 3 * (200 + MPI_BSEND_OVERHEAD);
    char *buffer = malloc((size_t)room);
    MPI_Buffer_attach(buffer, room);
    for (int i = 0; i < 40; i++) {
        mtest_fill(data, 200, (unsigned)i);
        rc = MPI_Bsend(data, 200, MPI_BYTE, 1 - mtest_rank, 4, MPI_COMM_WORLD);
        CHECK_CLASS(rc, MPI_SUCCESS);
        MPI_Recv(in, 200, MPI_BYTE, 1 - mtest_rank, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        CHECK(mtest_verify(in, 200, (unsigned)i) < 0, "reused-space message %d differs", i);
    }
    MPI_Buffer_detach(&detached, &size);
    free(detached);

    /* Bsend to MPI_PROC_NULL needs no buffer */
    rc = MPI_Bsend(data, 10, MPI_BYTE, MPI_PROC_NULL, 1, MPI_COMM_WORLD);
    CHECK_CLASS(rc, MPI_SUCCESS);
    free(data);
    free(in);
    return mtest_finalize();
}
