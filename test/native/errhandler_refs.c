/* Error handlers are reference-counted (MPI-4.0 9.3.4): one freed by the user
 * lives on while a communicator uses it, and Comm_get_errhandler returns a
 * reference of its own that the caller frees. */
#include "mtest.h"

static int calls;
static int last_code;

static void on_error(MPI_Comm *comm, int *code, ...)
{
    (void)comm;
    calls++;
    last_code = *code;
}

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    MPI_Errhandler eh, got;
    MPI_Comm_create_errhandler(on_error, &eh);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, eh);
    MPI_Errhandler_free(&eh);
    CHECK(eh == MPI_ERRHANDLER_NULL, "freed handle not nulled");
    int rc = MPI_Send(NULL, 0, MPI_BYTE, 99, 0, MPI_COMM_WORLD); /* still installed: it is called */
    CHECK(calls == 1 && last_code == MPI_ERR_RANK, "handler calls %d code %d (rc %d)", calls, last_code, rc);
    MPI_Comm_get_errhandler(MPI_COMM_WORLD, &got);
    MPI_Errhandler stale = got;
    MPI_Errhandler_free(&got); /* the caller's reference only */
    MPI_Send(NULL, 0, MPI_BYTE, 99, 0, MPI_COMM_WORLD);
    CHECK(calls == 2, "handler gone after freeing the reference Comm_get_errhandler returned");
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN); /* drops the last reference */
    rc = MPI_Comm_set_errhandler(MPI_COMM_WORLD, stale);
    CHECK(rc == MPI_ERR_ARG, "a handler with no references left is still valid (%d)", rc);
    mtest_finalize();
    return 0;
}
