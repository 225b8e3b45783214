/* A darray filetype with block-cyclic distributions in Fortran order: a G0 x G1 grid of ints
 * (element (i, j) holds i * G1 + j + 1) stored column-major in the file (MPI_ORDER_FORTRAN),
 * distributed CYCLIC(2) x CYCLIC(3) over the process grid of MPI_Dims_create (ranks laid out
 * row-major over it, MPI-4.0 5.1.4), with sizes that do not divide evenly. Each rank writes its
 * elements (column-major in memory, as the darray orders them) with MPI_File_write_all; every rank
 * then reads the whole file through the default view with MPI_File_read_at_all, and rank 0 checks it
 * with POSIX read(). */
#include "iotest.h"

#define G0 7
#define G1 11

static int value(int i, int j) { return i * G1 + j + 1; }

int main(int argc, char **argv)
{
    int rank, size, dims[2] = {0, 0};
    MPI_File fh;
    MPI_Status st;
    MPI_Datatype filetype;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("view_darray_cyclic.dat");
    MPI_Dims_create(size, 2, dims);
    int c0 = rank / dims[1], c1 = rank % dims[1];
    int gsizes[2] = {G0, G1}, distribs[2] = {MPI_DISTRIBUTE_CYCLIC, MPI_DISTRIBUTE_CYCLIC}, dargs[2] = {2, 3};
    int *mine = malloc(G0 * G1 * sizeof(int)), n = 0;
    for (int j = 0; j < G1; j++)
        for (int i = 0; i < G0; i++)
            if ((i / 2) % dims[0] == c0 && (j / 3) % dims[1] == c1)
                mine[n++] = value(i, j);
    MPI_Type_create_darray(size, rank, 2, gsizes, distribs, dargs, dims, MPI_ORDER_FORTRAN, MPI_INT, &filetype);
    MPI_Type_commit(&filetype);
    int tsize = -1;
    MPI_Type_size(filetype, &tsize);
    CHECK(tsize == n * (int)sizeof(int), "the darray holds %d bytes, expected %d", tsize, n * (int)sizeof(int));

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "view_darray_cyclic.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_INT, filetype, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_write_all(fh, mine, n, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, n);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));

    int *file = malloc(G0 * G1 * sizeof(int)), *got = calloc(G0 * G1, sizeof(int));
    for (int j = 0; j < G1; j++)
        for (int i = 0; i < G0; i++)
            file[j * G0 + i] = value(i, j);
    CHECK_MPI(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_read_at_all(fh, 0, got, G0 * G1, MPI_INT, &st));
    CHECK_COUNT(st, MPI_INT, G0 * G1);
    io_compare("read_at_all of the whole grid", (unsigned char *)got, (unsigned char *)file, G0 * G1 * (long)sizeof(int));
    CHECK_MPI(MPI_File_close(&fh));
    if (rank == 0)
        io_expect_file("view_darray_cyclic.dat", (unsigned char *)file, G0 * G1 * (long)sizeof(int));
    MPI_Type_free(&filetype);
    free(mine);
    free(file);
    free(got);
    return ctest_finish();
}
