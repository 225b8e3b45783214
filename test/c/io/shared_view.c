/* The shared file pointer through a view with holes: every rank has the same view (etype MPI_INT,
 * every other int of the file), so the shared pointer counts ints of that view. Each rank appends
 * a pair of ints with MPI_File_write_shared, then one int each with MPI_File_write_ordered; view int
 * k is file int 2 * k. The pairs are all there, intact, and the ordered ints follow them in rank
 * order; checked with POSIX read() (the holes are never written and not compared). */
#include "iotest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset pos;
    MPI_Datatype one, every_other;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("shared_view.dat");
    MPI_Type_contiguous(1, MPI_INT, &one);
    MPI_Type_create_resized(one, 0, 2 * sizeof(int), &every_other);
    MPI_Type_commit(&every_other);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "shared_view.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_INT, every_other, "native", MPI_INFO_NULL));
    int pair[2] = {1000 + rank, 2000 + rank}, last = 3000 + rank;
    CHECK_MPI(MPI_File_write_shared(fh, pair, 2, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, 2);
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_write_ordered(fh, &last, 1, MPI_INT, &st));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == 3 * size, "the shared pointer is at %lld, expected %d ints of the view", (long long)pos, 3 * size);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        long len;
        int *file = (int *)io_slurp("shared_view.dat", &len), *seen = calloc((size_t)size, sizeof(int));
        CHECK(len == (6L * size - 1) * (long)sizeof(int), "the file has %ld bytes, expected %ld", len,
              (6L * size - 1) * (long)sizeof(int));
        for (int j = 0; file && len == (6L * size - 1) * (long)sizeof(int) && j < size; j++) {
            int r = file[4 * j] - 1000;
            CHECK(r >= 0 && r < size && file[4 * j + 2] == 2000 + r && !seen[r]++, "pair %d is torn or repeated", j);
        }
        for (int r = 0; file && len == (6L * size - 1) * (long)sizeof(int) && r < size; r++)
            CHECK(file[2 * (2 * size + r)] == 3000 + r, "the ordered int of rank %d is %d", r, file[2 * (2 * size + r)]);
        free(file);
        free(seen);
    }
    MPI_Type_free(&one);
    MPI_Type_free(&every_other);
    return ctest_finish();
}
