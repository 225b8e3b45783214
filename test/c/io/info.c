/* Hints: MPI_File_open's info, MPI_File_set_info and MPI_File_get_info. The cb_buffer_size hint
 * given at open is reported by get_info (a new info object the caller frees) even though the
 * caller freed its own info right after opening; set_info changes it; collective writes still work
 * with the small buffer (several two-phase rounds), checked byte by byte with POSIX read(). */
#include "iotest.h"

#define B 100

static void expect_hint(MPI_File fh, const char *key, const char *want)
{
    MPI_Info used;
    char value[MPI_MAX_INFO_VAL + 1] = "";
    int flag = 0, nkeys = 0;
    CHECK_MPI(MPI_File_get_info(fh, &used));
    MPI_Info_get_nkeys(used, &nkeys);
    CHECK(nkeys >= 1, "get_info gave %d hints", nkeys);
    MPI_Info_get(used, key, MPI_MAX_INFO_VAL, value, &flag);
    CHECK(flag && strcmp(value, want) == 0, "get_info: %s is %.64s, expected %s", key, flag ? value : "(unset)", want);
    MPI_Info_free(&used);
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Info info;
    MPI_Status st;
    unsigned char mine[2 * B];
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("info.dat");
    io_fill(mine, rank, 2 * B);

    MPI_Info_create(&info);
    MPI_Info_set(info, "cb_buffer_size", "65536");
    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "info.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, info, &fh));
    MPI_Info_free(&info);
    expect_hint(fh, "cb_buffer_size", "65536");

    MPI_Info_create(&info);
    MPI_Info_set(info, "cb_buffer_size", "64");
    CHECK_MPI(MPI_File_set_info(fh, info));
    MPI_Info_free(&info);
    expect_hint(fh, "cb_buffer_size", "64");

    for (int half = 0; half < 2; half++) {
        CHECK_MPI(MPI_File_write_at_all(fh, (MPI_Offset)(half * size + rank) * B, mine + half * B, B, MPI_BYTE, &st));
        CHECK_COUNT(st, MPI_BYTE, B);
    }
    CHECK_MPI(MPI_File_close(&fh));
    if (rank == 0) {
        unsigned char *file = io_interleaved(size, B, 2);
        io_expect_file("info.dat", file, 2L * size * B);
        free(file);
    }
    return ctest_finish();
}
