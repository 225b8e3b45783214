/* A collective write through a view with holes keeps the file's bytes in the holes: the file is
 * first filled with 0x11 (POSIX write), then each rank writes its B bytes at the start of its 2 * B
 * bytes of every tile with MPI_File_write_all, leaving the other B bytes alone. Two-phase I/O reads
 * the stretch before writing it whole (data sieving), so the holes must come back unchanged; a
 * small cb_buffer_size makes it take several rounds. Checked byte by byte with POSIX read(). */
#include "iotest.h"

#define B 24
#define TILES 3

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Info info;
    MPI_Datatype block, tiled;
    unsigned char mine[TILES * B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("holes.dat");
    io_fill(mine, rank, TILES * B);
    long len = (long)TILES * size * 2 * B;
    unsigned char *file = malloc((size_t)len);
    memset(file, 0x11, (size_t)len);
    if (rank == 0) {
        int fd = open("holes.dat", O_CREAT | O_WRONLY | O_TRUNC, 0644);
        CHECK(fd >= 0 && write(fd, file, (size_t)len) == len && close(fd) == 0, "cannot fill holes.dat: %s", strerror(errno));
    }
    MPI_Barrier(MPI_COMM_WORLD);
    for (int r = 0; r < size; r++)
        for (int t = 0; t < TILES; t++)
            for (int j = 0; j < B; j++)
                file[(long)(t * size + r) * 2 * B + j] = io_byte(r, t * B + j);

    MPI_Type_contiguous(B, MPI_BYTE, &block);
    MPI_Type_create_resized(block, 0, (MPI_Aint)size * 2 * B, &tiled);
    MPI_Type_commit(&tiled);
    MPI_Info_create(&info);
    MPI_Info_set(info, "cb_buffer_size", "64");
    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "holes.dat", MPI_MODE_RDWR, info, &fh));
    MPI_Info_free(&info);
    CHECK_MPI(MPI_File_set_view(fh, (MPI_Offset)rank * 2 * B, MPI_BYTE, tiled, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_write_all(fh, mine, TILES * B, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, TILES * B);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0)
        io_expect_file("holes.dat", file, len);
    MPI_Type_free(&block);
    MPI_Type_free(&tiled);
    free(file);
    return ctest_finish();
}
