/* A view with a struct filetype: a record of an int at byte 0, a short at byte 6 and a double at
 * byte 16 (holes between them), 24 bytes apart; the ranks' records alternate in the file (each
 * rank's filetype resized to size * 24 bytes, displaced by rank * 24). The memory side is the C
 * struct, described by its own struct datatype. Written with MPI_File_write_at_all at a nonzero
 * offset, checked field by field with POSIX read() and read back with MPI_File_read_at. */
#include "iotest.h"
#include <stddef.h>

#define N 5     /* records per rank */
#define SKIP 1  /* records of the rank's stream left before the write: the offset */
#define REC 24  /* bytes from one record to the next in the file */

typedef struct {
    int a;
    short b;
    double c;
} rec;

static rec make(int rank, int i) { return (rec){rank * 100 + i, (short)(-rank - i), rank + i / 8.0}; }

int main(int argc, char **argv)
{
    int rank, size;
    MPI_File fh;
    MPI_Status st;
    MPI_Datatype file_rec, filetype, mem_rec, memtype;
    rec mine[N], got[N];
    int lens[3] = {1, 1, 1};
    MPI_Datatype types[3] = {MPI_INT, MPI_SHORT, MPI_DOUBLE};
    MPI_Aint file_displs[3] = {0, 6, 16}, mem_displs[3] = {offsetof(rec, a), offsetof(rec, b), offsetof(rec, c)};
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    io_fresh("view_struct.dat");
    for (int i = 0; i < N; i++)
        mine[i] = make(rank, i + SKIP);
    MPI_Type_create_struct(3, lens, file_displs, types, &file_rec);
    MPI_Type_create_resized(file_rec, 0, (MPI_Aint)size * REC, &filetype);
    MPI_Type_commit(&filetype);
    MPI_Type_create_struct(3, lens, mem_displs, types, &mem_rec);
    MPI_Type_create_resized(mem_rec, 0, sizeof(rec), &memtype);
    MPI_Type_commit(&memtype);

    CHECK_MPI(MPI_File_open(MPI_COMM_WORLD, "view_struct.dat", MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    CHECK_MPI(MPI_File_set_view(fh, (MPI_Offset)rank * REC, MPI_BYTE, filetype, "native", MPI_INFO_NULL));
    /* the offset counts etypes (bytes) of the stream: 14 per record */
    CHECK_MPI(MPI_File_write_at_all(fh, SKIP * 14, mine, N, memtype, &st));
    CHECK_COUNT(st, memtype, N);
    CHECK_MPI(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK_MPI(MPI_File_sync(fh));
    memset(got, 0, sizeof got);
    CHECK_MPI(MPI_File_read_at(fh, SKIP * 14, got, N, memtype, &st));
    CHECK_COUNT(st, memtype, N);
    for (int i = 0; i < N; i++)
        CHECK(got[i].a == mine[i].a && got[i].b == mine[i].b && got[i].c == mine[i].c, "record %d read back differs", i);
    CHECK_MPI(MPI_File_close(&fh));

    if (rank == 0) {
        long len;
        unsigned char *file = io_slurp("view_struct.dat", &len);
        long want_len = ((long)(SKIP + N - 1) * size + size - 1) * REC + 24;
        CHECK(len == want_len, "the file has %ld bytes, expected %ld", len, want_len);
        for (int r = 0; r < size && file && len == want_len; r++)
            for (int i = SKIP; i < SKIP + N; i++) {
                const unsigned char *at = file + ((long)i * size + r) * REC;
                rec want = make(r, i);
                int a;
                short b;
                double c;
                memcpy(&a, at, sizeof a);
                memcpy(&b, at + 6, sizeof b);
                memcpy(&c, at + 16, sizeof c);
                CHECK(a == want.a && b == want.b && c == want.c, "record %d of rank %d differs in the file", i, r);
            }
        free(file);
    }
    MPI_Type_free(&file_rec);
    MPI_Type_free(&filetype);
    MPI_Type_free(&mem_rec);
    MPI_Type_free(&memtype);
    return ctest_finish();
}
