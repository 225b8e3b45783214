/* MPI_Sendrecv and MPI_Sendrecv_replace (MPI-4.0 3.10) around a ring of
 * ranks, eager and rendezvous, from private memory (the peer pulls from this
 * rank's heap, or from the core's staging copy for _replace), and with self. */
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
        int count;
        mtest_fill(out, n, (unsigned)(mtest_rank * 10 + i));
        memset(in, 0, n);
        MPI_Sendrecv(out, (int)n, MPI_BYTE, right, i, in, 50000, MPI_BYTE, left, i, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        CHECK(st.MPI_SOURCE == left && st.MPI_TAG == i && count == (int)n, "Sendrecv %zu: source %d tag %d count %d", n,
              st.MPI_SOURCE, st.MPI_TAG, count);
        CHECK(mtest_verify(in, n, (unsigned)(left * 10 + i)) < 0, "Sendrecv of %zu bytes: data differ", n);

        mtest_fill(out, n, (unsigned)(mtest_rank * 10 + i + 5));
        MPI_Sendrecv_replace(out, (int)n, MPI_BYTE, right, 20 + i, left, 20 + i, MPI_COMM_WORLD, &st);
        CHECK(st.MPI_SOURCE == left, "Sendrecv_replace: source %d", st.MPI_SOURCE);
        CHECK(mtest_verify(out, n, (unsigned)(left * 10 + i + 5)) < 0, "Sendrecv_replace of %zu bytes: data differ", n);

        mtest_fill(out, n, 99);
        MPI_Sendrecv_replace(out, (int)n, MPI_BYTE, mtest_rank, 40, mtest_rank, 40, MPI_COMM_WORLD, &st);
        CHECK(mtest_verify(out, n, 99) < 0, "Sendrecv_replace with self, %zu bytes: data differ", n);
    }
    /* typed, ANY_SOURCE / ANY_TAG on the receiving side */
    double d[100], e[100];
    for (int i = 0; i < 100; i++)
        d[i] = mtest_rank + i * 0.5;
    MPI_Status st;
    MPI_Sendrecv(d, 100, MPI_DOUBLE, right, 7, e, 100, MPI_DOUBLE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
    CHECK(st.MPI_SOURCE == left && st.MPI_TAG == 7 && e[99] == left + 49.5, "typed Sendrecv: source %d, e[99] %g",
          st.MPI_SOURCE, e[99]);
    free(out);
    free(in);
    return mtest_finalize();
}
