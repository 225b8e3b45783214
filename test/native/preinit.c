/* Calls before MPI_Init and after MPI_Finalize fail with MPI_ERR_OTHER (and
 * abort the job by default, see preinit_fatal); the queries that MPI allows
 * at any time work. The facade sets the initial error handler to return
 * (MPIR_Err_set_initial_return), as this test does. One rank. */
#include "mtest.h"

static void expect_unusable(const char *when)
{
    int v = 0, flag;
    MPI_Status st;
    MPI_Request r = MPI_REQUEST_NULL;
    CHECK(MPI_Send(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD) == MPI_ERR_OTHER, "Send %s", when);
    CHECK(MPI_Recv(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, &st) == MPI_ERR_OTHER, "Recv %s", when);
    CHECK(MPI_Isend(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, &r) == MPI_ERR_OTHER, "Isend %s", when);
    CHECK(MPI_Iprobe(0, 0, MPI_COMM_WORLD, &flag, &st) == MPI_ERR_OTHER, "Iprobe %s", when);
    CHECK(MPI_Wait(&r, &st) == MPI_ERR_OTHER, "Wait %s", when);
    CHECK(MPI_Comm_rank(MPI_COMM_WORLD, &v) == MPI_ERR_OTHER, "Comm_rank %s", when);
    CHECK(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN) == MPI_ERR_OTHER, "Comm_set_errhandler %s", when);
    CHECK(MPI_Buffer_attach(&v, 4) == MPI_ERR_OTHER, "Buffer_attach %s", when);
    CHECK(MPI_Send_init(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, &r) == MPI_ERR_OTHER, "Send_init %s", when);
    int cls = -1, len;
    char text[MPI_MAX_ERROR_STRING];
    CHECK(MPI_Error_class(MPI_ERR_TAG, &cls) == MPI_SUCCESS && cls == MPI_ERR_TAG, "Error_class %s", when);
    CHECK(MPI_Error_string(MPI_ERR_TAG, text, &len) == MPI_SUCCESS && len > 0, "Error_string %s", when);
    int version, subversion;
    CHECK(MPI_Get_version(&version, &subversion) == MPI_SUCCESS && version == MPI_VERSION, "Get_version %s", when);
}

int main(int argc, char **argv)
{
    int flag;
    MPIR_Err_set_initial_return(1);
    MPI_Initialized(&flag);
    CHECK(!flag, "Initialized before MPI_Init");
    MPI_Finalized(&flag);
    CHECK(!flag, "Finalized before MPI_Init");
    CHECK(MPI_Finalize() == MPI_ERR_OTHER, "Finalize before MPI_Init");
    expect_unusable("before MPI_Init");

    mtest_init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    MPI_Initialized(&flag);
    CHECK(flag, "Initialized after MPI_Init");
    CHECK(MPI_Init(&argc, &argv) == MPI_ERR_OTHER, "a second MPI_Init");
    int provided;
    CHECK(MPI_Init_thread(&argc, &argv, MPI_THREAD_SINGLE, &provided) == MPI_ERR_OTHER, "MPI_Init_thread after MPI_Init");
    int errs = mtest_errs;
    MPI_Finalize();

    MPI_Initialized(&flag);
    CHECK(flag, "Initialized after MPI_Finalize");
    MPI_Finalized(&flag);
    CHECK(flag, "Finalized after MPI_Finalize");
    expect_unusable("after MPI_Finalize");
    CHECK(MPI_Finalize() == MPI_ERR_OTHER, "a second MPI_Finalize");
    CHECK(MPI_Init(&argc, &argv) == MPI_ERR_OTHER, "MPI_Init after MPI_Finalize");
    CHECK(MPIR_Request_live_count() == 0, "%d requests alive", MPIR_Request_live_count());
    (void)errs;
    printf(mtest_errs ? " Found %d errors\n" : " No Errors\n", mtest_errs);
    return mtest_errs != 0;
}
