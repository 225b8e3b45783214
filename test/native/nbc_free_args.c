/* MPI_Op_free and MPI_Type_free while a nonblocking collective uses them:
 * the collective completes normally (MPI-4.0 6.12, 5.1.10, 6.9.5). */
#include "mtest.h"
#include <string.h>

static void my_sum(void *in, void *inout, int *len, MPI_Datatype *t)
{
    (void)t;
    for (int i = 0; i < *len; i++)
        ((int *)inout)[i] += ((int *)in)[i] * 10;
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int n = mtest_size, me = mtest_rank;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    /* a user op freed while Iallreduce runs */
    MPI_Op op;
    MPI_Op_create(my_sum, 1, &op);
    int v = 1, out = 0;
    MPI_Request r;
    if (me == 0)
        mtest_go_quiet(100); /* the others' schedules still wait for rank 0 */
    MPI_Iallreduce(&v, &out, 1, MPI_INT, op, MPI_COMM_WORLD, &r);
    MPI_Op_free(&op);
    int rc = MPI_Wait(&r, MPI_STATUS_IGNORE);
    CHECK(rc == MPI_SUCCESS, "Iallreduce with a freed op: %d", rc);
    CHECK(n == 1 || out > n, "Iallreduce with a freed op gave %d", out); /* my_sum scales: a plain sum gives n */
    /* a derived datatype freed while Ibcast runs */
    MPI_Datatype vec;
    MPI_Type_vector(4, 1, 2, MPI_INT, &vec);
    MPI_Type_commit(&vec);
    int buf[8];
    for (int i = 0; i < 8; i++)
        buf[i] = me == 0 ? i : -1;
    if (me == 0)
        mtest_go_quiet(100);
    MPI_Ibcast(buf, 1, vec, 0, MPI_COMM_WORLD, &r);
    MPI_Type_free(&vec);
    rc = MPI_Wait(&r, MPI_STATUS_IGNORE);
    CHECK(rc == MPI_SUCCESS, "Ibcast with a freed type: %d", rc);
    for (int i = 0; i < 8; i++)
        CHECK(buf[i] == (i % 2 == 0 || me == 0 ? i : -1), "Ibcast with a freed type: buf[%d] = %d", i, buf[i]);
    return mtest_finalize();
}
