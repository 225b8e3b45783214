/* A receive without a buffer (MPIR_Irecv_named with alloc_on_match, the facade's lowercase recv):
 * the device allocates one of the matched message's size and hands it over
 * in status.wmpi_data; eager or rendezvous, posted or unexpected, empty;
 * freed by the device if the request was freed first. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit();
    size_t sizes[] = {0, 1, limit, limit + 1, 40000};
    char *out;
    MPI_Alloc_mem(40000, MPI_INFO_NULL, &out);
    for (int i = 0; i < 5; i++) {
        size_t n = sizes[i];
        for (int posted = 0; posted < 2; posted++) {
            int tag = i * 2 + posted;
            if (mtest_rank == 0) {
                mtest_fill(out, n, (unsigned)tag);
                mtest_barrier();
                MPI_Send(out, (int)n, MPI_BYTE, 1, tag, MPI_COMM_WORLD);
                mtest_barrier();
            } else {
                MPI_Request r;
                MPI_Status st;
                int count;
                if (posted)
                    MPIR_Irecv_named("MPI_Irecv", NULL, 0, MPI_BYTE, 0, tag, MPI_COMM_WORLD, 1, &r);
                mtest_barrier();
                if (!posted) {
                    MPI_Probe(0, tag, MPI_COMM_WORLD, &st);
                    MPIR_Irecv_named("MPI_Irecv", NULL, 0, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, 1, &r);
                }
                MPI_Wait(&r, &st);
                MPI_Get_count(&st, MPI_BYTE, &count);
                CHECK(count == (int)n && st.MPI_TAG == tag && st.wmpi_data != NULL,
                      "%zu bytes, %s: count %d tag %d data %p", n, posted ? "posted" : "unexpected", count, st.MPI_TAG,
                      st.wmpi_data);
                if (st.wmpi_data)
                    CHECK(mtest_verify(st.wmpi_data, n, (unsigned)tag) < 0, "%zu bytes: data differ", n);
                MPIR_Free(st.wmpi_data); /* as the facade does (wmpi_free) */
                mtest_barrier();
            }
        }
    }
    /* freed before the message comes: the device frees what it allocated */
    if (mtest_rank == 1) {
        MPI_Request r;
        MPIR_Irecv_named("MPI_Irecv", NULL, 0, MPI_BYTE, 0, 100, MPI_COMM_WORLD, 1, &r);
        MPI_Request_free(&r);
        MPIR_Irecv_named("MPI_Irecv", NULL, 0, MPI_BYTE, 0, 101, MPI_COMM_WORLD, 1, &r);
        MPI_Request_free(&r);
    }
    mtest_barrier();
    if (mtest_rank == 0) {
        MPI_Send(out, 10, MPI_BYTE, 1, 100, MPI_COMM_WORLD);
        MPI_Send(out, (int)(limit * 2), MPI_BYTE, 1, 101, MPI_COMM_WORLD);
    }
    mtest_barrier();
    MPI_Free_mem(out);
    return mtest_finalize();
}
