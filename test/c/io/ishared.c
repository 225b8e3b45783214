/* The shared file pointer, noncollective, nonblocking: MPI_File_iwrite_shared and
 * MPI_File_iread_shared. Each rank starts K appends back to back and completes them with
 * MPI_Waitall; the file holds every record once, intact. Reading from the start, the ranks
 * together get each record exactly once. The file is checked with POSIX read(). */
#include "iotest.h"

#define K 4
#define R 16

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status sts[K];
    MPI_Request req[K];
    unsigned char recs[K][R], got[K][R];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("ishared.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "ishared.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    for (int seq = 0; seq < K; seq++) {
        io_record(recs[seq], rank, seq, R);
        CHECK_MPI(MPI_File_iwrite_shared(fh, recs[seq], R / 4, MPI_INT, &req[seq]));
    }
    CHECK_MPI(MPI_Waitall(K, req, sts));
    for (int seq = 0; seq < K; seq++)
        CHECK_COUNT(sts[seq], MPI_INT, R / 4);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    if (rank == 0) {
        long len;
        unsigned char *file = io_slurp("ishared.dat", &len);
        int *seen = calloc((size_t)size * K, sizeof *seen);
        CHECK(len == (long)size * K * R, "the file has %ld bytes, expected %d", len, size * K * R);
        for (long at = 0; file && at + R <= len; at += R) {
            int id = io_record_id(file + at, K, R);
            CHECK(id >= 0 && id < size * K, "the record at byte %ld is torn or overlapped", at);
            if (id >= 0 && id < size * K)
                CHECK(!seen[id]++, "record %d of rank %d is in the file twice", id % K, id / K);
        }
        for (int id = 0; id < size * K; id++)
            CHECK(seen[id], "record %d of rank %d is missing", id % K, id / K);
        free(file);
        free(seen);
    }

    CHECK_MPI(MPI_File_seek_shared(fh, 0, MPI_SEEK_SET));
    for (int i = 0; i < K; i++)
        CHECK_MPI(MPI_File_iread_shared(fh, got[i], R, MPI_BYTE, &req[i]));
    CHECK_MPI(MPI_Waitall(K, req, sts));
    int ids[K], *all = malloc((size_t)size * K * sizeof *all);
    for (int i = 0; i < K; i++) {
        CHECK_COUNT(sts[i], MPI_BYTE, R);
        ids[i] = io_record_id(got[i], K, R);
        CHECK(ids[i] >= 0, "iread_shared got a torn record");
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
