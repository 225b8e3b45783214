/* Two-phase collective I/O over many rounds and a subset of aggregators: the hints cb_buffer_size
 * (256 bytes) and cb_nodes (2) make every collective call cut the file range into two domains
 * handled in many rounds. Each rank's stream is 16-byte pieces interleaved with the other ranks'
 * (4 KiB each); it is written with MPI_File_write_at_all, read back whole through the default view
 * with MPI_File_read_at_all by every rank, and checked byte by byte with POSIX read(). */
#include "iotest.h"

#define P 16     /* bytes per piece */
#define N 256    /* pieces per rank */

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Info info;
    MPI_Datatype piece, tiled;
    unsigned char mine[N * P];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("coll_rounds.dat");
    io_fill(mine, rank, N * P);
    long len = (long)size * N * P;
    unsigned char *file = io_interleaved(size, P, N), *got = calloc((size_t)len, 1);

    MPI_Type_contiguous(P, MPI_BYTE, &piece);
    MPI_Type_create_resized(piece, 0, (MPI_Aint)size * P, &tiled);
    MPI_Type_commit(&tiled);
    MPI_Info_create(&info);
    MPI_Info_set(info, "cb_buffer_size", "256");
    MPI_Info_set(info, "cb_nodes", "2");
    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "coll_rounds.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, info, &fh));
    MPI_Info_free(&info);
    CHECK_MPI(MPI_File_set_view(fh, (MPI_Offset)rank * P, MPI_BYTE, tiled, "native", MPI_INFO_NULL));
    /* the second half first, then the first: two collective calls */
    CHECK_MPI(MPI_File_write_at_all(fh, N * P / 2, mine + N * P / 2, N * P / 2, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, N * P / 2);
    CHECK_MPI(MPI_File_write_at_all(fh, 0, mine, N * P / 2, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, N * P / 2);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_read_at_all(fh, 0, got, (int)len, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, len);
    io_compare("read_at_all of the whole file", got, file, len);
    CHECK_MPI(MPI_File_close(&fh));
    if (rank == 0)
        io_expect_file("coll_rounds.dat", file, len);
    MPI_Type_free(&piece);
    MPI_Type_free(&tiled);
    free(file);
    free(got);
    return ctest_finish();
}
