/* The shared file pointer, noncollective, blocking: MPI_File_write_shared and MPI_File_read_shared.
 * Every rank appends K records at once; the file then holds all size * K records, none lost, none
 * overlapping or torn, each rank's in the order it wrote them, and the shared pointer is at the end.
 * Reading them back with read_shared from the start, the ranks together get each record exactly
 * once. The file is checked with POSIX read(). */
#include "iotest.h"

#define K 6
#define R 24

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset pos;
    unsigned char rec[R], got[K][R];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("shared.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "shared.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    for (int seq = 0; seq < K; seq++) {
        io_record(rec, rank, seq, R);
        CHECK_MPI(MPI_File_write_shared(fh, rec, R, MPI_BYTE, &st));
        CHECK_COUNT(st, MPI_BYTE, R);
    }
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    CHECK_MPI(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == (MPI_Offset)size * K * R, "the shared pointer is at %lld after all writes, expected %d", (long long)pos,
          size * K * R);

    if (rank == 0) {
        long len;
        unsigned char *file = io_slurp("shared.dat", &len);
        int *seen = calloc((size_t)size * K, sizeof *seen), *last = malloc((size_t)size * sizeof *last);
        CHECK(len == (long)size * K * R, "the file has %ld bytes, expected %d", len, size * K * R);
        for (int r = 0; r < size; r++)
            last[r] = -1;
        for (long at = 0; file && at + R <= len; at += R) {
            int id = io_record_id(file + at, K, R);
            CHECK(id >= 0 && id < size * K, "the record at byte %ld is torn or overlapped", at);
            if (id < 0 || id >= size * K)
                continue;
            CHECK(!seen[id]++, "record %d of rank %d is in the file twice", id % K, id / K);
            CHECK(id % K > last[id / K], "rank %d's record %d comes after its record %d", id / K, id % K, last[id / K]);
            last[id / K] = id % K;
        }
        for (int id = 0; id < size * K; id++)
            CHECK(seen[id], "record %d of rank %d is missing", id % K, id / K);
        free(file);
        free(seen);
        free(last);
    }

    /* back to the start (collective, but rank 0 may set the pointer before the others read it above: they
     * wait for each other first), then every rank reads K records */
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_seek_shared(fh, 0, MPI_SEEK_SET));
    for (int i = 0; i < K; i++) {
        CHECK_MPI(MPI_File_read_shared(fh, got[i], R, MPI_BYTE, &st));
        CHECK_COUNT(st, MPI_BYTE, R);
    }
    int ids[K], *all = malloc((size_t)size * K * sizeof *all);
    for (int i = 0; i < K; i++) {
        ids[i] = io_record_id(got[i], K, R);
        CHECK(ids[i] >= 0, "read_shared got a torn record");
    }
    MPI_Gather(ids, K, MPI_INT, all, K, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        int *seen = calloc((size_t)size * K, sizeof *seen);
        for (int i = 0; i < size * K; i++)
            if (all[i] >= 0 && all[i] < size * K)
                CHECK(!seen[all[i]]++, "record %d of rank %d was read twice", all[i] % K, all[i] / K);
        for (int id = 0; id < size * K; id++)
            CHECK(seen[id], "record %d of rank %d was read by nobody", id % K, id / K);
        free(seen);
    }
    free(all);
    CHECK_MPI(MPI_File_close(&fh));
    return ctest_finish();
}
