/* Error classes, error strings and error handlers (MPI-4.0 chapter 9.3-9.5). */
#include "mpiimpl.h"
#include "channel.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char last_message[MPI_MAX_ERROR_STRING];
static int initial_return; /* the facade raises exceptions itself: return instead of abort */

#define MAX_USER_ERRHANDLERS 64
static MPI_Comm_errhandler_function *user_errhandlers[MAX_USER_ERRHANDLERS];
/* references: the user's handle and every communicator using it (MPI-4.0 9.3.4:
 * a freed handler lives on while a communicator still uses it) */
static int user_refs[MAX_USER_ERRHANDLERS];

static void ref(MPI_Errhandler eh)
{
    if (HANDLE_IS_DYNAMIC(eh))
        user_refs[HANDLE_INDEX(eh)]++;
}

static void unref(MPI_Errhandler eh)
{
    if (HANDLE_IS_DYNAMIC(eh) && --user_refs[HANDLE_INDEX(eh)] == 0)
        user_errhandlers[HANDLE_INDEX(eh)] = NULL;
}

static const char *const class_strings[] = {
    [MPI_SUCCESS] = "no error",
    [MPI_ERR_BUFFER] = "invalid buffer pointer",
    [MPI_ERR_COUNT] = "invalid count argument",
    [MPI_ERR_TYPE] = "invalid datatype",
    [MPI_ERR_TAG] = "invalid tag",
    [MPI_ERR_COMM] = "invalid communicator",
    [MPI_ERR_RANK] = "invalid rank",
    [MPI_ERR_ROOT] = "invalid root",
    [MPI_ERR_GROUP] = "invalid group",
    [MPI_ERR_OP] = "invalid reduce operation",
    [MPI_ERR_TOPOLOGY] = "invalid topology",
    [MPI_ERR_DIMS] = "invalid dimension argument",
    [MPI_ERR_ARG] = "invalid argument of some other kind",
    [MPI_ERR_UNKNOWN] = "unknown error",
    [MPI_ERR_TRUNCATE] = "message truncated",
    [MPI_ERR_OTHER] = "known error not in this list",
    [MPI_ERR_INTERN] = "internal error",
    [MPI_ERR_IN_STATUS] = "error code is in status",
    [MPI_ERR_PENDING] = "pending request",
    [MPI_ERR_REQUEST] = "invalid request",
    [MPI_ERR_ACCESS] = "permission denied",
    [MPI_ERR_AMODE] = "invalid access mode",
    [MPI_ERR_BAD_FILE] = "invalid file name",
    [MPI_ERR_CONVERSION] = "data conversion error",
    [MPI_ERR_DUP_DATAREP] = "data representation already defined",
    [MPI_ERR_FILE_EXISTS] = "file exists",
    [MPI_ERR_FILE_IN_USE] = "file in use",
    [MPI_ERR_FILE] = "invalid file handle",
    [MPI_ERR_INFO] = "invalid info object",
    [MPI_ERR_INFO_KEY] = "info key too long",
    [MPI_ERR_INFO_VALUE] = "info value too long",
    [MPI_ERR_INFO_NOKEY] = "info key not defined",
    [MPI_ERR_IO] = "I/O error",
    [MPI_ERR_NAME] = "invalid service name",
    [MPI_ERR_NO_MEM] = "out of memory",
    [MPI_ERR_NOT_SAME] = "collective argument not identical on all processes",
    [MPI_ERR_NO_SPACE] = "not enough space",
    [MPI_ERR_NO_SUCH_FILE] = "file does not exist",
    [MPI_ERR_PORT] = "invalid port name",
    [MPI_ERR_QUOTA] = "quota exceeded",
    [MPI_ERR_READ_ONLY] = "read-only file or file system",
    [MPI_ERR_SERVICE] = "invalid service name in MPI_Unpublish_name",
    [MPI_ERR_SPAWN] = "error spawning processes",
    [MPI_ERR_UNSUPPORTED_DATAREP] = "unsupported data representation",
    [MPI_ERR_UNSUPPORTED_OPERATION] = "unsupported operation",
    [MPI_ERR_WIN] = "invalid window",
    [MPI_ERR_BASE] = "invalid base address",
    [MPI_ERR_LOCKTYPE] = "invalid lock type",
    [MPI_ERR_KEYVAL] = "invalid attribute key",
    [MPI_ERR_RMA_CONFLICT] = "conflicting accesses to window",
    [MPI_ERR_RMA_SYNC] = "wrong synchronization of RMA calls",
    [MPI_ERR_SIZE] = "invalid size argument",
    [MPI_ERR_DISP] = "invalid displacement argument",
    [MPI_ERR_ASSERT] = "invalid assert argument",
    [54] = "unknown error",
    [MPI_ERR_RMA_RANGE] = "target memory is not part of the window",
    [MPI_ERR_RMA_ATTACH] = "memory cannot be attached",
    [MPI_ERR_RMA_SHARED] = "memory cannot be shared",
    [MPI_ERR_RMA_FLAVOR] = "wrong window flavor",
    [MPI_ERR_SESSION] = "invalid session",
    [MPI_ERR_PROC_ABORTED] = "operation failed because a peer process aborted",
    [MPI_ERR_VALUE_TOO_LARGE] = "value too large to store",
    [MPI_ERR_ERRHANDLER] = "invalid error handler",
};

int MPIR_Err_set(int errclass, const char *fcname, const char *fmt, ...)
{
    int n = snprintf(last_message, sizeof last_message, "%s: ", fcname);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof last_message)
        vsnprintf(last_message + n, sizeof last_message - (size_t)n, fmt, ap);
    va_end(ap);
    return errclass;
}

const char *MPIR_Err_last_message(void) { return last_message; }

void MPIR_Err_set_text(const char *message) { snprintf(last_message, sizeof last_message, "%s", message); }

void MPIR_Err_set_initial_return(int on) { initial_return = on; }

static void abort_with_last_message(int errclass)
{
    char msg[MPI_MAX_ERROR_STRING + 32];
    snprintf(msg, sizeof msg, "Fatal error in %s", last_message);
    wmpi_job_abort(errclass, msg);
}

int MPIR_Err_raise(MPIR_Comm *comm, int errclass)
{
    if (errclass == MPI_SUCCESS)
        return MPI_SUCCESS;
    if (comm == NULL && MPIR_state == MPIR_INITIALIZED)
        comm = MPIR_Comm_get(MPI_COMM_SELF);
    MPI_Errhandler eh = comm ? comm->errhandler : (initial_return ? MPI_ERRORS_RETURN : MPI_ERRORS_ARE_FATAL);
    return MPIR_Err_raise_handler(eh, comm ? comm->handle : MPI_COMM_NULL, errclass);
}

int MPIR_Err_raise_handler(MPI_Errhandler eh, int handle, int errclass)
{
    if (errclass == MPI_SUCCESS || eh == MPI_ERRORS_RETURN)
        return errclass;
    if (eh == MPI_ERRORS_ARE_FATAL || eh == MPI_ERRORS_ABORT) {
        abort_with_last_message(errclass);
        return errclass;
    }
    int code = errclass;
    user_errhandlers[HANDLE_INDEX(eh)](&handle, &code);
    return errclass;
}

int MPIR_Errhandler_valid(MPI_Errhandler eh)
{
    if (eh == MPI_ERRORS_ARE_FATAL || eh == MPI_ERRORS_RETURN || eh == MPI_ERRORS_ABORT)
        return 1;
    return HANDLE_IS_DYNAMIC(eh) && HANDLE_KIND(eh) == WMPI_KIND_ERRHANDLER &&
           HANDLE_INDEX(eh) < MAX_USER_ERRHANDLERS && user_errhandlers[HANDLE_INDEX(eh)] != NULL;
}

int MPI_Error_class(int errorcode, int *errorclass)
{
    if (errorcode < 0 || errorcode > MPI_ERR_LASTCODE)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Error_class", "invalid error code %d (errorcode)", errorcode);
    *errorclass = errorcode;
    return MPI_SUCCESS;
}

int MPI_Error_string(int errorcode, char *string, int *resultlen)
{
    if (errorcode < 0 || errorcode > MPI_ERR_LASTCODE)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Error_string", "invalid error code %d (errorcode)", errorcode);
    int n = snprintf(string, MPI_MAX_ERROR_STRING, "%s", class_strings[errorcode]);
    *resultlen = n < MPI_MAX_ERROR_STRING ? n : MPI_MAX_ERROR_STRING - 1;
    return MPI_SUCCESS;
}

int MPI_Comm_create_errhandler(MPI_Comm_errhandler_function *fn, MPI_Errhandler *errhandler)
{
    if (fn == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Comm_create_errhandler", "null function (comm_errhandler_fn)");
    for (int i = 0; i < MAX_USER_ERRHANDLERS; i++) {
        if (user_errhandlers[i] == NULL) {
            user_errhandlers[i] = fn;
            user_refs[i] = 1;
            *errhandler = HANDLE_MAKE_DYNAMIC(WMPI_KIND_ERRHANDLER, i);
            return MPI_SUCCESS;
        }
    }
    return MPIR_ERR(NULL, MPI_ERR_NO_MEM, "MPI_Comm_create_errhandler", "more than %d error handlers", MAX_USER_ERRHANDLERS);
}

int MPI_Win_create_errhandler(MPI_Win_errhandler_function *fn, MPI_Errhandler *errhandler)
{
    /* the same table as communicators': a window's handler is called with (MPI_Win *, int *) */
    if (fn == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Win_create_errhandler", "null function (win_errhandler_fn)");
    return MPI_Comm_create_errhandler((MPI_Comm_errhandler_function *)fn, errhandler);
}

int MPI_Errhandler_free(MPI_Errhandler *errhandler)
{
    if (errhandler == NULL || !MPIR_Errhandler_valid(*errhandler))
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Errhandler_free", "invalid error handler (errhandler)");
    unref(*errhandler);
    *errhandler = MPI_ERRHANDLER_NULL;
    return MPI_SUCCESS;
}

int MPI_Comm_set_errhandler(MPI_Comm comm, MPI_Errhandler errhandler)
{
    MPIR_CHECK_INIT("MPI_Comm_set_errhandler");
    MPIR_Comm *c = MPIR_Comm_get(comm);
    if (c == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, "MPI_Comm_set_errhandler", "invalid communicator (comm)");
    if (!MPIR_Errhandler_valid(errhandler))
        return MPIR_ERR(c, MPI_ERR_ARG, "MPI_Comm_set_errhandler", "invalid error handler (errhandler)");
    ref(errhandler);
    unref(c->errhandler);
    c->errhandler = errhandler;
    return MPI_SUCCESS;
}

int MPI_Comm_get_errhandler(MPI_Comm comm, MPI_Errhandler *errhandler)
{
    MPIR_CHECK_INIT("MPI_Comm_get_errhandler");
    MPIR_Comm *c = MPIR_Comm_get(comm);
    if (c == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, "MPI_Comm_get_errhandler", "invalid communicator (comm)");
    *errhandler = c->errhandler;
    ref(*errhandler); /* a new reference, for the caller to free */
    return MPI_SUCCESS;
}

int MPI_Comm_call_errhandler(MPI_Comm comm, int errorcode)
{
    MPIR_CHECK_INIT("MPI_Comm_call_errhandler");
    MPIR_Comm *c = MPIR_Comm_get(comm);
    if (c == NULL)
        return MPIR_ERR(NULL, MPI_ERR_COMM, "MPI_Comm_call_errhandler", "invalid communicator (comm)");
    MPIR_Err_set(errorcode, "MPI_Comm_call_errhandler", "error code %d raised by the application", errorcode);
    MPIR_Err_raise(c, errorcode);
    return MPI_SUCCESS;
}

void MPIR_Errhandler_ref(MPI_Errhandler eh) { ref(eh); }
void MPIR_Errhandler_release(MPI_Errhandler eh) { unref(eh); }
