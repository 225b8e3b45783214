/* With MPI_ERRORS_RETURN, receiving a message longer than the buffer returns an error of class
 * MPI_ERR_TRUNCATE (and the communicator stays usable). */
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size, buf[10] = {0};
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    if (rank == 0) {
        int big[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        MPI_Send(big, 10, MPI_INT, 1, 0, MPI_COMM_WORLD);
        MPI_Send(big, 1, MPI_INT, 1, 1, MPI_COMM_WORLD);
    } else if (rank == 1) {
        MPI_Status st;
        int rc = MPI_Recv(buf, 4, MPI_INT, 0, 0, MPI_COMM_WORLD, &st);
        int cls = -1;
        MPI_Error_class(rc, &cls);
        CHECK(rc != MPI_SUCCESS, "truncated receive returned MPI_SUCCESS");
        CHECK(cls == MPI_ERR_TRUNCATE, "error class %d, expected MPI_ERR_TRUNCATE (%d)", cls, MPI_ERR_TRUNCATE);
        rc = MPI_Recv(buf, 4, MPI_INT, 0, 1, MPI_COMM_WORLD, &st);
        CHECK(rc == MPI_SUCCESS && buf[0] == 1, "receive after truncation: rc %d buf[0] %d", rc, buf[0]);
    }
    return ctest_finish();
}
