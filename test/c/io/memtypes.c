/* Memory datatypes the buffer address alone does not locate: a vector with a negative stride
 * (buf points at its last element; ints 15, 13, 11 of the array) written with write_at_all and read
 * back with read_at_all, and a struct of absolute addresses (a double, a short, an int) written
 * and read from MPI_BOTTOM with write_at / read_at. The file is checked byte by byte with POSIX
 * read(). */
#include "iotest.h"

#define REC 14 /* a double, a short and an int, packed */

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Datatype backwards, absolute;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("memtypes.dat");
    int a[6], back[6] = {0};
    for (int i = 0; i < 6; i++)
        a[i] = rank * 100 + 10 + i;
    double x = 2.5 + rank;
    short s = (short)(7 + rank);
    MPI_Type_vector(3, 1, -2, MPI_INT, &backwards);
    MPI_Type_commit(&backwards);
    MPI_Aint addrs[3];
    int lens[3] = {1, 1, 1};
    MPI_Datatype types[3] = {MPI_DOUBLE, MPI_SHORT, MPI_INT};
    MPI_Get_address(&x, &addrs[0]);
    MPI_Get_address(&s, &addrs[1]);
    MPI_Get_address(&a[0], &addrs[2]);
    MPI_Type_create_struct(3, lens, addrs, types, &absolute);
    MPI_Type_commit(&absolute);
    long base = 12L * size; /* the records follow the ints */

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "memtypes.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_write_at_all(fh, (MPI_Offset)rank * 12, &a[5], 1, backwards, &st));
    CHECK_COUNT(st, backwards, 1);
    CHECK_MPI(MPI_File_write_at(fh, base + (MPI_Offset)rank * REC, MPI_BOTTOM, 1, absolute, &st));
    CHECK_COUNT(st, absolute, 1);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    CHECK_MPI(MPI_File_read_at_all(fh, (MPI_Offset)rank * 12, &back[5], 1, backwards, &st));
    CHECK(back[5] == a[5] && back[3] == a[3] && back[1] == a[1] && back[4] == 0 && back[0] == 0,
          "read through the negative stride: %d %d %d", back[5], back[3], back[1]);
    double x0 = x;
    short s0 = s;
    int a0 = a[0];
    x = 0, s = 0, a[0] = 0;
    CHECK_MPI(MPI_File_read_at(fh, base + (MPI_Offset)rank * REC, MPI_BOTTOM, 1, absolute, &st));
    CHECK_COUNT(st, absolute, 1);
    CHECK(x == x0 && s == s0 && a[0] == a0, "read to MPI_BOTTOM gave %g %d %d", x, s, a[0]);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        long len = base + (long)size * REC;
        unsigned char *file = malloc((size_t)len);
        for (int r = 0; r < size; r++) {
            int ints[3] = {r * 100 + 15, r * 100 + 13, r * 100 + 11}, i2 = r * 100 + 10;
            double d = 2.5 + r;
            short h = (short)(7 + r);
            memcpy(file + r * 12, ints, 12);
            memcpy(file + base + r * REC, &d, 8);
            memcpy(file + base + r * REC + 8, &h, 2);
            memcpy(file + base + r * REC + 10, &i2, 4);
        }
        io_expect_file("memtypes.dat", file, len);
        free(file);
    }
    MPI_Type_free(&backwards);
    MPI_Type_free(&absolute);
    return ctest_finish();
}
