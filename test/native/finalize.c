/* MPI_Finalize is local here: rank 0 finalizes at once while the others go
 * on; rank 1 finalizes right after Bsends to a rank that is not listening
 * yet, eager and rendezvous, and its MPI_Finalize delivers them all (as a
 * detach would) before it closes its channel. Needs 3 ranks. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

#define COUNT 100
#define BIG 3

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit(), big = 4 * limit;
    char *buffer = NULL, *data = malloc(big), *in = malloc(big);
    if (mtest_rank == 1) {
        int size = COUNT * (100 + MPI_BSEND_OVERHEAD) + BIG * ((int)big + MPI_BSEND_OVERHEAD);
        buffer = malloc((size_t)size);
        MPI_Buffer_attach(buffer, size);
        mtest_wait_quiet(2);
        for (int i = 0; i < COUNT + BIG; i++) {
            size_t n = i < COUNT ? 100 : big;
            mtest_fill(data, n, (unsigned)i);
            MPI_Bsend(data, (int)n, MPI_BYTE, 2, 1, MPI_COMM_WORLD);
        }
    } else if (mtest_rank == 2) {
        mtest_go_quiet(50);
        for (int i = 0; i < COUNT + BIG; i++) {
            size_t n = i < COUNT ? 100 : big;
            MPI_Status st;
            int count;
            MPI_Recv(in, (int)big, MPI_BYTE, 1, 1, MPI_COMM_WORLD, &st);
            MPI_Get_count(&st, MPI_BYTE, &count);
            CHECK(count == (int)n && mtest_verify(in, n, (unsigned)i) < 0, "message %d: %d bytes or data differ", i,
                  count);
        }
    }
    int live = MPIR_Request_live_count();
    MPI_Finalize();
    CHECK(MPIR_Request_live_count() == 0, "%d requests alive after MPI_Finalize (%d before)",
          MPIR_Request_live_count(), live);
    free(buffer);
    free(data);
    free(in);
    int total = fake_host_sum(mtest_errs, NULL);
    if (mtest_rank == 0)
        printf(total ? " Found %d errors\n" : " No Errors\n", total);
    return mtest_errs != 0;
}
