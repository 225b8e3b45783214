/* Errors of data access, returned with their classes: writing to a file opened MPI_MODE_RDONLY is
 * MPI_ERR_READ_ONLY and reading one opened MPI_MODE_WRONLY is MPI_ERR_ACCESS, through every kind of
 * call (explicit offset, individual and shared pointer, collective and nonblocking); a call on
 * MPI_FILE_NULL is MPI_ERR_FILE; a negative offset is MPI_ERR_ARG, a negative count MPI_ERR_COUNT
 * and an uncommitted datatype MPI_ERR_TYPE. The failed writes leave the file as it was. ROMIO does not check
 * the access mode in all the shared-pointer calls (read_ordered of a write-only file succeeds;
 * write_shared and write_ordered of a read-only one fail with MPI_ERR_IO when they reach the file),
 * so those three checks are made only off ROMIO. */
#include "iotest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh, null = MPI_FILE_NULL;
    MPI_Status st;
    MPI_Request req;
    MPI_Offset sz;
    unsigned char data[8], buf[8];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("ro.dat");
    io_fill(data, 1, 8);

    /* a file with 8 bytes, then opened read-only */
    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "ro.dat", MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh));
    if (rank == 0)
        CHECK_MPI(MPI_File_write_at(fh, 0, data, 8, MPI_BYTE, &st));
    /* reading a write-only file */
    CHECK_CLASS(MPI_File_read_at(fh, 0, buf, 8, MPI_BYTE, &st), MPI_ERR_ACCESS);
    CHECK_CLASS(MPI_File_read(fh, buf, 8, MPI_BYTE, &st), MPI_ERR_ACCESS);
    CHECK_CLASS(MPI_File_read_shared(fh, buf, 8, MPI_BYTE, &st), MPI_ERR_ACCESS);
    CHECK_CLASS(MPI_File_iread_at(fh, 0, buf, 8, MPI_BYTE, &req), MPI_ERR_ACCESS);
    CHECK_CLASS(MPI_File_read_at_all(fh, 0, buf, 8, MPI_BYTE, &st), MPI_ERR_ACCESS);
    CHECK_CLASS(MPI_File_read_all(fh, buf, 8, MPI_BYTE, &st), MPI_ERR_ACCESS);
    if (!IO_ROMIO)
        CHECK_CLASS(MPI_File_read_ordered(fh, buf, 8, MPI_BYTE, &st), MPI_ERR_ACCESS);
    CHECK_MPI(MPI_File_close(&fh));

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "ro.dat", MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    CHECK_CLASS(MPI_File_write_at(fh, 0, buf, 8, MPI_BYTE, &st), MPI_ERR_READ_ONLY);
    CHECK_CLASS(MPI_File_write(fh, buf, 8, MPI_BYTE, &st), MPI_ERR_READ_ONLY);
    if (!IO_ROMIO)
        CHECK_CLASS(MPI_File_write_shared(fh, buf, 8, MPI_BYTE, &st), MPI_ERR_READ_ONLY);
    CHECK_CLASS(MPI_File_iwrite(fh, buf, 8, MPI_BYTE, &req), MPI_ERR_READ_ONLY);
    CHECK_CLASS(MPI_File_write_at_all(fh, 0, buf, 8, MPI_BYTE, &st), MPI_ERR_READ_ONLY);
    CHECK_CLASS(MPI_File_write_all(fh, buf, 8, MPI_BYTE, &st), MPI_ERR_READ_ONLY);
    if (!IO_ROMIO)
        CHECK_CLASS(MPI_File_write_ordered(fh, buf, 8, MPI_BYTE, &st), MPI_ERR_READ_ONLY);
    CHECK_CLASS(MPI_File_set_size(fh, 0), MPI_ERR_READ_ONLY);
    MPI_Datatype uncommitted;
    MPI_Type_contiguous(2, MPI_BYTE, &uncommitted);
    CHECK_CLASS(MPI_File_read_at(fh, -1, buf, 8, MPI_BYTE, &st), MPI_ERR_ARG);
    CHECK_CLASS(MPI_File_read_at(fh, 0, buf, -1, MPI_BYTE, &st), MPI_ERR_COUNT);
    CHECK_CLASS(MPI_File_read_at(fh, 0, buf, 4, uncommitted, &st), MPI_ERR_TYPE);
    MPI_Type_free(&uncommitted);
    /* the file still reads */
    memset(buf, 0, 8);
    CHECK_MPI(MPI_File_read_at(fh, 0, buf, 8, MPI_BYTE, &st));
    io_compare("the read-only file after the failed writes", buf, data, 8);
    CHECK_MPI(MPI_File_close(&fh));

    CHECK_CLASS(MPI_File_get_size(MPI_FILE_NULL, &sz), MPI_ERR_FILE);
    CHECK_CLASS(MPI_File_read_at(MPI_FILE_NULL, 0, buf, 8, MPI_BYTE, &st), MPI_ERR_FILE);
    CHECK_CLASS(MPI_File_write(MPI_FILE_NULL, buf, 8, MPI_BYTE, &st), MPI_ERR_FILE);
    CHECK_CLASS(MPI_File_close(&null), MPI_ERR_FILE);
    CHECK_CLASS(MPI_File_close(&fh), MPI_ERR_FILE); /* closing set fh to MPI_FILE_NULL */
    return ctest_finish();
}
