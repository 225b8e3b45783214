/* File error handlers: the default one, on MPI_FILE_NULL and on a newly opened file, is
 * MPI_ERRORS_RETURN (MPI-4.0 14.7), so an erroneous call returns its code; a handler made with
 * MPI_File_create_errhandler and set on a file is called with that file and the error's code
 * (and the call still returns the code); MPI_File_call_errhandler calls it too; set on
 * MPI_FILE_NULL, it handles MPI_File_open's errors and becomes the handler of files opened later. */
#include "iotest.h"

/* Frees a handle MPI_File_get_errhandler gave: a new reference the caller owns (as the communicator's
 * get_errhandler gives). ROMIO hands out the handler without a reference, and MPICH aborts on the
 * free, so the handle is left alone under ROMIO. */
static void release(MPI_Errhandler *eh)
{
    if (!IO_ROMIO)
        MPI_Errhandler_free(eh);
}

static int calls = 0, last_class = -1;
static MPI_File last_file;

static void record(MPI_File *fh, int *code, ...)
{
    calls++;
    last_file = *fh;
    last_class = io_class(*code);
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh, fh2;
    MPI_Errhandler eh, mine;
    MPI_Status st;
    unsigned char buf[4] = {0};
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("errh.dat");
    io_fresh("errh-missing.dat");

    CHECK_MPI(MPI_File_get_errhandler(MPI_FILE_NULL, &eh));
    CHECK(eh == MPI_ERRORS_RETURN, "the default file error handler is not MPI_ERRORS_RETURN");
    release(&eh);
    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "errh.dat", MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_get_errhandler(fh, &eh));
    CHECK(eh == MPI_ERRORS_RETURN, "a new file's error handler is not MPI_ERRORS_RETURN");
    release(&eh);
    CHECK_CLASS(MPI_File_read_at(fh, 0, buf, 4, MPI_BYTE, &st), MPI_ERR_ACCESS);

    CHECK_MPI(MPI_File_create_errhandler(record, &mine));
    CHECK_MPI(MPI_File_set_errhandler(fh, mine));
    CHECK_MPI(MPI_File_get_errhandler(fh, &eh));
    CHECK(eh == mine, "get_errhandler does not give the handler set");
    release(&eh);
    CHECK_CLASS(MPI_File_read_at(fh, 0, buf, 4, MPI_BYTE, &st), MPI_ERR_ACCESS);
    CHECK(calls == 1 && last_file == fh && last_class == MPI_ERR_ACCESS,
          "the file's handler saw %d calls, the last of class %d", calls, last_class);
    CHECK_MPI(MPI_File_call_errhandler(fh, MPI_ERR_OTHER));
    CHECK(calls == 2 && last_class == MPI_ERR_OTHER, "call_errhandler: %d calls, the last of class %d", calls, last_class);
    CHECK_MPI(MPI_File_close(&fh));

    /* the handler of MPI_FILE_NULL: MPI_File_open's errors, and files opened from now on */
    CHECK_MPI(MPI_File_set_errhandler(MPI_FILE_NULL, mine));
    CHECK_CLASS(MPI_File_open(MPI_COMM_WORLD, "errh-missing.dat", MPI_MODE_RDONLY, MPI_INFO_NULL, &fh2),
                MPI_ERR_NO_SUCH_FILE);
    CHECK(calls == 3 && last_file == MPI_FILE_NULL && last_class == MPI_ERR_NO_SUCH_FILE,
          "a failed open: %d calls, the last of class %d", calls, last_class);
    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "errh.dat", MPI_MODE_RDONLY, MPI_INFO_NULL, &fh2));
    CHECK_CLASS(MPI_File_write_at(fh2, 0, buf, 4, MPI_BYTE, &st), MPI_ERR_READ_ONLY);
    CHECK(calls == 4 && last_file == fh2 && last_class == MPI_ERR_READ_ONLY,
          "a file opened after set_errhandler(MPI_FILE_NULL): %d calls, the last of class %d", calls, last_class);
    CHECK_MPI(MPI_File_close(&fh2));
    CHECK_MPI(MPI_File_set_errhandler(MPI_FILE_NULL, MPI_ERRORS_RETURN));
    MPI_Errhandler_free(&mine);
    return ctest_finish();
}
