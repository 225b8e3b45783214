/* The individual file pointer through a view with holes: MPI_File_seek (MPI_SEEK_SET, _CUR, _END),
 * MPI_File_get_position and MPI_File_get_byte_offset. The file is 39 ints holding their own index;
 * the view starts at int 2 with etype MPI_INT and filetype vector(2, 2, 3) (ints 0-1 and 3-4 of
 * every 5), so view offset k is file int 2 + 5 * (k / 4) + {0, 1, 3, 4}[k % 4]. The file ends right
 * after a data block, so its end is at view offset 30. Seeking to a negative position is an error. */
#include "iotest.h"

#define NINTS 39

static MPI_Offset file_int(MPI_Offset k)
{
    static const int in_tile[4] = {0, 1, 3, 4};
    return 2 + 5 * (k / 4) + in_tile[k % 4];
}

int main(int argc, char **argv)
{
    int rank, size, v;
    MPI_File fh;
    MPI_Status st;
    MPI_Offset pos, byte;
    MPI_Datatype vec;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("seek.dat");

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "seek.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    if (rank == 0) {
        int all[NINTS];
        for (int i = 0; i < NINTS; i++)
            all[i] = i;
        CHECK_MPI(MPI_File_write(fh, all, NINTS, MPI_INT, &st));
    }
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Type_vector(2, 2, 3, MPI_INT, &vec);
    MPI_Type_commit(&vec);
    CHECK_MPI(MPI_File_set_view(fh, 2 * sizeof(int), MPI_INT, vec, "native", MPI_INFO_NULL));

    CHECK_MPI(MPI_File_get_byte_offset(fh, 0, &byte));
    CHECK(byte == 2 * sizeof(int), "get_byte_offset(0) = %lld, expected the displacement", (long long)byte);
    /* each rank its own pointer: rank r seeks to 3 + r */
    CHECK_MPI(MPI_File_seek(fh, 3 + rank, MPI_SEEK_SET));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 3 + rank, "after seek(%d, SET) the position is %lld", 3 + rank, (long long)pos);
    CHECK_MPI(MPI_File_get_byte_offset(fh, pos, &byte));
    CHECK(byte == file_int(pos) * (MPI_Offset)sizeof(int), "get_byte_offset(%lld) = %lld, expected %lld", (long long)pos,
          (long long)byte, (long long)(file_int(pos) * sizeof(int)));
    CHECK_MPI(MPI_File_read(fh, &v, 1, MPI_INT, &st));
    CHECK(v == file_int(3 + rank), "read at view offset %d gave %d, expected %lld", 3 + rank, v, (long long)file_int(3 + rank));

    CHECK_MPI(MPI_File_seek(fh, 2, MPI_SEEK_CUR));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 6 + rank, "after seek(2, CUR) the position is %lld, expected %d", (long long)pos, 6 + rank);
    CHECK_MPI(MPI_File_get_byte_offset(fh, pos, &byte));
    CHECK(byte == file_int(pos) * (MPI_Offset)sizeof(int), "get_byte_offset(%lld) = %lld", (long long)pos, (long long)byte);
    CHECK_MPI(MPI_File_read(fh, &v, 1, MPI_INT, &st));
    CHECK(v == file_int(6 + rank), "read at view offset %d gave %d", 6 + rank, v);

    CHECK_MPI(MPI_File_seek(fh, -1, MPI_SEEK_END));
    CHECK_MPI(MPI_File_get_position(fh, &pos));
    CHECK(pos == 29, "after seek(-1, END) the position is %lld, expected 29", (long long)pos);
    CHECK_MPI(MPI_File_read(fh, &v, 1, MPI_INT, &st));
    CHECK(v == NINTS - 1, "the last int of the view read as %d, expected %d", v, NINTS - 1);
    CHECK_MPI(MPI_File_read(fh, &v, 1, MPI_INT, &st));
    CHECK_EOF_COUNT(st, MPI_INT, 0);

    CHECK_CLASS(MPI_File_seek(fh, -1, MPI_SEEK_SET), MPI_ERR_ARG);
    CHECK_CLASS(MPI_File_seek(fh, -100, MPI_SEEK_END), MPI_ERR_ARG);
    CHECK_MPI(MPI_File_close(&fh));
    MPI_Type_free(&vec);
    return ctest_finish();
}
