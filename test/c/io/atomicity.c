/* Atomic mode: MPI_File_get_atomicity is false on a new file and true after
 * MPI_File_set_atomicity(1) (collective). In atomic mode a write is visible to the other ranks once
 * they know it completed, with no MPI_File_sync (MPI-4.0 14.6.1): rank 0 writes, a barrier, and
 * every rank reads it at once; then all ranks overwrite the same bytes concurrently, each with
 * its whole record through a strided view (eight separate pieces in the file), and the result is
 * one rank's record, not a mix. Collective writes in atomic mode are visible the same way: each
 * rank writes its record with write_at_all and, after a barrier, reads its neighbour's with
 * read_at_all, no sync between. Back to nonatomic at the end. */
#include "iotest.h"

#define R 64

int main(int argc, char **argv)
{
    int rank, size, flag = -1;
    MPI_File fh;
    MPI_Status st;
    unsigned char rec[R], got[R];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("atomicity.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "atomicity.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_get_atomicity(fh, &flag));
    CHECK(flag == 0, "a new file's atomicity is %d", flag);
    CHECK_MPI(MPI_File_set_atomicity(fh, 1));
    CHECK_MPI(MPI_File_get_atomicity(fh, &flag));
    CHECK(flag == 1, "after set_atomicity(1) the atomicity is %d", flag);

    io_record(rec, 0, 0, R);
    if (rank == 0)
        CHECK_MPI(MPI_File_write_at(fh, 0, rec, R, MPI_BYTE, &st));
    MPI_Barrier(MPI_COMM_WORLD);
    memset(got, 0, R);
    CHECK_MPI(MPI_File_read_at(fh, 0, got, R, MPI_BYTE, &st));
    CHECK_COUNT(st, MPI_BYTE, R);
    io_compare("rank 0's atomic write, read without sync", got, rec, R);
    MPI_Barrier(MPI_COMM_WORLD);

    /* everybody writes the same R bytes at once, in R / 8 pieces 16 bytes apart: whole records only */
    MPI_Datatype pieces;
    MPI_Type_vector(R / 8, 8, 16, MPI_BYTE, &pieces);
    MPI_Type_commit(&pieces);
    CHECK_MPI(MPI_File_set_view(fh, R, MPI_BYTE, pieces, "native", MPI_INFO_NULL));
    io_record(rec, rank, 1, R);
    for (int i = 0; i < 5; i++)
        CHECK_MPI(MPI_File_write_at(fh, 0, rec, R, MPI_BYTE, &st));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_read_at(fh, 0, got, R, MPI_BYTE, &st));
    MPI_Type_free(&pieces);
    CHECK(io_record_id(got, 2, R) >= 0, "concurrent atomic writes left a mix of records");

    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL));
    io_record(rec, rank, 2, R);
    CHECK_MPI(MPI_File_write_at_all(fh, (MPI_Offset)(2 + rank) * R, rec, R, MPI_BYTE, &st));
    MPI_Barrier(MPI_COMM_WORLD);
    int peer = (rank + 1) % size;
    memset(got, 0, R);
    CHECK_MPI(MPI_File_read_at_all(fh, (MPI_Offset)(2 + peer) * R, got, R, MPI_BYTE, &st));
    io_record(rec, peer, 2, R);
    io_compare("the neighbour's atomic collective write, read without sync", got, rec, R);

    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_set_atomicity(fh, 0));
    CHECK_MPI(MPI_File_get_atomicity(fh, &flag));
    CHECK(flag == 0, "after set_atomicity(0) the atomicity is %d", flag);
    CHECK_MPI(MPI_File_close(&fh));
    return ctest_finish();
}
