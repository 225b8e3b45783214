/* MPI_MODE_APPEND: every file pointer, individual and shared, starts at the end of the file
 * (MPI-4.0 14.2.1). A 10-byte file made with POSIX calls is opened WRONLY | APPEND; both pointers
 * are at 10, records written through the shared pointer land after the old bytes (all of them,
 * none overlapping), and a later write through rank 0's individual pointer goes after those. The
 * file is checked with POSIX read(). */
#include "iotest.h"

#define HEAD 10
#define R 12

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset pos;
    unsigned char head[HEAD], rec[R], tail[5] = {9, 8, 7, 6, 5};
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("append.dat");
    memset(head, 0xAB, HEAD);
    if (rank == 0) {
        int fd = open("append.dat", O_CREAT | O_WRONLY | O_TRUNC, 0644);
        CHECK(fd >= 0 && write(fd, head, HEAD) == HEAD && close(fd) == 0, "cannot make append.dat: %s", strerror(errno));
    }
    MPI_Barrier(MPI_COMM_WORLD);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "append.dat", MPI_MODE_WRONLY | MPI_MODE_APPEND, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == HEAD, "with MPI_MODE_APPEND the individual pointer starts at %lld, expected %d", (long long)pos, HEAD);
    CHECK_MPI(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == HEAD, "with MPI_MODE_APPEND the shared pointer starts at %lld, expected %d", (long long)pos, HEAD);
    MPI_Barrier(MPI_COMM_WORLD);
    io_record(rec, rank, 0, R);
    CHECK_MPI(MPI_File_write_shared(fh, rec, R, MPI_BYTE, &st));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == HEAD + size * R, "after the appends the shared pointer is at %lld, expected %d", (long long)pos,
          HEAD + size * R);
    if (rank == 0) {
        CHECK_MPI(MPI_File_seek(fh, (MPI_Offset)size * R, MPI_SEEK_CUR));
        CHECK_MPI(MPI_File_write(fh, tail, 5, MPI_BYTE, &st));
    }
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        long len;
        unsigned char *file = io_slurp("append.dat", &len);
        int *seen = calloc((size_t)size, sizeof *seen);
        CHECK(len == HEAD + size * R + 5, "the file has %ld bytes, expected %d", len, HEAD + size * R + 5);
        if (file && len == HEAD + size * R + 5) {
            io_compare("the bytes before the appends", file, head, HEAD);
            for (int i = 0; i < size; i++) {
                int id = io_record_id(file + HEAD + i * R, 1, R);
                CHECK(id >= 0 && id < size && !seen[id]++, "appended record %d is torn or repeated", i);
            }
            io_compare("rank 0's write after the appends", file + HEAD + size * R, tail, 5);
        }
        free(file);
        free(seen);
    }
    return ctest_finish();
}
