/* Where MPI_SEEK_END puts the file pointers: "the end of file is the offset of the first etype
 * accessible in the current view starting after the last byte in the file" (MPI-4.0 14.1), so an
 * etype the file holds only part of counts as there. With etype MPI_INT: a 10-byte file ends at
 * view offset 3 (int 2 is half there); through the view of seek.c (from int 2, ints 0-1 and 3-4 of
 * every 5), a file that ends in a hole ends at the next etype, and one that ends half-way through
 * an int ends after it. Checked for MPI_File_seek and MPI_File_seek_shared. */
#include "iotest.h"

/* Makes the file `bytes` long (0x33 bytes; rank 0 with POSIX calls), then checks both END seeks. */
static void check_end(MPI_Datatype filetype, MPI_Offset disp, long bytes, MPI_Offset want, const char *what)
{
    int rank;
    MPI_File fh;
    MPI_Offset pos = -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 0) {
        unsigned char *data = malloc((size_t)bytes);
        memset(data, 0x33, (size_t)bytes);
        int fd = open("seek_end.dat", O_CREAT | O_WRONLY | O_TRUNC, 0644);
        CHECK(fd >= 0 && write(fd, data, (size_t)bytes) == bytes && close(fd) == 0, "cannot make seek_end.dat");
        free(data);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "seek_end.dat", MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, disp, MPI_INT, filetype, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_seek(fh, 0, MPI_SEEK_END));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == want, "%s: seek(0, END) gives %lld, expected %lld", what, (long long)pos, (long long)want);
    CHECK_MPI(MPI_File_seek_shared(fh, -1, MPI_SEEK_END));
    CHECK_MPI(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == want - 1, "%s: seek_shared(-1, END) gives %lld, expected %lld", what, (long long)pos, (long long)want - 1);
    CHECK_MPI(MPI_File_close(&fh));
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Datatype vec;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Type_vector(2, 2, 3, MPI_INT, &vec);
    MPI_Type_commit(&vec);

    check_end(MPI_INT, 0, 12, 3, "12 bytes as ints");
    check_end(MPI_INT, 0, 10, 3, "10 bytes as ints");
    /* seek.c's view: 7 tiles of 5 ints hold etypes 0-27, then view ints 35, 36 are etypes 28, 29 */
    check_end(vec, 2 * sizeof(int), (2 + 37) * 4, 30, "a file ending after a data block");
    check_end(vec, 2 * sizeof(int), (2 + 38) * 4, 30, "a file ending in a hole");
    check_end(vec, 2 * sizeof(int), (2 + 36) * 4 + 2, 30, "a file ending half-way through an int");
    MPI_Type_free(&vec);
    return ctest_finish();
}
