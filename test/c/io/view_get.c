/* MPI_File_set_view and MPI_File_get_view: the view reads back as set (displacement, etype,
 * a filetype with the same type map, datarep "native"), the default view is (0, MPI_BYTE,
 * MPI_BYTE, "native"), setting a view puts both file pointers back to 0 (MPI-4.0 14.3), and
 * MPI_File_get_type_extent gives a type's extent in the file. */
#include "iotest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset disp, pos;
    MPI_Datatype etype, filetype, vec;
    MPI_Aint extent, lb, ext2;
    char rep[MPI_MAX_DATAREP_STRING + 1];
    int data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("view_get.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "view_get.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_get_view(fh, &disp, &etype, &filetype, rep));
    CHECK(disp == 0 && etype == MPI_BYTE && filetype == MPI_BYTE && strcmp(rep, "native") == 0,
          "the default view is (%lld, %s, %s, %s)", (long long)disp, etype == MPI_BYTE ? "MPI_BYTE" : "another etype",
          filetype == MPI_BYTE ? "MPI_BYTE" : "another filetype", rep);

    /* move both pointers, then set a view: they go back to 0 */
    CHECK_MPI(MPI_File_write(fh, data, 8, MPI_INT, &st));
    CHECK_MPI(MPI_File_write_shared(fh, data, 2, MPI_INT, &st));
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Type_vector(2, 3, 5, MPI_INT, &vec);
    MPI_Type_commit(&vec);
    CHECK_MPI(MPI_File_set_view(fh, 100 + rank, MPI_INT, vec, "native", MPI_INFO_NULL));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 0, "after set_view the individual pointer is at %lld", (long long)pos);
    CHECK_MPI(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == 0, "after set_view the shared pointer is at %lld", (long long)pos);

    CHECK_MPI(MPI_File_get_view(fh, &disp, &etype, &filetype, rep));
    CHECK(disp == 100 + rank, "get_view: displacement %lld, expected %d", (long long)disp, 100 + rank);
    CHECK(etype == MPI_INT, "get_view: the etype is not MPI_INT");
    CHECK(strcmp(rep, "native") == 0, "get_view: datarep %s", rep);
    /* a new handle (a duplicate, or ROMIO's contiguous(1) wrapper) with the same type map: packing the same
     * buffer through it and through the vector gives the same bytes */
    int src[8], packed_view[8], packed_vec[8], at_view = 0, at_vec = 0, tsize = -1;
    for (int i = 0; i < 8; i++)
        src[i] = 10 + i;
    MPI_Type_size(filetype, &tsize);
    CHECK(tsize == 6 * (int)sizeof(int), "get_view: the filetype holds %d bytes, expected %d", tsize, 6 * (int)sizeof(int));
    if (tsize == 6 * (int)sizeof(int)) {
        MPI_Pack(src, 1, filetype, packed_view, sizeof packed_view, &at_view, MPI_COMM_SELF);
        MPI_Pack(src, 1, vec, packed_vec, sizeof packed_vec, &at_vec, MPI_COMM_SELF);
        CHECK(at_view == at_vec && memcmp(packed_view, packed_vec, (size_t)at_vec) == 0,
              "get_view: the filetype selects other ints than the vector set");
    }
    MPI_Type_get_extent(filetype, &lb, &ext2);
    CHECK(lb == 0 && ext2 == 8 * (MPI_Aint)sizeof(int), "get_view: the filetype's extent is %ld", (long)ext2);
    MPI_Type_free(&filetype); /* a derived filetype comes back as a new handle the caller frees */
    CHECK_MPI(MPI_File_get_type_extent(fh, vec, &extent));
    CHECK(extent == 8 * (MPI_Aint)sizeof(int), "get_type_extent of the vector: %ld", (long)extent);
    CHECK_MPI(MPI_File_get_type_extent(fh, MPI_DOUBLE, &extent));
    CHECK(extent == sizeof(double), "get_type_extent of MPI_DOUBLE: %ld", (long)extent);
    CHECK_MPI(MPI_File_close(&fh));
    MPI_Type_free(&vec);
    return ctest_finish();
}
