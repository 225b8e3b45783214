/* The name service: rank 0 publishes a port under a name, the others look it
 * up and connect; a second name, unpublishing, and the errors: a name not
 * published (MPI_ERR_NAME), publishing a name twice and unpublishing one that
 * is not published (MPI_ERR_SERVICE), a closed port (MPI_ERR_PORT). */
#include "dyn.h"
#include <string.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    char port[MPI_MAX_PORT_NAME] = "", found[MPI_MAX_PORT_NAME] = "";
    if (rank == 0) {
        MPI_Open_port(MPI_INFO_NULL, port);
        CHECK(MPI_Publish_name("wmpi-test-service", MPI_INFO_NULL, port) == MPI_SUCCESS, "publish");
        CHECK(error_class(MPI_Publish_name("wmpi-test-service", MPI_INFO_NULL, port)) == MPI_ERR_SERVICE,
              "publishing twice");
    }
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(MPI_Lookup_name("wmpi-test-service", MPI_INFO_NULL, found) == MPI_SUCCESS, "lookup");
    if (rank == 0)
        CHECK(strcmp(found, port) == 0, "found %s for %s", found, port);
    CHECK(error_class(MPI_Lookup_name("wmpi-no-such-service", MPI_INFO_NULL, found)) == MPI_ERR_NAME, "lookup of none");
    /* rank 0 accepts each other rank in turn over COMM_SELF, at the looked-up port */
    if (rank == 0) {
        for (int r = 1; r < size; r++) {
            MPI_Comm c;
            int from = -1;
            MPI_Comm_accept(port, MPI_INFO_NULL, 0, MPI_COMM_SELF, &c);
            MPI_Recv(&from, 1, MPI_INT, 0, 0, c, MPI_STATUS_IGNORE);
            CHECK(from >= 1 && from < size, "accepted %d", from);
            MPI_Comm_disconnect(&c);
        }
    } else {
        for (int turn = 1; turn < size; turn++) {
            /* one connection at a time: rank `turn` connects while the others wait */
            if (turn == rank) {
                MPI_Comm c;
                MPI_Lookup_name("wmpi-test-service", MPI_INFO_NULL, found);
                CHECK(MPI_Comm_connect(found, MPI_INFO_NULL, 0, MPI_COMM_SELF, &c) == MPI_SUCCESS, "connect");
                MPI_Send(&rank, 1, MPI_INT, 0, 0, c);
                MPI_Comm_disconnect(&c);
            }
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        CHECK(error_class(MPI_Unpublish_name("wmpi-no-such-service", MPI_INFO_NULL, port)) == MPI_ERR_SERVICE,
              "unpublishing what is not published");
        CHECK(MPI_Unpublish_name("wmpi-test-service", MPI_INFO_NULL, port) == MPI_SUCCESS, "unpublish");
        MPI_Close_port(port);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(error_class(MPI_Lookup_name("wmpi-test-service", MPI_INFO_NULL, found)) == MPI_ERR_NAME,
          "lookup after unpublish");
    MPI_Comm c = MPI_COMM_NULL;
    CHECK(error_class(MPI_Comm_connect(port, MPI_INFO_NULL, 0, MPI_COMM_SELF, &c)) == MPI_ERR_PORT,
          "connect to a closed port");
    return ctest_finish();
}
