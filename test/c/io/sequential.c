/* MPI_MODE_SEQUENTIAL: only the shared file pointer may be used. write_shared and write_ordered
 * work and land in order; the calls that use explicit offsets or the individual pointer fail with
 * MPI_ERR_UNSUPPORTED_OPERATION (the standard's example of that class: "seeking on a file which
 * supports sequential access only"), and so does MPI_File_set_size. A new view with displacement
 * MPI_DISPLACEMENT_CURRENT starts where the shared pointer is (MPI-4.0 14.3), and the ordered ints
 * written through it follow. The file is checked with POSIX read(). */
#include "iotest.h"

#define U 8

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Request req;
    unsigned char mine[U], head[U];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("sequential.dat");
    io_fill(mine, rank, U);
    memset(head, 0x5A, U);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "sequential.dat", MPI_MODE_CREATE | MPI_MODE_WRONLY | MPI_MODE_SEQUENTIAL,
                            MPI_INFO_NULL, &fh));
    if (rank == 0)
        CHECK_MPI(MPI_File_write_shared(fh, head, U, MPI_BYTE, &st));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_write_ordered(fh, mine, U, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, U);

    CHECK_CLASS(MPI_File_write_at(fh, 0, mine, U, MPI_BYTE, &st), MPI_ERR_UNSUPPORTED_OPERATION);
    CHECK_CLASS(MPI_File_write(fh, mine, U, MPI_BYTE, &st), MPI_ERR_UNSUPPORTED_OPERATION);
    CHECK_CLASS(MPI_File_iwrite_at(fh, 0, mine, U, MPI_BYTE, &req), MPI_ERR_UNSUPPORTED_OPERATION);
    CHECK_CLASS(MPI_File_seek(fh, 0, MPI_SEEK_SET), MPI_ERR_UNSUPPORTED_OPERATION);
    CHECK_CLASS(MPI_File_write_at_all(fh, 0, mine, U, MPI_BYTE, &st), MPI_ERR_UNSUPPORTED_OPERATION);
    CHECK_CLASS(MPI_File_write_all(fh, mine, U, MPI_BYTE, &st), MPI_ERR_UNSUPPORTED_OPERATION);
    CHECK_CLASS(MPI_File_set_size(fh, 0), MPI_ERR_UNSUPPORTED_OPERATION);

    MPI_Offset disp = -1;
    MPI_Datatype etype, filetype;
    char rep[MPI_MAX_DATAREP_STRING + 1];
    CHECK_MPI(MPI_File_set_view(fh, MPI_DISPLACEMENT_CURRENT, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_get_view(fh, &disp, &etype, &filetype, rep));
    CHECK(disp == (MPI_Offset)(size + 1) * U, "MPI_DISPLACEMENT_CURRENT made the displacement %lld, expected %d",
          (long long)disp, (size + 1) * U);
    int v = 1000 + rank;
    CHECK_MPI(MPI_File_write_ordered(fh, &v, 1, MPI_INT, &st));
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        long len = (long)(size + 1) * U + size * (long)sizeof(int);
        unsigned char *file = malloc((size_t)len);
        memcpy(file, head, U);
        for (int r = 0; r < size; r++) {
            int w = 1000 + r;
            io_fill(file + (r + 1) * U, r, U);
            memcpy(file + (size + 1) * U + r * sizeof(int), &w, sizeof(int));
        }
        io_expect_file("sequential.dat", file, len);
        free(file);
    }
    return ctest_finish();
}
