/* MPI-IO in the core (io/): a collective write through an interleaved view
 * (two-phase, with several rounds and aggregators forced by small hints),
 * read back independently and collectively; ordered and shared-pointer
 * writes; seek to the end of a view; the error classes of open; a
 * nonblocking and a split collective access; external32; DELETE_ON_CLOSE. */
#include "mtest.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N 1000

int main(int argc, char **argv)
{
    mtest_init(&argc, &argv);
    int rank = mtest_rank, size = mtest_size, rc, cls, count;
    char path[64];
    int pid = (int)getpid();
    MPI_Bcast(&pid, 1, MPI_INT, 0, MPI_COMM_WORLD);
    snprintf(path, sizeof path, "/tmp/wmpi-native-io-%d.bin", pid);
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Info_set(info, "cb_buffer_size", "1000"); /* several rounds */
    MPI_Info_set(info, "cb_nodes", "2");
    MPI_File fh;
    rc = MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR | MPI_MODE_DELETE_ON_CLOSE, info, &fh);
    CHECK_CLASS(rc, MPI_SUCCESS);
    MPI_Info_free(&info);

    /* rank r owns ints r, r + size, ... */
    MPI_Datatype vec, ft;
    MPI_Type_vector(N, 1, size, MPI_INT, &vec);
    MPI_Type_create_resized(vec, 0, (MPI_Aint)N * size * sizeof(int), &ft);
    MPI_Type_commit(&ft);
    MPI_File_set_view(fh, rank * sizeof(int), MPI_INT, ft, "native", MPI_INFO_NULL);
    int buf[N], back[N], all[N];
    for (int i = 0; i < N; i++)
        buf[i] = i * size + rank;
    MPI_Status st;
    CHECK_CLASS(MPI_File_write_all(fh, buf, N, MPI_INT, &st), MPI_SUCCESS);
    MPI_Get_count(&st, MPI_INT, &count);
    CHECK(count == N, "write_all count %d", count);
    MPI_Offset pos;
    MPI_File_get_position(fh, &pos);
    CHECK(pos == N, "position %lld", (long long)pos);
    MPI_File_sync(fh);
    /* plain bytes: the file holds 0, 1, 2, ... */
    MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL);
    CHECK_CLASS(MPI_File_read_at(fh, (MPI_Offset)rank * N * sizeof(int), all, N, MPI_INT, &st), MPI_SUCCESS);
    for (int i = 0; i < N; i++)
        if (all[i] != rank * N + i) {
            CHECK(0, "read_at %d: %d", i, all[i]);
            break;
        }
    MPI_File_set_view(fh, rank * sizeof(int), MPI_INT, ft, "native", MPI_INFO_NULL);
    memset(back, 0, sizeof back);
    CHECK_CLASS(MPI_File_read_at_all(fh, 0, back, N, MPI_INT, &st), MPI_SUCCESS);
    CHECK(memcmp(back, buf, sizeof buf) == 0, "read_at_all differs");
    CHECK_CLASS(MPI_File_seek(fh, -1, MPI_SEEK_END), MPI_SUCCESS);
    MPI_File_get_position(fh, &pos);
    CHECK(pos == N - 1, "seek end: %lld", (long long)pos);
    MPI_Offset byte;
    MPI_File_get_byte_offset(fh, 2, &byte);
    CHECK(byte == (MPI_Offset)(2 * size + rank) * (MPI_Offset)sizeof(int), "byte offset %lld", (long long)byte);

    /* ordered, then shared */
    MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL);
    int mine[4] = {rank, rank, rank, rank};
    CHECK_CLASS(MPI_File_write_ordered(fh, mine, rank + 1, MPI_INT, &st), MPI_SUCCESS);
    MPI_File_sync(fh);
    MPI_Offset shared;
    MPI_File_get_position_shared(fh, &shared);
    CHECK(shared == size * (size + 1) / 2, "shared position %lld", (long long)shared);
    int ord[16];
    MPI_File_read_at(fh, 0, ord, size * (size + 1) / 2, MPI_INT, &st);
    for (int r = 0, k = 0; r < size; r++)
        for (int j = 0; j <= r; j++, k++)
            CHECK(ord[k] == r, "ordered %d: %d", k, ord[k]);
    mtest_barrier();
    CHECK_CLASS(MPI_File_write_shared(fh, &rank, 1, MPI_INT, &st), MPI_SUCCESS);
    mtest_barrier();
    MPI_File_get_position_shared(fh, &shared);
    CHECK(shared == size * (size + 1) / 2 + size, "shared position after write_shared %lld", (long long)shared);

    /* nonblocking and split */
    MPI_Request req;
    CHECK_CLASS(MPI_File_iwrite_at(fh, 5000 + rank, &rank, 1, MPI_INT, &req), MPI_SUCCESS);
    MPI_Wait(&req, &st);
    MPI_Get_count(&st, MPI_INT, &count);
    CHECK(count == 1, "iwrite_at count %d", count);
    CHECK_CLASS(MPI_File_write_at_all_begin(fh, 6000 + rank, &rank, 1, MPI_INT), MPI_SUCCESS);
    CHECK_CLASS(MPI_File_write_at_all_begin(fh, 6000 + rank, &rank, 1, MPI_INT), MPI_ERR_OTHER);
    CHECK_CLASS(MPI_File_write_at_all_end(fh, &rank, &st), MPI_SUCCESS);
    int got = -1;
    MPI_File_sync(fh);
    MPI_File_read_at(fh, 6000 + (rank + 1) % size, &got, 1, MPI_INT, &st);
    CHECK(got == (rank + 1) % size, "split write: %d", got);

    /* an etype with holes (extent > size): a sieved read must not stop short at its last piece */
    if (rank == 0) {
        int three[3] = {1, 2, 3};
        MPI_File_write_at(fh, 2000, three, 3, MPI_INT, &st); // the view counts ints: byte 8000
    }
    MPI_File_sync(fh);
    mtest_barrier();
    MPI_File_sync(fh);
    MPI_Datatype holes;
    MPI_Type_vector(2, 1, 2, MPI_INT, &holes);
    MPI_Type_commit(&holes);
    MPI_File_set_view(fh, 8000, holes, holes, "native", MPI_INFO_NULL);
    int two[2] = {0, 0};
    CHECK_CLASS(MPI_File_read_at(fh, 0, two, 2, MPI_INT, &st), MPI_SUCCESS);
    MPI_Get_count(&st, MPI_INT, &count);
    CHECK(two[0] == 1 && two[1] == 3 && count == 2, "etype with holes: %d %d, count %d", two[0], two[1], count);
    MPI_Type_free(&holes);

    /* external32: big-endian in the file, native in memory */
    MPI_File_set_view(fh, 7000, MPI_INT, MPI_INT, "external32", MPI_INFO_NULL);
    int word = 0x01020304 + rank, word_back = 0;
    CHECK_CLASS(MPI_File_write_at_all(fh, rank, &word, 1, MPI_INT, &st), MPI_SUCCESS);
    CHECK_CLASS(MPI_File_read_at(fh, rank, &word_back, 1, MPI_INT, &st), MPI_SUCCESS);
    CHECK(word_back == word, "external32 round trip %#x", (unsigned)word_back);
    MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL);
    unsigned char raw[4] = {0};
    MPI_File_read_at(fh, 7000 + 4 * rank, raw, 4, MPI_BYTE, &st);
    CHECK(raw[0] == 1 && raw[1] == 2 && raw[2] == 3 && raw[3] == 4 + rank, "external32 bytes %02x %02x %02x %02x", raw[0],
          raw[1], raw[2], raw[3]);
    CHECK_CLASS(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "big-endian", MPI_INFO_NULL), MPI_ERR_UNSUPPORTED_DATAREP);

    /* errors: the default file error handler returns */
    MPI_File other;
    rc = MPI_File_open(MPI_COMM_WORLD, "/nonexistent-dir/x.bin", MPI_MODE_RDONLY, MPI_INFO_NULL, &other);
    MPI_Error_class(rc, &cls);
    CHECK(cls == MPI_ERR_NO_SUCH_FILE, "no such file: class %d", cls);
    rc = MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_EXCL | MPI_MODE_WRONLY, MPI_INFO_NULL, &other);
    MPI_Error_class(rc, &cls);
    CHECK(cls == MPI_ERR_FILE_EXISTS, "exists: class %d", cls);
    rc = MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY | MPI_MODE_CREATE, MPI_INFO_NULL, &other);
    MPI_Error_class(rc, &cls);
    CHECK(cls == MPI_ERR_AMODE, "amode: class %d", cls);
    rc = MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &other);
    CHECK_CLASS(rc, MPI_SUCCESS);
    rc = MPI_File_write_at(other, 0, &rank, 1, MPI_INT, &st);
    MPI_Error_class(rc, &cls);
    CHECK(cls == MPI_ERR_READ_ONLY, "read-only: class %d", cls);
    MPI_File_close(&other);

    CHECK_CLASS(MPI_File_close(&fh), MPI_SUCCESS);
    CHECK(access(path, F_OK) != 0, "DELETE_ON_CLOSE left %s", path);
    MPI_Type_free(&vec);
    MPI_Type_free(&ft);
    return mtest_finalize();
}
