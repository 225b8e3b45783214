/* MPI_ERRORS_ARE_FATAL is the default: an argument error ends the job
 * through job_abort with the error class as the code. */
#include "mtest.h"

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int v = 0;
    fake_host_expect_abort(MPI_ERR_RANK);
    MPI_Send(&v, 1, MPI_INT, 5, 0, MPI_COMM_WORLD);
    fprintf(stderr, "MPI_Send to an invalid rank returned under MPI_ERRORS_ARE_FATAL\n");
    return 1;
}
