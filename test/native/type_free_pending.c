/* MPI_Type_free while a nonblocking send or receive uses the type (MPI-4.0
 * 5.1.10): the operation completes normally; large messages pipeline through
 * the type after the call returned. */
#include "mtest.h"
#include <stdlib.h>

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int me = mtest_rank;
    if (mtest_size >= 2 && me < 2) {
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
        const int n = 1 << 18; /* 256 Ki ints picked from 512 Ki: far past the eager limit */
        int *buf = malloc(sizeof(int) * 2 * (size_t)n);
        for (int i = 0; i < 2 * n; i++)
            buf[i] = me == 0 ? i : -1;
        MPI_Datatype vec;
        MPI_Type_vector(n, 1, 2, MPI_INT, &vec);
        MPI_Type_commit(&vec);
        MPI_Request r;
        int rc;
        if (me == 0)
            rc = MPI_Isend(buf, 1, vec, 1, 0, MPI_COMM_WORLD, &r);
        else
            rc = MPI_Irecv(buf, 1, vec, 0, 0, MPI_COMM_WORLD, &r);
        CHECK(rc == MPI_SUCCESS, "start: %d", rc);
        MPI_Type_free(&vec);
        rc = MPI_Wait(&r, MPI_STATUS_IGNORE);
        CHECK(rc == MPI_SUCCESS, "wait: %d", rc);
        if (me == 1) {
            long bad = -1;
            for (int i = 0; i < 2 * n && bad < 0; i++)
                if (buf[i] != (i % 2 == 0 ? i : -1))
                    bad = i;
            CHECK(bad < 0, "element %ld is %d", bad, bad >= 0 ? buf[bad] : 0);
        }
        free(buf);
    }
    return mtest_finalize();
}
