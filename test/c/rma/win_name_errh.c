/* A window's name and error handler: the name starts empty, MPI_Win_set_name / MPI_Win_get_name
 * round-trip it; the default error handler is MPI_ERRORS_ARE_FATAL; a handler made with
 * MPI_Win_create_errhandler and set with MPI_Win_set_errhandler is returned by
 * MPI_Win_get_errhandler, runs on MPI_Win_call_errhandler with the window and the code, and runs
 * when an RMA call on the window fails (a Put to rank `size`), after which the call returns. */
#include <string.h>
#include "rmatest.h"

static int calls = 0, last_code = 0;
static MPI_Win last_win = MPI_WIN_NULL;

static void handler(MPI_Win *win, int *code, ...)
{
    calls++;
    last_code = *code;
    last_win = *win;
}

int main(int argc, char **argv)
{
    int rank, size, len = -1, v = 1, cls;
    char name[MPI_MAX_OBJECT_NAME];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int *buf;
    MPI_Win win;
    MPI_Win_allocate(sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &buf, &win);

    name[0] = 'x';
    CHECK_MPI(MPI_Win_get_name(win, name, &len));
    CHECK(len == 0 && name[0] == '\0', "a new window is named \"%s\" (%d)", name, len);
    CHECK_MPI(MPI_Win_set_name(win, "halo window"));
    CHECK_MPI(MPI_Win_get_name(win, name, &len));
    CHECK(len == 11 && strcmp(name, "halo window") == 0, "name \"%s\" (%d)", name, len);

    MPI_Errhandler eh, got;
    CHECK_MPI(MPI_Win_get_errhandler(win, &got));
    CHECK(got == MPI_ERRORS_ARE_FATAL, "a new window's error handler is not MPI_ERRORS_ARE_FATAL");
    MPI_Errhandler_free(&got);
    CHECK_MPI(MPI_Win_create_errhandler(handler, &eh));
    CHECK_MPI(MPI_Win_set_errhandler(win, eh));
    CHECK_MPI(MPI_Win_get_errhandler(win, &got));
    CHECK(got == eh, "MPI_Win_get_errhandler does not return the handler set");
    MPI_Errhandler_free(&got);

    CHECK_MPI(MPI_Win_call_errhandler(win, MPI_ERR_OTHER));
    CHECK(calls == 1 && last_code == MPI_ERR_OTHER && last_win == win, "call_errhandler: %d calls, code %d",
          calls, last_code);

    CHECK_MPI(MPI_Win_fence(0, win));
    int rc = MPI_Put(&v, 1, MPI_INT, size, 0, 1, MPI_INT, win);
    CHECK(rc != MPI_SUCCESS, "MPI_Put to rank %d succeeded", size);
    CHECK(calls == 2 && last_win == win, "the handler ran %d times for the bad put", calls);
    MPI_Error_class(last_code, &cls);
    CHECK(cls == MPI_ERR_RANK, "the handler got class %d for the bad put, expected MPI_ERR_RANK", cls);
    CHECK_MPI(MPI_Win_fence(0, win));

    MPI_Errhandler_free(&eh); /* the window still holds it */
    CHECK_MPI(MPI_Win_call_errhandler(win, MPI_ERR_WIN));
    CHECK(calls == 3 && last_code == MPI_ERR_WIN, "after freeing the handle: %d calls", calls);

    MPI_Info info = MPI_INFO_NULL;
    CHECK_MPI(MPI_Win_get_info(win, &info));
    CHECK(info != MPI_INFO_NULL, "MPI_Win_get_info returned MPI_INFO_NULL");
    if (info != MPI_INFO_NULL) MPI_Info_free(&info);
    CHECK_MPI(MPI_Win_free(&win));
    return ctest_finish();
}
