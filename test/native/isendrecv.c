/* MPI_Isendrecv and MPI_Isendrecv_replace (MPI-4.0 3.10.1) around a ring, eager
 * and rendezvous, with self and PROC_NULL; the one request carries the
 * receive's status, truncation included, and no part of it is left behind. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    size_t limit = mtest_eager_limit();
    size_t sizes[] = {0, 9, limit, limit + 1, 50000};
    int right = (mtest_rank + 1) % mtest_size, left = (mtest_rank + mtest_size - 1) % mtest_size;
    char *out = malloc(50000), *in = malloc(50000);
    for (int i = 0; i < 5; i++) {
        size_t n = sizes[i];
        MPI_Status st;
        MPI_Request r;
        int count;
        mtest_fill(out, n, (unsigned)(mtest_rank * 10 + i));
        memset(in, 0, n);
        MPI_Isendrecv(out, (int)n, MPI_BYTE, right, i, in, 50000, MPI_BYTE, left, i, MPI_COMM_WORLD, &r);
        MPI_Wait(&r, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        CHECK(r == MPI_REQUEST_NULL, "request not freed");
        CHECK(st.MPI_SOURCE == left && st.MPI_TAG == i && count == (int)n, "Isendrecv %zu: source %d tag %d count %d",
              n, st.MPI_SOURCE, st.MPI_TAG, count);
        CHECK(mtest_verify(in, n, (unsigned)(left * 10 + i)) < 0, "Isendrecv of %zu bytes: data differ", n);

        mtest_fill(out, n, (unsigned)(mtest_rank * 10 + i + 5));
        MPI_Isendrecv_replace(out, (int)n, MPI_BYTE, right, 20 + i, left, 20 + i, MPI_COMM_WORLD, &r);
        int flag = 0;
        while (!flag)
            MPI_Test(&r, &flag, &st);
        CHECK(st.MPI_SOURCE == left, "Isendrecv_replace: source %d", st.MPI_SOURCE);
        CHECK(mtest_verify(out, n, (unsigned)(left * 10 + i + 5)) < 0, "Isendrecv_replace of %zu bytes: data differ", n);

        mtest_fill(out, n, 99);
        MPI_Isendrecv_replace(out, (int)n, MPI_BYTE, mtest_rank, 40, mtest_rank, 40, MPI_COMM_WORLD, &r);
        MPI_Wait(&r, MPI_STATUS_IGNORE);
        CHECK(mtest_verify(out, n, 99) < 0, "Isendrecv_replace with self, %zu bytes: data differ", n);
    }
    /* PROC_NULL on both sides completes at once with the null status */
    MPI_Request r;
    MPI_Status st;
    MPI_Isendrecv(out, 4, MPI_BYTE, MPI_PROC_NULL, 0, in, 4, MPI_BYTE, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r);
    MPI_Wait(&r, &st);
    CHECK(st.MPI_SOURCE == MPI_PROC_NULL, "PROC_NULL source %d", st.MPI_SOURCE);
    /* truncation reaches the one request */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Isendrecv(out, 100, MPI_BYTE, right, 50, in, 10, MPI_BYTE, left, 50, MPI_COMM_WORLD, &r);
    int rc = MPI_Wait(&r, &st);
    CHECK(rc == MPI_ERR_TRUNCATE, "truncation gave %d", rc);
    /* a bad destination is reported before anything is posted */
    rc = MPI_Isendrecv(out, 1, MPI_BYTE, mtest_size, 0, in, 1, MPI_BYTE, left, 0, MPI_COMM_WORLD, &r);
    CHECK(rc == MPI_ERR_RANK, "bad dest gave %d", rc);
    free(out);
    free(in);
    mtest_finalize();
    return 0;
}
