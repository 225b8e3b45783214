/* Error handling: with MPI_ERRORS_RETURN, erroneous calls return codes whose MPI_Error_class is
 * the standard's class (MPI_ERR_RANK, MPI_ERR_COUNT, MPI_ERR_TAG, MPI_ERR_TYPE, MPI_ERR_COMM,
 * MPI_ERR_ROOT, MPI_ERR_OP); MPI_Error_string describes them; a user error handler is called
 * with the code. */
#include <string.h>
#include "ctest.h"

static int handler_calls = 0, handler_code = 0;

static void handler(MPI_Comm *comm, int *code, ...)
{
    handler_calls++;
    handler_code = *code;
}

static void expect_class(int rc, int cls, const char *what)
{
    int got = -1;
    CHECK(rc != MPI_SUCCESS, "%s returned MPI_SUCCESS", what);
    if (rc == MPI_SUCCESS) return;
    MPI_Error_class(rc, &got);
    CHECK(got == cls, "%s: class %d, expected %d", what, got, cls);
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, msg, &len);
    CHECK(len > 0 && len < MPI_MAX_ERROR_STRING && (int)strlen(msg) == len, "%s: error string length %d", what, len);
}

int main(int argc, char **argv)
{
    int rank, size, v = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN); /* errors on MPI_COMM_NULL are raised here (MPI-4 9.3) */
    expect_class(MPI_Send(&v, 1, MPI_INT, size, 0, MPI_COMM_WORLD), MPI_ERR_RANK, "send to rank size");
    expect_class(MPI_Send(&v, -1, MPI_INT, 0, 0, MPI_COMM_WORLD), MPI_ERR_COUNT, "negative count");
    expect_class(MPI_Send(&v, 1, MPI_INT, 0, -5, MPI_COMM_WORLD), MPI_ERR_TAG, "negative tag");
    expect_class(MPI_Send(&v, 1, MPI_DATATYPE_NULL, 0, 0, MPI_COMM_WORLD), MPI_ERR_TYPE, "null datatype");
    expect_class(MPI_Send(&v, 1, MPI_INT, 0, 0, MPI_COMM_NULL), MPI_ERR_COMM, "null communicator");
    expect_class(MPI_Bcast(&v, 1, MPI_INT, size, MPI_COMM_WORLD), MPI_ERR_ROOT, "bcast root size");
    expect_class(MPI_Allreduce(&v, &rank, 1, MPI_INT, MPI_OP_NULL, MPI_COMM_WORLD), MPI_ERR_OP, "null op");
    int cls;
    MPI_Error_class(MPI_SUCCESS, &cls);
    CHECK(cls == MPI_SUCCESS, "class of MPI_SUCCESS %d", cls);
    CHECK(MPI_ERR_LASTCODE >= MPI_ERR_TRUNCATE && MPI_ERR_LASTCODE >= MPI_ERR_OTHER, "MPI_ERR_LASTCODE %d", MPI_ERR_LASTCODE);

    MPI_Errhandler eh;
    MPI_Comm dup;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    MPI_Comm_create_errhandler(handler, &eh);
    MPI_Comm_set_errhandler(dup, eh);
    MPI_Send(&v, 1, MPI_INT, size + 3, 0, dup); /* the handler is called, and returns */
    CHECK(handler_calls == 1, "user handler called %d times", handler_calls);
    MPI_Error_class(handler_code, &cls);
    CHECK(cls == MPI_ERR_RANK, "user handler got class %d", cls);
    MPI_Comm_call_errhandler(dup, MPI_ERR_OTHER);
    CHECK(handler_calls == 2 && handler_code == MPI_ERR_OTHER, "call_errhandler: %d calls, code %d", handler_calls, handler_code);
    MPI_Errhandler got;
    MPI_Comm_get_errhandler(dup, &got);
    CHECK(got == eh, "get_errhandler returned another handler");
    MPI_Errhandler_free(&got);
    MPI_Errhandler_free(&eh);
    MPI_Comm_free(&dup);
    return ctest_finish();
}
