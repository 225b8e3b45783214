/* Offsets past 4 GiB (MPI_Offset is 64 bits; the wasm core's pointers are 32): each rank writes an
 * int at 5 GiB + 4 * rank with write_at and at 5 GiB + 64 + 4 * rank with write_at_all, the file
 * (sparse) is 5 GiB + 64 + 4 * size bytes, the neighbour's ints read back with read_at and
 * read_at_all, and a view displaced by 5 GiB gives the right byte offsets, reads and end of file.
 * The file is removed on close (MPI_MODE_DELETE_ON_CLOSE). */
#include "iotest.h"

int main(int argc, char **argv)
{
    int rank, size, v, got = -1, count = -1;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset big = (MPI_Offset)5 << 30, sz = -1, pos = -1, byte = -1;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("big_offsets.dat");
    v = 100 + rank;
    int peer = (rank + 1) % size;

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "big_offsets.dat", MPI_MODE_CREATE | MPI_MODE_RDWR | MPI_MODE_DELETE_ON_CLOSE,
                            MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_write_at(fh, big + 4 * rank, &v, 1, MPI_INT, &st));
    CHECK_MPI(MPI_File_write_at_all(fh, big + 64 + 4 * rank, &v, 1, MPI_INT, &st));
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    CHECK_MPI(MPI_File_get_size(fh, &sz));
    CHECK(sz == big + 64 + 4 * size, "the file has %lld bytes, expected %lld", (long long)sz, (long long)(big + 64 + 4 * size));
    CHECK_MPI(MPI_File_read_at(fh, big + 4 * peer, &got, 1, MPI_INT, &st));
    CHECK(got == 100 + peer, "read_at past 4 GiB gave %d, expected %d", got, 100 + peer);
    got = -1;
    CHECK_MPI(MPI_File_read_at_all(fh, big + 64 + 4 * peer, &got, 1, MPI_INT, &st));
    CHECK(got == 100 + peer, "read_at_all past 4 GiB gave %d, expected %d", got, 100 + peer);

    CHECK_MPI(MPI_File_set_view(fh, big, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_get_byte_offset(fh, peer, &byte));
    CHECK(byte == big + 4 * peer, "get_byte_offset(%d) = %lld", peer, (long long)byte);
    CHECK_MPI(MPI_File_seek(fh, peer, MPI_SEEK_SET));
    got = -1;
    CHECK_MPI(MPI_File_read(fh, &got, 1, MPI_INT, &st));
    MPI_Get_count(&st, MPI_INT, &count);
    CHECK(count == 1 && got == 100 + peer, "read through the view gave %d (count %d)", got, count);
    CHECK_MPI(MPI_File_seek(fh, 0, MPI_SEEK_END));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 16 + size, "the end of the view is %lld, expected %d", (long long)pos, 16 + size);
    CHECK_MPI(MPI_File_close(&fh));
    return ctest_finish();
}
