/* MPI-4.0 3.2.5: "message-passing calls do not modify the value of the error
 * code field of status variables [...] The field is updated if and only if
 * such function returns with an error code of MPI_ERR_IN_STATUS." Waitall,
 * Testall, Waitsome and Testsome that succeed must leave MPI_ERROR alone. */
#include "mtest.h"

#define MARK 12345

static void mark(MPI_Status *st, int n)
{
    for (int i = 0; i < n; i++)
        st[i].MPI_ERROR = MARK;
}

static void expect_marked(const MPI_Status *st, int n, const char *call)
{
    for (int i = 0; i < n; i++)
        CHECK(st[i].MPI_ERROR == MARK, "%s returned MPI_SUCCESS but set status %d's MPI_ERROR to %d", call, i,
              st[i].MPI_ERROR);
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int v[2] = {1, 2}, w[2];
    MPI_Request r[2];
    MPI_Status st[2];
    int flag, outcount, idx[2];

    MPI_Isend(&v[0], 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[0]);
    MPI_Isend(&v[1], 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[1]);
    mark(st, 2);
    MPI_Waitall(2, r, st);
    expect_marked(st, 2, "MPI_Waitall");

    MPI_Irecv(&w[0], 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[0]);
    MPI_Irecv(&w[1], 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[1]);
    mark(st, 2);
    MPI_Testall(2, r, &flag, st);
    expect_marked(st, 2, "MPI_Testall");

    MPI_Isend(&v[0], 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[0]);
    MPI_Isend(&v[1], 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[1]);
    mark(st, 2);
    MPI_Waitsome(2, r, &outcount, idx, st);
    expect_marked(st, outcount, "MPI_Waitsome");
    MPI_Waitall(2, r, MPI_STATUSES_IGNORE);

    MPI_Isend(&v[0], 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r[0]);
    mark(st, 2);
    MPI_Testsome(1, r, &outcount, idx, st);
    expect_marked(st, outcount, "MPI_Testsome");
    return mtest_finalize();
}
