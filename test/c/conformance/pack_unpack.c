/* MPI_Pack/MPI_Unpack of mixed data (an int count, then that many doubles, then a string) into
 * one buffer sized by MPI_Pack_size, sent as MPI_PACKED and unpacked in the same order. */
#include <string.h>
#include "ctest.h"

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int s1, s2, s3;
    MPI_Pack_size(1, MPI_INT, MPI_COMM_WORLD, &s1);
    MPI_Pack_size(10, MPI_DOUBLE, MPI_COMM_WORLD, &s2);
    MPI_Pack_size(16, MPI_CHAR, MPI_COMM_WORLD, &s3);
    int cap = s1 + s2 + s3;
    CHECK(cap >= (int)(sizeof(int) + 10 * sizeof(double) + 16), "pack size %d too small", cap);
    char buf[1024];
    if (rank == 0) {
        int n = 7, pos = 0;
        double d[10];
        char str[16] = "hello, wmpi";
        for (int i = 0; i < n; i++) d[i] = i / 4.0;
        MPI_Pack(&n, 1, MPI_INT, buf, cap, &pos, MPI_COMM_WORLD);
        MPI_Pack(d, n, MPI_DOUBLE, buf, cap, &pos, MPI_COMM_WORLD);
        MPI_Pack(str, 16, MPI_CHAR, buf, cap, &pos, MPI_COMM_WORLD);
        CHECK(pos <= cap, "packed %d bytes into %d", pos, cap);
        MPI_Send(buf, pos, MPI_PACKED, 1, 0, MPI_COMM_WORLD);
    } else if (rank == 1) {
        MPI_Status st;
        int n = 0, pos = 0, bytes;
        double d[10];
        char str[16];
        MPI_Recv(buf, 1024, MPI_PACKED, 0, 0, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_PACKED, &bytes);
        MPI_Unpack(buf, bytes, &pos, &n, 1, MPI_INT, MPI_COMM_WORLD);
        CHECK(n == 7, "unpacked count %d", n);
        MPI_Unpack(buf, bytes, &pos, d, n, MPI_DOUBLE, MPI_COMM_WORLD);
        for (int i = 0; i < n; i++) CHECK(d[i] == i / 4.0, "d[%d] = %g", i, d[i]);
        MPI_Unpack(buf, bytes, &pos, str, 16, MPI_CHAR, MPI_COMM_WORLD);
        CHECK(strcmp(str, "hello, wmpi") == 0, "string '%s'", str);
        CHECK(pos == bytes, "unpacked %d of %d bytes", pos, bytes);
    }
    /* A vector type packs to its data only, and unpacks back into the strided layout. */
    MPI_Datatype v;
    MPI_Type_vector(3, 2, 4, MPI_INT, &v);
    MPI_Type_commit(&v);
    int src[12], dst[12], pos = 0, psize;
    for (int i = 0; i < 12; i++) src[i] = i, dst[i] = -1;
    MPI_Pack_size(1, v, MPI_COMM_WORLD, &psize);
    MPI_Pack(src, 1, v, buf, sizeof buf, &pos, MPI_COMM_WORLD);
    CHECK(pos == 6 * (int)sizeof(int) && psize >= pos, "vector packed %d bytes (pack_size %d)", pos, psize);
    int flat[6], fpos = 0; /* the same type signature, unpacked contiguously */
    MPI_Unpack(buf, pos, &fpos, flat, 6, MPI_INT, MPI_COMM_WORLD);
    int want[6] = {0, 1, 4, 5, 8, 9};
    for (int i = 0; i < 6; i++) CHECK(flat[i] == want[i], "packed vector [%d] = %d", i, flat[i]);
    int upos = 0;
    MPI_Unpack(buf, pos, &upos, dst, 1, v, MPI_COMM_WORLD);
    for (int i = 0; i < 12; i++) CHECK(dst[i] == (i % 4 < 2 && i < 10 ? i : -1), "unpacked vector [%d] = %d", i, dst[i]);
    MPI_Type_free(&v);
    return ctest_finish();
}
