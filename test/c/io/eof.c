/* Reads that reach the end of the file: the status counts what was read, fewer than asked, and a
 * read that starts at or past the end counts nothing (MPI-4.0 14.4). The file is 10 bytes; every
 * rank reads across its end with read_at, iread_at, read (individual pointer), read_shared and
 * read_at_all, and gets the bytes that are there. */
#include "iotest.h"

#define LEN 10

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Request req;
    unsigned char data[LEN], buf[16];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("eof.dat");
    io_fill(data, 2, LEN);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "eof.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    if (rank == 0)
        CHECK_MPI(MPI_File_write_at(fh, 0, data, LEN, MPI_BYTE, &st));
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    memset(buf, 0, sizeof buf);
    CHECK_MPI(MPI_File_read_at(fh, 6, buf, 8, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, 4);
    io_compare("read_at across the end", buf, data + 6, 4);
    CHECK_MPI(MPI_File_read_at(fh, LEN, buf, 8, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, 0);
    CHECK_MPI(MPI_File_read_at(fh, 3 * LEN, buf, 8, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, 0);

    memset(buf, 0, sizeof buf);
    CHECK_MPI(MPI_File_iread_at(fh, 7, buf, 2, MPI_INT, &req));
    CHECK_MPI(MPI_Wait(&req, &st));
    int elements = -1;
    MPI_Get_elements(&st, MPI_BYTE, &elements);
    CHECK(elements == 3, "iread_at across the end read %d bytes, expected 3", elements);
    io_compare("iread_at across the end", buf, data + 7, 3);

    memset(buf, 0, sizeof buf);
    CHECK_MPI(MPI_File_seek(fh, 8, MPI_SEEK_SET));
    CHECK_MPI(MPI_File_read(fh, buf, 4, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, 2);
    io_compare("read across the end", buf, data + 8, 2);

    /* the shared pointer at 5 for everyone; rank 0 reads across the end */
    CHECK_MPI(MPI_File_seek_shared(fh, 5, MPI_SEEK_SET));
    if (rank == 0) {
        memset(buf, 0, sizeof buf);
        CHECK_MPI(MPI_File_read_shared(fh, buf, 8, MPI_BYTE, &st));
        CHECK_COUNT(st, MPI_BYTE, 5);
        io_compare("read_shared across the end", buf, data + 5, 5);
    }

    memset(buf, 0, sizeof buf);
    CHECK_MPI(MPI_File_read_at_all(fh, rank % 2 ? 4 : 9, buf, 8, MPI_BYTE, &st));
    CHECK_EOF_COUNT(st, MPI_BYTE, rank % 2 ? 6 : 1);
    io_compare("read_at_all across the end", buf, data + (rank % 2 ? 4 : 9), rank % 2 ? 6 : 1);
    CHECK_MPI(MPI_File_close(&fh));
    return ctest_finish();
}
